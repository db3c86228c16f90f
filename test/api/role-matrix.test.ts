import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { roleHas, roles, type Role } from "../../src/core/access/roles";
import { buildApp } from "../../src/server/platform/http/app";
import { backends } from "../support/db";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";

const placeholderId = "00000000-0000-4000-8000-000000000000";

function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z]+/g, placeholderId).replace(/\*$/, "x");
}

describe.each(await backends())("role × route matrix on %s", (backend) => {
  let vigil: TestVigil;
  const sessions = new Map<Role, Session>();
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    for (const role of roles) sessions.set(role, await signInAs(vigil, role));
  });
  afterAll(async () => vigil?.stop());

  test("every /api route declares its access and the table is complete", () => {
    const table = vigil.app.routeTable;
    expect(table.length).toBeGreaterThan(20);
    for (const r of table) expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
    const keys = table.map((r) => `${r.method} ${r.url}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("each route answers 401 / 403 / allowed exactly as declared, for anonymous callers and every role", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of vigil.app.routeTable) {
      const url = concreteUrl(route.url);
      const body = ["POST", "PUT", "PATCH"].includes(route.method) ? {} : undefined;
      const anon = await call(vigil, null, route.method, url, body);
      checked++;
      if (route.access === "public") {
        if ([401, 403].includes(anon.statusCode)) failures.push(`anonymous ${route.method} ${route.url}: ${anon.statusCode}`);
      } else if (anon.statusCode !== 401) {
        failures.push(`anonymous ${route.method} ${route.url}: expected 401, got ${anon.statusCode}`);
      }
      for (const role of roles) {
        const session = sessions.get(role)!;
        const res = await call(vigil, session, route.method, url, body);
        checked++;
        const allowed = route.access === "public" || route.access === "authenticated" || route.access === "session" || roleHas(role, route.access);
        if (allowed && [401, 403].includes(res.statusCode)) {
          failures.push(`${role} ${route.method} ${route.url}: allowed but got ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
        if (!allowed && (res.statusCode !== 403 || res.json().error.code !== "forbidden")) {
          failures.push(`${role} ${route.method} ${route.url}: expected 403, got ${res.statusCode}`);
        }
        const signedOut = route.url === "/api/auth/logout" || route.url === "/api/account/sessions/sign-out-everywhere";
        if (signedOut && res.statusCode === 200) sessions.set(role, await signInAs(vigil, role));
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(vigil.app.routeTable.length * (roles.length + 1));
    // Hundreds of routes × eight callers, each allowed call running its real handler: minutes on a loaded machine.
  }, 600_000);

  test("routes of the account itself (tokens, preferences, password, second factor, sessions) refuse an API token, even one with every scope", async () => {
    const admin = sessions.get("admin")!;
    const created = await call(vigil, admin, "POST", "/api/tokens", { name: "all scopes", scopes: Object.keys((await import("../../src/core/access/scopes")).tokenScopes) });
    expect(created.statusCode, created.body).toBe(201);
    const sessionRoutes = vigil.app.routeTable.filter((r) => r.access === "session");
    expect(sessionRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining([
        "GET /api/tokens",
        "POST /api/tokens",
        "DELETE /api/tokens/:id",
        "PUT /api/notifications/preferences",
        "GET /api/account/second-factor",
        "POST /api/account/second-factor/enrolment",
        "POST /api/account/second-factor/confirm",
        "POST /api/account/second-factor/recovery-codes",
        "POST /api/account/second-factor/disable",
        "GET /api/account/sessions",
        "DELETE /api/account/sessions/:id",
        "POST /api/account/sessions/sign-out-everywhere",
      ]),
    );
    for (const route of sessionRoutes) {
      const res = await vigil.app.inject({
        method: route.method as "GET",
        url: concreteUrl(route.url),
        payload: ["POST", "PUT", "PATCH"].includes(route.method) ? {} : undefined,
        headers: { authorization: `Bearer ${created.json().token}` },
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.json().error.code).toBe("session_required");
    }
  });

  test("a customer user sees only its own organisation's installed base", async () => {
    const res = await call(vigil, sessions.get("customer")!, "GET", "/api/portal/installations");
    expect(res.statusCode).toBe(200);
    const rows = res.json() as Array<{ customer: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.customer))).toEqual(new Set(["St. Lukas Klinikum"]));
  });
});

test("an /api route without a declared permission stops the app from starting", async () => {
  const { loadCatalog } = await import("../../src/server/catalog/load");
  const services = { database: {} as never, config: {} as never, jobs: {} as never, catalog: await loadCatalog(), now: () => new Date() };
  const app = await buildApp({ ...services, config: { trustProxy: false } as never }, pino({ level: "silent" }));
  await expect(
    (async () => {
      app.get("/api/undeclared", async () => ({ ok: true }));
      await app.ready();
    })(),
  ).rejects.toThrow(/declares no access permission/);
});
