import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseCvss } from "./cvss";
import { assessPriority, PRIORITIES, type PriorityInput } from "./priority";

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 300);

const V31_VALUES: Record<string, string[]> = {
  AV: ["N", "A", "L", "P"],
  AC: ["L", "H"],
  PR: ["N", "L", "H"],
  UI: ["N", "R"],
  S: ["U", "C"],
  C: ["N", "L", "H"],
  I: ["N", "L", "H"],
  A: ["N", "L", "H"],
};
const v31Vector = fc
  .tuple(...Object.entries(V31_VALUES).map(([k, values]) => fc.constantFrom(...values.map((v) => `${k}:${v}`))))
  .map((parts) => `CVSS:3.1/${parts.join("/")}`);

const input: fc.Arbitrary<PriorityInput> = fc.record(
  {
    cvss: fc.record({ v31: v31Vector }),
    epss: fc.record({ probability: fc.double({ min: 0, max: 1, noNaN: true }), percentile: fc.double({ min: 0, max: 1, noNaN: true }) }),
    safetyClass: fc.constantFrom("A", "B", "C" as const),
    mdrClass: fc.constantFrom("I", "IIa", "IIb", "III" as const),
    exposure: fc.constantFrom("internet_reachable", "network_connected", "isolated" as const),
    vexStatus: fc.constantFrom("under_investigation", "affected" as const),
  },
  { requiredKeys: ["cvss"] },
);

describe("scoring properties", () => {
  test("property: parseCvss never throws on arbitrary text", () => {
    const metric = fc.constantFrom("AV", "AC", "PR", "UI", "S", "C", "I", "A", "E", "AT", "VC", "Au", "X", "");
    const part = fc.tuple(metric, fc.string({ maxLength: 3 })).map(([k, v]) => `${k}:${v}`);
    const vector = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom("CVSS:3.1/", "CVSS:4.0/", "CVSS:3.0/", ""), fc.array(part, { maxLength: 14 })).map(
        ([prefix, parts]) => prefix + parts.join("/"),
      ),
    );
    fc.assert(
      fc.property(vector, (v) => {
        const r = parseCvss(v);
        if (r.ok) expect(r.score.baseScore).toBeGreaterThanOrEqual(0);
        else expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  test("property: every complete v3.1 vector scores in [0, 10] and re-parses to the same score", () => {
    fc.assert(
      fc.property(v31Vector, (v) => {
        const r = parseCvss(v);
        if (!r.ok) throw new Error(r.error);
        expect(r.score.baseScore).toBeGreaterThanOrEqual(0);
        expect(r.score.baseScore).toBeLessThanOrEqual(10);
        const again = parseCvss(r.score.vector);
        expect(again.ok && again.score.baseScore).toBe(r.score.baseScore);
      }),
      { numRuns: RUNS },
    );
  });

  test("property: contributions add up to the score, and KEV never lowers the priority", () => {
    fc.assert(
      fc.property(input, fc.boolean(), (i, ransomware) => {
        const without = assessPriority(i);
        const sum = without.factors.reduce((s, f) => s + f.contribution, 0);
        expect(without.score).toBeCloseTo(Math.max(0, Math.round(sum * 10) / 10), 5);
        const withKev = assessPriority({ ...i, kev: { listed: true, knownRansomwareUse: ransomware } });
        expect(withKev.score).toBeGreaterThanOrEqual(without.score);
        expect(PRIORITIES.indexOf(withKev.priority)).toBeLessThanOrEqual(PRIORITIES.indexOf(without.priority));
        expect(PRIORITIES.indexOf(withKev.priority)).toBeLessThanOrEqual(PRIORITIES.indexOf("high"));
      }),
      { numRuns: RUNS },
    );
  });
});
