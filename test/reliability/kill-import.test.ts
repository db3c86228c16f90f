import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresAvailable, createTestDatabase, type TestDatabase } from "../support/db";
import { runVigil, vigilBin } from "../support/cli";
import { generatedCycloneDx } from "../api/sbom-fixtures";

/**
 * A `vigil vulns import` or `vigil sbom push` killed with SIGKILL while its transaction writes: PostgreSQL rolls the
 * transaction back, so nothing of it remains (rows, import entry, audit entry), the audit chain verifies, and the
 * same command then completes.
 */
const RECORDS = 5_000;
const COMPONENTS = 10_000;
const available = await postgresAvailable();

describe.skipIf(!available)("killing an import on PostgreSQL", () => {
  let database: TestDatabase & { url?: string };
  let dir: string;
  const env = () => ({ DATABASE_URL: database.url!, VIGIL_DEMO: "false", LOG_LEVEL: "silent" });

  const scalar = async (query: string) => {
    const res = (await database.db.execute(sql.raw(query))) as unknown as { rows: Array<{ n: number }> };
    return Number(res.rows[0]!.n);
  };
  const state = async () => ({
    records: await scalar("select count(*)::int as n from vulnerability_records"),
    imports: await scalar("select count(*)::int as n from vulnerability_imports"),
    audit: await scalar("select count(*)::int as n from audit_log"),
    sboms: await scalar("select count(*)::int as n from sboms"),
    components: await scalar("select count(*)::int as n from sbom_components"),
    versions: await scalar("select count(*)::int as n from software_versions"),
  });

  /** Starts the command, waits until its session writes inside a transaction, kills it, and waits for the rollback. */
  const killWhileWriting = async (args: string[]) => {
    const child = spawn(process.execPath, [vigilBin, ...args], {
      env: { ...(process.env as Record<string, string>), ...env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    let finished = false;
    void exited.then(() => (finished = true));
    const name = new URL(database.url!).pathname.slice(1);
    let caught = false;
    for (let i = 0; i < 1200 && !finished; i++) {
      const writing = await scalar(
        `select count(*)::int as n from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid() and state in ('active', 'idle in transaction') and xact_start is not null and backend_xid is not null`,
      );
      if (writing > 0) {
        caught = true;
        child.kill("SIGKILL");
        break;
      }
      await sleep(50);
    }
    await exited;
    expect(caught, `${args.join(" ")} ended before it could be interrupted: ${stderr}`).toBe(true);
    // PostgreSQL notices the dropped connection and rolls back; wait for the backend to go away.
    await expect
      .poll(() => scalar(`select count(*)::int as n from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid() and backend_xid is not null`), { timeout: 30_000 })
      .toBe(0);
  };

  const chainIntact = async () => {
    const verify = await runVigil(["audit", "verify", "--json"], { env: env() });
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true });
  };

  beforeAll(async () => {
    database = await createTestDatabase("postgres", { seeded: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "vigil-kill-import-"));
    const osvDir = path.join(dir, "osv");
    mkdirSync(osvDir);
    for (let i = 0; i < RECORDS; i++) {
      const id = `VIGIL-KILL-${String(i).padStart(6, "0")}`;
      writeFileSync(
        path.join(osvDir, `${id}.json`),
        JSON.stringify({
          id,
          modified: "2026-11-01T00:00:00Z",
          summary: `Synthetic record ${i}`,
          affected: [{ package: { ecosystem: "npm", name: `kill-pkg-${i % 500}` }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: `1.${i}.0` }] }] }],
        }),
      );
    }
  }, 300_000);

  afterAll(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("SIGKILL mid-transaction leaves nothing half-written; the audit chain verifies; a re-run imports everything", async () => {
    const before = await state();
    await killWhileWriting(["vulns", "import", path.join(dir, "osv")]);
    expect(await state()).toEqual(before);
    await chainIntact();

    const again = await runVigil(["vulns", "import", path.join(dir, "osv"), "--json"], { env: env(), timeoutMs: 600_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ counts: { added: RECORDS } });
    const after = await state();
    expect(after.records).toBe(before.records + RECORDS);
    expect(after.imports).toBe(before.imports + 1);
    await chainIntact();
  }, 600_000);

  test("SIGKILL during an SBOM push straight into the database leaves no SBOM, component or new version; a re-run imports it", async () => {
    const file = path.join(dir, "kill.cdx.json");
    writeFileSync(file, generatedCycloneDx(COMPONENTS));
    const push = ["sbom", "push", "--device", "IS-300", "--version", "9.9.9-kill", "--create-version", file];
    const before = await state();
    await killWhileWriting(push);
    expect(await state()).toEqual(before);
    await chainIntact();

    const again = await runVigil([...push, "--json"], { env: env(), timeoutMs: 600_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: true, versionCreated: true, componentCount: COMPONENTS });
    const after = await state();
    expect(after.sboms).toBe(before.sboms + 1);
    expect(after.components).toBe(before.components + COMPONENTS);
    expect(after.versions).toBe(before.versions + 1);
    await chainIntact();
  }, 600_000);
});
