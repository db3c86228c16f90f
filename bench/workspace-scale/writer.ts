// Bulk inserts for the generated workspace: one JSON parameter per batch, expanded by the database with
// jsonb_populate_recordset, as the SBOM import stores components (src/server/sboms/import.ts, insertRecordset).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../src/server/platform/db/client";

export type TableStats = { rows: number; ms: number; jsonBytes: number };

type ColumnInfo = { key: string; name: string; fill: (() => unknown) | null };

/**
 * Writes batches in order with at most one statement in flight, so that the next batch is generated while the
 * database stores the previous one. Each column missing from a record gets its schema default (id, timestamps,
 * literal defaults); `jsonb_populate_recordset` itself would store NULL.
 */
export class RecordsetWriter {
  private tail: Promise<void> = Promise.resolve();
  private readonly columns = new Map<PgTable, ColumnInfo[]>();
  readonly stats = new Map<string, TableStats>();

  constructor(private readonly db: Db) {}

  async write<T extends PgTable>(table: T, rows: Array<T["$inferInsert"]>): Promise<void> {
    if (rows.length === 0) return;
    await this.tail;
    const text = this.serialise(table, rows);
    const name = getTableName(table);
    const started = performance.now();
    const pending = this.db
      .execute(sql`INSERT INTO ${sql.identifier(name)} SELECT * FROM jsonb_populate_recordset(NULL::${sql.identifier(name)}, ${text}::jsonb)`)
      .then(() => {
        const s = this.stats.get(name) ?? { rows: 0, ms: 0, jsonBytes: 0 };
        s.rows += rows.length;
        s.ms += performance.now() - started;
        s.jsonBytes += text.length;
        this.stats.set(name, s);
      });
    // Rejections surface at the next write or flush, not as an unhandled rejection in between.
    pending.catch(() => {});
    this.tail = pending;
  }

  flush(): Promise<void> {
    return this.tail;
  }

  private serialise(table: PgTable, rows: Array<Record<string, unknown>>): string {
    const columns = this.columnsOf(table);
    const records = rows.map((r) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const v = r[c.key];
        out[c.name] = v === undefined ? (c.fill ? c.fill() : null) : v;
      }
      return out;
    });
    return JSON.stringify(records);
  }

  private columnsOf(table: PgTable): ColumnInfo[] {
    let cols = this.columns.get(table);
    if (!cols) {
      cols = Object.entries(getTableColumns(table)).map(([key, column]) => {
        const c = column as unknown as { name: string; primary: boolean; defaultFn?: () => unknown; default?: unknown; hasDefault: boolean };
        let fill: (() => unknown) | null = null;
        if (c.defaultFn) fill = c.defaultFn;
        else if (c.hasDefault && c.default !== undefined && typeof c.default !== "object") fill = () => c.default;
        if (c.primary && c.name === "id" && !fill) fill = () => randomUUID();
        return { key, name: c.name, fill };
      });
      this.columns.set(table, cols);
    }
    return cols;
  }
}
