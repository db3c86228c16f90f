import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type pg from "pg";
import { redactUrl } from "../config";
import { securePrivateDataDir, tightenBelow } from "./data-dir";
import { takeTurnsBetweenQueries } from "./event-loop-turns";
import * as schema from "./schema";
import { serialiseTransactionClients } from "./serial-client";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  kind: "embedded" | "postgres";
  db: Db;
  /** Human-readable location (data folder or redacted URL). */
  location: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../migrations");

export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

const MIGRATION_LOCK_KEY = 724_117_001;

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Database> {
  const { default: pgModule } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  // bigint (int8) values in this schema fit in a JS number (counts, euros, sequence numbers).
  pgModule.types.setTypeParser(20, (v: string) => Number(v));
  const pool: pg.Pool = new pgModule.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 5000 });
  serialiseTransactionClients(pool);
  pool.on("error", () => {
    // An idle client lost its connection (e.g. the server restarted); the pool replaces it on next use.
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    location: redactUrl(url),
    async migrate() {
      // Several processes may start together: one migrates, the others wait for it.
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migrate(drizzle(client, { schema }), { migrationsFolder });
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Opens (creating when needed) the embedded PostgreSQL (PGlite) stored in `dataDir`. */
export async function openEmbedded(dataDir: string | null, opts: { loadDataDir?: Blob; log?: (message: string) => void } = {}): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let release = () => {};
  let client: PGlite;
  if (dataDir) {
    const tightened = await securePrivateDataDir(dataDir);
    if (tightened) opts.log?.(tightened);
    release = acquireDataDirLock(dataDir);
    try {
      client = new PGlite(path.join(dataDir, "pgdata"), embeddedOptions(PGlite, opts.loadDataDir));
      await client.waitReady;
    } catch (err) {
      release();
      throw new DatabaseUnavailableError(
        `Cannot open the embedded database in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  } else {
    client = new PGlite(embeddedOptions(PGlite, opts.loadDataDir));
    await client.waitReady;
  }
  // Files the database created since the last start lose group and other permissions. The walk (1,700 entries with
  // the demo workspace) runs beside the rest of the start instead of before it; close waits for it.
  const tidied = dataDir ? tightenBelow(dataDir).catch((err) => opts.log?.(`could not tighten the permissions below ${dataDir}: ${err.message}`)) : null;
  takeTurnsBetweenQueries(client);
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: "embedded",
    db,
    location: dataDir ?? "memory",
    async migrate() {
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    },
    async close() {
      await tidied;
      await client.close();
      release();
    },
  };
}

/**
 * PGlite starts PostgreSQL with its default 128 MB of shared buffers, which it clears at every start inside its
 * WebAssembly memory: more than a second of the start and about 120 MB of resident memory. 32 MB hold what a
 * workspace reads often; the rest comes from the operating system's file cache.
 */
const EMBEDDED_SHARED_BUFFERS = "32MB";

function embeddedOptions(pglite: { defaultStartParams: string[] }, loadDataDir: Blob | undefined) {
  return { startParams: [...pglite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`], ...(loadDataDir ? { loadDataDir } : {}) };
}

/** One process at a time may own an embedded data folder; a second gets a clear message instead of corruption. */
function acquireDataDirLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "vigil.pid");
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DatabaseUnavailableError(
        `The embedded database in ${dataDir} is in use by process ${pid}. ` +
          "Stop it first, or run several processes on PostgreSQL (DATABASE_URL).",
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }, log?: (message: string) => void): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openEmbedded(opts.dataDir, { log });
}
