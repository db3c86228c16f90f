import { eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { users } from "../../src/server/accounts/schema";
import { DEMO_PASSWORD } from "../../src/server/demo/seed";
import { signInConfigFrom } from "../../src/server/sign-in/config";
import { call, demoEmail, type Session } from "../support/app";
import { startIdentityProvider, type TestIdentityProvider } from "../support/identity-provider";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const codeAt = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
const IDP_LABEL = "Sign in with Hospital Group ID";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function signOutFromMenu(page: Page, name: string): Promise<void> {
  // The header's menu button carries the user's name, whatever else its label says.
  await page.getByRole("button", { name: new RegExp(name) }).first().click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
}

async function submitPassword(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** A page whose steps may wait longer than the harness default: sign-ins hash passwords, and the machine is shared. */
async function patientPage(h: Harness) {
  const opened = await h.newPage();
  opened.context.setDefaultTimeout(45_000);
  return opened;
}

describeInBrowser("web interface: second factor, sessions and single sign-on", () => {
  let idp: TestIdentityProvider;
  let h: Harness;

  beforeAll(async () => {
    idp = await startIdentityProvider({
      pia: { email: "pia.psirt@demo-medical.example", name: "Pia Psirt", groups: ["staff", "vigil-psirt"] },
    });
    const { config, problems } = signInConfigFrom({
      VIGIL_OIDC_ISSUER: idp.issuer,
      VIGIL_OIDC_CLIENT_ID: idp.clientId,
      VIGIL_OIDC_CLIENT_SECRET: idp.clientSecret,
      VIGIL_OIDC_REDIRECT_URI: "http://127.0.0.1/api/auth/oidc/callback",
      VIGIL_OIDC_SCOPES: "openid email profile groups",
      VIGIL_OIDC_ROLE_MAP: "vigil-psirt=security_officer,vigil-admins=admin",
      VIGIL_OIDC_JIT: "true",
      VIGIL_OIDC_LABEL: IDP_LABEL,
    });
    expect(problems).toEqual([]);
    h = await startHarness({ config: { signIn: config } });
    // The redirect URI names the port Vigil was given; the configuration object is the one the running Vigil reads.
    config.oidc!.redirectUri = `${h.baseUrl}/api/auth/oidc/callback`;
    idp.register(config.oidc!.redirectUri);
  }, 300_000);

  afterAll(async () => {
    await h?.close();
    await idp?.stop();
  });

  test("TOTP: enrol on the account page, sign in with a code and with a recovery code, see the sessions, sign out everywhere", async () => {
    const { page } = await patientPage(h);
    const email = demoEmail("incident_manager");
    await signInThroughForm(page, email);
    await page.goto("/account");
    await expectHeading(page, "Account");
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    await page.getByRole("img", { name: "QR code of the authenticator secret" }).waitFor();
    const secret = (await page.locator('[data-secret="totp"]').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel(/^Code from the app/).fill(codeAt(secret, h.vigil.clock.now));
    await page.getByRole("button", { name: "Confirm" }).click();
    const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByText(/Authenticator app in use since .*; 10 recovery codes left\./).waitFor();
    await signOutFromMenu(page, "Ines Incident");

    // A password alone no longer opens a session; the code of a later time step does (each code works once).
    h.vigil.clock.now = new Date(h.vigil.clock.now.getTime() + 60_000);
    await submitPassword(page, email);
    await expectHeading(page, "Second factor");
    await page.getByLabel("Code from your authenticator app").fill("000000" === codeAt(secret, h.vigil.clock.now) ? "111111" : "000000");
    await page.getByRole("button", { name: "Verify" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Wrong or already used code");
    await page.getByLabel("Code from your authenticator app").fill(codeAt(secret, h.vigil.clock.now));
    await page.getByRole("button", { name: "Verify" }).click();
    await expectHeading(page, "Dashboard");
    await signOutFromMenu(page, "Ines Incident");

    await submitPassword(page, email);
    await page.getByRole("button", { name: "Lost your device? Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(codes[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    await expectHeading(page, "Dashboard");

    // A second session of the same account, from another browser.
    const pending = await call(h.vigil, null, "POST", "/api/auth/login", { email, password: DEMO_PASSWORD }, { "user-agent": FIREFOX });
    const other = await call(h.vigil, null, "POST", "/api/auth/second-factor", { challenge: pending.json().challenge, recoveryCode: codes[1] }, { "user-agent": FIREFOX });
    expect(other.statusCode, other.body).toBe(200);
    const otherSession: Session = { cookie: `vigil_session=${other.cookies.find((c) => c.name === "vigil_session")!.value}`, csrf: other.json().csrfToken };

    await page.goto("/account");
    const sessions = page.getByRole("region", { name: "Sessions" });
    await sessions.getByText("Firefox 133 on Windows").waitFor();
    const current = sessions.locator("tbody tr", { hasText: "This session" });
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toContain("127.0.0.1");
    await page.getByText(/8 recovery codes left/).waitFor();

    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect((await call(h.vigil, otherSession, "GET", "/api/auth/session")).statusCode).toBe(401);
    await page.goto("/account");
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(pageProblems(page)).toEqual([]);
  }, 240_000);

  test("single sign-on: the identity provider's own pages sign in, and the role comes from the IdP group", async () => {
    const { context, page } = await patientPage(h);
    // The provider's development pages import a web font; this machine stays offline.
    await context.route(/fonts\.googleapis\.com/, (route) => route.fulfill({ status: 200, contentType: "text/css", body: "" }));
    await page.goto("/sign-in");
    await page.getByRole("link", { name: IDP_LABEL }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill("pia");
    await page.locator('input[name="password"]').fill("any password the IdP checks");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.href.startsWith(h.baseUrl) && !url.pathname.startsWith("/sign-in") && !url.pathname.startsWith("/api/"));
    await expectHeading(page, "Dashboard");

    await page.goto("/account");
    await expectHeading(page, "Account");
    await page.getByText("pia.psirt@demo-medical.example").waitFor();
    await page.locator("#main").getByText("Security officer", { exact: true }).waitFor();
    const [created] = await h.vigil.database.db.select().from(users).where(eq(users.email, "pia.psirt@demo-medical.example"));
    expect(created).toMatchObject({ role: "security_officer", passwordHash: null });

    await signOutFromMenu(page, "Pia Psirt");
    await page.getByRole("link", { name: IDP_LABEL }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 240_000);
  test("an administrator requires a second factor for auditors: the auditor enrols at the next sign-in; a lost device is reset", async () => {
    const { page: adminPage } = await patientPage(h);
    await signInThroughForm(adminPage, demoEmail("admin"));
    const nav = adminPage.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Admin", exact: true }).click();
    await nav.getByRole("link", { name: "Sign-in", exact: true }).click();
    await expectHeading(adminPage, "Sign-in");
    await adminPage.getByRole("checkbox", { name: "Auditor" }).check();
    await adminPage.getByRole("button", { name: "Save" }).click();
    await adminPage.getByText("Sign-in policy saved").waitFor();

    const { page } = await patientPage(h);
    const email = demoEmail("auditor");
    await submitPassword(page, email);
    await expectHeading(page, "Set up a second factor");
    const secret = (await page.locator('[data-secret="totp"]').textContent())!.trim();
    await page.getByLabel(/^Code from the app/).fill(codeAt(secret, h.vigil.clock.now));
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await expectHeading(page, "Second factor set up");
    expect(await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count()).toBe(10);
    await page.getByRole("button", { name: "Download" }).waitFor();
    await page.getByRole("button", { name: "I have saved them: continue" }).click();
    await expectHeading(page, "Dashboard");
    await page.goto("/account");
    await page.getByText("Required for your role").waitFor();
    expect(await page.getByRole("button", { name: "Turn off" }).count()).toBe(0);

    await adminPage.goto("/admin/users");
    const row = adminPage.getByRole("region", { name: "Users" }).locator("tbody tr", { hasText: email });
    await row.getByRole("button", { name: "Actions for Audrey Auditor" }).click();
    await adminPage.getByRole("menuitem", { name: "Reset second factor…" }).click();
    await adminPage.getByRole("button", { name: "Reset second factor" }).click();
    await adminPage.getByText("Second factor reset").waitFor();
    // The reset ended the auditor's sessions; the next password sign-in asks for a new enrolment.
    await page.reload();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await submitPassword(page, email);
    await expectHeading(page, "Set up a second factor");
    expect(pageProblems(page)).toEqual([]);
    expect(pageProblems(adminPage)).toEqual([]);
  }, 240_000);
});

describeInBrowser("web interface: an unreachable identity provider and the break-glass administrator", () => {
  let h: Harness;

  beforeAll(async () => {
    const { config, problems } = signInConfigFrom({
      VIGIL_OIDC_ISSUER: "http://127.0.0.1:9/unreachable",
      VIGIL_OIDC_CLIENT_ID: "vigil",
      VIGIL_OIDC_REDIRECT_URI: "http://127.0.0.1/api/auth/oidc/callback",
      VIGIL_OIDC_ROLE_MAP: "it=admin",
      VIGIL_OIDC_LABEL: IDP_LABEL,
      VIGIL_LOCAL_SIGN_IN: "false",
      VIGIL_BREAK_GLASS_ADMINS: demoEmail("admin"),
    });
    expect(problems).toEqual([]);
    h = await startHarness({ config: { signIn: config } });
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  test("the sign-in page explains the failure, and only the break-glass administrator still signs in with a password", async () => {
    const { page } = await patientPage(h);
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Break-glass administrator sign-in" }).waitFor();
    expect(await page.getByLabel("E-mail").count()).toBe(0);

    await page.getByRole("link", { name: IDP_LABEL }).click();
    await page.waitForURL((url) => url.searchParams.get("sso_error") === "unavailable");
    await expectHeading(page, "Single sign-on did not work");
    expect(await page.getByRole("alert").textContent()).toContain("The identity provider cannot be reached");
    await page.getByRole("link", { name: `Try again: ${IDP_LABEL}` }).waitFor();

    await page.getByRole("link", { name: "Sign in with your password" }).click();
    await expectHeading(page, "Break-glass sign-in");
    await page.getByLabel("E-mail").fill(demoEmail("security_officer"));
    await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Password sign-in is switched off");

    await page.getByLabel("E-mail").fill(demoEmail("admin"));
    await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expectHeading(page, "Dashboard");

    await page.goto("/admin/sign-in");
    await expectHeading(page, "Sign-in");
    await page.getByText("Only the break-glass administrators").waitFor();
    await page.getByText(demoEmail("admin"), { exact: true }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 240_000);
});
