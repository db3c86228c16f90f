import { afterAll, beforeAll, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { demoEmail } from "../support/app";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("compliance: NIS2 applicability wizard and regulatory catalog", () => {
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

  test("the wizard explains each question, assesses the profile with citations and downloads the memo", async () => {
    await page.goto("/compliance/applicability");
    await expectHeading(page, "NIS2 applicability");
    // Pre-filled from the organisation profile of Demo Medical GmbH (DE, AT, NL; 180 staff).
    await page.getByText("Countries where the organisation is established").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    const staff = page.getByLabel("Staff headcount");
    expect(await staff.inputValue()).toBe("180");
    await staff.fill("260");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Assess" }).click();
    const result = page.getByLabel("Assessment result");
    await result.waitFor();
    // Large Annex II manufacturer: still important (Annex II entities are never essential by size alone).
    expect(await page.getByTestId("classification").textContent()).toBe("important");
    expect(await page.getByTestId("max-fine").textContent()).toContain("7,000,000");
    await result.getByText(/Annex II, point 5\(a\)/).first().waitFor();
    expect(await result.getByRole("table", { name: "Obligations" }).locator("tbody tr").count()).toBeGreaterThan(10);
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, "applicability.png") });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download memo (PDF)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^nis2-applicability-memo-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = await download.path();
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    expect(pageProblems(page)).toEqual([]);
  });

  test("the catalog browser finds an item and follows its mappings in both directions", async () => {
    await page.goto("/compliance/catalog");
    await expectHeading(page, "Regulatory catalog");
    await page.getByLabel("Search").fill("nis2:art21.2.d");
    await page.getByRole("button", { name: "nis2:art21.2.d", exact: true }).click();
    const drawer = page.getByRole("dialog");
    await drawer.getByText(/Mappings \(\d+\)/).waitFor();
    const firstIso = drawer.getByRole("table", { name: "Mappings" }).getByRole("button", { name: /iso27001:/ }).first();
    await firstIso.click();
    await drawer.getByRole("button", { name: /nis2:art21\.2\.d/ }).first().waitFor();
    expect(page.url()).toMatch(/item=iso27001/);
    expect(pageProblems(page)).toEqual([]);
  });
});
