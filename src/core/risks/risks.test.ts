import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  checkAcceptance,
  checkRisk,
  DEFAULT_MATRIX,
  heatMap,
  inCell,
  isActionOverdue,
  isReviewOverdue,
  levelOf,
  nextReviewDate,
  type RiskAssessment,
  rate,
  rateRisk,
  requiredAuthority,
  RISK_LEVELS,
  type RiskMatrix,
  validateMatrix,
  daysOverdue,
  countBy,
  LIFECYCLE_PHASES,
} from ".";

const runs = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);

const base: RiskAssessment = {
  cia: { confidentiality: false, integrity: true, availability: true },
  patientSafety: null,
  inherentLikelihood: 4,
  inherentImpact: 4,
  residualLikelihood: null,
  residualImpact: null,
  residualJustification: null,
  treatment: null,
};

describe("default matrix", () => {
  test("is 5×5 with a definition for every level and is valid", () => {
    expect(DEFAULT_MATRIX.likelihood).toHaveLength(5);
    expect(DEFAULT_MATRIX.impact).toHaveLength(5);
    for (const l of [...DEFAULT_MATRIX.likelihood, ...DEFAULT_MATRIX.impact]) expect(l.definition.length).toBeGreaterThan(20);
    expect(validateMatrix(DEFAULT_MATRIX)).toEqual([]);
  });

  test("scores and levels at the band edges", () => {
    expect(rate(DEFAULT_MATRIX, 1, 1)).toEqual({ score: 1, level: "low" });
    expect(rate(DEFAULT_MATRIX, 2, 2)).toEqual({ score: 4, level: "low" });
    expect(rate(DEFAULT_MATRIX, 1, 5)).toEqual({ score: 5, level: "medium" });
    expect(rate(DEFAULT_MATRIX, 3, 3)).toEqual({ score: 9, level: "medium" });
    expect(rate(DEFAULT_MATRIX, 2, 5)).toEqual({ score: 10, level: "high" });
    expect(rate(DEFAULT_MATRIX, 4, 4)).toEqual({ score: 16, level: "high" });
    expect(rate(DEFAULT_MATRIX, 4, 5)).toEqual({ score: 20, level: "critical" });
    expect(rate(DEFAULT_MATRIX, 5, 5)).toEqual({ score: 25, level: "critical" });
  });
});

describe("matrix validation", () => {
  const withBands = (bands: RiskMatrix["bands"]): RiskMatrix => ({ ...DEFAULT_MATRIX, bands });
  test("names every problem with its path", () => {
    expect(validateMatrix({ ...DEFAULT_MATRIX, likelihood: DEFAULT_MATRIX.likelihood.slice(0, 2) })).toContainEqual({ path: "likelihood", message: "must have between 3 and 10 levels" });
    expect(validateMatrix(withBands([{ level: "low", minScore: 2 }]))).toContainEqual({ path: "bands/0/minScore", message: "the first band must start at score 1" });
    expect(
      validateMatrix(withBands([{ level: "low", minScore: 1 }, { level: "high", minScore: 10 }, { level: "medium", minScore: 12 }])).map((p) => p.path),
    ).toEqual(["bands/2/level"]);
    expect(validateMatrix(withBands([{ level: "low", minScore: 1 }, { level: "high", minScore: 30 }])).map((p) => p.path)).toEqual(["bands/1/minScore"]);
    const dupLabels = { ...DEFAULT_MATRIX, impact: DEFAULT_MATRIX.impact.map((l) => ({ ...l, label: "Same" })) };
    expect(validateMatrix(dupLabels)).toContainEqual({ path: "impact", message: "labels must be distinct" });
    const lax = { ...DEFAULT_MATRIX, acceptanceAuthority: { ...DEFAULT_MATRIX.acceptanceAuthority, critical: "risk_owner" as const } };
    expect(validateMatrix(lax)).toEqual([{ path: "acceptanceAuthority/critical", message: "a higher level cannot need less authority" }]);
    const badSeverity = { ...DEFAULT_MATRIX, severityImpact: { ...DEFAULT_MATRIX.severityImpact, catastrophic: 6 } };
    expect(validateMatrix(badSeverity)).toEqual([{ path: "severityImpact/catastrophic", message: "must be an impact level 1…5" }]);
  });

  test("a 3×4 matrix with three bands works end to end", () => {
    const m: RiskMatrix = {
      ...DEFAULT_MATRIX,
      likelihood: DEFAULT_MATRIX.likelihood.slice(0, 3),
      impact: DEFAULT_MATRIX.impact.slice(0, 4),
      bands: [{ level: "low", minScore: 1 }, { level: "medium", minScore: 4 }, { level: "high", minScore: 8 }],
      severityImpact: { negligible: 1, minor: 2, serious: 3, critical: 4, catastrophic: 4 },
    };
    expect(validateMatrix(m)).toEqual([]);
    expect(rate(m, 3, 4)).toEqual({ score: 12, level: "high" });
    expect(checkRisk(m, { ...base, inherentLikelihood: 4, inherentImpact: 4 }).errors).toEqual([{ path: "inherentLikelihood", message: "must be a likelihood level 1…3" }]);
  });
});

