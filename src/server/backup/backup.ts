import { readFileSync } from "node:fs";
import path from "node:path";
import { asc, getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { canonicalJson } from "../../core/audit/chain";
import { type Db, migrationsFolder } from "../platform/db/client";
import { tablesInOrder } from "../platform/db/schema";

export const BACKUP_FORMAT = "vigil-backup";
export const BACKUP_FORMAT_VERSION = 1;

export type Backup = {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  schemaVersion: string;
  tables: Record<string, { columns: string[]; rows: unknown[][] }>;
};

/** The newest migration's tag: a backup restores only into a database at the same schema version. */
export function currentSchemaVersion(): string {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: Array<{ tag: string }>;
  };
  return journal.entries[journal.entries.length - 1].tag;
}

function columnsOf(table: PgTable) {
  return Object.entries(getTableColumns(table)).map(([key, col]) => ({ key, col }));
}

function primaryKeyOrder(table: PgTable) {
  const cols = getTableColumns(table);
  const pk = Object.values(cols).filter((c) => c.primary);
  return pk.map((c) => asc(c));
}

/**
 * Exports every table inside one repeatable-read transaction, so that the export is consistent even while
 * others write. Rows are ordered by primary key, so that the same workspace always gives the same bytes.
 */
export async function exportWorkspace(db: Db): Promise<Backup> {
  return db.transaction(
    async (tx) => {
      const tables: Backup["tables"] = {};
      for (const [name, table] of Object.entries(tablesInOrder) as Array<[string, PgTable]>) {
        const cols = columnsOf(table);
        const rows = await tx.select().from(table).orderBy(...primaryKeyOrder(table));
        tables[name] = {
          columns: cols.map((c) => c.key),
          rows: rows.map((r) => cols.map(({ key }) => serialise((r as Record<string, unknown>)[key]))),
        };
      }
      return { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, schemaVersion: currentSchemaVersion(), tables };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

function serialise(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

export function backupToText(backup: Backup): string {
  return `${canonicalJson(backup)}\n`;
}

export class BackupError extends Error {}

export function parseBackup(text: string): Backup {
  let doc: Backup;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new BackupError(`Not a Vigil backup: the file is not valid JSON (${(err as Error).message})`);
  }
  if (doc?.format !== BACKUP_FORMAT) throw new BackupError("Not a Vigil backup: missing format marker");
  if (doc.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupError(`Backup format version ${doc.formatVersion} is not supported (expected ${BACKUP_FORMAT_VERSION})`);
  }
  if (doc.schemaVersion !== currentSchemaVersion()) {
    throw new BackupError(`Backup schema ${doc.schemaVersion} differs from this Vigil's schema ${currentSchemaVersion()}; restore it with the matching Vigil version`);
  }
  for (const name of Object.keys(doc.tables ?? {})) {
    if (!(name in tablesInOrder)) throw new BackupError(`Backup contains unknown table ${name}`);
  }
  return doc;
}

/** Restores into an empty, migrated database in one transaction: all or nothing. */
export async function restoreWorkspace(db: Db, backup: Backup): Promise<Record<string, number>> {
  for (const [name, table] of Object.entries(tablesInOrder) as Array<[string, PgTable]>) {
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
    if (Number(n) > 0) throw new BackupError(`The target database is not empty (table ${name} has ${n} rows); restore needs an empty database`);
  }
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    for (const [name, table] of Object.entries(tablesInOrder) as Array<[string, PgTable]>) {
      const data = backup.tables[name];
      counts[name] = data?.rows.length ?? 0;
      if (!data || data.rows.length === 0) continue;
      const cols = getTableColumns(table);
      for (const key of data.columns) {
        if (!(key in cols)) throw new BackupError(`Backup table ${name} has unknown column ${key}`);
      }
      const records = data.rows.map((row) =>
        Object.fromEntries(
          data.columns.map((key, i) => {
            const v = row[i];
            return [key, cols[key].columnType === "PgTimestamp" && typeof v === "string" ? new Date(v) : v];
          }),
        ),
      );
      for (let i = 0; i < records.length; i += 500) {
        await tx.insert(table).values(records.slice(i, i + 500) as never);
      }
    }
  });
  return counts;
}

export const tableNames = Object.keys(tablesInOrder);
