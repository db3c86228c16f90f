import { z } from "zod";

export const SEVERITIES = ["none", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const IMPACT_AXES = ["availability", "integrity", "confidentiality", "patientSafety"] as const;
export type ImpactAxis = (typeof IMPACT_AXES)[number];

export const IMPACT_AXIS_LABELS: Record<ImpactAxis, string> = {
  availability: "Availability",
  integrity: "Integrity",
  confidentiality: "Confidentiality",
  patientSafety: "Patient safety",
};

/** An axis's severity as entered: "unknown" until someone has assessed it. */
export const AXIS_SEVERITIES = ["unknown", ...SEVERITIES] as const;
export type AxisSeverity = (typeof AXIS_SEVERITIES)[number];

const axisSchema = z.object({ severity: z.enum(AXIS_SEVERITIES), description: z.string().default("") }).strict();

/** Impact along the four axes a medical device manufacturer has to weigh, each with a severity and what happened. */
export const impactSchema = z
  .object({
    availability: axisSchema,
    integrity: axisSchema,
    confidentiality: axisSchema,
    patientSafety: axisSchema,
  })
  .strict();
export type ImpactModel = z.output<typeof impactSchema>;
export type AxisImpact = ImpactModel[ImpactAxis];

/** Facts beyond the four axes that the significance assessment and the reports ask for. */
export const incidentFactsSchema = z
  .object({
    usersAffected: z.number().int().nonnegative().optional(),
    durationMinutes: z.number().nonnegative().optional(),
    /** ISO 3166 alpha-2 codes of the member states affected. */
    memberStatesAffected: z.array(z.string().length(2)).default([]),
    financialLossEur: z.number().nonnegative().optional(),
    suspectedMalicious: z.boolean().optional(),
    crossBorderImpact: z.boolean().optional(),
  })
  .strict();
export type IncidentFacts = z.output<typeof incidentFactsSchema>;

/** Rank of a severity; -1 for "unknown", which meets no threshold. */
export function severityRank(s: AxisSeverity): number {
  return SEVERITIES.indexOf(s as Severity);
}

export function atLeast(s: AxisSeverity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** The highest severity across the axes assessed so far; undefined while none is. */
export function overallSeverity(impact: ImpactModel): Severity | undefined {
  const known = IMPACT_AXES.map((a) => impact[a].severity).filter((s): s is Severity => s !== "unknown");
  if (known.length === 0) return undefined;
  return known.reduce((max, s) => (severityRank(s) > severityRank(max) ? s : max), "none");
}

/** True while any axis is still "unknown". */
export function hasUnknownAxis(impact: ImpactModel): boolean {
  return IMPACT_AXES.some((a) => impact[a].severity === "unknown");
}

/** True when the facts point at more than one member state or say so outright. */
export function hasCrossBorderIndication(facts: IncidentFacts): boolean {
  return facts.crossBorderImpact === true || new Set(facts.memberStatesAffected.map((c) => c.toUpperCase())).size >= 2;
}
