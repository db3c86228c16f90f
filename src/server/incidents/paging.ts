import { and, eq, getTableColumns, ne, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../platform/db/client";
import { literalLimit, pageRows } from "../platform/db/kept-statements";
import type { KeptRead } from "../platform/http/short-cache";
import { containsText, keyset, pageOf, pageRequest, pagingQuery } from "../platform/paging";
import { INCIDENT_PAGE_OMITS } from "./api-schemas";
import { type ClockRow, clockRecordsColumn, clockRecordsFrom } from "./clocks";
import { INCIDENT_STATUSES, incidents } from "./schema";

export const INCIDENT_SORTS = ["awareAt", "reference", "title", "status"] as const;

export const incidentListQuery = z
  .object({
    status: z.enum(INCIDENT_STATUSES).optional(),
    /** `false`: every incident not closed; `true`: the closed ones. */
    closed: z.enum(["true", "false"]).optional(),
    /** Text in reference, title or description. */
    q: z.string().trim().max(200).optional(),
    ...pagingQuery(INCIDENT_SORTS),
  })
  .strict();

const SORT_EXPRESSIONS: Record<(typeof INCIDENT_SORTS)[number], SQL> = {
  awareAt: sql`${incidents.awareAt}`,
  reference: sql`${incidents.reference}`,
  title: sql`${incidents.title}`,
  status: sql`${incidents.status}`,
};

/** The list's filters as SQL; the whole-list answer applies the same. */
export function incidentFilters(q: z.infer<typeof incidentListQuery>): SQL | undefined {
  const conditions: SQL[] = [];
  if (q.status) conditions.push(eq(incidents.status, q.status));
  if (q.closed === "true") conditions.push(eq(incidents.status, "closed"));
  if (q.closed === "false") conditions.push(ne(incidents.status, "closed"));
  if (q.q) conditions.push(containsText(sql`concat_ws(' ', ${incidents.reference}, ${incidents.title}, ${incidents.description})`, q.q));
  return and(...conditions);
}

type Columns = typeof incidents._.columns;
/** The columns a page reads: not those it leaves out (the significance decision alone weighs about 5 KB). */
const PAGE_COLUMNS = Object.fromEntries(Object.entries(getTableColumns(incidents)).filter(([name]) => !(name in INCIDENT_PAGE_OMITS))) as Omit<
  Columns,
  keyof typeof INCIDENT_PAGE_OMITS
>;
/** Only the outcome of the decision: the classification and the clocks read nothing else from it. */
const significanceOutcome = sql<NonNullable<ClockRow["significance"]>["outcome"] | null>`${incidents.significance}->>'outcome'`;

/** One page of incident rows with their clock records, newest awareness first unless sorted otherwise, with the total (through `kept` when given). */
export async function incidentPage(db: DbOrTx, q: z.infer<typeof incidentListQuery>, kept?: KeptRead) {
  const req = pageRequest(q, { sort: "awareAt", order: "desc" });
  const filters = incidentFilters(q);
  const k = keyset(req, SORT_EXPRESSIONS[req.sort as (typeof INCIDENT_SORTS)[number]], incidents.id);
  const count = async () => {
    const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(incidents).where(filters);
    return Number(total);
  };
  const totalKey = () => JSON.stringify([q.status ?? null, q.closed ?? null, q.q ?? null]);
  const query = () =>
    db
      .select({ row: PAGE_COLUMNS, outcome: significanceOutcome, clockRecords: clockRecordsColumn(), id: incidents.id, sortValue: k.sortValue })
      .from(incidents)
      .where(and(filters, k.where))
      .orderBy(...k.orderBy)
      .limit(literalLimit(k.limit))
      .offset(k.offset);
  const [rows, total] = await Promise.all([
    pageRows(db, "incidents", req, filters !== undefined, query),
    kept ? kept(totalKey(), count) : count(),
  ]);
  const page = pageOf(rows, req);
  return {
    rows: page.rows.map((r) => ({ incident: { significance: r.outcome ? { outcome: r.outcome } : null, ...r.row }, records: clockRecordsFrom(r.clockRecords) })),
    total,
    nextCursor: page.nextCursor,
  };
}
