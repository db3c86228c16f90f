import { and, eq, isNull, not, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type ActionDue, type LinkKind, levelOf, type RiskMatrix } from "../../core/risks";
import type { DbOrTx } from "../platform/db/client";
import { literalLimit, pageRows } from "../platform/db/kept-statements";
import { qualified } from "../platform/db/qualified";
import type { KeptRead } from "../platform/http/short-cache";
import { containsText, keyset, type Page, pageOf, pageRequest } from "../platform/paging";
import type { listQuery } from "./api-schemas";
import { deviceModels } from "../devices/schema";
import { riskActions, riskLinks, risks } from "./schema";
import { riskSummary, riskSummaryColumns } from "./store";

type ListQuery = z.infer<typeof listQuery>;

const inherentScore = sql`(${risks.inherentLikelihood} * ${risks.inherentImpact})`;
const residualScore = sql`(${risks.residualLikelihood} * ${risks.residualImpact})`;
const currentScore = sql`coalesce(${residualScore}, ${inherentScore})`;

/** Sort expressions are never null, so that the keyset comparison sees every row. */
const SORT_EXPRESSIONS: Record<string, SQL> = {
  reference: sql`${risks.reference}`,
  title: sql`${risks.title}`,
  phase: sql`${risks.phase}`,
  owner: sql`coalesce(${risks.owner}, '')`,
  status: sql`${risks.status}`,
  treatment: sql`coalesce(${risks.treatment}, '')`,
  reviewDate: sql`coalesce(${risks.reviewDate}, '9999-12-31'::date)`,
  inherent: inherentScore,
  residual: sql`coalesce(${residualScore}, -1)`,
  current: currentScore,
};

/** What the summary counts of a risk's actions (open, overdue), read in the page's query rather than a second one. */
const actionsDue = sql<ActionDue[]>`(select coalesce(json_agg(json_build_object('status', ${riskActions.status}, 'dueDate', ${riskActions.dueDate})), '[]'::json) from ${riskActions} where ${qualified(riskActions.riskId)} = ${qualified(risks.id)})`;

/** Overdue as the register computes it: an open action past its due date, or a review date gone by on a risk not closed. */
const overdue = (today: string) =>
  sql`(exists (select 1 from ${riskActions} where ${riskActions.riskId} = ${risks.id} and ${riskActions.status} in ('planned', 'in_progress') and ${riskActions.dueDate} < ${today}::date)
    or (${risks.status} <> 'closed' and coalesce(${risks.reviewDate} < ${today}::date, false)))`;

/** The register's filters as SQL, the same rules as the whole-list answer applies in memory. */
function riskFilters(q: ListQuery, matrix: RiskMatrix, today: string): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (q.phase) conditions.push(eq(risks.phase, q.phase));
  if (q.status) conditions.push(eq(risks.status, q.status));
  if (q.deviceModelId) conditions.push(eq(risks.deviceModelId, q.deviceModelId));
  if (q.owner) conditions.push(sql`lower(${risks.owner}) = ${q.owner.toLowerCase()}`);
  if (q.noOwner === "true") conditions.push(isNull(risks.owner));
  if (q.overdue === "true") conditions.push(overdue(today));
  if (q.overdue === "false") conditions.push(not(overdue(today)));
  if (q.level) {
    // Every score a risk can have (likelihood and impact are 1 to 10), not only the current matrix's.
    const scores = Array.from({ length: 100 }, (_, i) => i + 1).filter((s) => levelOf(matrix, s) === q.level);
    conditions.push(scores.length ? sql`${currentScore} in (${sql.join(scores.map((s) => sql`${s}`), sql`, `)})` : sql`false`);
  }
  if (q.cell) {
    const [view, l, i] = q.cell.split(":");
    const [likelihood, impact] = view === "inherent" ? [risks.inherentLikelihood, risks.inherentImpact] : [risks.residualLikelihood, risks.residualImpact];
    conditions.push(sql`${risks.status} <> 'closed'`, eq(likelihood, Number(l)), eq(impact, Number(i)));
  }
  if (q.linked) {
    const colon = q.linked.indexOf(":");
    const linked = sql`select ${riskLinks.riskId} from ${riskLinks} where ${riskLinks.kind} = ${q.linked.slice(0, colon) as LinkKind} and ${riskLinks.refId} = ${q.linked.slice(colon + 1)}`;
    conditions.push(sql`${risks.id} in (${linked})`);
  }
  if (q.q) conditions.push(containsText(sql`concat_ws(' ', ${risks.reference}, ${risks.title}, ${risks.asset}, ${risks.owner}, ${risks.threat})`, q.q));
  return and(...conditions);
}

/** The filters a total depends on; its key names them and the day (overdue). */
const COUNTED_FILTERS = ["phase", "status", "deviceModelId", "owner", "noOwner", "overdue", "level", "cell", "linked", "q"] as const satisfies ReadonlyArray<keyof ListQuery>;

/** One page of the register, filtered and sorted in the database; the total through `kept` when given. */
export async function riskPage(db: DbOrTx, q: ListQuery, matrix: RiskMatrix, today: string, kept?: KeptRead): Promise<Page<ReturnType<typeof riskSummary>>> {
  const req = pageRequest(q, { sort: "reference" });
  const filters = riskFilters(q, matrix, today);
  const k = keyset(req, SORT_EXPRESSIONS[req.sort], risks.id);
  // The page's rows are read whole in the same query that pages them, not by id afterwards.
  const count = async () => {
    const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(risks).where(filters);
    return Number(total);
  };
  const totalKey = () => JSON.stringify([today, ...COUNTED_FILTERS.map((name) => q[name] ?? null)]);
  const query = () =>
    db
      .select({ ...riskSummaryColumns, actions: actionsDue, id: risks.id, sortValue: k.sortValue })
      .from(risks)
      .leftJoin(deviceModels, eq(deviceModels.id, risks.deviceModelId))
      .where(and(filters, k.where))
      .orderBy(...k.orderBy)
      .limit(literalLimit(k.limit))
      .offset(k.offset);
  const [rows, total] = await Promise.all([
    pageRows(db, "risks", req, filters !== undefined, query),
    kept ? kept(totalKey(), count) : count(),
  ]);
  const page = pageOf(rows, req);
  return {
    items: page.rows.map((r) => riskSummary(r.risk, matrix, today, { deviceModelName: r.deviceModelName, actions: r.actions })),
    total,
    nextCursor: page.nextCursor,
  };
}
