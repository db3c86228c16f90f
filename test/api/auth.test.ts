import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/demo/seed";
import { LOCKOUT_AFTER_FAILURES } from "../../src/server/accounts/login";
import { backends } from "../support/db";
import { call, demoEmail, signIn, signInAs, startTestVigil, type TestVigil } from "../support/app";

describe.each(await backends())("accounts and sessions on %s", (backend) => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
  });
  afterAll(async () => vigil?.stop());

  test("sign in sets an HttpOnly, SameSite session cookie and returns a CSRF token", async () => {
    const res = await call(vigil, null, "POST", "/api/auth/login", { email: demoEmail("admin"), password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "vigil_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(res.json().user.role).toBe("admin");
  });

  test("wrong password and unknown e-mail answer alike", async () => {
    const a = await call(vigil, null, "POST", "/api/auth/login", { email: demoEmail("auditor"), password: "nope-nope-nope" });
    const b = await call(vigil, null, "POST", "/api/auth/login", { email: "nobody@example.com", password: "nope-nope-nope" });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.json().error.code).toBe("invalid_credentials");
  });

  test("state-changing requests without the CSRF header are refused", async () => {
    const s = await signInAs(vigil, "admin");
    const res = await vigil.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie: s.cookie },
      payload: { name: "x", scopes: ["read"] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("csrf_failed");
  });

  test("sign out ends the session", async () => {
    const s = await signInAs(vigil, "auditor");
    expect((await call(vigil, s, "GET", "/api/auth/session")).statusCode).toBe(200);
    expect((await call(vigil, s, "POST", "/api/auth/logout")).statusCode).toBe(200);
    const after = await call(vigil, s, "GET", "/api/auth/session");
    expect(after.statusCode).toBe(401);
  });

  test("an expired session is rejected with a clear message", async () => {
    const s = await signInAs(vigil, "auditor");
    const saved = vigil.clock.now;
    vigil.clock.now = new Date(saved.getTime() + 13 * 3600_000);
    try {
      const res = await call(vigil, s, "GET", "/api/auth/session");
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toMatch(/expired/);
    } finally {
      vigil.clock.now = saved;
    }
  });

  test("change password: the old one stops working, other sessions end", async () => {
    const email = demoEmail("contributor");
    const s1 = await signIn(vigil, email);
    const s2 = await signIn(vigil, email);
    const bad = await call(vigil, s1, "POST", "/api/auth/password", { currentPassword: "wrong-password", newPassword: "a-much-better-passphrase" });
    expect(bad.statusCode).toBe(400);
    const weak = await call(vigil, s1, "POST", "/api/auth/password", { currentPassword: DEMO_PASSWORD, newPassword: "short" });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].path).toBe("body/newPassword");
    const ok = await call(vigil, s1, "POST", "/api/auth/password", { currentPassword: DEMO_PASSWORD, newPassword: "a-much-better-passphrase" });
    expect(ok.statusCode).toBe(200);
    expect((await call(vigil, s1, "GET", "/api/auth/session")).statusCode).toBe(200);
    expect((await call(vigil, s2, "GET", "/api/auth/session")).statusCode).toBe(401);
    await expect(signIn(vigil, email)).rejects.toThrow(/401/);
    await signIn(vigil, email, "a-much-better-passphrase");
  });

  test("repeated failures lock the account; an admin unlocks it", async () => {
    const email = demoEmail("incident_manager");
    for (let i = 0; i < LOCKOUT_AFTER_FAILURES - 1; i++) {
      const r = await call(vigil, null, "POST", "/api/auth/login", { email, password: `wrong-${i}-password` }, { "x-forwarded-for": "10.0.0.9" });
      expect(r.statusCode).toBe(401);
    }
    const locking = await call(vigil, null, "POST", "/api/auth/login", { email, password: "wrong-last-password" });
    expect(locking.statusCode).toBe(401);
    // A locked account answers like a wrong password, so that nobody learns which accounts exist or are locked.
    const correctButLocked = await call(vigil, null, "POST", "/api/auth/login", { email, password: DEMO_PASSWORD });
    expect(correctButLocked.statusCode).toBe(401);
    expect(correctButLocked.json()).toEqual(locking.json());
    const admin = await signInAs(vigil, "admin");
    const users = (await call(vigil, admin, "GET", "/api/users")).json() as Array<{ id: string; email: string; locked: boolean }>;
    const target = users.find((u) => u.email === email)!;
    expect(target.locked).toBe(true);
    expect((await call(vigil, admin, "POST", `/api/users/${target.id}/unlock`)).statusCode).toBe(200);
    await signIn(vigil, email);
  });

  test("sign-in attempts from one address are throttled", async () => {
    let last = 0;
    for (let i = 0; i < 25; i++) {
      const r = await vigil.app.inject({
        method: "POST",
        url: "/api/auth/login",
        remoteAddress: "192.0.2.77",
        payload: { email: `nobody${i}@example.com`, password: "whatever-password" },
      });
      last = r.statusCode;
      if (last === 429) {
        expect(r.json().error.code).toBe("too_many_attempts");
        break;
      }
    }
    expect(last).toBe(429);
  });

  test("admin creates a user with a one-time password that must be changed", async () => {
    const admin = await signInAs(vigil, "admin");
    const res = await call(vigil, admin, "POST", "/api/users", { email: "New.Person@Demo-Medical.example", name: "New Person", role: "auditor" });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(user.email).toBe("new.person@demo-medical.example");
    expect(user.mustChangePassword).toBe(true);
    const login = await call(vigil, null, "POST", "/api/auth/login", { email: user.email, password: temporaryPassword });
    expect(login.json().mustChangePassword).toBe(true);
    const dup = await call(vigil, admin, "POST", "/api/users", { email: user.email, name: "Again", role: "auditor" });
    expect(dup.statusCode).toBe(409);
    const customerWithoutOrg = await call(vigil, admin, "POST", "/api/users", { email: "c@x.example", name: "C", role: "customer" });
    expect(customerWithoutOrg.statusCode).toBe(400);
  });

  test("API tokens: shown once, stored hashed, scoped, revocable, last use recorded", async () => {
    const officer = await signInAs(vigil, "security_officer");
    const created = await call(vigil, officer, "POST", "/api/tokens", { name: "CI pipeline", scopes: ["read"] });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^vgl_/);
    const stored = await vigil.database.db.execute("SELECT token_hash FROM api_tokens" as never);
    expect(JSON.stringify(stored)).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call(vigil, null, "GET", "/api/devices", undefined, bearer)).statusCode).toBe(200);
    // The read scope does not allow writing, although the owner's role would.
    const write = await call(vigil, null, "POST", "/api/devices", { name: "X", modelNumber: "X-1", kind: "medical_device" }, bearer);
    expect(write.statusCode).toBe(403);
    const list = (await call(vigil, officer, "GET", "/api/tokens")).json();
    expect(list.find((t: { id: string }) => t.id === apiToken.id).lastUsedAt).not.toBeNull();
    expect((await call(vigil, officer, "DELETE", `/api/tokens/${apiToken.id}`)).statusCode).toBe(200);
    const revoked = await call(vigil, null, "GET", "/api/devices", undefined, bearer);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe("invalid_token");
  });
});