describe("risk rules", () => {
  test("a residual risk above the inherent one needs a justification", () => {
    const r = { ...base, inherentLikelihood: 2, inherentImpact: 2, residualLikelihood: 3, residualImpact: 2, treatment: "reduce" as const };
    expect(checkRisk(DEFAULT_MATRIX, r).errors).toEqual([{ path: "residualJustification", message: expect.stringMatching(/justification required/) }]);
    expect(checkRisk(DEFAULT_MATRIX, { ...r, residualJustification: "  " }).errors).toHaveLength(1);
    expect(checkRisk(DEFAULT_MATRIX, { ...r, residualJustification: "The remote update channel adds exposure" }).errors).toEqual([]);
  });

  test("residual likelihood and impact are rated together, and only after a treatment decision", () => {
    expect(checkRisk(DEFAULT_MATRIX, { ...base, residualLikelihood: 2 }).errors).toEqual([{ path: "residualImpact", message: "residual likelihood and impact are rated together" }]);
    expect(checkRisk(DEFAULT_MATRIX, { ...base, residualLikelihood: 2, residualImpact: 2 }).errors.map((e) => e.path)).toEqual(["treatment"]);
  });

  test("levels outside the matrix are refused; something must be affected", () => {
    expect(checkRisk(DEFAULT_MATRIX, { ...base, inherentImpact: 6 }).errors).toEqual([{ path: "inherentImpact", message: "must be an impact level 1…5" }]);
    expect(checkRisk(DEFAULT_MATRIX, { ...base, inherentLikelihood: 2.5 }).errors.map((e) => e.path)).toEqual(["inherentLikelihood"]);
    const nothing = { ...base, cia: { confidentiality: false, integrity: false, availability: false } };
    expect(checkRisk(DEFAULT_MATRIX, nothing).errors.map((e) => e.path)).toEqual(["cia"]);
    expect(checkRisk(DEFAULT_MATRIX, { ...nothing, patientSafety: "minor" }).errors).toEqual([]);
  });

  test("patient-safety severity warns when the impact is rated below what the harm implies", () => {
    const r = { ...base, patientSafety: "catastrophic" as const, inherentImpact: 3 };
    expect(checkRisk(DEFAULT_MATRIX, r).warnings).toEqual([{ path: "inherentImpact", message: "a catastrophic patient harm implies at least impact 5 (Severe)" }]);
    expect(checkRisk(DEFAULT_MATRIX, { ...r, inherentImpact: 5 }).warnings).toEqual([]);
  });

  test("residual rating: current follows the residual rating when there is one", () => {
    expect(rateRisk(DEFAULT_MATRIX, base)).toEqual({ inherent: { score: 16, level: "high" }, residual: null, current: { score: 16, level: "high" } });
    const treated = rateRisk(DEFAULT_MATRIX, { ...base, residualLikelihood: 2, residualImpact: 2 });
    expect(treated.residual).toEqual({ score: 4, level: "low" });
    expect(treated.current).toEqual(treated.residual);
  });
});

