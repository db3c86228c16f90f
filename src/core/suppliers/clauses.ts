import type { Tier } from "./tier";

/** Security clauses a supplier contract should carry, each with the catalog items that ask for it. */
export const CONTRACT_CLAUSES = [
  {
    id: "incident_notification",
    title: "Incident notification to us",
    description: "The supplier notifies us without undue delay of incidents that affect what it provides.",
    refs: ["cir2024-2690:annex.5.1.4.d", "iso27001:A.5.20"],
  },
  {
    id: "vulnerability_disclosure",
    title: "Vulnerability handling and disclosure",
    description: "The supplier handles vulnerabilities in what it provides and tells us about them.",
    refs: ["cir2024-2690:annex.5.1.4.f", "nis2:art21.3"],
  },
  {
    id: "right_to_audit",
    title: "Right to audit",
    description: "We may audit the supplier or receive its audit reports.",
    refs: ["cir2024-2690:annex.5.1.4.e", "iso27001:A.5.22"],
  },
  {
    id: "sbom_delivery",
    title: "SBOM delivery",
    description: "The supplier delivers a software bill of materials with each software deliverable.",
    refs: ["iec81001-5-1:4.1.5", "iso27001:A.5.21"],
  },
  {
    id: "secure_development",
    title: "Secure development",
    description: "The supplier follows secure development practices for what it builds for us.",
    refs: ["cir2024-2690:annex.5.1.2.a", "nis2:art21.3"],
  },
  {
    id: "sub_processor_control",
    title: "Sub-processor control",
    description: "Subcontracting needs our consent and passes the same security requirements on.",
    refs: ["cir2024-2690:annex.5.1.4.g", "iso27001:A.5.21"],
  },
  {
    id: "end_of_support",
    title: "End-of-support commitments",
    description: "The supplier commits to a support period and announces end of support in advance.",
    refs: ["cir2024-2690:annex.5.1.4.h", "iec81001-5-1:4.1.5"],
  },
] as const;

export type ClauseId = (typeof CONTRACT_CLAUSES)[number]["id"];
export const CLAUSE_IDS = CONTRACT_CLAUSES.map((c) => c.id) as ClauseId[];

/**
 * Clauses required of a supplier: every clause for tier 1; for tier 2 all but SBOM delivery and end of support unless
 * the supplier provides device components; for tier 3 incident notification only. Suppliers of software or components
 * that end up in a device always need SBOM delivery, vulnerability disclosure and end-of-support commitments.
 */
export function requiredClauses(tier: Tier, suppliesDeviceComponents: boolean): ClauseId[] {
  const base: ClauseId[] =
    tier === 1
      ? [...CLAUSE_IDS]
      : tier === 2
        ? ["incident_notification", "vulnerability_disclosure", "right_to_audit", "secure_development", "sub_processor_control"]
        : ["incident_notification"];
  const component: ClauseId[] = suppliesDeviceComponents ? ["vulnerability_disclosure", "sbom_delivery", "end_of_support"] : [];
  const wanted = new Set([...base, ...component]);
  return CLAUSE_IDS.filter((c) => wanted.has(c));
}

/** Required clauses not present in any of the supplier's current contracts, in catalogue order. */
export function missingClauses(required: readonly ClauseId[], present: Iterable<string>): ClauseId[] {
  const have = new Set(present);
  return required.filter((c) => !have.has(c));
}
