import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("governance: responsibilities, policies and training", () => {
  let h: Harness;
  let page: Page;
  let policyUrl: string;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage({ height: 1000 }));
    await signInThroughForm(page, demoEmail("compliance_manager"));
    mkdirSync(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  test("the RACI page flags the mandatory role nobody holds", async () => {
    await page.getByRole("link", { name: "Governance" }).first().click();
    await expectHeading(page, "Responsibilities");
    const gaps = page.getByRole("status", { name: "Governance gaps" });
    await gaps.getByText(/Mandatory role "Senior owner of medical device cybersecurity" is assigned to no one/).waitFor();
    expect(await page.locator('tr[data-gap="true"]').count()).toBe(1);
    await page.getByRole("table", { name: "RACI matrix" }).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "governance-responsibilities.png"), fullPage: true });
    expect(pageProblems(page)).toEqual([]);
  });

  test("a policy created from a template is submitted and approved with its hash", async () => {
    await page.goto("/governance/policies");
    await expectHeading(page, "Policies");
    await page.getByRole("button", { name: "New policy" }).click();
    const dialog = page.getByRole("dialog", { name: "New policy" });
    await dialog.getByLabel("Start from a template").click();
    await page.getByRole("option", { name: "Cryptography policy" }).click();
    await expect.poll(() => dialog.getByLabel("Title").inputValue()).toBe("Cryptography policy");
    expect(await dialog.getByLabel("Policy text").inputValue()).toContain("## Key management");
    await dialog.getByRole("tab", { name: "Preview" }).click();
    await dialog.getByRole("heading", { name: "Key management" }).waitFor();
    await dialog.getByRole("button", { name: "Create draft" }).click();
    await page.waitForURL(/\/governance\/policies\/[0-9a-f-]{36}$/);
    policyUrl = new URL(page.url()).pathname;
    await expectHeading(page, "Cryptography policy");
    await page.getByRole("button", { name: "Submit for review" }).click();
    // Four-eyes: the person who submitted may not approve.
    await page.getByText(/under the four-eyes rule another person approves it/).waitFor();
    expect(await page.getByRole("button", { name: "Approve" }).isDisabled()).toBe(true);
    expect(pageProblems(page)).toEqual([]);

    const { page: approver } = await h.newPage();
    await signInThroughForm(approver, demoEmail("admin"));
    await approver.goto(policyUrl);
    await expectHeading(approver, "Cryptography policy");
    await approver.getByRole("button", { name: "Approve" }).click();
    await approver.getByRole("heading", { name: "Approved version 1" }).waitFor();
    await approver.getByText(/Approved by admin@demo-medical\.example/).waitFor();
    expect(await approver.getByRole("table", { name: "Versions" }).locator("code").first().textContent()).toMatch(/^[0-9a-f]{64}$/);
    await approver.screenshot({ path: path.join(artifactsDir, "governance-policy-approved.png"), fullPage: true });
    expect(pageProblems(approver)).toEqual([]);
  });

  test("another person acknowledges the approved version", async () => {
    const { page: other } = await h.newPage();
    await signInThroughForm(other, demoEmail("contributor"));
    await other.goto(policyUrl);
    await expectHeading(other, "Cryptography policy");
    await other.getByRole("button", { name: "Acknowledge version 1" }).click();
    await other.getByText("You acknowledged version 1").waitFor();
    const acks = other.getByRole("table", { name: "Acknowledgements" });
    await acks.getByText("Chris Contributor").waitFor();
    expect(pageProblems(other)).toEqual([]);
  });

  test("a training CSV with one bad row is refused with the row named, and nothing is imported", async () => {
    await page.goto("/governance/training");
    await expectHeading(page, "Training");
    await page.getByRole("region", { name: "Training campaigns" }).getByRole("link", { name: "Security awareness 2026" }).click();
    await expectHeading(page, "Security awareness 2026");
    const completedBefore = await page.getByRole("table", { name: "Assignees" }).getByText("completed", { exact: true }).count();
    await page
      .getByLabel("CSV content")
      .fill(`email,completed_at,note\n${demoEmail("incident_manager")},2026-11-01,classroom\n${demoEmail("contributor")},01.11.2026,classroom\n`);
    await page.getByRole("button", { name: "Import" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Import refused" });
    await alert.getByText(/Line 3: completed_at "01\.11\.2026" is not an ISO 8601 date/).waitFor();
    expect(await alert.getByRole("listitem").count()).toBe(1);
    expect(await page.getByRole("table", { name: "Assignees" }).getByText("completed", { exact: true }).count()).toBe(completedBefore);
    await page.screenshot({ path: path.join(artifactsDir, "governance-training-import.png"), fullPage: true });
    expect(pageProblems(page)).toEqual([]);
  });
});
