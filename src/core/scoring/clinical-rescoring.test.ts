import { describe, expect, test } from "vitest";
import { CLINICAL_QUESTIONS, type ClinicalAnswers, rescoreForClinicalContext } from "./clinical-rescoring";

const INFUSION_PUMP: ClinicalAnswers = {
  patientHarm: "direct",
  clinicalFunction: "therapy",
  phiExposure: "single_patient",
  workflowImpact: "halted",
  attackerReach: "segmented_clinical_network",
};

const ADMIN_TOOL: ClinicalAnswers = {
  patientHarm: "none",
  clinicalFunction: "non_clinical",
  phiExposure: "none",
  workflowImpact: "none",
  attackerReach: "physical",
};

function rescore(vector: string, answers: ClinicalAnswers) {
  const r = rescoreForClinicalContext(vector, answers);
  if (!r.ok) throw new Error(r.error);
  return r.rescoring;
}

describe("rescoreForClinicalContext", () => {
  test("therapy device on a segmented network: requirements raised, attack vector adjacent", () => {
    const r = rescore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", INFUSION_PUMP);
    expect(r.original).toMatchObject({ vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", baseScore: 7.3 });
    expect(r.adjusted.vector).toBe("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L/CR:M/IR:H/AR:H/MAV:A");
    // FIRST v3.1 environmental formula: MISS 0.6499, modified impact 4.17, exploitability 2.84 → 7.1
    expect(r.adjustedScore).toBe(7.1);
    expect(r.adjusted.baseScore).toBe(7.3);
    expect(r.effects.map((e) => e.question)).toEqual(CLINICAL_QUESTIONS.map((q) => q.id));
    expect(r.effects.find((e) => e.question === "attackerReach")?.metrics).toEqual(["MAV:A"]);
    expect(r.answers).toEqual(INFUSION_PUMP);
  });

  test("an integrity flaw in a therapy device reachable from the hospital network scores higher than its base", () => {
    const r = rescore("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N", {
      ...INFUSION_PUMP,
      attackerReach: "hospital_network",
    });
    expect(r.original.baseScore).toBe(6.5);
    expect(r.adjusted.vector).toMatch(/\/IR:H\/AR:H\/MAV:N$/);
    expect(r.adjustedScore).toBeGreaterThan(6.5);
  });

  test("non-clinical tool needing physical access: existing environmental metrics replaced, temporal kept", () => {
    const r = rescore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:F/CR:H", ADMIN_TOOL);
    expect(r.adjusted.vector).toBe("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:F/CR:L/IR:L/AR:L/MAV:P");
    expect(r.original.baseScore).toBe(7.5);
    expect(r.adjustedScore).toBe(2.8);
  });

  test("as_scored keeps the attack vector", () => {
    const r = rescore("CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", { ...INFUSION_PUMP, attackerReach: "as_scored" });
    expect(r.adjusted.vector).not.toMatch(/MAV/);
  });

  test("bad input is reported", () => {
    expect(rescoreForClinicalContext("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", INFUSION_PUMP))
      .toEqual({ ok: false, error: "clinical rescoring needs a CVSS 3.1 vector, got CVSS 4.0" });
    expect(rescoreForClinicalContext("CVSS:3.1/AV:N", INFUSION_PUMP)).toMatchObject({ ok: false });
    const bad = { ...INFUSION_PUMP, workflowImpact: "awful" } as unknown as ClinicalAnswers;
    expect(rescoreForClinicalContext("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", bad)).toEqual({
      ok: false,
      error: 'answer to workflowImpact must be one of none, degraded, halted (got "awful")',
    });
  });
});
