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
import { inspectCatalogDir } from "../../server/catalog/load";

const records = (await inspectCatalogDir()).catalog.memberStates;
const clocks = (raw: unknown) => computeObligations(raw, records);

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
  test("every question has help text, a basis and its legal text; entity-specific and scope questions only for 2024/2690 entities", () => {
    const mdm = significanceQuestions("medical_device_manufacturer");
    const cloud = significanceQuestions("reg_2024_2690_entity");
    expect(mdm.map((q) => q.id)).not.toContain("entitySpecificCriteria");
    expect(mdm.map((q) => q.id)).not.toContain("affectsCoveredService");
    expect(cloud.map((q) => q.id)).toContain("entitySpecificCriteria");
    for (const q of cloud) {
      expect(q.help.length).toBeGreaterThan(20);
      expect(q.legalText.length).toBeGreaterThan(20);
      expect(q.basis).toMatch(q.source === "nis2_art23_3" ? /^NIS2 Art\. 23\(3\)/ : /^Reg\. \(EU\) 2024\/2690 Art\. [13]/);
    }
  });
});

const cloudAffected = (extra: Partial<Record<QuestionId, "yes" | "no" | "unknown">> = {}) => allNo({ affectsCoveredService: "yes", ...extra });

describe("assessSignificance", () => {
  test.each([
    ["severe operational disruption", { severeOperationalDisruption: "yes" }, "significant", ["severeOperationalDisruption"]],
    ["severe financial loss for the entity", { financialLossForEntity: "yes" }, "significant", ["financialLossForEntity"]],
    ["damage to others", { considerableDamageToOthers: "yes" }, "significant", ["considerableDamageToOthers"]],
    ["nothing met", {}, "not_significant", []],
    ["an unanswered Art. 23(3) question", { considerableDamageToOthers: "unknown" }, "undetermined", []],
    ["an unanswered 2024/2690 question does not hold up the decision", { considerableDamageToHealth: "unknown" }, "not_significant", []],
  ] as const)("manufacturer: %s", (_name, answers, outcome, deciding) => {
    const p = assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo(answers) });
    expect(p.state).toBe("proposed");
    expect(p.outcome).toBe(outcome);
    expect(p.decidingCriteria.map((d) => d.id)).toEqual(deciding);
  });

  // Regression: a 2024/2690 criterion alone made a device manufacturer's incident significant, and its
  // maintenance exclusion made it "not significant" without any Art. 23(3) answer.
  test.each([
    ["trade-secret exfiltration is guidance for a manufacturer", "medical_device_manufacturer", allNo({ tradeSecretsExfiltrated: "yes" }), {}, "not_significant"],
    ["death is guidance for a manufacturer (Art. 23(3) decides)", "medical_device_manufacturer", allNo({ deathOfNaturalPerson: "yes" }), {}, "not_significant"],
    ["a EUR 600k loss over the 2024/2690 threshold is guidance for a manufacturer", "medical_device_manufacturer", allNo(), { financialLossEur: 600_000 }, "not_significant"],
    ["scheduled maintenance without Art. 23(3) answers is undetermined for a manufacturer", "medical_device_manufacturer", { scheduledMaintenanceOnly: "yes" }, {}, "undetermined"],
    ["scheduled maintenance does not outweigh a severe disruption for a manufacturer", "medical_device_manufacturer", allNo({ scheduledMaintenanceOnly: "yes", severeOperationalDisruption: "yes" }), {}, "significant"],
    ["trade-secret exfiltration decides for a cloud provider when its service is affected", "reg_2024_2690_entity", cloudAffected({ tradeSecretsExfiltrated: "yes" }), {}, "significant"],
    ["a EUR 600k loss decides for a cloud provider when its service is affected", "reg_2024_2690_entity", cloudAffected(), { financialLossEur: 600_000 }, "significant"],
    ["a 2024/2690 criterion is guidance when the incident does not affect the covered service", "reg_2024_2690_entity", allNo({ affectsCoveredService: "no", tradeSecretsExfiltrated: "yes" }), {}, "not_significant"],
    ["a 2024/2690 criterion with the affected service unknown is undetermined", "reg_2024_2690_entity", allNo({ affectsCoveredService: "unknown", tradeSecretsExfiltrated: "yes" }), {}, "undetermined"],
    ["scheduled maintenance excludes for a cloud provider", "reg_2024_2690_entity", cloudAffected({ scheduledMaintenanceOnly: "yes" }), {}, "not_significant"],
  ] as const)("%s", (_name, entityType, answers, facts, outcome) => {
    const p = assessSignificance({ entityType, annualTurnoverEur: 100_000_000, answers, facts });
    expect(p.outcome).toBe(outcome);
  });

  test("each criterion states its legal text and whether it binds, and why", () => {
    const mdm = assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo({ tradeSecretsExfiltrated: "yes" }) });
    const trade = mdm.criteria!.find((c) => c.id === "tradeSecretsExfiltrated")!;
    expect(trade).toMatchObject({ source: "cir_2024_2690", binding: false, answer: "yes" });
    expect(trade.legalText).toMatch(/exfiltration of trade secrets/);
    expect(trade.why).toMatch(/Guidance only/);
    expect(mdm.criteria!.find((c) => c.id === "severeOperationalDisruption")).toMatchObject({ source: "nis2_art23_3", binding: true });
    expect(mdm.hints.join("\n")).toMatch(/guidance, does not decide/);
    const cloud = assessSignificance({ entityType: "reg_2024_2690_entity", answers: cloudAffected({ tradeSecretsExfiltrated: "yes" }) });
    expect(cloud.decidingCriteria[0]).toMatchObject({ id: "tradeSecretsExfiltrated", binding: true });
  });

  test("harm to health answered yes but damage to others no is flagged for review", () => {
    const p = assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo({ considerableDamageToHealth: "yes" }) });
    expect(p.warnings.join("\n")).toMatch(/considerableDamageToOthers/);
  });

  test("labels say what to do", () => {
    expect(assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo({ severeOperationalDisruption: "yes" }) }).label).toBe(
      "significant — report",
    );
    expect(assessSignificance({ entityType: "medical_device_manufacturer", answers: allNo() }).label).toBe("not significant — keep record");
  });

  test.each([
    ["loss above EUR 500 000 with large turnover", 600_000, 100_000_000, 500_000, "significant"],
    ["5 % of a small turnover is the lower threshold", 60_000, 1_000_000, 50_000, "significant"],
    ["loss at the threshold is not above it", 50_000, 1_000_000, 50_000, "not_significant"],
    ["turnover unknown: EUR 500 000", 400_000, undefined, 500_000, "not_significant"],
  ])("financial loss threshold for a 2024/2690 entity: %s", (_name, loss, turnover, threshold, outcome) => {
    expect(financialLossThresholdEur(turnover)).toBe(threshold);
    const p = assessSignificance({
      entityType: "reg_2024_2690_entity",
      annualTurnoverEur: turnover,
      answers: cloudAffected(),
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
    expect(p.warnings.join("\n")).toMatch(/considerableDamageToOthers" is answered no/);
    expect(p.outcome).toBe("not_significant");
  });

  test("scheduled maintenance together with a met criterion is a contradiction for a 2024/2690 entity", () => {
    const p = assessSignificance({
      entityType: "reg_2024_2690_entity",
      answers: cloudAffected({ scheduledMaintenanceOnly: "yes", severeOperationalDisruption: "yes" }),
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
    const result = clocks({ awareAt: d.confirmedAt, significance: d.outcome, now: d.confirmedAt });
    expect(result.nis2.reportable).toBe(true);
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
    expect(open.openQuestions).toEqual(["severeOperationalDisruption", "financialLossForEntity", "considerableDamageToOthers"]);
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
