import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const RTOS = "pkg:generic/acme-rtos@4.2.0";
const UI = "pkg:generic/acme-ui@5.15.2";
const NET = "pkg:generic/acme-net@1.0.0";

describeInBrowser("component support: bulk entry and the portfolio of components past end of support", () => {
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

  test("support entered in bulk puts a component past its end of support on the portfolio with the version and its download", async () => {
    await page.goto("/devices");
    await expectHeading(page, "Device models");
    await page.getByRole("link", { name: "InfuSafe 300 infusion pump version 2.4.1" }).click();
    await expectHeading(page, "InfuSafe 300 infusion pump 2.4.1");
    const bom = {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      version: 1,
      metadata: { component: { type: "firmware", "bom-ref": "root", name: "IS-300", version: "2.4.1" } },
      components: [
        { type: "operating-system", "bom-ref": "rtos", name: "acme-rtos", version: "4.2.0", purl: RTOS },
        { type: "library", "bom-ref": "ui", name: "acme-ui", version: "5.15.2", purl: UI },
        { type: "library", "bom-ref": "net", name: "acme-net", version: "1.0.0", purl: NET },
      ],
    };
    await page.locator('input[type="file"]').first().setInputFiles({ name: "is-300-rtos.cdx.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bom)) });
    await page.getByRole("button", { name: "Upload SBOM" }).click();
    await page.getByText("SBOM imported").first().waitFor();
    const report = page.getByRole("link", { name: /Download the component support report/ });
    const href = await report.getAttribute("href");
    const xlsx = await page.request.get(href!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");

    await page.getByRole("link", { name: "Component support across all devices" }).click();
    await expectHeading(page, "Component support");
    const table = page.getByRole("region", { name: "Component support" });
    await table.getByRole("table").waitFor();
    await page.getByLabel("Filter component support").fill("acme");
    expect(await table.getByText("acme-rtos").count()).toBe(0);

    await page.getByRole("button", { name: "Enter support in bulk" }).click();
    const dialog = page.getByRole("dialog", { name: "Enter support in bulk" });
    await dialog.getByLabel("Components").fill(`${RTOS}, no longer maintained, 2025-01-31\npkg:generic/not-in-any-sbom@1, abandoned,\n${UI}\tactively maintained\t2031-12-31`);
    await dialog.getByRole("button", { name: "Save all" }).click();
    await dialog.getByRole("alert").getByText("Line 2: no SBOM has a component with this purl").waitFor();
    expect(await table.getByText("acme-rtos").count()).toBe(0);

    await dialog.getByLabel("Components").fill(`purl,level,end of support\n${RTOS}, no longer maintained, 2025-01-31\n${UI}\tactively maintained\t2031-12-31`);
    await dialog.getByRole("button", { name: "Save all" }).click();
    await page.getByText("Support recorded for 2 components").waitFor();
    const row = table.getByRole("row").filter({ hasText: "acme-rtos" });
    await row.getByText("End of support passed").waitFor();
    await row.getByText("No longer maintained").first().waitFor();
    await row.getByRole("link", { name: "InfuSafe 300 infusion pump 2.4.1" }).waitFor();
    expect(await table.getByText("acme-ui").count()).toBe(0);
    await page.getByLabel("Show every component, not only those that need attention").check();
    await table.getByText("acme-ui 5.15.2").waitFor();
    const portfolio = await page.request.get(await page.getByRole("link", { name: "Download XLSX" }).getAttribute("href").then((x) => x!));
    expect(portfolio.status()).toBe(200);
    await page.screenshot({ path: path.join(artifactsDir, "component-support.png"), fullPage: true });
    expect(pageProblems(page)).toEqual([]);
  });

  test("a support rule sets the components nobody stated, names itself as their source, and edits and deletes re-evaluate them", async () => {
    const table = page.getByRole("region", { name: "Component support" });
    const rules = page.getByRole("region", { name: "Support rules" });
    await rules.getByText("No support rules yet.").waitFor();
    await rules.getByRole("button", { name: "Add rule" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a support rule" });
    await dialog.getByLabel("Name", { exact: false }).first().fill("Acme end of life");
    await dialog.getByLabel("Package URL pattern").fill("generic/acme-*");
    await dialog.getByLabel("Level of support").click();
    await page.getByRole("option", { name: "No longer maintained" }).click();
    await dialog.getByLabel("End of support (optional)").fill("2025-06-30");
    await dialog.getByRole("button", { name: "Save rule" }).click();
    await dialog.getByRole("alert").getByText(/purlPattern.*a purl pattern starts with pkg:/).first().waitFor();
    await dialog.getByLabel("Package URL pattern").fill("pkg:generic/acme-*");
    await dialog.getByRole("button", { name: "Save rule" }).click();
    await page.getByText("Support rule “Acme end of life” saved").waitFor();
    await rules.getByRole("row").filter({ hasText: "Acme end of life" }).getByText("1 components").waitFor();

    const net = table.getByRole("row").filter({ hasText: "acme-net" });
    await net.getByText("Rule “Acme end of life”").waitFor();
    await net.getByText("End of support passed").waitFor();
    await table.getByRole("row").filter({ hasText: "acme-rtos" }).getByText("Entered in Vigil").waitFor();

    await rules.getByRole("button", { name: "Edit rule Acme end of life" }).click();
    const edit = page.getByRole("dialog", { name: "Edit support rule “Acme end of life”" });
    await edit.getByLabel("End of support (optional)").fill("2031-12-31");
    await edit.getByRole("button", { name: "Save rule" }).click();
    await net.getByText("Dec 31, 2031").or(net.getByText("2031-12-31")).or(net.getByText("31 Dec 2031")).first().waitFor();
    expect(await net.getByText("End of support passed").count()).toBe(0);

    page.once("dialog", (d) => void d.accept());
    await rules.getByRole("button", { name: "Delete rule Acme end of life" }).click();
    await rules.getByText("No support rules yet.").waitFor();
    await net.getByText("Not stated").waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "component-support-rules.png"), fullPage: true });
    expect(pageProblems(page)).toEqual([]);
  });
});
