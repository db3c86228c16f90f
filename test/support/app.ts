import type { LightMyRequestResponse } from "fastify";
import { DEMO_PASSWORD, demoUsers } from "../../src/server/demo/seed";
import type { Config } from "../../src/server/platform/config";
import { createLogger } from "../../src/server/platform/logger";
import type { Role } from "../../src/core/access/roles";
import { assemble, type Vigil } from "../../src/server/server";
import { type Backend, createTestDatabase, type TestDatabase } from "./db";

export const testConfig: Config = {
  port: 0,
  host: "127.0.0.1",
  dataDir: "/nonexistent",
  demo: true,
  sessionHours: 12,
  trustProxy: false,
  workers: 0,
  logLevel: "silent",
  // Publishing refuses without a configured public URL (a Host header is never trusted for one).
  publicUrl: "http://vigil.test",
};

export type TestVigil = Vigil & { database: TestDatabase; clock: { now: Date }; stop(): Promise<void> };

/** A Vigil on a fresh database with the demo workspace, and an adjustable clock. */
export async function startTestVigil(
  backend: Backend,
  opts: { seedDemo?: boolean; logStream?: NodeJS.WritableStream; config?: Partial<Config> } = {},
): Promise<TestVigil> {
  const seedDemo = opts.seedDemo ?? true;
  const database = await createTestDatabase(backend, { seeded: seedDemo });
  const clock = { now: new Date() };
  const logger = createLogger(opts.logStream ? "info" : "silent", opts.logStream);
  const vigil = await assemble(database, { ...testConfig, ...opts.config }, logger, { now: () => clock.now, seedDemo });
  return {
    ...vigil,
    database,
    clock,
    async stop() {
      await vigil.close();
      await database.drop();
    },
  };
}

export type Session = { cookie: string; csrf: string; role?: Role };

export function demoEmail(role: Role): string {
  return demoUsers.find((u) => u.role === role)!.email;
}

export async function signIn(vigil: Vigil, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await vigil.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "vigil_session")!;
  return { cookie: `vigil_session=${cookie.value}`, csrf: res.json().csrfToken };
}

export async function signInAs(vigil: Vigil, role: Role): Promise<Session> {
  return { ...(await signIn(vigil, demoEmail(role))), role };
}

/** A request as a signed-in user (with the CSRF header) or anonymously. */
export function call(
  vigil: Vigil,
  session: Session | null,
  method: string,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return vigil.app.inject({
    method: method as "GET",
    url,
    payload: payload as object,
    headers: session ? { cookie: session.cookie, "x-csrf-token": session.csrf, ...headers } : headers,
  });
}

/** Runs every job that is due now (the demo's incident reminders among them); returns how many ran. */
export async function runDueJobs(vigil: Vigil, limit = 50): Promise<number> {
  let ran = 0;
  while (ran < limit && (await vigil.jobs.runOnce())) ran++;
  return ran;
}

/** Signs in a customer user of the demo's second hospital (Ziekenhuis Noord), created for the test by the admin. */
export async function signInAsOtherCustomer(vigil: TestVigil): Promise<Session> {
  const { eq } = await import("drizzle-orm");
  const { customers } = await import("../../src/server/customers/schema");
  const admin = await signInAs(vigil, "admin");
  const [nord] = await vigil.database.db.select().from(customers).where(eq(customers.name, "Ziekenhuis Noord"));
  const email = "ict@ziekenhuis-noord.example";
  const password = "noord-password-2026";
  const created = await call(vigil, admin, "POST", "/api/users", { email, name: "Noord ICT", role: "customer", password, customerId: nord.id });
  if (created.statusCode !== 201) throw new Error(`creating the Noord customer user failed: ${created.statusCode} ${created.body}`);
  return { ...(await signIn(vigil, email, password)), role: "customer" };
}
