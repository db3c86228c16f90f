import { desc } from "drizzle-orm";
import type { Assessment, Profile } from "../../core/applicability";
import { type Actor, audited } from "../audit/store";
import type { Db } from "../platform/db/client";
import { applicabilityAssessments } from "./schema";

export type SavedAssessment = typeof applicabilityAssessments.$inferSelect;

/** Records an approved assessment; the audit entry names the answers and the outcome, not the whole result. */
export async function saveAssessment(db: Db, actor: Actor, answers: Profile, result: Assessment, assessedAt: Date): Promise<SavedAssessment> {
  return audited(db, actor, async (tx) => {
    const [row] = await tx
      .insert(applicabilityAssessments)
      .values({
        answers,
        result: result as unknown as Record<string, unknown>,
        classification: result.classification,
        catalogVersion: result.catalog.version,
        assessedAt,
        approvedById: actor.id,
        approvedBy: actor.label,
      })
      .returning();
    const { result: _result, ...summary } = row;
    return { result: row, changes: [{ action: "approve", entityType: "applicability_assessment", entityId: row.id, after: summary }] };
  });
}

/** Saved assessments, newest first. */
export async function listAssessments(db: Db, limit: number): Promise<SavedAssessment[]> {
  return db.select().from(applicabilityAssessments).orderBy(desc(applicabilityAssessments.assessedAt)).limit(limit);
}
