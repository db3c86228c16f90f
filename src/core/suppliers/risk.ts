import type { Tier } from "./tier";

export type SupplierRiskInputs = {
  tier: Tier;
  /** Overall score of the latest reviewed assessment (0–100), null when there is none. */
  assessmentScore: number | null;
  missingClauses: number;
  expiredCertificates: number;
  expiringCertificates: number;
  reassessmentOverdue: boolean;
};

export type RiskLevel = "low" | "medium" | "high" | "critical";
export type SupplierRisk = { score: number; level: RiskLevel; factors: { factor: string; points: number }[] };

const TIER_POINTS: Record<Tier, number> = { 1: 40, 2: 25, 3: 10 };

/**
 * Supplier risk from 0 to 100: the tier sets the base (40 / 25 / 10); a missing assessment adds 25, an assessment
 * adds 0.3 point per percent below 100; each missing clause 5 (at most 20), each expired certificate 10 (at most
 * 15), each expiring one 3 (at most 6), an overdue re-assessment 10. Levels: ≥ 70 critical, ≥ 50 high, ≥ 30 medium.
 */
export function supplierRisk(i: SupplierRiskInputs): SupplierRisk {
  const factors: { factor: string; points: number }[] = [{ factor: `tier ${i.tier}`, points: TIER_POINTS[i.tier] }];
  if (i.assessmentScore === null) factors.push({ factor: "no assessment", points: 25 });
  else {
    const s = Math.min(100, Math.max(0, i.assessmentScore));
    if (s < 100) factors.push({ factor: `assessment score ${s}`, points: Math.round((100 - s) * 3) / 10 });
  }
  if (i.missingClauses > 0) factors.push({ factor: `${i.missingClauses} missing contract clause(s)`, points: Math.min(20, 5 * i.missingClauses) });
  if (i.expiredCertificates > 0) factors.push({ factor: `${i.expiredCertificates} expired certificate(s)`, points: Math.min(15, 10 * i.expiredCertificates) });
  if (i.expiringCertificates > 0) factors.push({ factor: `${i.expiringCertificates} expiring certificate(s)`, points: Math.min(6, 3 * i.expiringCertificates) });
  if (i.reassessmentOverdue) factors.push({ factor: "re-assessment overdue", points: 10 });
  const score = Math.min(100, Math.round(factors.reduce((n, f) => n + f.points, 0) * 10) / 10);
  const level: RiskLevel = score >= 70 ? "critical" : score >= 50 ? "high" : score >= 30 ? "medium" : "low";
  return { score, level, factors };
}
