// The two back ends the workspace benchmark runs on: the embedded database in a scratch data folder, and a scratch
// database `vigil_bench_<pid>` on the PostgreSQL test server (created and dropped through its `postgres` database).
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, openEmbedded, openPostgres } from "../../src/server/platform/db/client";
import { adminUrl } from "../../test/support/templates";

export type BenchDatabase = {
  database: Database;
  label: string;
  /** What the database takes on disk: pg_database_size, and for the embedded one its whole data folder (WAL included). */
  size(): Promise<{ databaseBytes: number; folderBytes?: number }>;
  drop(): Promise<void>;
};

async function databaseSize(database: Database): Promise<number> {
  const r = await database.db.execute(sql`SELECT pg_database_size(current_database())::bigint AS size`);
  return Number((r as unknown as { rows: Array<{ size: number | string }> }).rows[0].size);
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

export async function openEmbeddedBench(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigil-bench-"));
  const database = await openEmbedded(dataDir);
  return {
    database,
    label: `embedded (PGlite, data folder ${dataDir})`,
    async size() {
      await database.db.execute(sql`CHECKPOINT`);
      return { databaseBytes: await databaseSize(database), folderBytes: folderBytes(path.join(dataDir, "pgdata")) };
    },
    async drop() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function urlOf(name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf("postgres"), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** A scratch PostgreSQL database, or the reason why there is none. */
export async function openPostgresBench(): Promise<BenchDatabase | { unavailable: string }> {
  const name = `vigil_bench_${process.pid}`;
  try {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
  } catch (err) {
    return { unavailable: `PostgreSQL at ${urlOf("postgres").replace(/\/\/[^@]*@/, "//")} is unreachable (${(err as Error).message})` };
  }
  const database = await openPostgres(urlOf(name), { max: 10 });
  const server = await database.db.execute(sql`SHOW server_version`);
  const version = (server as unknown as { rows: Array<{ server_version: string }> }).rows[0]?.server_version ?? "?";
  return {
    database,
    label: `PostgreSQL ${version} at 127.0.0.1 (scratch database ${name})`,
    async size() {
      return { databaseBytes: await databaseSize(database) };
    },
    async drop() {
      await database.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
