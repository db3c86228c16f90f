import type { VexStatus } from "./vex-vocabulary";

/** The part of a vulnerability the rule reads; both the API input and the stored row fit it. */
export interface FinalCheckVulnerability {
  patientSafetyImpact?: string | null;
  productStatus: ReadonlyArray<{ status: VexStatus }>;
  remediations: ReadonlyArray<unknown>;
}

export type FinalGap = { path: string; message: string };

/**
 * What a Final advisory must state before a hospital reads it as the last word: for every vulnerability
 * its patient-safety impact, and what customers should do (a remediation) whenever a product is not
 * simply "not affected". Paths are relative to the advisory (`vulnerabilities/0/patientSafetyImpact`).
 */
export function finalAdvisoryGaps(vulnerabilities: ReadonlyArray<FinalCheckVulnerability>): FinalGap[] {
  const gaps: FinalGap[] = [];
  if (vulnerabilities.length === 0) gaps.push({ path: "vulnerabilities", message: "a final advisory names at least one vulnerability" });
  vulnerabilities.forEach((v, i) => {
    if (!v.patientSafetyImpact?.trim()) {
      gaps.push({ path: `vulnerabilities/${i}/patientSafetyImpact`, message: "a final advisory states the patient-safety impact" });
    }
    const needsAction = v.productStatus.some((s) => s.status !== "not_affected");
    if (needsAction && v.remediations.length === 0) {
      gaps.push({ path: `vulnerabilities/${i}/remediations`, message: "a final advisory tells customers what to do (a remediation)" });
    }
  });
  return gaps;
}
