import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("the menu per role: a read-only auditor", () => {
  let h: Harness;
  let page: Page;
  const nav = () => page.getByRole("navigation", { name: "Main navigation" });

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("auditor"));
  }, 300_000);
  afterAll(async () => h?.close());

  test("the auditor's own sections come first and nothing is offered that the role cannot open", async () => {
    await expectHeading(page, "Dashboard");
    const top = await nav().getByRole("link").allTextContents();
    expect(top.slice(0, 4)).toEqual(["Dashboard", "Admin", "Reports", "Compliance"]);
    expect(top).not.toContain("Users");

    await nav().getByRole("link", { name: "Admin", exact: true }).click();
    await expectHeading(page, "Audit trail");
    const adminPages = await nav().getByRole("link").allTextContents();
    expect(adminPages).toContain("Audit trail");
    for (const hidden of ["Users", "Sign-in", "Notifications"]) expect(adminPages).not.toContain(hidden);

    // Every entry the menu offers opens a page, never "No access".
    const visited = new Set<string>();
    for (;;) {
      const links = await nav().getByRole("link").allTextContents();
      const next = links.find((l) => !visited.has(l));
      if (!next) break;
      visited.add(next);
      const link = nav().getByRole("link", { name: next, exact: true }).first();
      if ((await link.getAttribute("href")) === new URL(page.url()).pathname) continue; // the page on screen
      // The heading on screen is marked, so that the check reads the next page's heading, not this one's.
      await page.evaluate(() => {
        for (const h of document.querySelectorAll("h1")) h.setAttribute("data-left", "");
      });
      await link.click();
      const heading = page.locator("h1:not([data-left])").first();
      await heading.waitFor();
      expect(await heading.textContent(), `menu entry ${next}`).not.toBe("No access");
    }
    expect(visited.size).toBeGreaterThan(15);
    expect(pageProblems(page)).toEqual([]);
    // Some twenty pages, each loaded and rendered: minutes on a shared machine.
  }, 300_000);
});
