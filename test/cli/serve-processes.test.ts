import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runVigil, startVigilServer, vigilBin } from "../support/cli";
import { backends, createTestDatabase, type TestDatabase } from "../support/db";

describe("vigil serve --processes", () => {
  test("the embedded database refuses several processes with a clear message", async () => {
    const refused = await runVigil(["serve", "--processes", "2"], { env: { VIGIL_DATA_DIR: "/nonexistent/vigil", DATABASE_URL: "" } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/several processes need PostgreSQL \(set DATABASE_URL\)/);
    const bad = await runVigil(["serve"], { env: { VIGIL_PROCESSES: "many" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/VIGIL_PROCESSES="many": must be a whole number of processes \(1 or more\) or auto/);
  });
});

describe("vigil serve stops cleanly", () => {
  // Regression: the signal handlers were installed only after the banner was written, so a SIGTERM sent as soon as
  // /api/health answered killed the process without closing the embedded database.
  test("a SIGTERM sent the moment /api/health first answers closes the server and exits 0", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigil-serve-stop-"));
    const port = await freePort();
    const child = spawn(process.execPath, [vigilBin, "serve"], {
      env: { ...process.env, DATABASE_URL: "", VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", PORT: String(port), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      for (let answered = false; !answered; ) {
        answered = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (child.exitCode !== null) throw new Error(`server exited early: ${out}`);
      }
      child.kill("SIGTERM");
      expect(await exited, out).toBe(0);
      expect(out).toContain('"msg":"shutting down"');
    } finally {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.runIf((await backends()).includes("postgres"))("vigil serve --processes on PostgreSQL", () => {
  let database: TestDatabase | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await database?.drop();
  });

  test("two processes answer on one port; only the first runs jobs; SIGTERM stops both", async () => {
    database = await createTestDatabase("postgres", { seeded: true });
    const server = await startVigilServer({ DATABASE_URL: database.url!, VIGIL_PROCESSES: "2", LOG_LEVEL: "info" });
    child = server.child;
    expect(server.output()).toContain("processes: 2 on one port");

    // A new connection per request: the primary hands connections to the processes in turn.
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.url}/api/health`, { headers: { connection: "close" } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", database: "postgres" });
    }
    const answeredBy = new Set(
      server
        .output()
        .split("\n")
        .filter((line) => line.includes('"url":"/api/health"'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
    expect(answeredBy.size).toBe(2);
    expect(answeredBy.has(child.pid!)).toBe(false); // the primary only hands connections on
    const jobRunners = server.output().split("\n").filter((line) => line.includes('"msg":"job workers started"'));
    expect(jobRunners).toHaveLength(1);

    const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 180_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
