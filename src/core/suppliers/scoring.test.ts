import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CLAUSE_IDS, missingClauses, requiredClauses } from "./clauses";
import { type Answers, answerProblem, type QuestionnaireTemplate, scoreQuestionnaire, templateSchema } from "./questionnaire";
import { supplierRisk } from "./risk";
import { addMonths, certificateState, nextAssessmentDue, scheduleState } from "./schedule";

const template: QuestionnaireTemplate = templateSchema.parse({
  id: "t",
  version: "1.0",
  title: "T",
  sections: [
    {
      id: "a",
      title: "A",
      weight: 2,
      questions: [
        { id: "a1", text: "Question one?", kind: "yes_no", weight: 2 },
        { id: "a2", text: "Question two?", kind: "yes_no" },
        { id: "a3", text: "Describe it please", kind: "text" },
      ],
    },
    {
      id: "b",
      title: "B",
      questions: [
        {
          id: "b1",
          text: "How often?",
          kind: "choice",
          options: [
            { value: "never", label: "Never", score: 0 },
            { value: "yearly", label: "Yearly", score: 0.5 },
            { value: "always", label: "Always", score: 1 },
          ],
        },
      ],
    },
  ],
});

describe("questionnaire scoring", () => {
  test("weighted per section and overall", () => {
    const s = scoreQuestionnaire(template, { a1: { value: "yes" }, a2: { value: "no" }, a3: { value: "we do" }, b1: { value: "yearly" } });
    expect(s.sections).toEqual([
      { id: "a", title: "A", score: 66.7, answered: 3, questions: 3 },
      { id: "b", title: "B", score: 50, answered: 1, questions: 1 },
    ]);
    expect(s.overall).toBe(61.1); // (2 × 66.7 + 50) / 3
    expect(s.unanswered).toEqual([]);
  });

  test("unanswered counts as zero and is listed; not applicable leaves the question out", () => {
    const s = scoreQuestionnaire(template, { a1: { value: "not_applicable" }, a2: { value: "partly" } });
    expect(s.sections[0].score).toBe(50);
    expect(s.sections[1].score).toBe(0);
    expect(s.unanswered).toEqual(["a3", "b1"]);
  });

  test("answers outside the question's vocabulary are named", () => {
    expect(answerProblem(template.sections[0].questions[0], { value: "maybe" })).toMatch(/yes, partly/);
    expect(answerProblem(template.sections[1].questions[0], { value: "sometimes" })).toMatch(/never, yearly, always/);
    expect(answerProblem(template.sections[1].questions[0], { value: "always" })).toBeNull();
  });

  test("scores stay between 0 and 100 whatever the answers", () => {
    const value = fc.option(fc.constantFrom("yes", "no", "partly", "not_applicable", "never", "yearly", "always", "junk"), { nil: undefined });
    fc.assert(
      fc.property(fc.record({ a1: value, a2: value, b1: value }), (v) => {
        const answers: Answers = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, { value: x }]));
        const s = scoreQuestionnaire(template, answers);
        return [s.overall, ...s.sections.map((x) => x.score)].every((n) => n === null || (n >= 0 && n <= 100));
      }),
    );
  });

  test("a template with a duplicate question id is refused", () => {
    const bad = { id: "t", version: "1.0", title: "T", sections: [{ id: "s", title: "S", questions: [{ id: "q", text: "Twice?", kind: "yes_no" }, { id: "q", text: "Twice?", kind: "yes_no" }] }] };
    expect(templateSchema.safeParse(bad).success).toBe(false);
  });
});

describe("contract clauses", () => {
  test("tier 1 needs all seven, tier 3 only incident notification, component suppliers SBOM and end of support", () => {
    expect(requiredClauses(1, false)).toEqual(CLAUSE_IDS);
    expect(requiredClauses(3, false)).toEqual(["incident_notification"]);
    expect(requiredClauses(3, true)).toEqual(["incident_notification", "vulnerability_disclosure", "sbom_delivery", "end_of_support"]);
    expect(requiredClauses(2, false)).not.toContain("sbom_delivery");
    expect(missingClauses(requiredClauses(1, false), ["incident_notification", "right_to_audit"])).toEqual([
      "vulnerability_disclosure",
      "sbom_delivery",
      "secure_development",
      "sub_processor_control",
      "end_of_support",
    ]);
  });

  test("a higher tier never requires fewer clauses", () => {
    fc.assert(
      fc.property(fc.boolean(), (c) => {
        const [t1, t2, t3] = [requiredClauses(1, c), requiredClauses(2, c), requiredClauses(3, c)];
        return t3.every((x) => t2.includes(x)) && t2.every((x) => t1.includes(x));
      }),
    );
  });
});

describe("schedule and certificates", () => {
  test("re-assessment by tier, month ends clamped", () => {
    expect(nextAssessmentDue(1, "2025-03-31", "2020-01-01")).toBe("2026-03-31");
    expect(nextAssessmentDue(2, "2025-03-31", "2020-01-01")).toBe("2027-03-31");
    expect(nextAssessmentDue(3, null, "2026-05-02")).toBe("2026-05-02");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(scheduleState("2026-11-22", "2026-11-23")).toBe("overdue");
    expect(scheduleState("2026-12-10", "2026-11-23")).toBe("due_soon");
    expect(scheduleState("2027-06-01", "2026-11-23")).toBe("current");
  });

  test("certificates: expired after the expiry day, expiring within 60 days", () => {
    expect(certificateState("2026-11-22", "2026-11-23")).toBe("expired");
    expect(certificateState("2026-11-23", "2026-11-23")).toBe("expiring");
    expect(certificateState("2027-01-22", "2026-11-23")).toBe("expiring"); // 60 days
    expect(certificateState("2027-01-23", "2026-11-23")).toBe("valid");
    expect(certificateState(null, "2026-11-23")).toBe("valid");
  });
});

describe("supplier risk score", () => {
  const inputs = fc.record({
    tier: fc.constantFrom(1 as const, 2 as const, 3 as const),
    assessmentScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    missingClauses: fc.nat(10),
    expiredCertificates: fc.nat(5),
    expiringCertificates: fc.nat(5),
    reassessmentOverdue: fc.boolean(),
  });

  test("a worked example", () => {
    const r = supplierRisk({ tier: 1, assessmentScore: 70, missingClauses: 1, expiredCertificates: 1, expiringCertificates: 0, reassessmentOverdue: false });
    expect(r.score).toBe(64); // 40 + 9 + 5 + 10
    expect(r.level).toBe("high");
    expect(r.factors.map((f) => f.factor)).toEqual(["tier 1", "assessment score 70", "1 missing contract clause(s)", "1 expired certificate(s)"]);
  });

  test("bounded, and worse facts never lower the score", () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const base = supplierRisk(i).score;
        const worse = [
          supplierRisk({ ...i, missingClauses: i.missingClauses + 1 }),
          supplierRisk({ ...i, expiredCertificates: i.expiredCertificates + 1 }),
          supplierRisk({ ...i, reassessmentOverdue: true }),
          supplierRisk({ ...i, assessmentScore: i.assessmentScore === null ? null : Math.max(0, i.assessmentScore - 10) }),
          supplierRisk({ ...i, tier: Math.max(1, i.tier - 1) as 1 | 2 | 3 }),
        ];
        return base >= 0 && base <= 100 && worse.every((w) => w.score >= base);
      }),
    );
  });
});
