import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import {
  type ActionDue,
  checkRisk,
  DEFAULT_MATRIX,
  isActionOverdue,
  isReviewOverdue,
  type RiskMatrix,
  rateRisk,
  requiredAuthority,
  validateMatrix,
} from "../../core/risks";
import { deviceModels } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { badRequest, notFound } from "../platform/http/errors";
import type { KeptRead } from "../platform/http/short-cache";
import { settings } from "../settings/schema";
import { riskAcceptances, riskActions, riskLinks, riskReviews, risks } from "./schema";

export type RiskRow = typeof risks.$inferSelect;
export type ActionRow = typeof riskActions.$inferSelect;

export const MATRIX_KEY = "risks.matrix";
const REFERENCE_LOCK_KEY = 724_117_051;

export async function getMatrix(db: DbOrTx): Promise<RiskMatrix> {
  const [row] = await db.select().from(settings).where(eq(settings.key, MATRIX_KEY)).limit(1);
  return (row?.value as RiskMatrix | undefined) ?? DEFAULT_MATRIX;
}

/** The matrix as the register's reads use it, kept with their totals (`keptReads`); a write reads it with getMatrix. */
export const keptMatrix = (kept: KeptRead, db: DbOrTx): Promise<RiskMatrix> => kept(MATRIX_KEY, () => getMatrix(db));

