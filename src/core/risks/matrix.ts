import { AUTHORITIES, type Authority, HARM_SEVERITIES, type HarmSeverity, type Problem } from "./types";

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export type ScaleLevel = { value: number; label: string; definition: string };
/** A level applies from `minScore` (inclusive) up to the next band's `minScore`. */
export type Band = { level: RiskLevel; minScore: number };

/**
 * A likelihood × impact matrix. Scores are likelihood × impact; bands turn a score into a level, and each level
 * names the lowest authority that may accept a residual risk of that level.
 */
export type RiskMatrix = {
  likelihood: ScaleLevel[];
  impact: ScaleLevel[];
  bands: Band[];
  acceptanceAuthority: Record<RiskLevel, Authority>;
  /** The impact level that a patient-safety harm of each severity implies at least. */
  severityImpact: Record<HarmSeverity, number>;
};

export const DEFAULT_MATRIX: RiskMatrix = {
  likelihood: [
    { value: 1, label: "Rare", definition: "Not expected during the product's lifetime; no known occurrence in the sector" },
    { value: 2, label: "Unlikely", definition: "Could occur once in more than 5 years; known elsewhere in the sector" },
    { value: 3, label: "Possible", definition: "Could occur once in 1 to 5 years; precursors observed" },
    { value: 4, label: "Likely", definition: "Expected about once a year; exploited vulnerabilities or attacks seen against peers" },
    { value: 5, label: "Almost certain", definition: "Expected several times a year, or already happening" },
  ],
  impact: [
    { value: 1, label: "Negligible", definition: "No effect on patients or services; cost below €10k; no reporting" },
    { value: 2, label: "Minor", definition: "Short disruption (< 4 h) of non-critical services; limited data exposure; no harm" },
    { value: 3, label: "Moderate", definition: "Disruption of a critical service < 24 h; personal data exposed; harm needing medical intervention possible" },
    { value: 4, label: "Major", definition: "Significant incident (NIS2 Art. 23(3)); production stop > 24 h; serious or permanent harm possible" },
    { value: 5, label: "Severe", definition: "Death of a patient possible; field safety corrective action across the installed base; threat to the business" },
  ],
  bands: [
    { level: "low", minScore: 1 },
    { level: "medium", minScore: 5 },
    { level: "high", minScore: 10 },
    { level: "critical", minScore: 20 },
  ],
  acceptanceAuthority: { low: "risk_owner", medium: "department_head", high: "executive", critical: "management_body" },
  severityImpact: { negligible: 1, minor: 2, serious: 3, critical: 4, catastrophic: 5 },
};

export function score(likelihood: number, impact: number): number {
  return likelihood * impact;
}

/** The level of a score; scores below the first band count as the first band's level. */
export function levelOf(matrix: RiskMatrix, s: number): RiskLevel {
  let level = matrix.bands[0].level;
  for (const b of matrix.bands) if (s >= b.minScore) level = b.level;
  return level;
}

export function rate(matrix: RiskMatrix, likelihood: number, impact: number): { score: number; level: RiskLevel } {
  const s = score(likelihood, impact);
  return { score: s, level: levelOf(matrix, s) };
}

export const maxScore = (m: RiskMatrix) => m.likelihood.length * m.impact.length;

/** Problems of a matrix definition; an empty list means it may be saved. */
export function validateMatrix(m: RiskMatrix): Problem[] {
  const problems: Problem[] = [];
  for (const axis of ["likelihood", "impact"] as const) {
    const scale = m[axis];
    if (scale.length < 3 || scale.length > 10) problems.push({ path: axis, message: "must have between 3 and 10 levels" });
    scale.forEach((l, i) => {
      if (l.value !== i + 1) problems.push({ path: `${axis}/${i}/value`, message: `levels must be numbered 1…n in order; expected ${i + 1}` });
      if (l.label.trim() === "") problems.push({ path: `${axis}/${i}/label`, message: "needs a label" });
      if (l.definition.trim() === "") problems.push({ path: `${axis}/${i}/definition`, message: "needs a definition" });
    });
    const labels = scale.map((l) => l.label.trim().toLowerCase());
    if (new Set(labels).size !== labels.length) problems.push({ path: axis, message: "labels must be distinct" });
  }
  if (m.bands.length === 0) problems.push({ path: "bands", message: "needs at least one band" });
  else {
    if (m.bands[0].minScore !== 1) problems.push({ path: "bands/0/minScore", message: "the first band must start at score 1" });
    m.bands.forEach((b, i) => {
      if (i > 0 && b.minScore <= m.bands[i - 1].minScore) problems.push({ path: `bands/${i}/minScore`, message: "band thresholds must increase" });
      if (i > 0 && RISK_LEVELS.indexOf(b.level) <= RISK_LEVELS.indexOf(m.bands[i - 1].level)) {
        problems.push({ path: `bands/${i}/level`, message: "band levels must increase (low → medium → high → critical)" });
      }
      if (b.minScore > maxScore(m)) problems.push({ path: `bands/${i}/minScore`, message: `is above the highest possible score ${maxScore(m)}` });
    });
  }
  let previous = -1;
  for (const level of RISK_LEVELS) {
    const rank = AUTHORITIES.indexOf(m.acceptanceAuthority[level]);
    if (rank < 0) problems.push({ path: `acceptanceAuthority/${level}`, message: "unknown authority" });
    else if (rank < previous) problems.push({ path: `acceptanceAuthority/${level}`, message: "a higher level cannot need less authority" });
    previous = Math.max(previous, rank);
  }
  for (const s of HARM_SEVERITIES) {
    const v = m.severityImpact[s];
    if (!Number.isInteger(v) || v < 1 || v > m.impact.length) problems.push({ path: `severityImpact/${s}`, message: `must be an impact level 1…${m.impact.length}` });
  }
  return problems;
}
