import { describe, expect, test } from "vitest";
import { IncidentInputError } from "./clock-input";
import { overallSeverity, type ImpactModel } from "./impact";
import { computeObligations } from "./obligations";
import {
  assessSignificance,
  confirmSignificance,
  financialLossThresholdEur,
  type QuestionId,
  significanceQuestions,
} from "./significance";

const allNo = (extra: Partial<Record<QuestionId, "yes" | "no" | "unknown">> = {}) => ({
  severeOperationalDisruption: "no",
  financialLossForEntity: "no",
  considerableDamageToOthers: "no",
  tradeSecretsExfiltrated: "no",
  deathOfNaturalPerson: "no",
  considerableDamageToHealth: "no",
  maliciousUnauthorisedAccess: "no",
  recurringIncidents: "no",
  entitySpecificCriteria: "no",
  scheduledMaintenanceOnly: "no",
  ...extra,
});

const axis = (severity: ImpactModel["availability"]["severity"], description = "") => ({ severity, description });

describe("significance questions", () => {
  test("every question has help text and a basis; entity-specific criteria only for 2024/2690 entities", () => {
    const mdm = significanceQuestions("medical_device_manufacturer");
    const cloud = significanceQuestions("reg_2024_2690_entity");
    expect(mdm.map((q) => q.id)).not.toContain("entitySpecificCriteria");
    expect(cloud.map((q) => q.id)).toContain("entitySpecificCriteria");
    for (const q of cloud) {
      expect(q.help.length).toBeGreaterThan(20);
      expect(q.basis).toMatch(/^(NIS2 Art\. 23\(3\)|Reg\. \(EU\) 2024\/2690 Art\. 3)/);
    }
  });
});

describe("assessSignificance", () => {
  test.each([
    ["severe operational disruption", { severeOperationalDisruption: "yes" }, "significant", ["severeOperationalDisruption"]],
    ["damage to others", { considerableDamageToOthers: "yes" }, "significant", ["considerableDamageToOthers"]],
    ["death (indicator for a manufacturer)", { deathOfNaturalPerson: "yes" }, "significant", ["deathOfNaturalPerson"]],
    ["nothing met", {}, "not_significant", []],
    ["an unanswered question", { considerableDamageToHealth: "unknown" }, "undetermined", []],
    ["scheduled maintenance only", { scheduledMaintenanceOnly: "yes" }, "not_significant", []],
  ] as const)("%s", (_name, answers, outcome, deciding) => {
    const p = assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo(answers) });
    expect(p.state).toBe("proposed");
    expect(p.outcome).toBe(outcome);
    expect(p.decidingCriteria.map((d) => d.id)).toEqual(deciding);
  });

  test("labels say what to do", () => {
    expect(assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo({ severeOperationalDisruption: "yes" }) }).label).toBe(
      "significant — report",
    );
    expect(assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo() }).label).toBe("not significant — keep record");
  });

  test("2024/2690 criteria bind its entity types and are indicators for a manufacturer", () => {
    const mdm = assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo({ tradeSecretsExfiltrated: "yes" }) });
    expect(mdm.decidingCriteria[0]).toMatchObject({ basis: "Reg. (EU) 2024/2690 Art. 3(1)(b)", binding: false });
    expect(mdm.reasoning.join(" ")).toMatch(/\(indicator\)/);
    const cloud = assessSignificance({ entityType: "reg_2024_2690_entity", answers: allNo({ tradeSecretsExfiltrated: "yes" }) });
    expect(cloud.decidingCriteria[0].binding).toBe(true);
  });

  test.each([
    ["loss above EUR 500 000 with large turnover", 600_000, 100_000_000, 500_000, "significant"],
    ["5 % of a small turnover is the lower threshold", 60_000, 1_000_000, 50_000, "significant"],
    ["loss at the threshold is not above it", 50_000, 1_000_000, 50_000, "not_significant"],
    ["turnover unknown: EUR 500 000", 400_000, undefined, 500_000, "not_significant"],
  ])("financial loss: %s", (_name, loss, turnover, threshold, outcome) => {
    expect(financialLossThresholdEur(turnover)).toBe(threshold);
    const p = assessSignificance({
      entityType: "reg_2024_2690_entity",
      annualTurnoverEur: turnover,
      answers: allNo(),
      facts: { financialLossEur: loss },
    });
    expect(p.outcome).toBe(outcome);
  });

  test("impact model hints, and warns where an answer contradicts it", () => {
    const p = assessSignificance({
      entityType: "medical_device_manufacturer",
      answers: allNo(),
      impact: {
        availability: axis("low"),
        integrity: axis("none"),
        confidentiality: axis("medium"),
        patientSafety: axis("critical", "infusion pumps received tampered drug libraries"),
      },
      facts: { suspectedMalicious: true, memberStatesAffected: ["DE", "AT"] },
    });
    expect(p.hints.join("\n")).toMatch(/Patient-safety impact is critical/);
    expect(p.hints.join("\n")).toMatch(/cross-border/);
    expect(p.warnings.join("\n")).toMatch(/considerableDamageToHealth" is answered no/);
    expect(p.outcome).toBe("not_significant");
  });

  test("scheduled maintenance together with a met criterion is a contradiction", () => {
    const p = assessSignificance({
      entityType: "reg_2024_2690_entity",
      answers: allNo({ scheduledMaintenanceOnly: "yes", severeOperationalDisruption: "yes" }),
    });
    expect(p.outcome).toBe("undetermined");
    expect(p.warnings[0]).toMatch(/contradiction/);
  });

  test("bad input is rejected with the path", () => {
    expect(() => assessSignificance({ entityType: "hospital", answers: {} })).toThrow(IncidentInputError);
    expect(() => assessSignificance({ entityType: "medical_device_manufacturer", answers: { deathOfNaturalPerson: "maybe" } })).toThrow(
      /answers.deathOfNaturalPerson/,
    );
  });
});