describe("acceptance", () => {
  const accepted: RiskAssessment = { ...base, treatment: "accept", residualLikelihood: 4, residualImpact: 4 };
  const statement = "Accepted until the 2027 platform replacement; segmentation guidance issued";
  test("needs a named person with sufficient authority for the risk level", () => {
    expect(requiredAuthority(DEFAULT_MATRIX, accepted)).toBe("executive");
    expect(checkAcceptance(DEFAULT_MATRIX, accepted, { acceptedBy: "Dr. Eva Berger", authority: "executive", statement })).toEqual([]);
    expect(checkAcceptance(DEFAULT_MATRIX, accepted, { acceptedBy: "Dr. Eva Berger", authority: "department_head", statement })).toEqual([
      { path: "authority", message: "a high risk may only be accepted by executive or higher" },
    ]);
    expect(checkAcceptance(DEFAULT_MATRIX, accepted, { acceptedBy: "  ", authority: "management_body", statement: "" }).map((p) => p.path)).toEqual([
      "acceptedBy",
      "statement",
    ]);
  });

  test("severe patient harm needs a benefit-risk rationale; the treatment must be accept", () => {
    const severe = { ...accepted, patientSafety: "critical" as const };
    expect(checkAcceptance(DEFAULT_MATRIX, severe, { acceptedBy: "Dr. Eva Berger", authority: "management_body", statement }).map((p) => p.path)).toEqual(["benefitRisk"]);
    expect(checkAcceptance(DEFAULT_MATRIX, severe, { acceptedBy: "Dr. Eva Berger", authority: "management_body", statement, benefitRisk: "Therapy benefit outweighs" })).toEqual([]);
    expect(checkAcceptance(DEFAULT_MATRIX, { ...accepted, treatment: "reduce" }, { acceptedBy: "Dr. Eva Berger", authority: "management_body", statement }).map((p) => p.path)).toEqual([
      "treatment",
    ]);
  });
});

describe("overdue", () => {
  test("open actions past their due date; done and cancelled never", () => {
    expect(isActionOverdue({ status: "planned", dueDate: "2026-11-22" }, "2026-11-23")).toBe(true);
    expect(isActionOverdue({ status: "in_progress", dueDate: "2026-11-23" }, "2026-11-23")).toBe(false);
    expect(isActionOverdue({ status: "done", dueDate: "2026-01-01" }, "2026-11-23")).toBe(false);
    expect(isActionOverdue({ status: "cancelled", dueDate: "2026-01-01" }, "2026-11-23")).toBe(false);
    expect(isActionOverdue({ status: "planned", dueDate: null }, "2026-11-23")).toBe(false);
    expect(isReviewOverdue({ reviewDate: "2026-11-01", status: "open" }, "2026-11-23")).toBe(true);
    expect(isReviewOverdue({ reviewDate: "2026-11-01", status: "closed" }, "2026-11-23")).toBe(false);
    expect(daysOverdue("2026-10-31", "2026-11-23")).toBe(23);
  });

  test("next review dates clamp to the end of shorter months", () => {
    expect(nextReviewDate("2026-01-31", 1)).toBe("2026-02-28");
    expect(nextReviewDate("2026-08-31", 6)).toBe("2027-02-28");
    expect(nextReviewDate("2026-11-23", 12)).toBe("2027-11-23");
  });
});

describe("heat map", () => {
  test("counts inherent and residual per cell; unrated residuals are counted apart", () => {
    const risks = [
      { inherentLikelihood: 4, inherentImpact: 5, residualLikelihood: 2, residualImpact: 5 },
      { inherentLikelihood: 4, inherentImpact: 5, residualLikelihood: null, residualImpact: null },
      { inherentLikelihood: 1, inherentImpact: 1, residualLikelihood: 1, residualImpact: 1 },
      { inherentLikelihood: 7, inherentImpact: 1, residualLikelihood: null, residualImpact: null },
    ];
    const map = heatMap(DEFAULT_MATRIX, risks);
    expect(map.inherent[3][4]).toBe(2);
    expect(map.residual[1][4]).toBe(1);
    expect(map.residual[0][0]).toBe(1);
    expect(map.residualNotRated).toBe(1);
    expect(map.total).toBe(3);
    expect(risks.filter((r) => inCell(r, "inherent", 4, 5))).toHaveLength(2);
    expect(countBy(["manufacturing", "post_market", "manufacturing"], LIFECYCLE_PHASES, (p) => p as (typeof LIFECYCLE_PHASES)[number])).toEqual({
      design_development: 0,
      manufacturing: 2,
      distribution: 0,
      post_market: 1,
    });
  });
});

