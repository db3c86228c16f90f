import { eq, like, sql } from "drizzle-orm";
import { openFollowUps, planReviewDue, restoreOutcome, rpoMet } from "../../core/continuity";
import type { DbOrTx } from "../platform/db/client";
import { notFound } from "../platform/http/errors";
import { backupRestoreTests, bcExercises, bcPlans } from "./schema";

export type PlanRow = typeof bcPlans.$inferSelect;
export type ExerciseRow = typeof bcExercises.$inferSelect;
export type RestoreTestRow = typeof backupRestoreTests.$inferSelect;

/** Evidence kinds under which the compliance workspace refers to these records. */
export const EVIDENCE_KINDS = { bc_plan: bcPlans, exercise: bcExercises, backup_restore_test: backupRestoreTests } as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

const LOCK_KEY = 724_117_052;

/** The next human reference with a prefix (BCP-001, EX-001, BRT-001), serialised by a transaction lock. */
export async function nextReference(tx: DbOrTx, table: typeof bcPlans | typeof bcExercises | typeof backupRestoreTests, prefix: string): Promise<string> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
  const rows = await tx.select({ reference: table.reference }).from(table).where(like(table.reference, `${prefix}-%`));
  const max = rows.reduce((m, r) => Math.max(m, Number(r.reference.slice(prefix.length + 1)) || 0), 0);
  return `${prefix}-${String(max + 1).padStart(3, "0")}`;
}

export async function findPlan(db: DbOrTx, id: string): Promise<PlanRow> {
  const [row] = await db.select().from(bcPlans).where(eq(bcPlans.id, id)).limit(1);
  if (!row) throw notFound("Plan");
  return row;
}
export async function findExercise(db: DbOrTx, id: string): Promise<ExerciseRow> {
  const [row] = await db.select().from(bcExercises).where(eq(bcExercises.id, id)).limit(1);
  if (!row) throw notFound("Exercise");
  return row;
}
export async function findRestoreTest(db: DbOrTx, id: string): Promise<RestoreTestRow> {
  const [row] = await db.select().from(backupRestoreTests).where(eq(backupRestoreTests.id, id)).limit(1);
  if (!row) throw notFound("Restore test");
  return row;
}

const stamps = (r: { createdAt: Date; updatedAt: Date }) => ({ createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });

export function planView(p: PlanRow, today: string) {
  const reviewDue = planReviewDue(p.approvedOn, p.reviewIntervalMonths);
  return {
    ...p,
    ...stamps(p),
    evidence: { kind: "bc_plan" as const, id: p.id },
    reviewDue,
    reviewOverdue: p.status === "approved" && reviewDue !== null && reviewDue < today,
  };
}

export function exerciseView(e: ExerciseRow, today: string, planReference: string | null = null) {
  return { ...e, ...stamps(e), planReference, evidence: { kind: "exercise" as const, id: e.id }, followUpStatus: openFollowUps(e.followUps, today) };
}

export function restoreTestView(t: RestoreTestRow, planReference: string | null = null) {
  return {
    ...t,
    ...stamps(t),
    recordedAt: t.recordedAt.toISOString(),
    planReference,
    evidence: { kind: "backup_restore_test" as const, id: t.id },
    outcome: restoreOutcome(t),
    rpoMet: rpoMet(t.dataLossMinutes, t.rpoMinutes),
  };
}