describe("confirmSignificance", () => {
  const proposal = assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo({ severeOperationalDisruption: "yes" }) });

  test("accepting keeps the proposal and feeds the clocks", () => {
    const d = confirmSignificance(proposal, { by: "Head of QA/RA", at: "2026-03-02T09:00:00Z" });
    expect(d).toMatchObject({ state: "confirmed", outcome: "significant", overridden: false, proposedOutcome: "significant" });
    const clocks = computeObligations({ awareAt: d.confirmedAt, significance: d.outcome, now: d.confirmedAt });
    expect(clocks.nis2.reportable).toBe(true);
  });

  test("overriding needs a rationale and records it", () => {
    expect(() => confirmSignificance(proposal, { by: "CISO", at: "2026-03-02T09:00:00Z", outcome: "not_significant" })).toThrow(/needs a rationale/);
    const d = confirmSignificance(proposal, {
      by: "CISO",
      at: "2026-03-02T09:00:00Z",
      outcome: "not_significant",
      rationale: "Backup line took over within minutes",
    });
    expect(d).toMatchObject({ outcome: "not_significant", overridden: true, rationale: "Backup line took over within minutes" });
    expect(d.label).toBe("not significant — keep record");
  });

  test("an undetermined proposal must be decided explicitly", () => {
    const open = assessSignificance({ entityType: "medical_device_manufacturer", answers: {} });
    expect(open.outcome).toBe("undetermined");
    expect(open.openQuestions).toHaveLength(8);
    expect(() => confirmSignificance(open, { by: "CISO", at: "2026-03-02T09:00:00Z" })).toThrow(/choose significant or not_significant/);
  });
});

describe("impact model", () => {
  test("overall severity is the highest axis", () => {
    expect(
      overallSeverity({ availability: axis("low"), integrity: axis("high"), confidentiality: axis("none"), patientSafety: axis("medium") }),
    ).toBe("high");
  });
});
