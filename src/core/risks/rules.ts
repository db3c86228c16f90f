import { levelOf, type RiskLevel, type RiskMatrix, RISK_LEVELS, score } from "./matrix";
import { AUTHORITIES, type Authority, type Cia, type HarmSeverity, type Problem, type Treatment } from "./types";

/** The fields of a risk that the rules look at. */
export type RiskAssessment = {
  cia: Cia;
  patientSafety: HarmSeverity | null;
  inherentLikelihood: number;
  inherentImpact: number;
  residualLikelihood: number | null;
  residualImpact: number | null;
  /** Why the residual risk is rated above the inherent one (e.g. a treatment adds an exposure). */
  residualJustification: string | null;
  treatment: Treatment | null;
};

export type RiskRating = {
  inherent: { score: number; level: RiskLevel };
  residual: { score: number; level: RiskLevel } | null;
  /** The residual rating when assessed, otherwise the inherent one: what the register acts on. */
  current: { score: number; level: RiskLevel };
};

export function rateRisk(matrix: RiskMatrix, r: Pick<RiskAssessment, "inherentLikelihood" | "inherentImpact" | "residualLikelihood" | "residualImpact">): RiskRating {
  const inh = score(r.inherentLikelihood, r.inherentImpact);
  const inherent = { score: inh, level: levelOf(matrix, inh) };
  const residual =
    r.residualLikelihood !== null && r.residualImpact !== null
      ? { score: score(r.residualLikelihood, r.residualImpact), level: levelOf(matrix, score(r.residualLikelihood, r.residualImpact)) }
      : null;
  return { inherent, residual, current: residual ?? inherent };
}

const inScale = (v: number, n: number) => Number.isInteger(v) && v >= 1 && v <= n;

export type RiskCheck = { errors: Problem[]; warnings: Problem[] };

/**
 * Consistency rules of a risk against a matrix. Errors block saving; warnings are shown next to the risk.
 */
export function checkRisk(matrix: RiskMatrix, r: RiskAssessment): RiskCheck {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const nL = matrix.likelihood.length;
  const nI = matrix.impact.length;
  if (!inScale(r.inherentLikelihood, nL)) errors.push({ path: "inherentLikelihood", message: `must be a likelihood level 1…${nL}` });
  if (!inScale(r.inherentImpact, nI)) errors.push({ path: "inherentImpact", message: `must be an impact level 1…${nI}` });
  if ((r.residualLikelihood === null) !== (r.residualImpact === null)) {
    errors.push({ path: r.residualLikelihood === null ? "residualLikelihood" : "residualImpact", message: "residual likelihood and impact are rated together" });
  }
  if (r.residualLikelihood !== null && !inScale(r.residualLikelihood, nL)) errors.push({ path: "residualLikelihood", message: `must be a likelihood level 1…${nL}` });
  if (r.residualImpact !== null && !inScale(r.residualImpact, nI)) errors.push({ path: "residualImpact", message: `must be an impact level 1…${nI}` });
  if (errors.length > 0) return { errors, warnings };

  if (r.residualLikelihood !== null && r.residualImpact !== null) {
    const above = score(r.residualLikelihood, r.residualImpact) > score(r.inherentLikelihood, r.inherentImpact);
    if (above && !r.residualJustification?.trim()) {
      errors.push({ path: "residualJustification", message: "the residual risk exceeds the inherent risk: say why (justification required)" });
    }
    if (r.treatment === null) errors.push({ path: "treatment", message: "a residual rating follows a treatment decision: choose reduce, avoid, transfer or accept" });
    if (r.treatment === "accept" && (r.residualLikelihood !== r.inherentLikelihood || r.residualImpact !== r.inherentImpact) && !above) {
      warnings.push({ path: "residualLikelihood", message: "accepting does not change the risk; a lower residual rating needs a reducing measure" });
    }
  }
  if (!r.cia.confidentiality && !r.cia.integrity && !r.cia.availability && r.patientSafety === null) {
    errors.push({ path: "cia", message: "name at least one affected property (confidentiality, integrity, availability) or a patient-safety impact" });
  }
  if (r.patientSafety !== null) {
    const minimum = matrix.severityImpact[r.patientSafety];
    if (r.inherentImpact < minimum) {
      warnings.push({ path: "inherentImpact", message: `a ${r.patientSafety} patient harm implies at least impact ${minimum} (${matrix.impact[minimum - 1]?.label})` });
    }
  }
  return { errors, warnings };
}

export type Acceptance = { acceptedBy: string; authority: Authority; statement: string; benefitRisk?: string | null };

/**
 * Whether a person may accept a residual risk: a named person, an authority at least the one the matrix requires for
 * the risk's current level, a statement, and for potential severe harm a benefit-risk rationale (ISO 14971 clause 7.4).
 */
export function checkAcceptance(matrix: RiskMatrix, risk: RiskAssessment, a: Acceptance): Problem[] {
  const problems: Problem[] = [];
  if (a.acceptedBy.trim().length < 3) problems.push({ path: "acceptedBy", message: "name the person who accepts the risk" });
  if (!a.statement.trim()) problems.push({ path: "statement", message: "an acceptance needs a statement of what is accepted and why" });
  const level = rateRisk(matrix, risk).current.level;
  const required = matrix.acceptanceAuthority[level];
  if (AUTHORITIES.indexOf(a.authority) < AUTHORITIES.indexOf(required)) {
    problems.push({ path: "authority", message: `a ${level} risk may only be accepted by ${required.replace("_", " ")} or higher` });
  }
  if ((risk.patientSafety === "critical" || risk.patientSafety === "catastrophic") && !a.benefitRisk?.trim()) {
    problems.push({ path: "benefitRisk", message: `a risk of ${risk.patientSafety} patient harm is accepted only with a benefit-risk rationale (ISO 14971 clause 7.4)` });
  }
  if (risk.treatment !== "accept") problems.push({ path: "treatment", message: "set the treatment to accept before recording an acceptance" });
  return problems;
}

/** The lowest authority that may accept the risk as rated now. */
export function requiredAuthority(matrix: RiskMatrix, risk: RiskAssessment): Authority {
  return matrix.acceptanceAuthority[rateRisk(matrix, risk).current.level];
}

export const levelRank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);
