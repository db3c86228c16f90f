import type { AssetType, Cia, HarmSeverity, LifecyclePhase } from "./types";

/** The pre-filled fields of a risk raised from another record. */
export type RiskDraft = {
  title: string;
  description: string;
  asset: string;
  assetType: AssetType;
  phase: LifecyclePhase;
  threat: string;
  vulnerability: string;
  cia: Cia;
  patientSafety: HarmSeverity | null;
  inherentLikelihood: number;
  inherentImpact: number;
  deviceModelId: string | null;
};

/** "unknown": the incident's axis was not assessed yet; it adds nothing to the draft. */
type AxisSeverity = "unknown" | "none" | "low" | "medium" | "high" | "critical";
const rank: Record<AxisSeverity, number> = { unknown: 0, none: 0, low: 1, medium: 2, high: 3, critical: 4 };
/** Incident axis severity → impact level on a five-level scale. */
const impactOf = (s: AxisSeverity) => [1, 2, 3, 4, 5][rank[s]];
const harmOf: Record<AxisSeverity, HarmSeverity | null> = { unknown: null, none: null, low: "minor", medium: "serious", high: "critical", critical: "catastrophic" };

export type IncidentFacts = {
  reference: string;
  title: string;
  description: string;
  affectedSystems: string[];
  affectedDeviceModelIds: string[];
  threatType: string | null;
  rootCause: string | null;
  impact: Record<"availability" | "integrity" | "confidentiality" | "patientSafety", { severity: AxisSeverity }> | null;
};

/**
 * A risk drafted from an incident: it has happened, so recurrence is rated likely (4) until someone judges
 * otherwise; the impact follows the incident's worst axis, and the patient-safety axis gives the harm severity.
 */
export function draftFromIncident(i: IncidentFacts, scale = 5): RiskDraft {
  const impact = i.impact;
  const assessed = impact ? Object.values(impact).filter((a) => a.severity !== "unknown") : [];
  const worst = assessed.length > 0 ? assessed.reduce((m, a) => (rank[a.severity] > rank[m] ? a.severity : m), "none" as AxisSeverity) : "medium";
  const hit = (axis: "availability" | "integrity" | "confidentiality") => (impact ? rank[impact[axis].severity] > 0 : false);
  const cia = { confidentiality: hit("confidentiality"), integrity: hit("integrity"), availability: hit("availability") };
  if (!cia.confidentiality && !cia.integrity && !cia.availability) cia.availability = true;
  return {
    title: `Recurrence of ${i.reference}: ${i.title}`.slice(0, 300),
    description: `Raised from incident ${i.reference}. ${i.description}`.trim().slice(0, 20_000),
    asset: (i.affectedSystems.join(", ") || "Systems affected by the incident").slice(0, 300),
    assetType: i.affectedDeviceModelIds.length > 0 ? "device_model" : "information_system",
    phase: "post_market",
    threat: (i.threatType ?? i.title).slice(0, 2000),
    vulnerability: (i.rootCause ?? "").slice(0, 2000),
    cia,
    patientSafety: impact ? harmOf[impact.patientSafety.severity] : null,
    inherentLikelihood: Math.min(4, scale),
    inherentImpact: Math.min(impactOf(worst), scale),
    deviceModelId: i.affectedDeviceModelIds[0] ?? null,
  };
}

export type FindingFacts = {
  vulnerabilityId: string;
  summary: string | null;
  componentName: string;
  componentVersion: string;
  affectedRange: string;
  priority: string;
  deviceModelId: string | null;
  deviceModelName: string | null;
  version: string | null;
};

const findingRating: Record<string, [number, number]> = { critical: [4, 5], high: [4, 4], medium: [3, 3], low: [2, 2], none: [1, 2] };

/** A risk drafted from a vulnerability finding: likelihood and impact follow the finding's priority. */
export function draftFromFinding(f: FindingFacts, scale = 5): RiskDraft {
  const [l, i] = findingRating[f.priority] ?? [3, 3];
  const product = f.deviceModelName ? `${f.deviceModelName}${f.version ? ` ${f.version}` : ""}` : "Device software";
  return {
    title: `${f.vulnerabilityId} in ${f.componentName} ${f.componentVersion} (${product})`.slice(0, 300),
    description: `Raised from vulnerability finding ${f.vulnerabilityId}. ${f.summary ?? ""}`.trim().slice(0, 20_000),
    asset: product.slice(0, 300),
    assetType: "device_model",
    phase: "post_market",
    threat: `Exploitation of ${f.vulnerabilityId}`,
    vulnerability: `${f.componentName} ${f.componentVersion} is in the affected range ${f.affectedRange}`.slice(0, 2000),
    cia: { confidentiality: true, integrity: true, availability: true },
    patientSafety: null,
    inherentLikelihood: Math.min(l, scale),
    inherentImpact: Math.min(i, scale),
    deviceModelId: f.deviceModelId,
  };
}