describe("properties", () => {
  const level = fc.integer({ min: 1, max: 5 });
  const rated = fc.record({
    inherentLikelihood: level,
    inherentImpact: level,
    residual: fc.option(fc.tuple(level, level), { nil: null }),
  });

  test("property: score and level never decrease when likelihood or impact rises", () => {
    fc.assert(
      fc.property(level, level, level, level, (l1, i1, l2, i2) => {
        const [lo, hi] = [rate(DEFAULT_MATRIX, Math.min(l1, l2), Math.min(i1, i2)), rate(DEFAULT_MATRIX, Math.max(l1, l2), Math.max(i1, i2))];
        expect(lo.score).toBeLessThanOrEqual(hi.score);
        expect(RISK_LEVELS.indexOf(lo.level)).toBeLessThanOrEqual(RISK_LEVELS.indexOf(hi.level));
      }),
      { numRuns: runs },
    );
  });

  test("property: every score from 1 to the maximum has exactly the level of the last band it reaches", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), (s) => {
        const expected = [...DEFAULT_MATRIX.bands].reverse().find((b) => s >= b.minScore)!.level;
        expect(levelOf(DEFAULT_MATRIX, s)).toBe(expected);
      }),
      { numRuns: runs },
    );
  });

  test("property: a residual risk never above the inherent one passes without justification once treated", () => {
    fc.assert(
      fc.property(level, level, level, level, fc.constantFrom("reduce", "avoid", "transfer" as const), (l, i, rl, ri, treatment) => {
        const r = { ...base, inherentLikelihood: l, inherentImpact: i, residualLikelihood: rl, residualImpact: ri, treatment };
        const errors = checkRisk(DEFAULT_MATRIX, r).errors;
        expect(errors.length === 0).toBe(rl * ri <= l * i);
      }),
      { numRuns: runs },
    );
  });

  test("property: the heat map's cells add up to the risks, and each risk sits in the cell inCell names", () => {
    fc.assert(
      fc.property(fc.array(rated, { maxLength: 60 }), (items) => {
        const risks = items.map((r) => ({
          inherentLikelihood: r.inherentLikelihood,
          inherentImpact: r.inherentImpact,
          residualLikelihood: r.residual?.[0] ?? null,
          residualImpact: r.residual?.[1] ?? null,
        }));
        const map = heatMap(DEFAULT_MATRIX, risks);
        const sum = (g: number[][]) => g.flat().reduce((a, b) => a + b, 0);
        expect(sum(map.inherent)).toBe(risks.length);
        expect(sum(map.residual) + map.residualNotRated).toBe(risks.length);
        for (let l = 1; l <= 5; l++) {
          for (let i = 1; i <= 5; i++) {
            expect(map.inherent[l - 1][i - 1]).toBe(risks.filter((r) => inCell(r, "inherent", l, i)).length);
            expect(map.residual[l - 1][i - 1]).toBe(risks.filter((r) => inCell(r, "residual", l, i)).length);
          }
        }
      }),
      { numRuns: runs },
    );
  });

  test("property: acceptance by the management body is never refused for lack of authority", () => {
    fc.assert(
      fc.property(level, level, (l, i) => {
        const r = { ...base, treatment: "accept" as const, inherentLikelihood: l, inherentImpact: i };
        const problems = checkAcceptance(DEFAULT_MATRIX, r, { acceptedBy: "Board of Directors", authority: "management_body", statement: "Accepted" });
        expect(problems).toEqual([]);
        const ownerOnly = checkAcceptance(DEFAULT_MATRIX, r, { acceptedBy: "Risk Owner", authority: "risk_owner", statement: "Accepted" });
        expect(ownerOnly.length === 0).toBe(rate(DEFAULT_MATRIX, l, i).level === "low");
      }),
      { numRuns: runs },
    );
  });
});
