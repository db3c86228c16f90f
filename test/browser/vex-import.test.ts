import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { smallCycloneDx } from "../api/sbom-fixtures";
import { call, demoEmail, runDueJobs, signInAs } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

/** The pump's board supplier states that Log4Shell cannot be reached in the module it ships (CycloneDX 1.6 VEX). */
const supplierVex = {
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  version: 1,
  metadata: { timestamp: "2026-11-20T09:00:00Z", supplier: { name: "Acme Boards" } },
  components: [{ type: "library", "bom-ref": "telemetry-log4j", name: "log4j-core", version: "2.14.1", purl: LOG4J }],
  vulnerabilities: [
    {
      id: "CVE-2021-44228",
      analysis: { state: "not_affected", justification: "code_not_reachable", detail: "The telemetry module never logs data that a network peer controls." },
      affects: [{ ref: "telemetry-log4j" }],
    },
  ],
};

describeInBrowser("supplier VEX: import beside the SBOM and accept a supplier's statement", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("security_officer"));
    mkdirSync(artifactsDir, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  test("the security officer uploads an SBOM and the supplier's VEX, accepts the suggestion and the finding becomes not affected with its source", async () => {
    await page.goto("/devices");
    await expectHeading(page, "Device models");
    await page.getByRole("link", { name: "InfuSafe 300 infusion pump version 2.4.1" }).click();
    await expectHeading(page, "InfuSafe 300 infusion pump 2.4.1");

    const components = page.getByRole("region", { name: "Components" });
    const bomComponents = [{ type: "library", "bom-ref": "log4j", name: "log4j-core", version: "2.14.1", purl: LOG4J }];
    const bom = {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      version: 1,
      metadata: { component: { type: "firmware", "bom-ref": "root", name: "IS-300", version: "2.4.1" } },
      components: bomComponents,
      dependencies: [{ ref: "root", dependsOn: ["log4j"] }],
    };
    await page.locator('input[type="file"]').first().setInputFiles({ name: "is-300-2.4.1-telemetry.cdx.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bom)) });
    await page.getByRole("button", { name: "Upload SBOM" }).click();
    await page.getByText("SBOM imported").first().waitFor();
    await components.getByText(LOG4J).waitFor();

    await page.getByRole("tab", { name: /Findings/ }).click();
    // An invalid document is refused and names the file.
    await page.locator('input[type="file"]').setInputFiles({ name: "broken.vex.json", mimeType: "application/json", buffer: Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.3"}') });
    await page.getByRole("button", { name: "Import VEX" }).click();
    const rejected = page.getByRole("alert").filter({ hasText: "VEX rejected" });
    await rejected.waitFor();
    expect(await rejected.textContent()).toContain("broken.vex.json was rejected: specVersion");

    await page.locator('input[type="file"]').setInputFiles({ name: "acme-board.vex.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(supplierVex)) });
    await page.getByRole("button", { name: "Import VEX" }).click();
    const imported = page.getByRole("status").filter({ hasText: "VEX imported" });
    await imported.waitFor();
    expect(await imported.textContent()).toContain("Acme Boards, urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79 rev 1: 1 new");
    await page.screenshot({ path: path.join(artifactsDir, "vex-imported.png") });

    const findings = page.getByRole("region", { name: "Findings of this version" });
    await findings.getByRole("button", { name: /Open finding CVE-2021-44228/ }).click();
    const drawer = page.getByRole("dialog", { name: "Finding" });
    const suggestion = drawer.getByTestId("vex-suggestion");
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toContain("Acme Boards says: not affected — vulnerable code not in execute path, urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79 rev 1");
    await suggestion.getByRole("button", { name: "Accept into the analysis" }).click();
    await suggestion.getByText(/Accepted by/).waitFor();

    const history = drawer.getByRole("table", { name: "Finding history" });
    const row = history.getByRole("row").filter({ hasText: "Supplier VEX accepted" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Not affected");
    expect(await row.textContent()).toContain("from Acme Boards urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79 rev 1");
    await page.screenshot({ path: path.join(artifactsDir, "vex-accepted.png") });

    const api = await page.request.get("/api/findings?q=CVE-2021-44228");
    const list = (await api.json()) as { items: Array<{ status: string; justification: string | null; version: { version: string }; deviceModel: { name: string } }> };
    expect(list.items.find((f) => f.version.version === "2.4.1" && f.deviceModel.name.startsWith("InfuSafe 300"))).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path" });
    await page.keyboard.press("Escape");
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);

  test("an SBOM uploaded with the supplier's VEX in the same request: a bad VEX refuses both, a good one comes with the new SBOM", async () => {
    await page.goto("/devices");
    await page.getByRole("link", { name: "InfuSafe 300 infusion pump version 2.4.1" }).click();
    await expectHeading(page, "InfuSafe 300 infusion pump 2.4.1");
    const versionId = /versions\/([^/?#]+)/.exec(page.url())![1];
    const components = page.getByRole("region", { name: "Components" });
    const bom = (extra: string) => ({
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      version: 1,
      metadata: { component: { type: "firmware", "bom-ref": "root", name: "IS-300", version: "2.4.1" } },
      components: [
        { type: "library", "bom-ref": "log4j", name: "log4j-core", version: "2.14.1", purl: LOG4J },
        { type: "library", "bom-ref": extra, name: extra, version: "1.0.0", purl: `pkg:npm/${extra}@1.0.0` },
      ],
      dependencies: [{ ref: "root", dependsOn: ["log4j", extra] }],
    });
    const files = page.locator('input[type="file"]');
    const vexBefore = ((await (await page.request.get(`/api/versions/${versionId}/vex`)).json()) as { items: unknown[] }).items.length;

    await files.nth(0).setInputFiles({ name: "with-bad-vex.cdx.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bom("left-pad"))) });
    await files.nth(1).setInputFiles({ name: "broken.vex.json", mimeType: "application/json", buffer: Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.3"}') });
    await page.getByRole("button", { name: "Upload SBOM" }).click();
    const rejected = page.getByRole("alert").filter({ hasText: "SBOM rejected" });
    await rejected.waitFor();
    expect(await rejected.textContent()).toContain("broken.vex.json was rejected");
    expect(await components.getByText("pkg:npm/left-pad@1.0.0").count()).toBe(0);

    await files.nth(0).setInputFiles({ name: "with-vex.cdx.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bom("is-number"))) });
    await files.nth(1).setInputFiles({ name: "acme-board.vex.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(supplierVex)) });
    await page.getByRole("button", { name: "Upload SBOM" }).click();
    await page.getByText("SBOM imported").first().waitFor();
    await components.getByText("pkg:npm/is-number@1.0.0").waitFor();
    const vexAfter = ((await (await page.request.get(`/api/versions/${versionId}/vex`)).json()) as { items: Array<{ fileName: string }> }).items;
    expect(vexAfter.length).toBe(vexBefore + 1);
    expect(vexAfter.map((d) => d.fileName)).toContain("acme-board.vex.json");
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);
  test("trusting the supplier from the finding applies its pending statement at once, and the finding names the trust rule", async () => {
    const officer = await signInAs(h.vigil, "security_officer");
    const upload = await h.vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=IS-300&version=2.4.9&createVersion=true&fileName=bom.cdx.json",
      payload: Buffer.from(smallCycloneDx([{ type: "library", "bom-ref": "telemetry-log4j", name: "log4j-core", version: "2.14.1", purl: LOG4J }])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(upload.statusCode, upload.body).toBeLessThan(300);
    await runDueJobs(h.vigil);
    const versionId = (upload.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
    const importVex = (doc: unknown) => call(h.vigil, officer, "POST", `/api/versions/${versionId}/vex`, { files: [{ name: "acme-board.vex.json", contentBase64: Buffer.from(JSON.stringify(doc)).toString("base64") }] });
    expect((await importVex(supplierVex)).statusCode).toBe(201);
    // A later revision of the same document changes the justification: the suggestion follows it and says what changed.
    const [statement] = supplierVex.vulnerabilities;
    const revision2 = { ...supplierVex, version: 2, vulnerabilities: [{ ...statement, analysis: { ...statement.analysis, justification: "requires_configuration" } }] };
    const vex = await importVex(revision2);
    expect(vex.statusCode, vex.body).toBe(201);
    const items = ((await call(h.vigil, officer, "GET", `/api/versions/${versionId}/findings?limit=50`)).json() as { items: Array<{ id: string; vulnerability: { id: string } }> }).items;
    const finding = items.find((f) => f.vulnerability.id === "CVE-2021-44228")!;

    await page.goto(`/vulnerabilities?finding=${encodeURIComponent(finding.id)}`);
    await expectHeading(page, "Vulnerabilities");
    const drawer = page.getByRole("dialog", { name: "Finding" });
    const suggestion = drawer.getByTestId("vex-suggestion");
    const changed = suggestion.getByTestId("vex-suggestion-changes");
    await changed.waitFor();
    expect(await changed.textContent()).toMatch(/^Changed since rev 1: justification vulnerable code not in execute path → /);
    expect(await suggestion.textContent()).toContain("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79 rev 2");
    await suggestion.getByRole("button", { name: "Trust Acme Boards" }).click();
    const confirm = page.getByRole("dialog", { name: "Trust Acme Boards" });
    expect(await confirm.textContent()).toContain("An analysis a person recorded is never overridden.");
    await confirm.getByRole("button", { name: "Trust supplier" }).click();
    await suggestion.getByText("Accepted by trust rule: Acme Boards").waitFor();
    await suggestion.getByText("Trusted supplier").waitFor();
    const row = drawer.getByRole("table", { name: "Finding history" }).getByRole("row").filter({ hasText: "Supplier VEX accepted" });
    await row.waitFor();
    expect(await row.textContent()).toContain("trust rule: Acme Boards");
    await page.screenshot({ path: path.join(artifactsDir, "vex-trusted-supplier.png") });
    await page.keyboard.press("Escape");

    // The CSAF providers page lists the trusted suppliers; stopping trust keeps the analyses the rule set.
    await page.goto("/vulnerabilities/csaf-providers");
    await expectHeading(page, "CSAF providers");
    const trusted = page.getByRole("region", { name: "Trusted VEX suppliers" });
    const acme = trusted.getByRole("row").filter({ hasText: "Acme Boards" });
    await acme.getByText("Trusted", { exact: true }).waitFor();
    await acme.getByRole("button", { name: "Stop trusting Acme Boards" }).click();
    await acme.getByText("Not trusted", { exact: true }).waitFor();
    expect((await call(h.vigil, officer, "GET", "/api/vex-trust-rules")).json()).toMatchObject({ items: [{ publisher: "Acme Boards", autoAccept: false }] });
    expect((await call(h.vigil, officer, "GET", `/api/findings/${finding.id}`)).json()).toMatchObject({ status: "not_affected", analysedBy: "trust rule: Acme Boards" });
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);
});
