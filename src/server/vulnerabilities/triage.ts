import { and, eq, inArray, ne } from "drizzle-orm";
import { type ClinicalAnswers, rescoreForClinicalContext } from "../../core/scoring";
import { type Actor, type AuditChange, audited } from "../audit/store";
import type { Db } from "../platform/db/client";
import { AppError, badRequest, notFound } from "../platform/http/errors";
import { triagePolicyDecisions } from "../triage-policies/schema";
import { rescoreFindings } from "./matching";
import { findingHistory, findings, type FindingStatus, vulnerabilities } from "./schema";

export type Analysis = {
  status: FindingStatus;
  justification?: string | null;
  response?: string | null;
  detail?: string | null;
  uncontrolledRisk?: boolean | null;
  applyToSameComponent?: boolean;
};

const analysisOf = (f: typeof findings.$inferSelect) => ({
  status: f.status,
  justification: f.justification,
  response: f.response,
  detail: f.detail,
  uncontrolledRisk: f.uncontrolledRisk,
});

/**
 * Records a VEX analysis on a finding (with history and audit), optionally on every other finding of the same
 * vulnerability in the same component (purl, or CPE) in other versions and devices. Returns how many others changed.
 */
export async function analyseFinding(db: Db, id: string, input: Analysis, actor: Actor, now: Date): Promise<{ appliedTo: number }> {
  if (input.status === "not_affected" && !input.justification) throw badRequest("A not_affected analysis needs a justification", [{ path: "body/justification", message: "required when status is not_affected" }]);
  if (input.status !== "not_affected" && input.justification) throw badRequest("A justification applies to not_affected only", [{ path: "body/justification", message: "only with status not_affected" }]);
  return audited(db, actor, async (tx) => {
    const [target] = await tx.select().from(findings).where(eq(findings.id, id)).for("update");
    if (!target) throw notFound("Finding");
    const targets = [target];
    if (input.applyToSameComponent) {
      targets.push(...(await tx.select().from(findings).where(and(eq(findings.vulnerabilityId, target.vulnerabilityId), eq(findings.purl, target.purl), eq(findings.cpe, target.cpe), ne(findings.id, target.id))).for("update")));
    }
    const next = {
      status: input.status,
      justification: input.justification ?? null,
      response: input.response ?? null,
      detail: input.detail ?? null,
      uncontrolledRisk: input.uncontrolledRisk ?? null,
    };
    const changes: AuditChange[] = [];
    for (const f of targets) {
      const before = analysisOf(f);
      await tx.update(findings).set({ ...next, analysedAt: now, analysedBy: actor.label, updatedAt: now }).where(eq(findings.id, f.id));
      const after = { ...next, ...(f.id !== target.id ? { appliedFrom: target.id } : {}) };
      await tx.insert(findingHistory).values({ findingId: f.id, at: now, actorId: actor.id, actorLabel: actor.label, kind: "analysis", before, after });
      changes.push({ action: "update", entityType: "finding", entityId: f.id, before, after });
    }
    // The analysis is a person's now: no triage policy changes or re-opens it any more.
    await tx.delete(triagePolicyDecisions).where(inArray(triagePolicyDecisions.findingId, targets.map((t) => t.id)));
    await rescoreFindings(tx, { ids: targets.map((t) => t.id) });
    return { result: { appliedTo: targets.length - 1 }, changes };
  });
}

/** Clinical rescoring of the vulnerability's CVSS 3.1 vector for this finding; the original score stays beside it. */
export async function rescoreFindingClinically(db: Db, id: string, answers: ClinicalAnswers, actor: Actor, now: Date): Promise<void> {
  await audited(db, actor, async (tx) => {
    const [row] = await tx.select({ f: findings, cvss: vulnerabilities.cvss }).from(findings).innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId)).where(eq(findings.id, id)).for("update");
    if (!row) throw notFound("Finding");
    const vector = row.cvss.v31 ?? row.cvss.v30;
    if (!vector) throw new AppError(422, "no_cvss_vector", "The vulnerability has no CVSS 3.x vector to rescore for the clinical context");
    const result = rescoreForClinicalContext(vector.replace(/^CVSS:3\.0\//, "CVSS:3.1/"), answers);
    if (!result.ok) throw new AppError(422, "rescoring_failed", result.error);
    await tx.update(findings).set({ rescoring: result.rescoring, updatedAt: now }).where(eq(findings.id, id));
    const after = { adjustedScore: result.rescoring.adjustedScore, vector: result.rescoring.adjusted.vector, answers };
    const before = row.f.rescoring ? { adjustedScore: row.f.rescoring.adjustedScore, vector: row.f.rescoring.adjusted.vector } : null;
    await tx.insert(findingHistory).values({ findingId: id, at: now, actorId: actor.id, actorLabel: actor.label, kind: "rescoring", before, after });
    await rescoreFindings(tx, { ids: [id] });
    return { result: undefined, changes: [{ action: "rescore", entityType: "finding", entityId: id, before, after }] };
  });
}
