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

const axisSchema = z.object({ severity: z.enum(SEVERITIES), description: z.string().default("") }).strict();

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

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** The highest severity across the four axes. */
export function overallSeverity(impact: ImpactModel): Severity {
  return IMPACT_AXES.map((a) => impact[a].severity).reduce((max, s) => (severityRank(s) > severityRank(max) ? s : max), "none");
}

/** True when the facts point at more than one member state or say so outright. */
export function hasCrossBorderIndication(facts: IncidentFacts): boolean {
  return facts.crossBorderImpact === true || new Set(facts.memberStatesAffected.map((c) => c.toUpperCase())).size >= 2;
}
