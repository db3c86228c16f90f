import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { CERTIFICATE_WARNING_DAYS, parseDay, formatDay, requiredClauses, type Tier } from "../../core/suppliers";
import type { DbOrTx } from "../platform/db/client";
import { compositeKeyset, containsText, inPageOrder, pageOf, pageRequest, pagingQuery, type SortPart } from "../platform/paging";
import { supplierCertifications, supplierContracts, suppliers } from "./schema";
import { supplierSummaries } from "./store";

export const SUPPLIER_SORTS = ["tier", "name", "nextAssessmentDue", "registeredOn"] as const;

export const supplierListQuery = z
  .object({
    tier: z.coerce.number().int().min(1).max(3).optional(),
    missingClauses: z.enum(["true", "false"]).optional(),
    certificates: z.enum(["expired", "expiring", "flagged"]).optional(),
    /** Text in name, what the supplier provides, country or notes. */
    q: z.string().trim().max(200).optional(),
    ...pagingQuery(SUPPLIER_SORTS),
  })
  .strict();

export type SupplierListQuery = z.infer<typeof supplierListQuery>;

const SORT_KEYS: Record<(typeof SUPPLIER_SORTS)[number], SortPart[]> = {
  tier: [{ expr: suppliers.tier }, { expr: suppliers.name }],
  name: [{ expr: suppliers.name }],
  nextAssessmentDue: [{ expr: suppliers.nextAssessmentDue }, { expr: suppliers.name }],
  registeredOn: [{ expr: suppliers.registeredOn }, { expr: suppliers.name }],
};

/**
 * The clauses each supplier must have, as the core's rule gives them for its tier and whether it supplies device
 * components: the rule has six outcomes, written out as one CASE so that the database can filter by them.
 */
function requiredClausesSql(): SQL {
  const branches = ([1, 2, 3] as Tier[]).flatMap((tier) =>
    [true, false].map((components) => sql`WHEN ${suppliers.tier} = ${tier} AND ${components ? suppliers.suppliesDeviceComponents : sql`NOT ${suppliers.suppliesDeviceComponents}`} THEN ${JSON.stringify(requiredClauses(tier, components))}::jsonb`),
  );
  return sql`(CASE ${sql.join(branches, sql` `)} ELSE '[]'::jsonb END)`;
}

/** Some required clause is in none of the supplier's current contracts (started or no start, not ended). */
const missesClauses = (today: string) => sql`EXISTS (
  SELECT 1 FROM jsonb_array_elements_text(${requiredClausesSql()}) AS required(clause)
  WHERE NOT EXISTS (
    SELECT 1 FROM ${supplierContracts}
    WHERE ${supplierContracts.supplierId} = ${suppliers.id}
      AND (${supplierContracts.startDate} IS NULL OR ${supplierContracts.startDate} <= ${today})
      AND (${supplierContracts.endDate} IS NULL OR ${supplierContracts.endDate} >= ${today})
      AND ${supplierContracts.clauses} @> jsonb_build_array(required.clause)))`;

/**
 * A certificate of the supplier expires in the given day range (inclusive; either end open): the core's
 * certificateState, with its day arithmetic done on the days passed in.
 */
const certificateExpiring = (from: string | null, to: string | null) => sql`EXISTS (
  SELECT 1 FROM ${supplierCertifications}
  WHERE ${supplierCertifications.supplierId} = ${suppliers.id} AND ${supplierCertifications.expiresOn} IS NOT NULL
    AND ${from === null ? sql`true` : sql`left(${supplierCertifications.expiresOn}, 10) >= ${from}`}
    AND ${to === null ? sql`true` : sql`left(${supplierCertifications.expiresOn}, 10) <= ${to}`})`;

const dayPlus = (day: string, days: number) => formatDay(new Date(parseDay(day).getTime() + days * 86_400_000));

/** The list's filters as SQL, so that a page and its total count the same suppliers. */
export function supplierFilters(q: Omit<SupplierListQuery, "limit" | "cursor" | "page" | "sort" | "order">, today: string): SQL | undefined {
  const yesterday = dayPlus(today, -1);
  const warnUntil = dayPlus(today, CERTIFICATE_WARNING_DAYS);
  return and(
    q.tier ? eq(suppliers.tier, q.tier) : undefined,
    q.missingClauses === "true" ? missesClauses(today) : undefined,
    q.missingClauses === "false" ? sql`NOT ${missesClauses(today)}` : undefined,
    q.certificates === "expired" ? certificateExpiring(null, yesterday) : undefined,
    q.certificates === "expiring" ? certificateExpiring(today, warnUntil) : undefined,
    q.certificates === "flagged" ? certificateExpiring(null, warnUntil) : undefined,
    q.q ? containsText(sql`concat_ws(' ', ${suppliers.name}, ${suppliers.supplies}, ${suppliers.country}, ${suppliers.notes})`, q.q) : undefined,
  );
}

/** One page of suppliers with their derived facts, critical tier first unless sorted otherwise, with the total. */
export async function supplierPage(db: DbOrTx, q: SupplierListQuery, today: string) {
  const req = pageRequest(q, { sort: "tier" });
  const filters = supplierFilters(q, today);
  const k = compositeKeyset(req, SORT_KEYS[req.sort as (typeof SUPPLIER_SORTS)[number]], suppliers.id);
  const [rows, [{ total }]] = await Promise.all([
    db.select({ id: suppliers.id, sortValue: k.sortValue }).from(suppliers).where(and(filters, k.where)).orderBy(...k.orderBy).limit(k.limit).offset(k.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(suppliers).where(filters),
  ]);
  const page = pageOf(rows, req);
  const ids = page.rows.map((r) => r.id);
  const items = ids.length > 0 ? inPageOrder(ids, await supplierSummaries(db, today, inArray(suppliers.id, ids))) : [];
  return { items, total: Number(total), nextCursor: page.nextCursor };
}
