import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("compliance workspace: controls, evidence and coverage across frameworks", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("compliance_manager"));
  });
  afterAll(async () => {
    await h?.close();
  });

  const percent = async (fw: string) => Number.parseFloat((await page.getByTestId(`percent-${fw}`).textContent()) ?? "NaN");

  const openControl = async (code: string, title: string) => {
    await page.goto("/compliance");
    await expectHeading(page, "Controls");
    await page.getByPlaceholder(/filter/i).fill(code);
    await page.getByRole("link", { name: code, exact: true }).click();
    await expectHeading(page, `${code} ${title}`);
  };

  /** Writes a framework file the way a user has it on disk, then uploads it through the import dialog. */
  const importFrameworkFile = async (fileName: string, content: string) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-framework-")), fileName);
    writeFileSync(file, content);
    await page.goto("/compliance/frameworks");
    await expectHeading(page, "Frameworks");
    await page.getByRole("button", { name: "Import framework" }).click();
    const dialog = page.getByRole("dialog", { name: "Import framework" });
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    return dialog;
  };

  test("tailoring a control and attaching evidence raises NIS2 and ISO/IEC 27001 coverage together", async () => {
    await page.goto("/compliance/frameworks");
    await expectHeading(page, "Frameworks");
    await page.getByTestId("percent-nis2").waitFor();
    const nis2Before = await percent("nis2");
    const isoBefore = await percent("iso27001");

    await page.goto("/compliance");
    await expectHeading(page, "Controls");
    await page.getByPlaceholder(/filter/i).fill("ACC-03");
    await page.getByRole("link", { name: "ACC-03", exact: true }).click();
    await expectHeading(page, "ACC-03 Multi-factor authentication");
    await page.getByLabel("Description (tailor it to your organisation)").fill("MFA with hardware keys for remote service of InfuSafe pumps, VPN, e-mail and the build pipeline.");
    await page.getByLabel("Status", { exact: true }).first().click();
    await page.getByRole("option", { name: "implemented", exact: true }).click();
    await page.getByRole("button", { name: "Save control" }).click();
    await page.getByText("Saved").waitFor();
    await expect.poll(() => page.getByTestId("effective-status").textContent(), { timeout: 5_000 }).toBe("implemented");

    await page.locator('input[type="file"]').setInputFiles({ name: "mfa-enrolment-report.txt", mimeType: "text/plain", buffer: Buffer.from("MFA enrolment: 100 % of 182 accounts\n") });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("table", { name: "Evidence of this control" }).getByText("mfa-enrolment-report.txt").waitFor();

    await page.goto("/compliance/frameworks");
    await page.getByTestId("percent-nis2").waitFor();
    await expect.poll(() => percent("nis2"), { timeout: 5_000 }).toBeGreaterThan(nis2Before);
    expect(await percent("iso27001")).toBeGreaterThan(isoBefore);
    await page.getByTestId("coverage-nis2").click();
    await page.getByTestId("group-nis2:art21").waitFor();
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, "compliance-frameworks-coverage.png"), fullPage: true });
    expect(pageProblems(page)).toEqual([]);
  });

  test("a custom framework file is imported and listed; a broken one lists each problem with its line and reason", async () => {
    const broken = [
      "framework:",
      "  id: custom-st-lukas",
      "  name: St. Lukas supplier security requirements",
      "requirements:",
      "  - id: SEC-1",
      "    title: MFA for remote service access",
      "    mappings:",
      "      - { control: ACC-03, relationship: equals }",
      "  - id: SEC-2",
      "    mappings:",
      "      - { requirement: \"fda524b:b.2.A\", relationship: subset }",
      "",
    ].join("\n");
    let dialog = await importFrameworkFile("st-lukas.yaml", broken);
    const problems = dialog.getByRole("list", { name: "Problems in the framework file" });
    await problems.waitFor();
    const items = await problems.getByRole("listitem").allTextContents();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^Line 8, column \d+: .*"equal".* \(at requirements\.0\.mappings\.0\.relationship\)$/);
    expect(items[1]).toMatch(/^Line 9, column \d+: .* \(at requirements\.1\.title\)$/);
    await page.screenshot({ path: path.join(artifactsDir, "compliance-framework-import-problems.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.getByTestId("coverage-custom-st-lukas").count()).toBe(0);

    const good = broken.replace("equals", "equal").replace("  - id: SEC-2\n", "  - id: SEC-2\n    title: Security patches within 30 days\n");
    dialog = await importFrameworkFile("st-lukas.yaml", good);
    await dialog.waitFor({ state: "hidden" });
    await page.getByTestId("coverage-custom-st-lukas").getByText("St. Lukas supplier security requirements").waitFor();
    await page.getByTestId("coverage-custom-st-lukas").getByText("imported", { exact: true }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  });

  test("a Vigil record is linked to a control as evidence and listed with the control's evidence", async () => {
    await openControl("INC-01", "Incident response plan and team");
    await page.getByRole("combobox", { name: "Record kind" }).click();
    await page.getByRole("option", { name: "Policy", exact: true }).click();
    await page.getByRole("combobox", { name: "Record", exact: true }).fill("Incident response");
    await page.getByRole("option", { name: "Incident response policy" }).click();
    await page.getByRole("button", { name: "Link record" }).click();
    const evidence = page.getByRole("table", { name: "Evidence of this control" });
    await evidence.getByText("Policy: Incident response policy").waitFor();
    await evidence.getByText("linked policy record").waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "compliance-control-record-evidence.png") });
    expect(pageProblems(page)).toEqual([]);
  });

  test("a suggested (intersect) link is confirmed on the control and the decision can be undone", async () => {
    await openControl("GOV-12", "Contacts with authorities maintained");
    const mappings = page.getByRole("table", { name: "Mapped requirements" });
    await mappings.getByRole("button", { name: "Confirm link to nis2:art23.1" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifactsDir, "compliance-control-suggested-link.png") });
    await mappings.getByRole("button", { name: "Confirm link to nis2:art23.1" }).click();
    await mappings.getByText("confirmed as subset").waitFor();
    await mappings.getByRole("cell", { name: "confirmed", exact: true }).waitFor();
    await mappings.getByRole("button", { name: "Undo the decision on nis2:art23.1" }).click();
    await mappings.getByRole("button", { name: "Dismiss link to nis2:art23.1" }).click();
    await mappings.getByText("dismissed", { exact: true }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  });

  test("the Statement of Applicability lists the 93 Annex A controls and offers its downloads", async () => {
    await page.goto("/compliance/soa");
    await expectHeading(page, "Statement of Applicability");
    await page.getByRole("link", { name: "SoA XLSX" }).waitFor();
    await page.getByText(/of 93/).first().waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "compliance-soa.png") });
  });
});
