import { describe, expect, test } from "vitest";
import { assessPriority, DEFAULT_PRIORITY_CONFIG, priorityConfig } from "./priority";

const LOG4SHELL_V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"; // 10.0
const MEDIUM_V31 = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N"; // 4.8
const LOW_V31 = "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"; // 1.8
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"; // 9.3

const factor = (a: ReturnType<typeof assessPriority>, name: string) => a.factors.find((f) => f.factor === name);

describe("assessPriority", () => {
  test("prefers CVSS v4 over v3.1", () => {
    const a = assessPriority({ cvss: { v31: MEDIUM_V31, v40: V40 }, exposure: "network_connected" });
    expect(a.cvss?.version).toBe("4.0");
    expect(a.score).toBe(9.3);
    expect(a.priority).toBe("critical");
  });

  test("a clinically rescored vector takes precedence, using its environmental score", () => {
    const clinical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L/CR:M/IR:H/AR:H/MAV:A";
    const a = assessPriority({ cvss: { clinicalV31: clinical, v40: V40 }, exposure: "network_connected" });
    expect(a.score).toBe(7.1);
    expect(factor(a, "cvss")?.detail).toMatch(/clinically rescored CVSS 3.1 environmental score 7.1 \(base 7.3\)/);
    const plain = assessPriority({ cvss: { clinicalV31: MEDIUM_V31, v31: LOW_V31 } });
    expect(plain.score).toBe(1.8);
    expect(plain.warnings[0]).toMatch(/clinical CVSS vector ignored: needs a CVSS 3.1 vector with environmental metrics/);
  });

  test("falls back to v3.1 when the v4 vector is broken, with a warning", () => {
    const a = assessPriority({ cvss: { v40: "CVSS:4.0/AV:N", v31: MEDIUM_V31 }, exposure: "network_connected" });
    expect(a.cvss?.version).toBe("3.1");
    expect(a.score).toBe(4.8);
    expect(a.priority).toBe("medium");
    expect(a.warnings[0]).toMatch(/CVSS 4.0 vector ignored: missing base metric/);
  });

  test("explanation lists each factor and the contributions add up to the score", () => {
    const a = assessPriority({
      cvss: { v31: MEDIUM_V31 },
      kev: { listed: true, knownRansomwareUse: true, dueDate: "2026-12-01" },
      epss: { probability: 0.2, percentile: 0.96 },
      safetyClass: "C",
      mdrClass: "IIa",
      exposure: "internet_reachable",
      vexStatus: "affected",
    });
    expect(a.factors.map((f) => f.factor)).toEqual([
      "cvss", "kev", "kev_ransomware", "epss", "patient_safety", "exposure", "vex",
    ]);
    const sum = a.factors.reduce((s, f) => s + f.contribution, 0);
    expect(a.score).toBeCloseTo(sum, 5);
    // 4.8 + 2 + 1 + 1 + 1.5 + 1 = 11.3
    expect(a.score).toBe(11.3);
    expect(a.priority).toBe("critical");
    expect(factor(a, "patient_safety")?.detail).toMatch(/IEC 62304 class C \(\+1.5\), MDR class IIa \(\+0.25\)/);
    expect(factor(a, "kev")?.detail).toMatch(/2026-12-01/);
    expect(a.summary).toMatch(/^critical \(11.3\): cvss \+4.8, kev \+2/);
  });

  test("isolated, low-safety-class device lowers a medium finding", () => {
    const a = assessPriority({ cvss: { v31: MEDIUM_V31 }, safetyClass: "A", exposure: "isolated" });
    expect(a.score).toBe(3.3);
    expect(a.priority).toBe("low");
    expect(factor(a, "exposure")?.contribution).toBe(-1.5);
  });

  test("KEV raises a low score to the KEV floor and says so", () => {
    const a = assessPriority({ cvss: { v31: LOW_V31 }, kev: { listed: true }, exposure: "isolated" });
    expect(a.score).toBe(2.3);
    expect(a.priority).toBe("high");
    expect(factor(a, "kev_floor")?.detail).toMatch(/at least high \(score alone gave low\)/);
  });

  test("EPSS bands: probability or percentile, highest band first, none below", () => {
    const epss = (probability: number, percentile: number) =>
      factor(assessPriority({ cvss: { v31: MEDIUM_V31 }, epss: { probability, percentile } }), "epss")?.contribution;
    expect(epss(0.6, 0.5)).toBe(1.5);
    expect(epss(0.001, 0.995)).toBe(1.5);
    expect(epss(0.12, 0.9)).toBe(1.0);
    expect(epss(0.02, 0.5)).toBe(0.5);
    expect(epss(0.0004, 0.1)).toBe(0);
  });

  test("VEX not_affected and fixed give priority none", () => {
    for (const vexStatus of ["not_affected", "fixed"] as const) {
      const a = assessPriority({ cvss: { v31: LOG4SHELL_V31 }, kev: { listed: true }, vexStatus });
      expect(a.priority).toBe("none");
      expect(a.score).toBe(0);
      expect(a.factors).toEqual([expect.objectContaining({ factor: "vex" })]);
    }
  });

  test("no CVSS at all assumes the configured score; bad EPSS is a warning", () => {
    const a = assessPriority({ epss: { probability: 7, percentile: 0.5 } });
    expect(a.score).toBe(DEFAULT_PRIORITY_CONFIG.noCvssScore);
    expect(a.priority).toBe("medium");
    expect(a.warnings).toEqual(["EPSS ignored: probability and percentile must be numbers in [0, 1]"]);
    expect(factor(a, "exposure")?.detail).toMatch(/assumed/);
  });

  test("configuration changes the outcome", () => {
    const strict = priorityConfig({ thresholds: { critical: 9, high: 4.5, medium: 2 }, kevMinimumPriority: "critical" });
    expect(assessPriority({ cvss: { v31: MEDIUM_V31 } }, strict).priority).toBe("high");
    expect(assessPriority({ cvss: { v31: LOW_V31 }, kev: { listed: true } }, strict).priority).toBe("critical");
    expect(strict.exposure.isolated).toBe(-1.5);
  });
});
