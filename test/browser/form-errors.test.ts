import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

/** The text of the error message the field is described by (Mantine links it with aria-describedby). */
async function fieldError(page: Page, field: ReturnType<Page["getByLabel"]>): Promise<string | null> {
  const errorId = ((await field.getAttribute("aria-describedby")) ?? "").split(" ").find((id) => id.endsWith("-error"));
  return errorId ? page.locator(`[id="${errorId}"]`).textContent() : null;
}

describeInBrowser("form errors: next to the field, in plain words, once; dates from a date picker", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage({ width: 1440, height: 900 }));
    await signInThroughForm(page, demoEmail("compliance_manager"));
  }, 300_000);
  afterAll(async () => h?.close());

  test("creating a risk with nothing filled in names each missing answer next to its field", async () => {
    await page.goto("/risks");
    await expectHeading(page, "Risk register");
    await page.getByRole("button", { name: "New risk" }).click();
    const dialog = page.getByRole("dialog", { name: "New risk" });
    await dialog.getByRole("button", { name: "Create risk" }).click();
    const title = dialog.getByRole("textbox", { name: "Title" });
    await dialog.getByText("Give the risk a short title").waitFor();
    expect(await title.getAttribute("aria-invalid")).toBe("true");
    expect(await fieldError(page, title)).toBe("Give the risk a short title");
    expect(await fieldError(page, dialog.getByRole("textbox", { name: "Asset" }))).toBe("Name the asset at risk");
    // One message per problem: no second alert repeating the field errors.
    expect(await dialog.getByText("Give the risk a short title").count()).toBe(1);
    expect(await dialog.getByRole("alert").count()).toBe(0);
  });

  test("the review date is picked in a calendar, and a refusal by the server lands on its field in plain words", async () => {
    const dialog = page.getByRole("dialog", { name: "New risk" });
    await dialog.getByRole("textbox", { name: "Title" }).fill("x".repeat(301));
    await dialog.getByRole("textbox", { name: "Asset" }).fill("Update server");
    await dialog.getByRole("combobox", { name: "Lifecycle phase" }).click();
    await page.getByRole("option", { name: "Post-market" }).click();
    await dialog.getByRole("combobox", { name: /^Likelihood/ }).click();
    await page.getByRole("option", { name: /^3 · / }).click();
    await dialog.getByRole("combobox", { name: /^Impact/ }).click();
    await page.getByRole("option", { name: /^3 · / }).click();

    const review = dialog.getByRole("textbox", { name: "Review date" });
    await review.click();
    await page.locator("table button", { hasText: /^15$/ }).first().click();
    expect(await review.inputValue()).toMatch(/^\d{4}-\d{2}-15$/);

    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/risks"),
      dialog.getByRole("button", { name: "Create risk" }).click(),
    ]);
    expect(request.postDataJSON().reviewDate).toMatch(/^\d{4}-\d{2}-15$/);
    const title = dialog.getByRole("textbox", { name: "Title" });
    await dialog.getByText("Too long: at most 300 characters").waitFor();
    expect(await fieldError(page, title)).toBe("Too long: at most 300 characters");
    expect(await dialog.getByText(/body\/title/).count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
  });
});
