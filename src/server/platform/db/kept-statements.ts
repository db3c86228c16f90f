import { sql } from "drizzle-orm";
import type { PageRequest } from "../paging";

/**
 * Named statements for the hot shapes of list pages. PostgreSQL keeps a named statement's plan on each connection
 * (planning a page's query was up to half of its cost there), and a page without bound values that vary (the first
 * page, no filter) is built once per process: building a query with drizzle costs node about as much as running it.
 *
 * A name must stand for one statement text (the driver refuses a name reused for another), so callers make it of
 * what decides the text: the list, sort, order, cursor or not, limit. At most KEPT_NAMES names per process, since a
 * named statement lives as long as its connection; past that, queries run unnamed.
 */
const KEPT_NAMES = 64;
const names = new Set<string>();

/** The name to send `name`'s statement under, or undefined once the process keeps KEPT_NAMES others. */
export function keptStatementName(name: string): string | undefined {
  if (!names.has(name) && names.size >= KEPT_NAMES) return undefined;
  names.add(name);
  return name;
}

interface Preparable<T> {
  prepare(name: string): { execute(): Promise<T> };
}

/** Built statements per database handle, by name and the values bound into them (the day, say). */
const built = new WeakMap<object, Map<string, { execute(): Promise<unknown> }>>();
const BUILT_PER_HANDLE = 256;

/**
 * Runs `build()`'s query as the named statement `name`. With `values` (a key naming everything bound into the
 * query) the built statement is kept for the handle `db` and reused while `values` stay the same; without, it is
 * built anew and only its plan is kept. Unnamed when the process keeps too many names.
 */
export function runKept<T>(db: object, name: string, values: string | undefined, build: () => Preparable<T> & PromiseLike<T>): Promise<T> {
  const kept = keptStatementName(name);
  if (!kept) return Promise.resolve(build());
  if (values === undefined) return build().prepare(kept).execute();
  const byKey = built.get(db) ?? new Map<string, { execute(): Promise<unknown> }>();
  built.set(db, byKey);
  const key = `${kept}\u0000${values}`;
  let statement = byKey.get(key) as { execute(): Promise<T> } | undefined;
  if (!statement) {
    if (byKey.size >= BUILT_PER_HANDLE) byKey.clear();
    statement = build().prepare(kept);
    byKey.set(key, statement);
  }
  return statement.execute();
}

/**
 * A register page's rows: an unfiltered page (the hot shape: what a list shows when opened, and the pages after it)
 * runs as a named statement, the first one built once per process; a filtered page as an ordinary query.
 */
export function pageRows<T>(db: object, list: string, req: PageRequest, filtered: boolean, build: () => Preparable<T> & PromiseLike<T>): Promise<T> {
  if (filtered || req.offset !== 0) return Promise.resolve(build());
  return runKept(db, `${list}_${req.sort}_${req.order}_${req.after ? "after" : "first"}_${req.limit}`, req.after ? undefined : "", build);
}

/**
 * The limit written into the statement rather than bound: with `limit $n` PostgreSQL plans a kept statement for an
 * unknown limit, finds that plan dearer than one for the known limit and plans anew at every execution. The limit is
 * a whole number checked by the query's schema or set by code.
 */
export const literalLimit = (n: number) => sql.raw(String(Math.trunc(n))) as unknown as number;
