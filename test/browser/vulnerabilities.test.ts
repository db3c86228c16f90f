import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

/** The demo workspace: InfuSafe 300 2.4.1 ships log4j-core 2.14.1 (Log4Shell, KEV-listed). */
describeInBrowser("product security: findings triage and the software version page", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("security_officer"));
    mkdirSync(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  test("the security officer filters KEV findings, records a not_affected analysis and sees it in the history", async () => {
    await page.goto("/vulnerabilities");
    await expectHeading(page, "Vulnerabilities");
    const table = page.getByRole("region", { name: "Findings", exact: true });
    await table.getByRole("button", { name: /Open finding CVE-2021-23337/ }).first().waitFor();

    await page.getByLabel("KEV only").click();
    await page.waitForURL(/kev=true/);
    // Log4Shell is also found on FleetView 4.2.0: open the infusion pump's.
    const log4shell = table.getByRole("row").filter({ hasText: "InfuSafe 300 infusion pump" }).getByRole("button", { name: /Open finding CVE-2021-44228 in log4j-core/ });
    await log4shell.waitFor();
    await expect.poll(() => table.getByRole("button", { name: /Open finding CVE-2021-23337/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(artifactsDir, "findings-kev.png") });

    await log4shell.click();
    const drawer = page.getByRole("dialog", { name: "Finding" });
    await drawer.getByText("InfuSafe 300 infusion pump 2.4.1").waitFor();
    expect(await drawer.getByTestId("priority-explanation").textContent()).toMatch(/kev/i);

    const form = drawer.getByRole("form", { name: "VEX analysis" });
    await form.getByRole("radio", { name: "Not affected" }).check();
    // A justification is required for not_affected: refused in the form without one.
    await form.getByRole("button", { name: "Record analysis" }).click();
    await form.getByText("Say why the product is not affected").waitFor();
    await form.getByLabel(/^Justification/).first().click();
    await page.getByRole("option", { name: "Vulnerable code not in execute path" }).click();
    await form.getByLabel("Detail").fill("JNDI lookups are disabled with log4j2.formatMsgNoLookups=true in the device image.");
    await form.getByRole("button", { name: "Record analysis" }).click();

    const history = drawer.getByRole("table", { name: "Finding history" });
    const row = history.getByRole("row").filter({ hasText: "Vulnerable code not in execute path" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Not affected");
    expect(await row.textContent()).toContain("formatMsgNoLookups");
    await page.screenshot({ path: path.join(artifactsDir, "finding-analysis.png") });

    // The server kept it: the finding now reads not_affected with that justification.
    const api = await page.request.get(`/api/findings?q=CVE-2021-44228`);
    const list = (await api.json()) as { items: Array<{ status: string; justification: string | null; version: { version: string } }> };
    const stored = list.items.find((f) => f.version.version === "2.4.1");
    expect(stored).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path" });
    await page.keyboard.press("Escape");
    expect(pageProblems(page)).toEqual([]);
  });

  test("the version page lists the components of the current SBOM and the version's findings", async () => {
    await page.goto("/devices");
    await expectHeading(page, "Device models");
    const versionLink = page.getByRole("link", { name: "InfuSafe 300 infusion pump version 2.4.1" });
    await versionLink.waitFor();
    await versionLink.click();
    await expectHeading(page, "InfuSafe 300 infusion pump 2.4.1");

    const components = page.getByRole("region", { name: "Components" });
    await components.getByText("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").waitFor();
    await components.getByText("pkg:npm/lodash@4.17.20").waitFor();
    expect(await components.getByText("direct").count()).toBeGreaterThan(0);

    await page.getByRole("tab", { name: /Findings/ }).click();
    const findings = page.getByRole("region", { name: "Findings of this version" });
    await findings.getByRole("button", { name: /Open finding CVE-2021-44228/ }).waitFor();
    await findings.getByRole("button", { name: /Open finding CVE-2021-23337/ }).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "version-detail.png") });

    // Upload a new SBOM (lodash upgraded, one component added), then compare the two uploads.
    await page.getByRole("tab", { name: /Components/ }).click();
    const lib = (ref: string, name: string, version: string, purl: string) => ({ type: "library", "bom-ref": ref, name, version, purl });
    const bomComponents = [
      lib("log4j", "log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
      lib("lodash", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21"),
      lib("zlib", "zlib", "1.2.11.dfsg-2+deb11u1", "pkg:deb/debian/zlib@1.2.11.dfsg-2+deb11u1?distro=debian-11&epoch=1"),
      lib("openssl", "openssl", "3.0.13", "pkg:generic/openssl@3.0.13"),
    ];
    const bom = {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      version: 1,
      metadata: { component: { type: "firmware", "bom-ref": "root", name: "IS-300", version: "2.4.1" } },
      components: bomComponents,
      dependencies: [{ ref: "root", dependsOn: bomComponents.map((c) => c["bom-ref"]) }],
    };
    await page.locator('input[type="file"]').first().setInputFiles({ name: "is-300-2.4.1-rebuild.cdx.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bom)) });
    await page.getByRole("button", { name: "Upload SBOM" }).click();
    await components.getByText("pkg:npm/lodash@4.17.21").waitFor();

    await page.getByRole("tab", { name: /SBOM history/ }).click();
    const history = page.getByRole("table", { name: "SBOM history" });
    await history.getByText("is-300-2.4.1-rebuild.cdx.json").waitFor();
    await history.getByText("is-300-2.4.1.cdx.json").waitFor();
    await page.getByRole("button", { name: "Show differences" }).click();
    expect(await page.getByTestId("diff-summary").textContent()).toContain("1 added, 0 removed");
    const diff = page.getByRole("table", { name: "SBOM differences" });
    expect(await diff.getByRole("row").filter({ hasText: "lodash" }).textContent()).toContain("4.17.21");
    await page.screenshot({ path: path.join(artifactsDir, "version-sbom-diff.png") });

    // The rebuild names no supplier, author or timestamp: its NTIA badge opens the list of what is missing.
    const rebuild = history.getByRole("row").filter({ hasText: "is-300-2.4.1-rebuild.cdx.json" });
    const ntia = rebuild.getByRole("button", { name: /^NTIA SBOM quality: \d+ problems$/ });
    await ntia.click();
    const problems = page.getByRole("table", { name: "NTIA problems" });
    expect(await problems.getByRole("row").filter({ hasText: "lodash" }).textContent()).toContain("no supplier named");
    expect(await problems.getByRole("row").filter({ hasText: "(document)" }).first().textContent()).toMatch(/no (timestamp|author or tool named)/);
    await page.screenshot({ path: path.join(artifactsDir, "version-sbom-quality.png") });
    expect(pageProblems(page)).toEqual([]);
  });

  test("the vulnerability page shows the affected versions and the customer sites to notify", async () => {
    // zlib CVE-2022-37434 stays open on InfuSafe 300 2.4.1 (Log4Shell was analysed as not affected above).
    await page.goto("/vulnerabilities/v/CVE-2022-37434");
    await expectHeading(page, "CVE-2022-37434");
    await page.getByRole("region", { name: "Affected versions" }).getByRole("button", { name: /Open finding CVE-2022-37434/ }).first().waitFor();
    const notify = page.getByRole("table", { name: "Sites to notify" });
    await notify.waitFor();
    expect(await notify.locator("tbody tr").count()).toBeGreaterThan(0);
    expect(pageProblems(page)).toEqual([]);
  });
});
