import { describe, expect, test } from "vitest";
import { finalAdvisoryGaps } from "./final-advisory";

const remediation = { category: "workaround", details: "Disable SNMP." };

describe("finalAdvisoryGaps", () => {
  test("an affected product with impact and a remediation is complete", () => {
    expect(finalAdvisoryGaps([{ patientSafetyImpact: "No effect on therapy.", productStatus: [{ status: "affected" }], remediations: [remediation] }])).toEqual([]);
  });

  test("missing impact and missing customer action are both named by path", () => {
    expect(finalAdvisoryGaps([{ patientSafetyImpact: "  ", productStatus: [{ status: "fixed" }, { status: "affected" }], remediations: [] }])).toEqual([
      { path: "vulnerabilities/0/patientSafetyImpact", message: "a final advisory states the patient-safety impact" },
      { path: "vulnerabilities/0/remediations", message: "a final advisory tells customers what to do (a remediation)" },
    ]);
  });

  test("a vulnerability that affects none of the products needs its impact but no action", () => {
    const gaps = finalAdvisoryGaps([
      { patientSafetyImpact: "None: the library is not shipped.", productStatus: [{ status: "not_affected" }], remediations: [] },
      { patientSafetyImpact: null, productStatus: [{ status: "under_investigation" }], remediations: [] },
    ]);
    expect(gaps.map((g) => g.path)).toEqual(["vulnerabilities/1/patientSafetyImpact", "vulnerabilities/1/remediations"]);
  });

  test("a final advisory without vulnerabilities is incomplete", () => {
    expect(finalAdvisoryGaps([]).map((g) => g.path)).toEqual(["vulnerabilities"]);
  });
});
