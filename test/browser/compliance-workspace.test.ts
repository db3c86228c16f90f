import { mkdirSync } from "node:fs";
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

  test("the Statement of Applicability lists the 93 Annex A controls and offers its downloads", async () => {
    await page.goto("/compliance/soa");
    await expectHeading(page, "Statement of Applicability");
    await page.getByRole("link", { name: "SoA XLSX" }).waitFor();
    await page.getByText(/of 93/).first().waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "compliance-soa.png") });
  });
});
