import { and, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { CONTROL_STATUSES } from "../../core/compliance";
import type { DbOrTx } from "../platform/db/client";
import { compositeKeyset, containsText, type PageRequest, pageOf, pageRequest, pagingQuery, type SortPart } from "../platform/paging";
import { complianceControlEvidence, complianceControls, complianceEvidence } from "./schema";

export const CONTROL_SORTS = ["code", "title", "domain", "status", "dueDate", "maturity"] as const;
export const EFFECTIVE_STATUSES = [...CONTROL_STATUSES, "needs_review"] as const;

export const controlListQuery = z
  .object({
    domain: z.string().max(200).optional(),
    /** The status shown: `not_applicable` for an excluded control, `needs_review` while linked evidence has expired. */
    effectiveStatus: z.enum(EFFECTIVE_STATUSES).optional(),
    ownerId: z.string().max(100).optional(),
    applicable: z.enum(["true", "false"]).optional(),
    /** Text in code, title or description. */
    q: z.string().trim().max(200).optional(),
    ...pagingQuery(CONTROL_SORTS),
  })
  .strict();

export const EVIDENCE_SORTS = ["title", "validUntil", "createdAt"] as const;

export const evidenceListQuery = z
  .object({
    kind: z.enum(["file", "record"]).optional(),
    expired: z.enum(["true", "false"]).optional(),
    /** Evidence linked to this control. */
    controlId: z.string().max(100).optional(),
    /** Text in title or description. */
    q: z.string().trim().max(200).optional(),
    ...pagingQuery(EVIDENCE_SORTS),
  })
  .strict();

const expiredEvidence = (today: string) => sql`(${complianceEvidence.validUntil} IS NOT NULL AND ${complianceEvidence.validUntil} < ${today})`;

/** loadAssessment's needsReview: an implemented or partial control with expired evidence linked to it. */
const needsReview = (today: string) => sql`(${complianceControls.status} IN ('implemented', 'partial') AND EXISTS (
  SELECT 1 FROM ${complianceControlEvidence} JOIN ${complianceEvidence} ON ${complianceEvidence.id} = ${complianceControlEvidence.evidenceId}
  WHERE ${complianceControlEvidence.controlId} = ${complianceControls.id} AND ${expiredEvidence(today)}))`;

/** The status the control list shows (controlView's effectiveStatus), as SQL. */
function effectiveStatusIs(status: (typeof EFFECTIVE_STATUSES)[number], today: string): SQL {
  if (status === "not_applicable") return sql`(NOT ${complianceControls.applicable} OR ${complianceControls.status} = 'not_applicable')`;
  if (status === "needs_review") return sql`(${complianceControls.applicable} AND ${needsReview(today)})`;
  return sql`(${complianceControls.applicable} AND ${complianceControls.status} = ${status} AND NOT ${needsReview(today)})`;
}

export function controlFilters(q: z.infer<typeof controlListQuery>, today: string): SQL | undefined {
  return and(
    q.domain ? eq(complianceControls.domain, q.domain) : undefined,
    q.effectiveStatus ? effectiveStatusIs(q.effectiveStatus, today) : undefined,
    q.ownerId ? eq(complianceControls.ownerId, q.ownerId) : undefined,
    q.applicable ? eq(complianceControls.applicable, q.applicable === "true") : undefined,
    q.q ? containsText(sql`concat_ws(' ', ${complianceControls.code}, ${complianceControls.title}, ${complianceControls.description})`, q.q) : undefined,
  );
}

const CONTROL_SORT_KEYS: Record<(typeof CONTROL_SORTS)[number], SortPart[]> = {
  code: [{ expr: complianceControls.code }],
  title: [{ expr: complianceControls.title }],
  domain: [{ expr: complianceControls.domain }, { expr: complianceControls.code }],
  status: [{ expr: complianceControls.status }, { expr: complianceControls.code }],
  dueDate: [{ expr: complianceControls.dueDate, key: sql`coalesce(${complianceControls.dueDate}, '9999-12-31')` }, { expr: complianceControls.code }],
  maturity: [{ expr: complianceControls.maturity }, { expr: complianceControls.code }],
};

/** The ids of one page of a table's rows in the page's order, with the total of the filters. */
async function pageIds(db: DbOrTx, table: typeof complianceControls | typeof complianceEvidence, filters: SQL | undefined, parts: SortPart[], req: PageRequest) {
  const k = compositeKeyset(req, parts, table.id);
  const [rows, [{ total }]] = await Promise.all([
    db.select({ id: table.id, sortValue: k.sortValue }).from(table).where(and(filters, k.where)).orderBy(...k.orderBy).limit(k.limit).offset(k.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(table).where(filters),
  ]);
  const page = pageOf(rows, req);
  return { ids: page.rows.map((r) => r.id), total: Number(total), nextCursor: page.nextCursor };
}

export function controlPageIds(db: DbOrTx, q: z.infer<typeof controlListQuery>, today: string) {
  const req = pageRequest(q, { sort: "code" });
  return pageIds(db, complianceControls, controlFilters(q, today), CONTROL_SORT_KEYS[req.sort as (typeof CONTROL_SORTS)[number]], req);
}

export function evidenceFilters(q: z.infer<typeof evidenceListQuery>, today: string): SQL | undefined {
  return and(
    q.kind ? eq(complianceEvidence.kind, q.kind) : undefined,
    q.expired === "true" ? expiredEvidence(today) : undefined,
    q.expired === "false" ? sql`NOT ${expiredEvidence(today)}` : undefined,
    q.controlId
      ? sql`EXISTS (SELECT 1 FROM ${complianceControlEvidence} WHERE ${complianceControlEvidence.evidenceId} = ${complianceEvidence.id} AND ${complianceControlEvidence.controlId} = ${q.controlId})`
      : undefined,
    q.q ? containsText(sql`concat_ws(' ', ${complianceEvidence.title}, ${complianceEvidence.description})`, q.q) : undefined,
  );
}

const EVIDENCE_SORT_KEYS: Record<(typeof EVIDENCE_SORTS)[number], SortPart[]> = {
  title: [{ expr: complianceEvidence.title }],
  validUntil: [{ expr: complianceEvidence.validUntil, key: sql`coalesce(${complianceEvidence.validUntil}, '9999-12-31')` }],
  createdAt: [{ expr: complianceEvidence.createdAt }],
};

export function evidencePageIds(db: DbOrTx, q: z.infer<typeof evidenceListQuery>, today: string) {
  const req = pageRequest(q, { sort: "title" });
  return pageIds(db, complianceEvidence, evidenceFilters(q, today), EVIDENCE_SORT_KEYS[req.sort as (typeof EVIDENCE_SORTS)[number]], req);
}
