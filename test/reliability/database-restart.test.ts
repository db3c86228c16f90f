import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD, demoUsers } from "../../src/server/demo/seed";
import { startVigilServer } from "../support/cli";
import { backends, createTestDatabase, type TestDatabase } from "../support/db";

/**
 * PostgreSQL going away under a running `vigil serve`. The server's connections run through a TCP relay in this test,
 * so the test can do what a PostgreSQL restart does to a client — every open connection cut, new ones refused for a
 * while, then accepted again — without stopping the PostgreSQL server other tests share. A restart as PostgreSQL
 * itself performs it (backends terminated by the administrator) is done too, with pg_terminate_backend.
 */

type Relay = { port: number; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> };

async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) => new Promise<number>((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
  const port = await listen(0);
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return {
    port,
    down: stop,
    up: async () => {
      await listen(port);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}

describe.runIf((await backends()).includes("postgres"))("PostgreSQL restarted while Vigil runs", () => {
  let database: TestDatabase;
  let relay: Relay;
  let server: { child: ChildProcess; url: string; output(): string };
  let cookie = "";
  let csrf = "";

  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf }, body: JSON.stringify(body) });

  /** While the database is unreachable, every answer is a 503 with a JSON error, never a 500, a 401 or a dropped connection. */
  const expectCleanFailure = async (res: Response) => {
    const body = await res.text();
    expect(res.status, `${res.url}: ${body}\n${server.output().slice(-2000)}`).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "database_unavailable" } });
  };

  beforeAll(async () => {
    database = await createTestDatabase("postgres", { seeded: true });
    relay = await startRelay(Number(new URL(database.url!).port || 5432));
    const url = new URL(database.url!);
    url.port = String(relay.port);
    // VIGIL_WORKERS: the job worker keeps polling the queue through the outage as well.
    server = await startVigilServer({ DATABASE_URL: url.toString(), VIGIL_DEMO: "false", VIGIL_WORKERS: "1" });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: demoUsers[0].email, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = login.headers.getSetCookie().find((c) => c.startsWith("vigil_session="))!.split(";")[0];
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  }, 180_000);

  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await relay?.close();
    await database?.drop();
  });

  test("backends terminated by the administrator, again and again, under traffic: clean 503s at worst, and recovery", async () => {
    expect((await get("/api/devices")).status).toBe(200);
    const name = new URL(database.url!).pathname.slice(1);
    // Requests (and the job worker's polls) keep connections checked out and inside transactions while their
    // backends are terminated: any status is 200 or a clean 503, and the process stays up.
    const statuses: number[] = [];
    const traffic = (async () => {
      for (let i = 0; i < 60; i++) {
        const batch = await Promise.all(["/api/devices", "/api/dashboard", "/api/findings", "/api/incidents"].map((p) => get(p)));
        for (const res of batch) {
          if (res.status !== 200) await expectCleanFailure(res);
          else await res.arrayBuffer();
          statuses.push(res.status);
        }
      }
    })();
    for (let i = 0; i < 20; i++) {
      await database.db.execute(sql.raw(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`));
      await sleep(100);
    }
    await traffic;
    expect(server.child.exitCode).toBeNull();
    expect(statuses.length).toBe(240);
    await expect.poll(async () => (await get("/api/devices")).status, { timeout: 30_000 }).toBe(200);
  }, 120_000);

  test("unreachable for a while: clean 503s, the session survives, and service resumes without a restart of Vigil", async () => {
    await relay.down();
    for (const path of ["/api/devices", "/api/findings", "/api/dashboard", "/api/health"]) await expectCleanFailure(await get(path));
    await expectCleanFailure(await post("/api/devices", { name: "Written during the outage", modelNumber: "PG-DOWN", kind: "medical_device" }));
    await sleep(3_000); // the job worker polls the queue meanwhile
    expect(server.child.exitCode).toBeNull();

    await relay.up();
    await expect.poll(async () => (await get("/api/devices")).status, { timeout: 30_000 }).toBe(200);
    // Same session, no sign-in again; nothing of the refused write was stored; writes work.
    const models = (await (await get("/api/devices")).json()) as Array<{ modelNumber: string }>;
    expect(models.map((m) => m.modelNumber)).not.toContain("PG-DOWN");
    expect((await post("/api/devices", { name: "Written after the outage", modelNumber: "PG-BACK", kind: "medical_device" })).status).toBe(201);
    expect(await (await get("/api/audit/verify")).json()).toMatchObject({ intact: true });
    expect(server.output()).not.toMatch(/unhandled|uncaught/i);
    // The failed queries' parameter values (here the session's hash) are not in the log.
    const token = cookie.split("=")[1];
    expect(server.output()).toMatch(/database unavailable/);
    expect(server.output()).not.toContain(token);
    expect(server.output()).not.toContain(createHash("sha256").update(token).digest("hex"));
  }, 90_000);
});
