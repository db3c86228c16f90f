import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[]; html: string; any: Array<{ message: string }> }> };

/** Runs axe-core (WCAG 2.0-2.2 A and AA rules) on the page as it is and returns the serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy rightly refuses an injected script tag.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.html.slice(0, 160)} (${n.any[0]?.message ?? ""})`)
          .join(" | ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`);
}

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
