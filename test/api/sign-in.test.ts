import { desc, eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/demo/seed";
import { auditLog } from "../../src/server/audit/schema";
import { signInConfigFrom } from "../../src/server/sign-in/config";
import { backends } from "../support/db";
import { call, demoEmail, type Session, signIn, signInAs, startTestVigil, type TestVigil } from "../support/app";

const codeAt = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });

function sessionOf(res: { cookies: Array<{ name: string; value: string }>; json(): { csrfToken: string } }): Session {
  return { cookie: `vigil_session=${res.cookies.find((c) => c.name === "vigil_session")!.value}`, csrf: res.json().csrfToken };
}

describe.each(await backends())("second factor and sessions on %s", (backend) => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
  });
  afterAll(async () => vigil?.stop());

  const login = (email: string, password = DEMO_PASSWORD) => call(vigil, null, "POST", "/api/auth/login", { email, password }, { "user-agent": "TestBrowser/1.0" });
  const lastAudit = async (action: string) =>
    (await vigil.database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.seq)).limit(1))[0];

  /** Enrols the user's authenticator from the account page; returns the secret and the recovery codes. */
  async function enrol(session: Session) {
    const started = await call(vigil, session, "POST", "/api/account/second-factor/enrolment");
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().qrCode).toMatch(/^data:image\/png;base64,/);
    expect(started.json().otpauthUri).toContain(`secret=${started.json().secret}`);
    const wrong = await call(vigil, session, "POST", "/api/account/second-factor/confirm", { code: "000000" === codeAt(started.json().secret, vigil.clock.now) ? "111111" : "000000" });
    expect(wrong.statusCode).toBe(400);
    const confirmed = await call(vigil, session, "POST", "/api/account/second-factor/confirm", { code: codeAt(started.json().secret, vigil.clock.now) });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { secret: started.json().secret as string, recoveryCodes: confirmed.json().recoveryCodes as string[] };
  }

  test("TOTP: a password alone no longer opens a session; a code does, once; a recovery code works once", async () => {
    vigil.clock.now = new Date();
    const email = demoEmail("incident_manager");
    const { secret, recoveryCodes } = await enrol(await signIn(vigil, email));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const first = await login(email);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ secondFactor: "totp", challenge: expect.any(String) });
    expect(first.cookies.find((c) => c.name === "vigil_session")).toBeUndefined();

    const wrong = await call(vigil, null, "POST", "/api/auth/second-factor", { challenge: first.json().challenge, code: "12345x" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("invalid_second_factor");
    expect((await lastAudit("second_factor_failed"))?.after).toMatchObject({ reason: "wrong_second_factor" });

    vigil.clock.now = new Date(vigil.clock.now.getTime() + 60_000);
    const code = codeAt(secret, vigil.clock.now);
    const ok = await call(vigil, null, "POST", "/api/auth/second-factor", { challenge: first.json().challenge, code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user.email).toBe(email);
    expect((await call(vigil, sessionOf(ok), "GET", "/api/auth/session")).statusCode).toBe(200);
    expect((await lastAudit("login"))?.after).toMatchObject({ method: "password+totp" });

    // The challenge is spent, and the same code cannot be replayed in a new sign-in.
    expect((await call(vigil, null, "POST", "/api/auth/second-factor", { challenge: first.json().challenge, code })).statusCode).toBe(401);
    const second = await login(email);
    const replay = await call(vigil, null, "POST", "/api/auth/second-factor", { challenge: second.json().challenge, code });
    expect(replay.json().error.code).toBe("invalid_second_factor");

    const recovered = await call(vigil, null, "POST", "/api/auth/second-factor", { challenge: second.json().challenge, recoveryCode: recoveryCodes[0].toUpperCase() });
    expect(recovered.statusCode, recovered.body).toBe(200);
    const third = await login(email);
    const reused = await call(vigil, null, "POST", "/api/auth/second-factor", { challenge: third.json().challenge, recoveryCode: recoveryCodes[0] });
    expect(reused.statusCode).toBe(401);
    const status = await call(vigil, sessionOf(recovered), "GET", "/api/account/second-factor");
    expect(status.json()).toMatchObject({ enabled: true, required: false, recoveryCodesLeft: 9 });
  });

  test("TOTP: wrong codes count against the account and lock it like wrong passwords", async () => {
    const email = demoEmail("contributor");
    await enrol(await signIn(vigil, email));
    const { challenge } = (await login(email)).json();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await call(vigil, null, "POST", "/api/auth/second-factor", { challenge, code: "000001" })).json().error.code);
    expect(answers.slice(0, 4)).toEqual(Array(4).fill("invalid_second_factor"));
    expect(answers[4]).toBe("sign_in_expired");
    const locked = await login(email);
    expect(locked.statusCode).toBe(401);
    expect((await lastAudit("lockout"))?.entityId).toBeTruthy();
    const admin = await signInAs(vigil, "admin");
    const users = (await call(vigil, admin, "GET", "/api/users")).json() as Array<{ id: string; email: string; locked: boolean }>;
    const user = users.find((u) => u.email === email)!;
    expect(user.locked).toBe(true);
    expect((await call(vigil, admin, "POST", `/api/users/${user.id}/unlock`)).statusCode).toBe(200);
    expect((await call(vigil, admin, "POST", `/api/users/${user.id}/second-factor/reset`)).statusCode).toBe(200);
    expect((await login(email)).json().csrfToken).toEqual(expect.any(String));
  });

  test("an administrator requires a second factor for a role: its members enrol before their first session; API tokens are unaffected", async () => {
    const auditor = await signInAs(vigil, "auditor");
    const token = (await call(vigil, auditor, "POST", "/api/tokens", { name: "ci", scopes: ["read"] })).json().token as string;
    expect((await call(vigil, auditor, "PUT", "/api/admin/sign-in-policy", { secondFactorRoles: ["auditor"] })).statusCode).toBe(403);
    const admin = await signInAs(vigil, "admin");
    const set = await call(vigil, admin, "PUT", "/api/admin/sign-in-policy", { secondFactorRoles: ["auditor"] });
    expect(set.json()).toEqual({ secondFactorRoles: ["auditor"] });
    expect((await call(vigil, admin, "GET", "/api/admin/sign-in-policy")).json()).toMatchObject({ secondFactorRoles: ["auditor"], passwordSignIn: "everyone", singleSignOn: null });

    const pending = await login(demoEmail("auditor"));
    expect(pending.json()).toEqual({ secondFactor: "enrol", challenge: expect.any(String) });
    const started = await call(vigil, null, "POST", "/api/auth/second-factor/enrolment", { challenge: pending.json().challenge });
    expect(started.statusCode, started.body).toBe(200);
    const done = await call(vigil, null, "POST", "/api/auth/second-factor/enrolment/confirm", { challenge: pending.json().challenge, code: codeAt(started.json().secret, vigil.clock.now) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().recoveryCodes).toHaveLength(10);
    expect(done.json().user.role).toBe("auditor");
    const disable = await call(vigil, sessionOf(done), "POST", "/api/account/second-factor/disable", { password: DEMO_PASSWORD });
    expect(disable.statusCode).toBe(409);

    const withToken = await vigil.app.inject({ method: "GET", url: "/api/risks", headers: { authorization: `Bearer ${token}` } });
    expect(withToken.statusCode).toBe(200);
    await call(vigil, admin, "PUT", "/api/admin/sign-in-policy", { secondFactorRoles: [] });
  });

  test("the sessions list shows each device and address; sign out everywhere ends all of them", async () => {
    const email = demoEmail("compliance_manager");
    const a = sessionOf(await login(email));
    const b = sessionOf(await login(email));
    const list = await call(vigil, a, "GET", "/api/account/sessions");
    expect(list.statusCode).toBe(200);
    const rows = list.json() as Array<{ id: string; current: boolean; userAgent: string; ip: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r.current)).toHaveLength(1);
    expect(rows.every((r) => r.userAgent === "TestBrowser/1.0" && r.ip === "127.0.0.1")).toBe(true);
    expect(rows.some((r) => a.cookie.includes(r.id) || b.cookie.includes(r.id))).toBe(false);

    const other = rows.find((r) => !r.current)!;
    expect((await call(vigil, a, "DELETE", `/api/account/sessions/${other.id}`)).statusCode).toBe(200);
    expect((await call(vigil, a, "GET", "/api/account/sessions")).json()).toHaveLength(rows.length - 1);

    const c = sessionOf(await login(email));
    const out = await call(vigil, a, "POST", "/api/account/sessions/sign-out-everywhere");
    expect(out.statusCode).toBe(200);
    expect((await call(vigil, a, "GET", "/api/auth/session")).statusCode).toBe(401);
    expect((await call(vigil, c, "GET", "/api/auth/session")).statusCode).toBe(401);
    expect((await lastAudit("logout_everywhere"))?.after).toMatchObject({ sessions: rows.length });
  });

  test("with password sign-in switched off, only a break-glass administrator may use a password", async () => {
    const { config, problems } = signInConfigFrom({
      VIGIL_OIDC_ISSUER: "http://127.0.0.1:9/unreachable",
      VIGIL_OIDC_CLIENT_ID: "vigil",
      VIGIL_OIDC_REDIRECT_URI: "http://127.0.0.1/api/auth/oidc/callback",
      VIGIL_OIDC_ROLE_MAP: "it=admin",
      VIGIL_LOCAL_SIGN_IN: "false",
      VIGIL_BREAK_GLASS_ADMINS: demoEmail("admin"),
    });
    expect(problems).toEqual([]);
    const locked = await startTestVigil(backend, { config: { signIn: config } });
    try {
      const methods = await call(locked, null, "GET", "/api/auth/methods");
      expect(methods.json()).toEqual({ passwordSignIn: "break_glass", singleSignOn: { label: expect.any(String), startUrl: "/api/auth/oidc/start" } });
      const refused = await call(locked, null, "POST", "/api/auth/login", { email: demoEmail("security_officer"), password: DEMO_PASSWORD });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe("password_sign_in_disabled");
      // A wrong password gets the usual answer: the switch tells nothing about the account.
      const wrong = await call(locked, null, "POST", "/api/auth/login", { email: demoEmail("security_officer"), password: "wrong-password-1" });
      expect(wrong.json().error.code).toBe("invalid_credentials");
      expect((await call(locked, null, "POST", "/api/auth/login", { email: demoEmail("admin"), password: DEMO_PASSWORD })).statusCode).toBe(200);
      // The identity provider is unreachable: a clear error on the sign-in page, audited, and the break-glass path stays.
      const start = await call(locked, null, "GET", "/api/auth/oidc/start");
      expect(start.statusCode).toBe(302);
      expect(start.headers.location).toBe("/sign-in?sso_error=unavailable");
      const [entry] = await locked.database.db.select().from(auditLog).where(eq(auditLog.action, "oidc_error")).limit(1);
      expect(entry.after).toMatchObject({ code: "unavailable" });
      const callback = await call(locked, null, "GET", "/api/auth/oidc/callback?code=x&state=y");
      expect(callback.headers.location).toBe("/sign-in?sso_error=expired");
    } finally {
      await locked.stop();
    }
  });
});

test("sign-in configuration names each bad variable and never echoes the client secret", () => {
  const { problems } = signInConfigFrom({
    VIGIL_OIDC_ISSUER: "http://idp.example.com",
    VIGIL_OIDC_CLIENT_SECRET: "s3cret-value",
    VIGIL_OIDC_ROLE_MAP: "it=root",
    VIGIL_LOCAL_SIGN_IN: "false",
  });
  expect(problems).toEqual([
    expect.stringContaining("VIGIL_OIDC_ISSUER"),
    "VIGIL_OIDC_CLIENT_ID: required with VIGIL_OIDC_ISSUER",
    expect.stringContaining("VIGIL_OIDC_REDIRECT_URI"),
    expect.stringContaining("VIGIL_OIDC_ROLE_MAP"),
    expect.stringContaining("VIGIL_BREAK_GLASS_ADMINS"),
  ]);
  expect(problems.join()).not.toContain("s3cret-value");
  expect(signInConfigFrom({ VIGIL_LOCAL_SIGN_IN: "false" }).problems).toEqual([expect.stringContaining("needs single sign-on")]);
});
