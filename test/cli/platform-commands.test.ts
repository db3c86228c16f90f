import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runVigil } from "../support/cli";
import { adminQuery, backends, createTestDatabase, urlFor } from "../support/db";

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("configuration and start-up errors", () => {
  test("a bad environment variable is named, exit 2, no stack trace", async () => {
    const r = await runVigil(["migrate"], { env: { PORT: "eighty", VIGIL_DATA_DIR: path.join(tmp, "x") } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT="eighty"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("an unreachable PostgreSQL gets a clear message with the password hidden", async () => {
    const r = await runVigil(["migrate"], { env: { DATABASE_URL: "postgres://vigil:s3cret@127.0.0.1:1/vigil" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot connect to PostgreSQL at postgres:\/\/vigil:\*\*\*@127\.0\.0\.1:1\/vigil/);
    expect(r.stderr).not.toContain("s3cret");
  });

  test("unknown sub-command → usage error, exit 2", async () => {
    const r = await runVigil(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});

describe("embedded database: user, audit, backup and restore from the command line", () => {
  const dataDir = path.join(tmp, "data");
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false" };

  test("migrate, create a user, verify the audit chain, back up and restore exactly", async () => {
    expect((await runVigil(["migrate"], { env })).code).toBe(0);
    const created = await runVigil(["user", "create", "--email", "ops@example.com", "--role", "admin", "--password-stdin"], {
      env,
      input: "a-long-enough-password\n",
    });
    expect(created.stderr).toBe("");
    expect(created.stdout).toMatch(/Created ops@example.com \(admin\)/);
    const badRole = await runVigil(["user", "create", "--email", "x@example.com", "--role", "overlord"], { env });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Unknown role 'overlord'/);
    const verify = await runVigil(["audit", "verify", "--json"], { env });
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true, entries: 1 });

    const file = path.join(tmp, "ws.json.gz");
    expect((await runVigil(["backup", file], { env })).code).toBe(0);
    expect((await runVigil(["backup", file], { env })).stderr).toMatch(/exists; use --force/);

    const env2 = { VIGIL_DATA_DIR: path.join(tmp, "data2"), VIGIL_DEMO: "false" };
    const restored = await runVigil(["restore", file], { env: env2 });
    expect(restored.stdout).toMatch(/Restored \d+ rows .* Audit chain intact/);
    const file2 = path.join(tmp, "ws2.json.gz");
    expect((await runVigil(["backup", file2], { env: env2 })).code).toBe(0);
    const { gunzipSync } = await import("node:zlib");
    expect(gunzipSync(readFileSync(file2)).toString()).toBe(gunzipSync(readFileSync(file)).toString());
    const again = await runVigil(["restore", file], { env: env2 });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
  }, 300_000);
});

describe.runIf((await backends()).includes("postgres"))("PostgreSQL from the command line", () => {
  test("restore a backup from the embedded database into an empty PostgreSQL database", async () => {
    const name = `vigil_cli_${process.pid}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${name}`);
    try {
      const env = { DATABASE_URL: urlFor(name), VIGIL_DEMO: "false" };
      const r = await runVigil(["restore", path.join(tmp, "ws.json.gz")], { env });
      expect(r.stdout).toMatch(/Audit chain intact/);
      const v = await runVigil(["audit", "verify"], { env });
      expect(v.stdout).toMatch(/intact: 1 entries/);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  test("restore drill: the demo workspace backed up on PostgreSQL, restored into an embedded database and back, exports byte for byte the same", async () => {
    const { gunzipSync } = await import("node:zlib");
    const source = await createTestDatabase("postgres", { seeded: true });
    const target = `vigil_drill_${process.pid}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${target}`);
    try {
      const fromPostgres = path.join(tmp, "drill-pg.json.gz");
      expect((await runVigil(["backup", fromPostgres], { env: { DATABASE_URL: source.url!, VIGIL_DEMO: "false" } })).code).toBe(0);

      const embedded = { VIGIL_DATA_DIR: path.join(tmp, "drill-embedded"), VIGIL_DEMO: "false", DATABASE_URL: "" };
      const intoEmbedded = await runVigil(["restore", fromPostgres], { env: embedded });
      expect(intoEmbedded.code, intoEmbedded.stderr).toBe(0);
      expect(intoEmbedded.stdout).toMatch(/Audit chain intact/);
      const fromEmbedded = path.join(tmp, "drill-embedded.json.gz");
      expect((await runVigil(["backup", fromEmbedded], { env: embedded })).code).toBe(0);

      const back = { DATABASE_URL: urlFor(target), VIGIL_DEMO: "false" };
      const intoPostgres = await runVigil(["restore", fromEmbedded], { env: back });
      expect(intoPostgres.code, intoPostgres.stderr).toBe(0);
      const again = path.join(tmp, "drill-again.json.gz");
      expect((await runVigil(["backup", again], { env: back })).code).toBe(0);
      const verify = await runVigil(["audit", "verify", "--json"], { env: back });
      expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true });

      const text = (f: string) => gunzipSync(readFileSync(f)).toString();
      expect(text(fromEmbedded)).toBe(text(fromPostgres));
      expect(text(again)).toBe(text(fromPostgres));
      // The drill ran on a real workspace, not an empty one.
      expect(JSON.parse(verify.stdout).entries).toBeGreaterThan(10);
    } finally {
      await source.drop();
      await adminQuery(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    }
  }, 300_000);
});
