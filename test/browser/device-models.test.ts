import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("device models: a model's name opens and closes its versions", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("security_officer"));
  }, 300_000);
  afterAll(async () => h?.close());

  test("clicking a collapsed model's name shows its versions, clicking it again hides them", async () => {
    await page.goto("/devices");
    await expectHeading(page, "Device models");
    const models = page.getByRole("region", { name: "Device models" });
    // A model without versions past support starts collapsed.
    const show = models.getByRole("button", { name: /^Show versions of / }).first();
    await show.waitFor();
    const name = ((await show.getAttribute("aria-label")) ?? "").replace(/^Show versions of /, "");
    const versions = page.getByRole("table", { name: `Versions of ${name}` });
    expect(await versions.count()).toBe(0);

    const nameButton = models.getByRole("button", { name, exact: true });
    expect(await nameButton.getAttribute("aria-expanded")).toBe("false");
    await nameButton.click();
    await versions.waitFor();
    expect(await nameButton.getAttribute("aria-expanded")).toBe("true");
    await models.getByRole("button", { name: `Hide versions of ${name}` }).waitFor();

    await nameButton.click();
    await versions.waitFor({ state: "detached" });
    expect(await nameButton.getAttribute("aria-expanded")).toBe("false");
    expect(pageProblems(page)).toEqual([]);
  });
});
