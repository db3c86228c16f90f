import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { seedDemoWorkspace } from "../../src/server/demo/seed";
import { type Database, migrationsFolder, openEmbedded, openPostgres } from "../../src/server/platform/db/client";

export type Backend = "embedded" | "postgres";

import { adminUrl, seededTemplatePrefix } from "./templates";

export { adminUrl };

function migrationsHash(): string {
  const h = createHash("sha256");
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith(".sql")) h.update(f).update(readFileSync(path.join(migrationsFolder, f)));
  }
  // The journal decides which migrations run; a regenerated migration with the same SQL must still rebuild templates.
  h.update(readFileSync(path.join(migrationsFolder, "meta", "_journal.json")));
  return h.digest("hex").slice(0, 12);
}

let pgReachable: Promise<boolean> | null = null;

/** Whether the PostgreSQL test server answers. On CI its absence is a failure, never a skip. */
export function postgresAvailable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (err) {
      if (process.env.CI === "true") {
        throw new Error(`PostgreSQL test server at ${adminUrl} is unreachable on CI: ${(err as Error).message}`);
      }
      return false;
    }
  })();
  return pgReachable;
}

/** Back ends to run data-layer and API tests on: always the embedded one, PostgreSQL when reachable. */
export async function backends(): Promise<Backend[]> {
  return (await postgresAvailable()) ? ["embedded", "postgres"] : ["embedded"];
}

let embeddedTemplate: Promise<Blob> | null = null;

/** A migrated embedded data directory, built once and cached on disk for every test worker. */
function embeddedTemplateBlob(): Promise<Blob> {
  embeddedTemplate ??= (async () => {
    const file = path.join(os.tmpdir(), `vigil-pglite-template-${migrationsHash()}.tar.gz`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await openEmbedded(null);
    await db.migrate();
    const { PGlite } = await import("@electric-sql/pglite");
    void PGlite;
    const client = (db.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir("gzip");
    await db.close();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
    return blob;
  })();
  return embeddedTemplate;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let pgTemplate: Promise<string> | null = null;

function postgresTemplate(): Promise<string> {
  pgTemplate ??= (async () => {
    const name = `vigil_tpl_${migrationsHash()}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock(724117099)");
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!rowCount) {
        const building = `${name}_build_${process.pid}`;
        await client.query(`DROP DATABASE IF EXISTS ${building}`);
        await client.query(`CREATE DATABASE ${building}`);
        const db = await openPostgres(urlFor(building), { max: 1 });
        await db.migrate();
        await db.close();
        await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(724117099)").catch(() => {});
      await client.end();
    }
    return name;
  })();
  return pgTemplate;
}

export function urlFor(database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Seeding the demo workspace costs seconds per database, so each test run seeds one template per back end and
 * copies it. The run id (from the global setup) keeps a template from outliving its run: demo records are dated
 * relative to the moment they were seeded.
 */
function runId(): string {
  try {
    return String(inject("vigilRunId"));
  } catch {
    return `p${process.pid}`;
  }
}

let embeddedSeeded: Promise<Blob> | null = null;

function embeddedSeededBlob(): Promise<Blob> {
  embeddedSeeded ??= (async () => {
    const file = path.join(os.tmpdir(), `vigil-pglite-seeded-${migrationsHash()}-${runId()}.tar.gz`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await openEmbedded(null, { loadDataDir: await embeddedTemplateBlob() });
    await db.migrate();
    await seedDemoWorkspace(db.db);
    const client = (db.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir("gzip");
    await db.close();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
    return blob;
  })();
  return embeddedSeeded;
}

let pgSeeded: Promise<string> | null = null;

function postgresSeededTemplate(): Promise<string> {
  pgSeeded ??= (async () => {
    const base = await postgresTemplate();
    const name = `${seededTemplatePrefix(runId())}${migrationsHash()}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock(724117098)");
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!rowCount) {
        const building = `${name}_b${process.pid}`;
        await client.query(`DROP DATABASE IF EXISTS ${building}`);
        await createDatabaseFrom(building, base);
        const db = await openPostgres(urlFor(building), { max: 1 });
        await db.migrate();
        await seedDemoWorkspace(db.db);
        await db.close();
        await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(724117098)").catch(() => {});
      await client.end();
    }
    return name;
  })();
  return pgSeeded;
}

/** CREATE DATABASE … TEMPLATE fails while another test copies the same template at that moment: retry. */
async function createDatabaseFrom(name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (err) {
      if (attempt > 40 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export type TestDatabase = Database & { url?: string; drop(): Promise<void> };

/** A fresh, migrated database of the given kind: empty, or holding the demo workspace when `seeded`. */
export async function createTestDatabase(kind: Backend, opts: { seeded?: boolean } = {}): Promise<TestDatabase> {
  if (kind === "embedded") {
    const blob = opts.seeded ? await embeddedSeededBlob() : await embeddedTemplateBlob();
    const db = await openEmbedded(null, { loadDataDir: blob });
    await db.migrate();
    return { ...db, drop: () => db.close() };
  }
  const template = opts.seeded ? await postgresSeededTemplate() : await postgresTemplate();
  const name = `vigil_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await createDatabaseFrom(name, template);
  const url = urlFor(name);
  const db = await openPostgres(url, { max: 4 });
  await db.migrate();
  return {
    ...db,
    url,
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * An embedded data directory on disk holding the demo workspace, for tests that run the CLI as a separate process:
 * unpacked from the run's seeded template rather than seeded again.
 */
export async function seededDataDir(dataDir: string): Promise<void> {
  const db = await openEmbedded(dataDir, { loadDataDir: await embeddedSeededBlob() });
  await db.migrate();
  await db.close();
}
