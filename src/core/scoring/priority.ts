import type { VexStatus } from "../advisories/vex-vocabulary";
import { type CvssScore, type CvssVersion, parseCvss } from "./cvss";

/**
 * Priority of a finding (one vulnerability on one device/product).
 *
 * Formula (every term is listed in the explanation, with its contribution):
 *
 *   score = cvssBase                                   (clinically rescored v3.1 environmental score when given,
 *                                                       else v4.0, else v3.1, else v3.0, else v2; none → `noCvssScore`)
 *         + kev                 if listed in CISA KEV
 *         + kevRansomware       if KEV says "known ransomware campaign use"
 *         + epss band           highest band whose probability or percentile threshold is met
 *         + patientSafety       max(IEC 62304 class term, MDR class term)  — consequence severity in clinical use
 *         + exposure            internet_reachable / network_connected / isolated
 *   score = max(0, round1(score))
 *
 *   priority = first threshold the score reaches (critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0, else none),
 *              then raised to `kevMinimumPriority` when KEV-listed,
 *   VEX overrides: not_affected and fixed → none (score 0); under_investigation and affected are scored.
 *
 * The weights are additive points on the CVSS 0–10 scale so that each term can be read as
 * "how much this raised or lowered the CVSS base score". All numbers are configurable.
 */

export const PRIORITIES = ["critical", "high", "medium", "low", "none"] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Iec62304SafetyClass = "A" | "B" | "C";
export type MdrRiskClass = "I" | "IIa" | "IIb" | "III";
export type Exposure = "internet_reachable" | "network_connected" | "isolated";

export interface PriorityInput {
  cvss?: {
    /** A v3.1 vector adjusted for the clinical context (rescoreForClinicalContext); its environmental score is used. */
    clinicalV31?: string;
    v40?: string;
    v31?: string;
    v30?: string;
    v2?: string;
  };
  kev?: { listed: boolean; dueDate?: string; knownRansomwareUse?: boolean };
  epss?: { probability: number; percentile: number };
  safetyClass?: Iec62304SafetyClass;
  mdrClass?: MdrRiskClass;
  exposure?: Exposure;
  vexStatus?: VexStatus;
}

export interface EpssBand {
  /** The band applies when probability ≥ minProbability OR percentile ≥ minPercentile. */
  minProbability?: number;
  minPercentile?: number;
  add: number;
}

export interface PriorityConfig {
  noCvssScore: number;
  kev: number;
  kevRansomware: number;
  kevMinimumPriority: Priority;
  /** Ordered from the highest band down; the first band met applies. */
  epssBands: EpssBand[];
  safetyClass: Record<Iec62304SafetyClass, number>;
  mdrClass: Record<MdrRiskClass, number>;
  exposure: Record<Exposure, number>;
  /** Used when the exposure is not known: assume a networked device. */
  defaultExposure: Exposure;
  thresholds: { critical: number; high: number; medium: number };
}

export const DEFAULT_PRIORITY_CONFIG: PriorityConfig = {
  noCvssScore: 5.0,
  kev: 2.0,
  kevRansomware: 1.0,
  kevMinimumPriority: "high",
  epssBands: [
    { minProbability: 0.5, minPercentile: 0.99, add: 1.5 },
    { minProbability: 0.1, minPercentile: 0.95, add: 1.0 },
    { minProbability: 0.01, minPercentile: 0.8, add: 0.5 },
  ],
  safetyClass: { A: 0, B: 0.5, C: 1.5 },
  mdrClass: { I: 0, IIa: 0.25, IIb: 0.75, III: 1.5 },
  exposure: { internet_reachable: 1.0, network_connected: 0, isolated: -1.5 },
  defaultExposure: "network_connected",
  thresholds: { critical: 9.0, high: 7.0, medium: 4.0 },
};

