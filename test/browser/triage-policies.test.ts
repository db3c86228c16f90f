import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("triage policies: a rule decides matching findings and the finding's history names it", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("security_officer"));
    mkdirSync(artifactsDir, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  test("the security officer creates a policy for Log4Shell on the InfuSafe 300; the finding is set by it, and deleting the policy re-opens it", async () => {
    await page.goto("/vulnerabilities");
    await expectHeading(page, "Vulnerabilities");
    await page.getByRole("link", { name: "Triage policies" }).click();
    await expectHeading(page, "Triage policies");
    await page.getByRole("button", { name: "New policy" }).click();
    const dialog = page.getByRole("dialog", { name: "New triage policy" });
    await dialog.getByRole("textbox", { name: /^Name/ }).fill("log4shell-pump-update");
    await dialog.getByLabel("Vulnerability ids or aliases").fill("CVE-2021-44228");
    await dialog.getByLabel("Component purl pattern").fill("pkg:maven/org.apache.logging.log4j/log4j-core@*");
    await dialog.getByRole("combobox", { name: /^Status/ }).click();
    await page.getByRole("option", { name: "Affected", exact: true }).click();
    await dialog.getByRole("combobox", { name: "Response" }).click();
    await page.getByRole("option", { name: "Update", exact: true }).click();
    await dialog.getByRole("button", { name: "Create and apply" }).click();
    await page.getByText("Policy saved").first().waitFor();

    const table = page.getByRole("region", { name: "Triage policies" });
    const row = table.getByRole("row").filter({ hasText: "log4shell-pump-update" });
    await row.waitFor();
    expect(await row.textContent()).toContain("vulnerability CVE-2021-44228 · component pkg:maven/org.apache.logging.log4j/log4j-core@*");
    // Log4Shell is found on the InfuSafe 300 2.4.1 and on FleetView 4.2.0: the policy decides both.
    await expect.poll(async () => (await row.textContent()) ?? "").toMatch(/Affected — Update.*Never\s*2/);
    await page.screenshot({ path: path.join(artifactsDir, "triage-policies.png") });

    await page.goto("/vulnerabilities?q=CVE-2021-44228");
    await page.getByRole("button", { name: /Open finding CVE-2021-44228 in log4j-core/ }).first().click();
    const drawer = page.getByRole("dialog", { name: "Finding" });
    const history = drawer.getByRole("table", { name: "Finding history" });
    const entry = history.getByRole("row").filter({ hasText: "Set by triage policy" });
    await entry.waitFor();
    expect(await entry.textContent()).toContain("set by policy log4shell-pump-update");

    await page.goto("/vulnerabilities/policies");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Delete log4shell-pump-update" }).click();
    await page.getByText("Policy deleted").first().waitFor();
    await expect.poll(() => page.getByRole("region", { name: "Triage policies" }).getByRole("row").filter({ hasText: "log4shell-pump-update" }).count()).toBe(0);

    await page.goto("/vulnerabilities?q=CVE-2021-44228");
    await page.getByRole("button", { name: /Open finding CVE-2021-44228 in log4j-core/ }).first().click();
    const reopened = page.getByRole("dialog", { name: "Finding" }).getByRole("table", { name: "Finding history" }).getByRole("row").filter({ hasText: "Re-opened: policy ended" });
    await reopened.waitFor();
    expect(await reopened.textContent()).toContain("re-opened by policy log4shell-pump-update (deleted)");
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);
});
