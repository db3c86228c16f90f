import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { seriousViolations } from "./support/axe";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("accessibility of the main pages (axe-core, WCAG 2.2 AA)", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
  }, 300_000);
  afterAll(async () => h?.close());

  test("the sign-in page has no serious or critical violation", async () => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);

  test.each([
    ["Dashboard", "Dashboard"],
    ["Devices & SBOMs", "Device models"],
    ["Vulnerabilities", "Vulnerabilities"],
    ["Incidents", "Incident board"],
    ["Risks", "Risk register"],
    ["Compliance", "NIS2 applicability"],
    ["Advisories", "Advisories"],
    ["Suppliers", "Suppliers"],
    ["Account", "Account"],
  ])("%s has no serious or critical violation", async (link, heading) => {
    if (new URL(page.url()).pathname.startsWith("/sign-in") || page.url() === "about:blank") await signInThroughForm(page, demoEmail("admin"));
    await page.getByRole("navigation").getByRole("link", { name: link, exact: true }).first().click();
    await expectHeading(page, heading).catch((err) => {
      throw new Error(`${(err as Error).message}; page problems: ${JSON.stringify(pageProblems(page))}`);
    });
    await page.waitForLoadState("networkidle");
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);
});
