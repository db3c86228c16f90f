import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const WIDTH = 1024;

describeInBrowser("a 1024 × 768 screen: navigation as a rail of icons, findings keep priority and due date in view", () => {
  let h: Harness;
  let page: Page;
  const nav = () => page.getByRole("navigation", { name: "Main navigation" });

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage({ width: WIDTH, height: 768 }));
    await signInThroughForm(page, demoEmail("security_officer"));
  }, 300_000);
  afterAll(async () => h?.close());

  test("the sidebar is a narrow rail of icons whose names stay accessible and show as tooltips", async () => {
    await expectHeading(page, "Dashboard");
    const bar = await nav().boundingBox();
    expect(bar?.width).toBeLessThan(80);
    const link = nav().getByRole("link", { name: "Vulnerabilities", exact: true });
    await link.waitFor();
    // Only the icon is drawn: the name is the link's accessible name, not visible text.
    expect((await link.innerText()).trim()).toBe("");
    await link.hover();
    await page.getByRole("tooltip", { name: "Vulnerabilities" }).waitFor();
    // A section opens a menu of its pages.
    await nav().getByRole("button", { name: "Devices & SBOMs", exact: true }).click();
    await page.getByRole("menuitem", { name: "Installed base" }).click();
    await expectHeading(page, "Installed base");
    await link.click();
    await expectHeading(page, "Vulnerabilities");
  });

  test("the findings table shows the priority and due date columns within the viewport", async () => {
    await page.goto("/vulnerabilities");
    await expectHeading(page, "Vulnerabilities");
    const table = page.getByRole("region", { name: "Findings", exact: true });
    await table.locator("tbody tr").first().waitFor();
    for (const name of ["Priority", "Due"]) {
      // Sortable headers are buttons named with their sort state, so the header cell is found by its text.
      const header = table.locator("thead th").filter({ hasText: new RegExp(`^${name}$`) });
      const box = await header.boundingBox();
      expect(box, `${name} column`).not.toBeNull();
      expect(box!.x, `${name} column starts in view`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${name} column ends in view`).toBeLessThanOrEqual(WIDTH);
      expect(await header.isVisible()).toBe(true);
    }
    const cell = table.locator("tbody tr").first().locator("td").last();
    const box = await cell.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
    expect(pageProblems(page)).toEqual([]);
  });
});
