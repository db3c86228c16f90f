import { type AnyColumn, and, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { badRequest } from "./http/errors";

export const MAX_PAGE_SIZE = 500;

/** A 400 naming the query parameter, in the shape zod's own query errors have. */
export const badParameter = (parameter: string, message: string) => badRequest(`querystring/${parameter}: ${message}`, [{ path: `querystring/${parameter}`, message }]);

/**
 * The paging fields of a register's query string. `sorts` is the register's whitelist of sort fields.
 * Keyset paging goes by `cursor` (stable when rows are inserted before it); `page` (1-based) jumps by offset.
 */
export function pagingQuery<const S extends readonly [string, ...string[]]>(sorts: S) {
  return {
    limit: z.coerce.number().int("must be a whole number").min(1, `must be 1 to ${MAX_PAGE_SIZE}`).max(MAX_PAGE_SIZE, `must be 1 to ${MAX_PAGE_SIZE}`).optional(),
    cursor: z.string().max(2000).optional(),
    page: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(1_000_000, "must be at most 1000000").optional(),
    sort: z.enum(sorts, { message: `must be one of ${sorts.join(", ")}` }).optional(),
    order: z.enum(["asc", "desc"], { message: "must be asc or desc" }).optional(),
  };
}

export type PagingParams = { limit?: number; cursor?: string; page?: number; sort?: string; order?: "asc" | "desc" };

/**
 * A register answers with the paged shape only when asked for a page; otherwise it keeps its whole-list answer, which
 * existing callers read: risks (`/api/risks`, the heat map and linked-record panels), device models (`/api/devices`,
 * forms that pick a model or version), incidents (`/api/incidents`, the record picker of compliance evidence links),
 * suppliers, compliance controls and evidence (record pickers, the control and SoA pages). Findings and the audit log
 * always answer one page (they paged by `offset` before).
 */
export const wantsPage = (q: PagingParams) => q.limit !== undefined || q.cursor !== undefined || q.page !== undefined;

export type PageRequest = { limit: number; sort: string; order: "asc" | "desc"; after: { value: string; id: string } | null; offset: number };

export type Page<T> = { items: T[]; total: number; nextCursor: string | null };

const encodeCursor = (c: { sort: string; order: string; value: string; id: string }) => Buffer.from(JSON.stringify([c.sort, c.order, c.value, c.id])).toString("base64url");

function decodeCursor(cursor: string): { sort: string; order: string; value: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parsed) && parsed.length === 4 && parsed.every((p) => typeof p === "string")) {
      const [sort, order, value, id] = parsed as string[];
      return { sort, order, value, id };
    }
  } catch {
    // Reported below as one message for every malformed cursor.
  }
  throw badParameter("cursor", "is not a cursor this list returned");
}

/** Checks the paging parameters together and fills the defaults. */
export function pageRequest(q: PagingParams, defaults: { sort: string; order?: "asc" | "desc"; limit?: number }): PageRequest {
  const sort = q.sort ?? defaults.sort;
  const order = q.order ?? defaults.order ?? "asc";
  const limit = q.limit ?? defaults.limit ?? 50;
  if (q.cursor !== undefined && q.page !== undefined) throw badParameter("page", "cannot be combined with cursor");
  let after: PageRequest["after"] = null;
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor);
    if (c.sort !== sort || c.order !== order) throw badParameter("cursor", `was returned for sort=${c.sort}&order=${c.order}, not sort=${sort}&order=${order}`);
    after = { value: c.value, id: c.id };
  }
  return { limit, sort, order, after, offset: q.page !== undefined ? (q.page - 1) * limit : 0 };
}

/**
 * Keyset paging over a non-null sort expression with the row id as tie-breaker. The sort value travels in the
 * cursor as text; PostgreSQL reads it back as the expression's type when comparing.
 */
export function keyset(req: PageRequest, expr: SQL | AnyColumn, idColumn: AnyColumn) {
  const dir = req.order === "desc" ? sql`desc` : sql`asc`;
  return {
    where: req.after ? (req.order === "desc" ? sql`(${expr}, ${idColumn}) < (${req.after.value}, ${req.after.id})` : sql`(${expr}, ${idColumn}) > (${req.after.value}, ${req.after.id})`) : undefined,
    orderBy: [sql`${expr} ${dir}`, sql`${idColumn} ${dir}`],
    sortValue: sql<string>`(${expr})::text`,
    /** One row more than the page, to know whether another page follows. */
    limit: req.limit + 1,
    offset: req.offset,
  };
}

/**
 * One part of a sort key: `expr` as ORDER BY reads it (so that an index on it serves the page), `key` the same order
 * without nulls for the cursor's comparison (defaults to `expr`, which must then never be null), `desc` when this part
 * runs against the list's order.
 */
export type SortPart = { expr: SQL | AnyColumn; key?: SQL | AnyColumn; desc?: boolean };

/**
 * Keyset paging over a sort key of several parts whose directions may differ (a row comparison cannot express that),
 * with the row id as last tie-breaker. The cursor's value is the key's parts as a JSON array of text.
 */
export function compositeKeyset(req: PageRequest, parts: SortPart[], idColumn: AnyColumn) {
  const all = [...parts, { expr: idColumn }];
  const descending = (p: SortPart) => Boolean(p.desc) !== (req.order === "desc");
  const keyOf = (p: SortPart) => p.key ?? p.expr;
  let where: SQL | undefined;
  if (req.after) {
    const values = [...parseKey(req.after.value, parts.length), req.after.id];
    const branches = all.map((p, i) =>
      and(...all.slice(0, i).map((q, j) => sql`${keyOf(q)} = ${values[j]}`), descending(p) ? sql`${keyOf(p)} < ${values[i]}` : sql`${keyOf(p)} > ${values[i]}`),
    );
    where = sql`(${or(...branches)})`;
  }
  return {
    where,
    orderBy: all.map((p) => sql`${p.expr} ${descending(p) ? sql`desc` : sql`asc`}`),
    sortValue: sql<string>`json_build_array(${sql.join(
      parts.map((p) => sql`(${keyOf(p)})::text`),
      sql`, `,
    )})::text`,
    limit: req.limit + 1,
    offset: req.offset,
  };
}

function parseKey(value: string, length: number): string[] {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (Array.isArray(parsed) && parsed.length === length && parsed.every((v) => typeof v === "string")) return parsed as string[];
  } catch {
    // Reported below.
  }
  throw badParameter("cursor", "is not a cursor this list returned");
}

/** Cuts the extra row off and names the cursor of the next page, if any. */
export function pageOf<R extends { id: string; sortValue: string }>(rows: R[], req: PageRequest): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= req.limit) return { rows, nextCursor: null };
  const page = rows.slice(0, req.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: encodeCursor({ sort: req.sort, order: req.order, value: last.sortValue, id: last.id }) };
}

/** Rows loaded by id, put back in the page's order. */
export function inPageOrder<T extends { id: string }>(ids: string[], items: T[]): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A `q` text filter: `%` and `_` typed by the user match themselves. */
export function containsText(expr: SQL | AnyColumn, text: string): SQL {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`${expr} ilike ${`%${escaped}%`}`;
}

/** The paged answer's schema for a register's item schema. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), nextCursor: z.string().nullable() });
