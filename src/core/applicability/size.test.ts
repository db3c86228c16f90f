import { describe, expect, test } from "vitest";
import { classifySize, type SizeCategory } from "./size";

const M = 1_000_000;

describe("SME size category (Recommendation 2003/361/EC, staff mandatory, one financial ceiling suffices)", () => {
  const cases: [staff: number, turnover: number, balance: number, expected: SizeCategory][] = [
    // micro
    [0, 0, 0, "micro"],
    [9, 2 * M, 2 * M, "micro"],
    [9, 2 * M + 1, 2 * M, "micro"],
    [9, 2 * M, 2 * M + 1, "micro"],
    [9, 2 * M + 1, 2 * M + 1, "small"],
    [10, 1 * M, 1 * M, "small"],
    [9.9, 0, 0, "micro"],
    // 49/50 staff
    [49, 0, 0, "small"],
    [49.9, 0, 0, "small"],
    [50, 0, 0, "medium"],
    // €10 m: both financial figures must exceed it
    [49, 10 * M, 10 * M, "small"],
    [49, 10 * M + 1, 10 * M, "small"],
    [49, 10 * M, 10 * M + 1, "small"],
    [49, 10 * M + 1, 10 * M + 1, "medium"],
    [49, 10 * M - 1, 60 * M, "small"],
    [5, 60 * M, 5 * M, "small"],
    // 249/250 staff
    [249, 0, 0, "medium"],
    [249.9, 0, 0, "medium"],
    [250, 0, 0, "large"],
    // €50 m turnover and €43 m balance sheet: both must be exceeded
    [249, 50 * M, 43 * M, "medium"],
    [249, 50 * M + 1, 43 * M, "medium"],
    [249, 50 * M, 43 * M + 1, "medium"],
    [249, 50 * M - 1, 100 * M, "medium"],
    [249, 100 * M, 43 * M - 1, "medium"],
    [249, 50 * M + 1, 43 * M + 1, "large"],
    [5, 60 * M, 50 * M, "large"],
    [1000, 0, 0, "large"],
  ];
  test.each(cases)("staff %d, turnover %d, balance sheet %d → %s", (staff, turnover, balance, expected) => {
    const result = classifySize({ staffHeadcount: staff, annualTurnoverEur: turnover, balanceSheetTotalEur: balance });
    expect(result.value).toBe(expected);
    expect(result.rule.startsWith(`${expected}:`)).toBe(true);
  });

  test("the rule names the criterion that decided", () => {
    expect(classifySize({ staffHeadcount: 10, annualTurnoverEur: 60 * M, balanceSheetTotalEur: 50 * M }).rule).toMatch(
      /^large: turnover above €50 m and balance sheet above €43 m \(staff 10, turnover €60,000,000, balance sheet €50,000,000\)$/,
    );
    expect(classifySize({ staffHeadcount: 20, annualTurnoverEur: 11 * M, balanceSheetTotalEur: 11 * M }).rule).toMatch(
      /^medium: not large, and turnover and balance sheet both above €10 m/,
    );
  });
});