/** Defaults with some values replaced (nested records are merged key by key). */
export function priorityConfig(overrides: Partial<PriorityConfig> = {}): PriorityConfig {
  const d = DEFAULT_PRIORITY_CONFIG;
  return {
    ...d,
    ...overrides,
    safetyClass: { ...d.safetyClass, ...overrides.safetyClass },
    mdrClass: { ...d.mdrClass, ...overrides.mdrClass },
    exposure: { ...d.exposure, ...overrides.exposure },
    thresholds: { ...d.thresholds, ...overrides.thresholds },
  };
}

export type PriorityFactorName =
  | "cvss"
  | "kev"
  | "kev_ransomware"
  | "epss"
  | "patient_safety"
  | "exposure"
  | "kev_floor"
  | "vex";

export interface PriorityFactor {
  factor: PriorityFactorName;
  /** Points added to the score (0 for factors that only explain or override). */
  contribution: number;
  detail: string;
}

export interface PriorityAssessment {
  priority: Priority;
  score: number;
  cvss?: CvssScore;
  factors: PriorityFactor[];
  /** Problems with the input that did not stop the assessment (e.g. an unparsable vector). */
  warnings: string[];
  summary: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const rank = (p: Priority) => PRIORITIES.indexOf(p);

function priorityFor(score: number, t: PriorityConfig["thresholds"]): Priority {
  if (score >= t.critical) return "critical";
  if (score >= t.high) return "high";
  if (score >= t.medium) return "medium";
  if (score > 0) return "low";
  return "none";
}

const CVSS_PREFERENCE: Array<[keyof NonNullable<PriorityInput["cvss"]>, CvssVersion]> = [
  ["v40", "4.0"],
  ["v31", "3.1"],
  ["v30", "3.0"],
  ["v2", "2.0"],
];

function pickCvss(input: PriorityInput, warnings: string[]): { score: CvssScore; value: number; clinical: boolean } | undefined {
  const clinical = input.cvss?.clinicalV31;
  if (clinical) {
    const parsed = parseCvss(clinical, { assumeVersion: "3.1" });
    if (parsed.ok && parsed.score.version === "3.1" && parsed.score.environmentalScore !== undefined) {
      return { score: parsed.score, value: parsed.score.environmentalScore, clinical: true };
    }
    warnings.push(
      `clinical CVSS vector ignored: ${parsed.ok ? "needs a CVSS 3.1 vector with environmental metrics" : parsed.error}`,
    );
  }
  for (const [key, version] of CVSS_PREFERENCE) {
    const vector = input.cvss?.[key];
    if (!vector) continue;
    const parsed = parseCvss(vector, { assumeVersion: version });
    if (parsed.ok) return { score: parsed.score, value: parsed.score.baseScore, clinical: false };
    warnings.push(`CVSS ${version} vector ignored: ${parsed.error}`);
  }
  return undefined;
}

function isProbability(n: unknown): n is number {
  return typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 1;
}

export function assessPriority(
  input: PriorityInput,
  config: PriorityConfig = DEFAULT_PRIORITY_CONFIG,
): PriorityAssessment {
  const factors: PriorityFactor[] = [];
  const warnings: string[] = [];
  const picked = pickCvss(input, warnings);
  const cvss = picked?.score;

  if (input.vexStatus === "not_affected" || input.vexStatus === "fixed") {
    factors.push({
      factor: "vex",
      contribution: 0,
      detail: `VEX status ${input.vexStatus}: nothing to remediate, priority none`,
    });
    return {
      priority: "none",
      score: 0,
      ...(cvss ? { cvss } : {}),
      factors,
      warnings,
      summary: `none (VEX ${input.vexStatus})`,
    };
  }

  let score = 0;
  if (picked) {
    score += picked.value;
    factors.push({
      factor: "cvss",
      contribution: picked.value,
      detail: picked.clinical
        ? `clinically rescored CVSS 3.1 environmental score ${picked.value} (base ${picked.score.baseScore}) from ${picked.score.vector}`
        : `CVSS ${picked.score.version} base score ${picked.value} (${picked.score.severity}) from ${picked.score.vector}`,
    });
  } else {
    score += config.noCvssScore;
    factors.push({
      factor: "cvss",
      contribution: config.noCvssScore,
      detail: `no usable CVSS vector: assumed ${config.noCvssScore}`,
    });
  }

  if (input.kev?.listed) {
    score += config.kev;
    factors.push({
      factor: "kev",
      contribution: config.kev,
      detail: `listed in CISA KEV (known exploited)${input.kev.dueDate ? `, KEV due date ${input.kev.dueDate}` : ""}`,
    });
    if (input.kev.knownRansomwareUse) {
      score += config.kevRansomware;
      factors.push({
        factor: "kev_ransomware",
        contribution: config.kevRansomware,
        detail: "KEV records known use in ransomware campaigns",
      });
    }
  }

  if (input.epss) {
    const { probability, percentile } = input.epss;
    if (!isProbability(probability) || !isProbability(percentile)) {
      warnings.push(`EPSS ignored: probability and percentile must be numbers in [0, 1]`);
    } else {
      const band = config.epssBands.find(
        (b) =>
          (b.minProbability !== undefined && probability >= b.minProbability) ||
          (b.minPercentile !== undefined && percentile >= b.minPercentile),
      );
      const add = band?.add ?? 0;
      score += add;
      factors.push({
        factor: "epss",
        contribution: add,
        detail: `EPSS probability ${probability} (percentile ${percentile})${
          band ? "" : ": below every band, no change"
        }`,
      });
    }
  }

  const safetyTerm = input.safetyClass !== undefined ? config.safetyClass[input.safetyClass] : undefined;
  const mdrTerm = input.mdrClass !== undefined ? config.mdrClass[input.mdrClass] : undefined;
  if (safetyTerm !== undefined || mdrTerm !== undefined) {
    const add = Math.max(safetyTerm ?? 0, mdrTerm ?? 0);
    const parts = [
      input.safetyClass ? `IEC 62304 class ${input.safetyClass} (+${safetyTerm})` : undefined,
      input.mdrClass ? `MDR class ${input.mdrClass} (+${mdrTerm})` : undefined,
    ].filter(Boolean);
    score += add;
    factors.push({
      factor: "patient_safety",
      contribution: add,
      detail: `${parts.join(", ")}: the larger term counts`,
    });
  }

  const exposure = input.exposure ?? config.defaultExposure;
  const exposureTerm = config.exposure[exposure];
  score += exposureTerm;
  factors.push({
    factor: "exposure",
    contribution: exposureTerm,
    detail: `device ${exposure.replaceAll("_", " ")}${input.exposure ? "" : " (assumed: exposure not recorded)"}`,
  });

  score = Math.max(0, round1(score));
  let priority = priorityFor(score, config.thresholds);

  if (input.kev?.listed && rank(priority) > rank(config.kevMinimumPriority)) {
    factors.push({
      factor: "kev_floor",
      contribution: 0,
      detail: `KEV-listed findings are at least ${config.kevMinimumPriority} (score alone gave ${priority})`,
    });
    priority = config.kevMinimumPriority;
  }
  if (input.vexStatus === "under_investigation") {
    factors.push({ factor: "vex", contribution: 0, detail: "VEX under investigation: scored as if affected" });
  } else if (input.vexStatus === "affected") {
    factors.push({ factor: "vex", contribution: 0, detail: "VEX affected" });
  }

  const summary = `${priority} (${score}): ${factors
    .filter((f) => f.contribution !== 0)
    .map((f) => `${f.factor} ${f.contribution > 0 ? "+" : ""}${f.contribution}`)
    .join(", ")}`;
  return { priority, score, ...(cvss ? { cvss } : {}), factors, warnings, summary };
}
