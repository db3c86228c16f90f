import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresAvailable, createTestDatabase, type TestDatabase } from "../support/db";
import { runVigil, vigilBin } from "../support/cli";
import { generatedCycloneDx } from "../api/sbom-fixtures";

/**
 * A `vigil vulns import`, `vigil sbom push` or `vigil restore` killed with SIGKILL while its transaction writes:
 * PostgreSQL rolls the transaction back, so nothing of it remains (rows, import entry, audit entry), the audit chain
 * verifies, and the same command then completes. A `vigil backup` killed while it reads leaves the previous backup
 * file as it was.
 */
const RECORDS = 5_000;
const COMPONENTS = 10_000;
const available = await postgresAvailable();

/** A session of the killed command inside a transaction that has written something. */
const WRITING = "state in ('active', 'idle in transaction') and xact_start is not null and backend_xid is not null";
/** A session of the killed command reading a table inside a transaction (a backup's read-only snapshot). */
const READING_TABLES = `state in ('active', 'idle in transaction') and xact_start is not null and query ilike 'select %from "%'`;

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe.skipIf(!available)("killing an import, a backup or a restore on PostgreSQL", () => {
  let database: TestDatabase & { url?: string };
  let dir: string;
  const env = (url = database.url!) => ({ DATABASE_URL: url, VIGIL_DEMO: "false", LOG_LEVEL: "silent" });

  const scalar = async (query: string, on: TestDatabase = database) => {
    const res = (await on.db.execute(sql.raw(query))) as unknown as { rows: Array<{ n: number }> };
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

  /** Starts the command, waits until its session is inside a transaction as `when` says, kills it, waits for the rollback. */
  const killWhile = async (args: string[], opts: { when?: string; on?: TestDatabase } = {}) => {
    const on = opts.on ?? database;
    const child = spawn(process.execPath, [vigilBin, ...args], {
      env: { ...(process.env as Record<string, string>), ...env(on.url!) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    let finished = false;
    void exited.then(() => (finished = true));
    const name = new URL(on.url!).pathname.slice(1);
    let caught = false;
    for (let i = 0; i < 6000 && !finished; i++) {
      const inside = await scalar(`select count(*)::int as n from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid() and ${opts.when ?? WRITING}`, on);
      if (inside > 0) {
        caught = true;
        child.kill("SIGKILL");
        break;
      }
      await sleep(10);
    }
    await exited;
    expect(caught, `${args.join(" ")} ended before it could be interrupted: ${stderr}`).toBe(true);
    // PostgreSQL notices the dropped connection and rolls back; wait for the backend to go away.
    await expect
      .poll(() => scalar(`select count(*)::int as n from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid() and xact_start is not null`, on), { timeout: 30_000 })
      .toBe(0);
  };

  const chainIntact = async (url?: string) => {
    const verify = await runVigil(["audit", "verify", "--json"], { env: env(url) });
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true });
  };

  beforeAll(async () => {
    database = await createTestDatabase("postgres", { seeded: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "vigil-kill-process-"));
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
    await killWhile(["vulns", "import", path.join(dir, "osv")]);
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
    await killWhile(push);
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

  test("SIGKILL during a backup leaves the previous backup file as it was; a re-run writes the same bytes", async () => {
    const file = path.join(dir, "workspace.json");
    const first = await runVigil(["backup", file], { env: env(), timeoutMs: 300_000 });
    expect(first.code, first.stderr).toBe(0);
    const before = { sha: sha256(file), state: await state() };

    await killWhile(["backup", "--force", file], { when: READING_TABLES });
    expect(sha256(file)).toBe(before.sha);
    expect(await state()).toEqual(before.state);
    await chainIntact();

    const again = await runVigil(["backup", "--force", file], { env: env(), timeoutMs: 300_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(sha256(file)).toBe(before.sha);
  }, 600_000);

  test("SIGKILL during a restore leaves the target database empty; a re-run restores it and exports the same bytes", async () => {
    const file = path.join(dir, "workspace.json");
    if (!existsSync(file)) expect((await runVigil(["backup", file], { env: env(), timeoutMs: 300_000 })).code).toBe(0);
    const target = await createTestDatabase("postgres");
    try {
      // Every table of the schema, counted exactly (statistics would lag behind).
      const rows = async () => {
        const res = (await target.db.execute(
          sql.raw("select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%migrations%'"),
        )) as unknown as { rows: Array<{ t: string }> };
        const counts: Record<string, number> = {};
        for (const { t } of res.rows) counts[t] = await scalar(`select count(*)::int as n from "${t}"`, target);
        return counts;
      };
      const empty = await rows();
      expect(Object.keys(empty).length).toBeGreaterThan(30);
      await killWhile(["restore", file], { on: target });
      expect(await rows()).toEqual(empty);

      const again = await runVigil(["restore", file], { env: env(target.url), timeoutMs: 300_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Audit chain intact/);
      await chainIntact(target.url);
      const copy = path.join(dir, "restored.json");
      const exported = await runVigil(["backup", copy], { env: env(target.url), timeoutMs: 300_000 });
      expect(exported.code, exported.stderr).toBe(0);
      expect(sha256(copy)).toBe(sha256(file));
    } finally {
      await target.drop();
    }
  }, 600_000);
});
