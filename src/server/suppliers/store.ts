import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import {
  type CertificateState,
  certificateState,
  type ClauseId,
  criticalityTier,
  formatDay,
  missingClauses,
  nextAssessmentDue,
  requiredClauses,
  scheduleState,
  supplierRisk,
  type Tier,
  type TierInputs,
} from "../../core/suppliers";
import type { DbOrTx } from "../platform/db/client";
import { notFound } from "../platform/http/errors";
import { supplierAssessments, supplierCertifications, supplierComponents, supplierContracts, suppliers } from "./schema";

export type SupplierRow = typeof suppliers.$inferSelect;
export type ContractRow = typeof supplierContracts.$inferSelect;
export type CertificationRow = typeof supplierCertifications.$inferSelect;
export type AssessmentRow = typeof supplierAssessments.$inferSelect;

export const dayOf = (d: Date) => formatDay(d);

export async function findSupplier(db: DbOrTx, id: string): Promise<SupplierRow> {
  const [row] = await db.select().from(suppliers).where(eq(suppliers.id, id)).limit(1);
  if (!row) throw notFound("Supplier");
  return row;
}

/** The tier and its reasons from the stored inputs. */
export function tierOf(i: TierInputs) {
  return criticalityTier({
    systemAccess: i.systemAccess,
    dataAccess: i.dataAccess,
    deviceImpact: i.deviceImpact,
    patientSafetyImpact: i.patientSafetyImpact,
    substitutability: i.substitutability,
  });
}

/** A contract counts while it has started (or has no start) and has not ended. */
export function isCurrentContract(c: ContractRow, today: string): boolean {
  return (!c.startDate || c.startDate <= today) && (!c.endDate || c.endDate >= today);
}

/** The day of the latest reviewed assessment, which restarts the re-assessment interval. */
export function lastReviewedDay(assessments: AssessmentRow[]): string | null {
  const reviewed = assessments.filter((a) => a.status === "reviewed" && a.reviewedAt).map((a) => dayOf(a.reviewedAt!));
  return reviewed.length ? reviewed.sort().at(-1)! : null;
}

export function dueDayFor(s: Pick<SupplierRow, "tier" | "registeredOn">, assessments: AssessmentRow[]): string {
  return nextAssessmentDue(s.tier as Tier, lastReviewedDay(assessments), s.registeredOn);
}

export type SupplierFacts = {
  contracts: ContractRow[];
  certifications: CertificationRow[];
  assessments: AssessmentRow[];
  components: number;
};

/** Everything derived about a supplier: required and missing clauses, certificate states, schedule and risk. */
export function derive(s: SupplierRow, facts: SupplierFacts, today: string) {
  const required = requiredClauses(s.tier as Tier, s.suppliesDeviceComponents);
  const present = new Set(facts.contracts.filter((c) => isCurrentContract(c, today)).flatMap((c) => c.clauses));
  const missing = missingClauses(required, present);
  const certStates: CertificateState[] = facts.certifications.map((c) => certificateState(c.expiresOn, today));
  const reviewed = facts.assessments
    .filter((a) => a.status === "reviewed")
    .sort((a, b) => (b.reviewedAt?.getTime() ?? 0) - (a.reviewedAt?.getTime() ?? 0));
  const latest = reviewed[0] ?? null;
  const open = facts.assessments.find((a) => a.status === "sent" || a.status === "in_progress" || a.status === "submitted") ?? null;
  const due = s.nextAssessmentDue;
  const schedule = scheduleState(due, today);
  const risk = supplierRisk({
    tier: s.tier as Tier,
    assessmentScore: latest?.overallScore ?? null,
    missingClauses: missing.length,
    expiredCertificates: certStates.filter((x) => x === "expired").length,
    expiringCertificates: certStates.filter((x) => x === "expiring").length,
    reassessmentOverdue: schedule === "overdue",
  });
  return {
    requiredClauses: required,
    missingClauses: missing as ClauseId[],
    expiredCertificates: certStates.filter((x) => x === "expired").length,
    expiringCertificates: certStates.filter((x) => x === "expiring").length,
    lastAssessment: latest ? { id: latest.id, reviewedOn: dayOf(latest.reviewedAt!), score: latest.overallScore } : null,
    openAssessment: open ? { id: open.id, status: open.status, sentOn: dayOf(open.sentAt) } : null,
    hasCurrentAssessment: latest !== null && schedule !== "overdue",
    schedule,
    risk,
    componentCount: facts.components,
  };
}

export function supplierBase(s: SupplierRow) {
  return { ...s, tier: s.tier as Tier, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

/** Every supplier (or those `where` selects) with its derived facts, in one query per table. */
export async function supplierSummaries(db: DbOrTx, today: string, where?: SQL) {
  const rows = await db.select().from(suppliers).where(where).orderBy(asc(suppliers.tier), asc(suppliers.name));
  if (rows.length === 0) return [];
  const idList = rows.map((r) => r.id);
  const [contracts, certs, assessments, components] = await Promise.all([
    db.select().from(supplierContracts).where(inArray(supplierContracts.supplierId, idList)),
    db.select().from(supplierCertifications).where(inArray(supplierCertifications.supplierId, idList)),
    db.select().from(supplierAssessments).where(inArray(supplierAssessments.supplierId, idList)),
    db.select({ supplierId: supplierComponents.supplierId }).from(supplierComponents).where(inArray(supplierComponents.supplierId, idList)),
  ]);
  const by = <T extends { supplierId: string }>(list: T[], id: string) => list.filter((x) => x.supplierId === id);
  return rows.map((s) => ({
    ...supplierBase(s),
    ...derive(s, { contracts: by(contracts, s.id), certifications: by(certs, s.id), assessments: by(assessments, s.id), components: by(components, s.id).length }, today),
  }));
}

export async function assessmentsOf(db: DbOrTx, supplierId: string) {
  return db.select().from(supplierAssessments).where(eq(supplierAssessments.supplierId, supplierId)).orderBy(desc(supplierAssessments.sentAt));
}

export async function findAssessment(db: DbOrTx, supplierId: string, assessmentId: string): Promise<AssessmentRow> {
  const [row] = await db
    .select()
    .from(supplierAssessments)
    .where(and(eq(supplierAssessments.id, assessmentId), eq(supplierAssessments.supplierId, supplierId)))
    .limit(1);
  if (!row) throw notFound("Assessment");
  return row;
}

/** True for a unique-constraint violation (PostgreSQL 23505), as thrown directly or wrapped by Drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}