export function matrixOrBadRequest(m: RiskMatrix): RiskMatrix {
  const problems = validateMatrix(m);
  if (problems.length > 0) {
    const details = problems.map((p) => ({ path: `body/${p.path}`, message: p.message }));
    throw badRequest(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
  }
  return m;
}

export async function findRisk(db: DbOrTx, id: string): Promise<RiskRow> {
  const [row] = await db.select().from(risks).where(eq(risks.id, id)).limit(1);
  if (!row) throw notFound("Risk");
  return row;
}

/** RISK-001, RISK-002 …, serialised by a transaction lock. */
export async function nextRiskReference(tx: DbOrTx): Promise<string> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${REFERENCE_LOCK_KEY})`);
  const rows = await tx.select({ reference: risks.reference }).from(risks).where(like(risks.reference, "RISK-%"));
  const max = rows.reduce((m, r) => Math.max(m, Number(r.reference.slice(5)) || 0), 0);
  return `RISK-${String(max + 1).padStart(3, "0")}`;
}

/** Refuses a risk that breaks the matrix rules, with body paths. */
export function checkRiskOrBadRequest(matrix: RiskMatrix, r: Parameters<typeof checkRisk>[1]): { path: string; message: string }[] {
  const { errors, warnings } = checkRisk(matrix, r);
  if (errors.length > 0) {
    const details = errors.map((e) => ({ path: `body/${e.path}`, message: e.message }));
    throw badRequest(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
  }
  return warnings;
}

export async function checkDeviceModel(db: DbOrTx, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const [row] = await db.select({ id: deviceModels.id }).from(deviceModels).where(eq(deviceModels.id, id)).limit(1);
  if (!row) throw badRequest(`body/deviceModelId: no device model with id "${id}"`, [{ path: "body/deviceModelId", message: `no device model with id "${id}"` }]);
}

export const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/**
 * A risk as lists show it: ratings, its device model's name, and what is overdue. The computed fields come before the
 * row's: V8 copies a database row (most of its fields stored outside the object) slowly when fields are added after
 * the copy, 30 µs a risk, the most expensive step of a page of the register.
 */
export function riskSummary(
  row: RiskRow,
  matrix: RiskMatrix,
  today: string,
  extra: { deviceModelName?: string | null; actions?: readonly ActionDue[] } = {},
) {
  const rating = rateRisk(matrix, row);
  const actions = extra.actions ?? [];
  const overdueActions = actions.filter((a) => isActionOverdue(a, today)).length;
  const reviewOverdue = isReviewOverdue(row, today);
  return {
    deviceModelName: extra.deviceModelName ?? null,
    inherent: rating.inherent,
    residual: rating.residual,
    current: rating.current,
    openActions: actions.filter((a) => a.status === "planned" || a.status === "in_progress").length,
    overdueActions,
    reviewOverdue,
    overdue: overdueActions > 0 || reviewOverdue,
    requiredAuthority: requiredAuthority(matrix, row),
    warnings: checkRisk(matrix, row).warnings,
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns a risk summary is made of, for queries that select risks with their device model's name. */
export const riskSummaryColumns = { risk: risks, deviceModelName: deviceModels.name };

/** Every risk with its actions and device model name, ordered by reference. */
export async function loadRiskSummaries(db: DbOrTx, matrix: RiskMatrix, today: string, ids?: string[]) {
  const rows = await db
    .select(riskSummaryColumns)
    .from(risks)
    .leftJoin(deviceModels, eq(deviceModels.id, risks.deviceModelId))
    .where(ids ? inArray(risks.id, ids) : undefined)
    .orderBy(asc(risks.reference));
  return summariesOf(db, rows, matrix, today, ids !== undefined);
}

/** Risk summaries of rows already read, with their actions (those of `rows` alone when `onlyThese`, else every one). */
export async function summariesOf(db: DbOrTx, rows: { risk: RiskRow; deviceModelName: string | null }[], matrix: RiskMatrix, today: string, onlyThese = true) {
  if (rows.length === 0) return [];
  const actions = await db.select().from(riskActions).where(onlyThese ? inArray(riskActions.riskId, rows.map((r) => r.risk.id)) : undefined);
  const byRisk = new Map<string, ActionRow[]>();
  for (const a of actions) {
    const list = byRisk.get(a.riskId);
    if (list) list.push(a);
    else byRisk.set(a.riskId, [a]);
  }
  return rows.map((r) => riskSummary(r.risk, matrix, today, { deviceModelName: r.deviceModelName, actions: byRisk.get(r.risk.id) ?? [] }));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A risk with everything attached: actions, reviews (newest first), acceptances, links. */
export async function riskDetail(db: DbOrTx, row: RiskRow, matrix: RiskMatrix, today: string) {
  const [actions, reviews, acceptances, links, model] = await Promise.all([
    db.select().from(riskActions).where(eq(riskActions.riskId, row.id)).orderBy(asc(riskActions.dueDate), asc(riskActions.createdAt)),
    db.select().from(riskReviews).where(eq(riskReviews.riskId, row.id)).orderBy(sql`${riskReviews.reviewedAt} desc`),
    db.select().from(riskAcceptances).where(eq(riskAcceptances.riskId, row.id)).orderBy(sql`${riskAcceptances.acceptedAt} desc`),
    db.select().from(riskLinks).where(eq(riskLinks.riskId, row.id)).orderBy(asc(riskLinks.kind), asc(riskLinks.refId)),
    row.deviceModelId ? db.select({ name: deviceModels.name }).from(deviceModels).where(eq(deviceModels.id, row.deviceModelId)) : Promise.resolve([]),
  ]);
  return {
    ...riskSummary(row, matrix, today, { deviceModelName: model[0]?.name ?? null, actions }),
    actions: actions.map((a) => ({ ...actionView(a), overdue: isActionOverdue(a, today) })),
    reviews: reviews.map((r) => ({ ...r, reviewedAt: r.reviewedAt.toISOString(), createdAt: r.createdAt.toISOString() })),
    acceptances: acceptances.map((a) => ({ ...a, acceptedAt: a.acceptedAt.toISOString(), createdAt: a.createdAt.toISOString() })),
    links: links.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
  };
}

export function actionView(a: ActionRow) {
  return { ...a, completedAt: iso(a.completedAt), createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}

export async function findLinkedRisk(db: DbOrTx, kind: string, refId: string): Promise<RiskRow | null> {
  const [row] = await db
    .select({ risk: risks })
    .from(riskLinks)
    .innerJoin(risks, eq(risks.id, riskLinks.riskId))
    .where(and(eq(riskLinks.kind, kind as never), eq(riskLinks.refId, refId)))
    .orderBy(asc(risks.reference))
    .limit(1);
  return row?.risk ?? null;
}
