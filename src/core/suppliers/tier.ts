/**
 * Criticality tier of a supplier, from three questions (NIS2 Art. 21(3): supplier-specific vulnerabilities;
 * 2024/2690 Annex 5.1.2(d): ability to diversify sources of supply).
 *
 * Rule (the first tier whose condition holds):
 * - Tier 1 (critical): privileged access to our systems, or access to patient / health data, or a direct effect on a
 *   device with patient-safety relevance, or a direct effect on a device by a supplier that is hard to replace.
 * - Tier 2 (important): limited access to systems, access to internal (non-health) data, any direct or indirect effect
 *   on devices, or a supplier that is hard to replace.
 * - Tier 3 (standard): everything else.
 */
export const SYSTEM_ACCESS = ["none", "limited", "privileged"] as const;
export const DATA_ACCESS = ["none", "internal", "health"] as const;
export const DEVICE_IMPACT = ["none", "indirect", "direct"] as const;
export const SUBSTITUTABILITY = ["easy", "moderate", "hard"] as const;

export type SystemAccess = (typeof SYSTEM_ACCESS)[number];
export type DataAccess = (typeof DATA_ACCESS)[number];
export type DeviceImpact = (typeof DEVICE_IMPACT)[number];
export type Substitutability = (typeof SUBSTITUTABILITY)[number];

export type TierInputs = {
  /** Access to the manufacturer's network and information systems. */
  systemAccess: SystemAccess;
  /** Access to the manufacturer's data; `health` covers patient and device telemetry data. */
  dataAccess: DataAccess;
  /** `direct`: supplies software, components or manufacturing that end up in a device; `indirect`: tools, services around it. */
  deviceImpact: DeviceImpact;
  /** Whether a failure or compromise of what the supplier provides could harm a patient. */
  patientSafetyImpact: boolean;
  substitutability: Substitutability;
};

export type Tier = 1 | 2 | 3;
export type TierResult = { tier: Tier; reasons: string[] };

export function criticalityTier(i: TierInputs): TierResult {
  const critical: string[] = [];
  if (i.systemAccess === "privileged") critical.push("privileged access to our systems");
  if (i.dataAccess === "health") critical.push("access to patient or health data");
  if (i.deviceImpact === "direct" && i.patientSafetyImpact) critical.push("direct effect on a device with patient-safety relevance");
  if (i.deviceImpact === "direct" && i.substitutability === "hard") critical.push("direct effect on a device and hard to replace");
  if (critical.length > 0) return { tier: 1, reasons: critical };

  const important: string[] = [];
  if (i.systemAccess === "limited") important.push("limited access to our systems");
  if (i.dataAccess === "internal") important.push("access to internal data");
  if (i.deviceImpact === "direct") important.push("direct effect on a device");
  if (i.deviceImpact === "indirect") important.push("indirect effect on devices");
  if (i.patientSafetyImpact) important.push("patient-safety relevance");
  if (i.substitutability === "hard") important.push("hard to replace");
  if (important.length > 0) return { tier: 2, reasons: important };

  return { tier: 3, reasons: ["no system, data or device access and easy to replace"] };
}

export const TIER_LABELS: Record<Tier, string> = { 1: "Tier 1 · critical", 2: "Tier 2 · important", 3: "Tier 3 · standard" };
