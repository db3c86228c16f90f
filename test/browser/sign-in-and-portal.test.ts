import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { LOCKOUT_AFTER_FAILURES, LOGIN_LIMIT_PER_IP, LOGIN_WINDOW_MS } from "../../src/server/accounts/login";
import { hitRateLimit } from "../../src/server/accounts/rate-limit";
import { DEMO_PASSWORD } from "../../src/server/demo/seed";
import { call, demoEmail, signInAs } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main navigation" });

async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function alertOf(page: Page): Promise<string> {
  const alert = page.getByRole("alert");
  await alert.waitFor();
  return (await alert.textContent()) ?? "";
}

describeInBrowser("web interface: sign-in, forced password change and the customer portal", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  test("sign-in explains a wrong password and the lockout, and a locked account answers the same", async () => {
    const { page } = await h.newPage();
    const engineer = demoEmail("contributor");
    const wrong = "Sign-in failedWrong e-mail or password. After 5 failed attempts an account is locked for 15 minutes; an administrator can unlock it";

    await submitSignIn(page, engineer, "not-the-password");
    expect(await alertOf(page)).toBe(wrong);
    expect(await page.getByLabel(/^Password/).inputValue()).toBe("");

    for (let i = 2; i < LOCKOUT_AFTER_FAILURES; i++) {
      const res = await h.vigil.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: engineer, password: "still wrong" } });
      expect(res.statusCode).toBe(401);
    }
    await submitSignIn(page, engineer, "wrong once more");
    expect(await alertOf(page)).toBe(wrong);
    await submitSignIn(page, engineer, DEMO_PASSWORD);
    expect(await alertOf(page)).toBe(wrong);
    expect(pageProblems(page)).toEqual([]);
  });

  test("an administrator unlocks the account in the user list", async () => {
    const { page } = await h.newPage();
    await signInThroughForm(page, demoEmail("admin"));
    await page.goto("/admin/users");
    const users = page.getByRole("region", { name: "Users" });
    const row = users.locator("tbody tr", { hasText: demoEmail("contributor") });
    await row.getByText("Locked").waitFor();
    await row.getByRole("button", { name: "Actions for Chris Contributor" }).click();
    await page.getByRole("menuitem", { name: "Unlock" }).click();
    await page.getByText("Chris Contributor can sign in again.").waitFor();
    await expect.poll(() => row.getByText("Locked").count(), { timeout: 5_000 }).toBe(0);

    const res = await h.vigil.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: demoEmail("contributor"), password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
  });

  test("sign-in explains throttling, and allows signing in again once the window has passed", async () => {
    const { page } = await h.newPage();
    // Spend the sign-in budget of the browser's address (each attempt counts, whatever its outcome).
    const db = h.vigil.database.db;
    for (let i = 0; i < LOGIN_LIMIT_PER_IP; i++) await hitRateLimit(db, "login:ip:127.0.0.1", LOGIN_LIMIT_PER_IP, LOGIN_WINDOW_MS, h.vigil.clock.now);
    await submitSignIn(page, demoEmail("auditor"), DEMO_PASSWORD);
    expect(await alertOf(page)).toMatch(/^Too many attemptsToo many sign-in attempts from this address; try again in \d+ s$/);

    h.vigil.clock.now = new Date(h.vigil.clock.now.getTime() + LOGIN_WINDOW_MS + 60_000);
    await signInThroughForm(page, demoEmail("auditor"));
    await expectHeading(page, "Dashboard");
    expect(pageProblems(page)).toEqual([]);
  });

  test("a user with a one-time password must choose a new one before anything else", async () => {
    const admin = await signInAs(h.vigil, "admin");
    const created = await call(h.vigil, admin, "POST", "/api/users", { email: "olga@demo-medical.example", name: "Olga Onboarding", role: "auditor" });
    expect(created.statusCode).toBe(201);
    const temporary = created.json().temporaryPassword as string;

    const { page } = await h.newPage();
    await signInThroughForm(page, "olga@demo-medical.example", temporary);
    await expectHeading(page, "Choose a new password");
    expect(await page.title()).toBe("Choose a new password · Vigil");
    expect(await nav(page).count()).toBe(0);

    await page.getByLabel(/^Current password/).fill(temporary);
    await page.getByLabel(/^New password/).fill("short");
    await page.getByLabel(/^Repeat the new password/).fill("short");
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await page.getByText("At least 10 characters", { exact: true }).waitFor();

    await page.getByLabel(/^New password/).fill("a-long-enough-secret-2026");
    await page.getByLabel(/^Repeat the new password/).fill("a-long-enough-secret-2026");
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await expectHeading(page, "Dashboard");

    const again = await h.vigil.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "olga@demo-medical.example", password: "a-long-enough-secret-2026" },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().mustChangePassword).toBe(false);
  });

  test("an auditor reads everything it may and is offered nothing it may not change", async () => {
    const { page } = await h.newPage();
    await signInThroughForm(page, demoEmail("auditor"));
    await nav(page).getByRole("link", { name: "Admin" }).click();
    await expectHeading(page, "Audit trail");
    expect(await nav(page).getByRole("link", { name: "Users" }).count()).toBe(0);
    await page.goto("/admin/users");
    await expectHeading(page, "No access");

    await page.goto("/devices");
    await expectHeading(page, "Device models");
    await page.getByRole("table", { name: "Versions of InfuSafe 300 infusion pump" }).waitFor();
    expect(await page.getByRole("button", { name: "New device model" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Add a version/ }).count()).toBe(0);

    await page.goto("/organisation");
    await page.getByText("Your role can read the profile but not change it.").waitFor();
    expect(await page.getByLabel(/^Legal name/).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Save profile" }).count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
  });

  test("a customer sees only the portal with the devices installed at its own sites", async () => {
    const { page } = await h.newPage();
    await signInThroughForm(page, demoEmail("customer"));
    await page.waitForURL("**/portal");
    await expectHeading(page, "Installed devices");

    const links = await nav(page).getByRole("link").allTextContents();
    expect(links).toEqual([
      "Installed devices",
      "All devices",
      "CareLink clinical gateway",
      "FleetView device fleet manager",
      "InfuSafe 300 infusion pump",
      "VitaView patient monitor",
      "Security advisories",
      "Account",
    ]);

    const table = page.getByRole("region", { name: "Your installed devices" });
    const rows = table.locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(5);
    expect(await table.textContent()).not.toContain("Ziekenhuis");
    await page.getByText("40 units at 1 site run a software version past its end of support").waitFor();

    await nav(page).getByRole("link", { name: "InfuSafe 300 infusion pump" }).click();
    await expectHeading(page, "InfuSafe 300 infusion pump");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);

    await nav(page).getByRole("link", { name: "Security advisories" }).click();
    await expectHeading(page, "Security advisories");
    // The demo's published advisory concerns the gateway installed at this customer's site.
    await page.getByText("Default SNMP community string in the CareLink clinical gateway").first().waitFor();

    for (const internal of ["/", "/devices", "/admin/users", "/organisation"]) {
      await page.goto(internal);
      await expectHeading(page, internal === "/" ? "Installed devices" : "No access");
    }
    expect(pageProblems(page)).toEqual([]);
  });
});
