import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { call, demoEmail, signInAs } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const isFocused = (page: Page, label: string) => page.getByLabel(label, { exact: true }).evaluate((el) => el === document.activeElement);

describeInBrowser("applicability wizard: validated steps, approved assessments and their history", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("compliance_manager"));
  }, 300_000);
  afterAll(async () => h?.close());

  test("staff, turnover and balance sheet start empty when the organisation profile states none, never 0", async () => {
    const admin = await signInAs(h.vigil, "admin");
    const profile = (await call(h.vigil, admin, "GET", "/api/organisation")).json();
    const { updatedAt: _updatedAt, ...stated } = profile;
    const unsized = { ...stated, staffHeadcount: null, annualTurnoverEur: null, balanceSheetTotalEur: null };
    expect((await call(h.vigil, admin, "PUT", "/api/organisation", unsized)).statusCode).toBe(200);
    try {
      await page.goto("/compliance/applicability");
      await page.getByText("Countries where the organisation is established").waitFor();
      await page.getByRole("button", { name: "Next" }).click();
      for (const label of ["Staff headcount", "Annual turnover (EUR)", "Balance-sheet total (EUR)"]) {
        expect(await page.getByLabel(label, { exact: true }).inputValue(), label).toBe("");
      }
    } finally {
      expect((await call(h.vigil, admin, "PUT", "/api/organisation", stated)).statusCode).toBe(200);
    }
  });

  test("Next on a step with an empty answer stays, says what is wrong and focuses the field", async () => {
    await page.goto("/compliance/applicability");
    await expectHeading(page, "NIS2 applicability");
    await page.getByText("Countries where the organisation is established").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    const staff = page.getByLabel("Staff headcount", { exact: true });
    await staff.fill("");
    await page.getByLabel("Annual turnover (EUR)", { exact: true }).focus();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("Enter a number").waitFor();
    expect(await staff.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => isFocused(page, "Staff headcount")).toBe(true);
    // Still on the Size step: the next step's questions are not shown.
    expect(await page.getByText("Designations", { exact: true }).count()).toBe(0);
  });

  test("Assess with contradictory answers is refused with the reason next to the field", async () => {
    await page.getByLabel("Staff headcount", { exact: true }).fill("260");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel(/^Identified as essential by a member state/).check();
    await page.getByLabel(/^Identified as important by a member state/).check();
    await page.getByRole("button", { name: "Assess" }).click();
    await page.getByText("An entity is identified as either essential or important, not both").waitFor();
    await page.getByRole("alert").filter({ hasText: 'Not assessed: correct the marked answer in step "What".' }).waitFor();
    expect(await page.getByLabel("Assessment result").count()).toBe(0);
    await page.getByLabel(/^Identified as important by a member state/).uncheck();
    await page.getByLabel(/^Identified as essential by a member state/).uncheck();
  });

  test("an assessment is approved and saved, and the history shows its date, outcome and approver", async () => {
    const history = page.getByRole("table", { name: "Saved assessments" });
    await page.getByText("No assessment has been approved yet", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Assess" }).click();
    await page.getByLabel("Assessment result").waitFor();
    expect(await page.getByTestId("classification").textContent()).toBe("important");
    // The national records the result rests on say when they were last checked against their source.
    expect(await page.getByTestId("verified-DE").textContent()).toMatch(/^Last verified: \d{4}-\d{2}-\d{2} against /);
    await page.getByRole("button", { name: "Approve and save" }).click();
    await page.getByRole("button", { name: "Saved" }).waitFor();
    const row = history.locator("tbody tr");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const text = (await row.first().textContent()) ?? "";
    expect(text).toContain("important");
    expect(text).toContain("large enterprise");
    expect(text).toContain(demoEmail("compliance_manager"));
    expect(text).toMatch(/\d{1,2} \w{3} \d{4}/);
    expect(pageProblems(page)).toEqual([]);
  });

  test("a read-only role sees the history but cannot approve", async () => {
    const { page: auditor } = await h.newPage();
    await signInThroughForm(auditor, demoEmail("auditor"));
    await auditor.goto("/compliance/applicability");
    await auditor.getByRole("table", { name: "Saved assessments" }).getByText(demoEmail("compliance_manager")).waitFor();
    for (const next of ["Next", "Next"]) await auditor.getByRole("button", { name: next }).click();
    await auditor.getByRole("button", { name: "Assess" }).click();
    await auditor.getByLabel("Assessment result").waitFor();
    expect(await auditor.getByRole("button", { name: "Approve and save" }).count()).toBe(0);
  });
});
