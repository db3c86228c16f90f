import { describe, expect, it } from "vitest";
import { type GapCode, type RiskFacts, traceability, type ThreatModel, threatModelSchema } from ".";

const model = (threat: Record<string, unknown>, controls: unknown[] = [], acceptance: unknown = null): ThreatModel =>
  threatModelSchema.parse({
    elements: [{ id: "fw", name: "Firmware", type: "software_item" }],
    controls,
    threats: [{ id: "T-1", target: "fw", category: "tampering", title: "Firmware replaced", exploitability: 2, ...threat }],
    acceptance,
  });
const passing = { id: "c1", kind: "device_capability", ref: "update_integrity", title: "Signed updates", verifications: [{ testCaseId: "TC-1", method: "test", result: "pass" }] };
const failing = { ...passing, verifications: [{ testCaseId: "TC-2", method: "penetration_test", result: "fail" }] };
const untested = { ...passing, verifications: [{ testCaseId: "TC-3", method: "test", result: "not_run" }] };
const accepted = { acceptedBy: "Dr. A", role: "CEO", statement: "Acceptable", benefitRisk: "Benefit outweighs", acceptedAt: "2026-11-01" };
const risks = new Map<string, RiskFacts>([
  ["r-low", { reference: "RISK-001", title: "Low", level: "low", accepted: false }],
  ["r-high", { reference: "RISK-002", title: "High", level: "high", accepted: false }],
  ["r-high-acc", { reference: "RISK-003", title: "High accepted", level: "critical", accepted: true }],
]);
const ctx = { risks, findingIds: new Set(["f-1"]), highLevels: new Set(["high", "critical"]), sbomComponents: [] };

describe("traceability gap rules", () => {
  const cases: Array<{ name: string; threat: Record<string, unknown>; controls?: unknown[]; acceptance?: unknown; gaps: GapCode[] }> = [
    { name: "complete trace", threat: { riskId: "r-low", controlIds: ["c1"] }, controls: [passing], gaps: [] },
    { name: "no risk", threat: { controlIds: ["c1"] }, controls: [passing], gaps: ["threat_without_risk"] },
    { name: "deleted risk", threat: { riskId: "gone", controlIds: ["c1"] }, controls: [passing], gaps: ["risk_missing"] },
    { name: "no control", threat: { riskId: "r-low" }, gaps: ["threat_without_control"] },
    { name: "control never tested", threat: { riskId: "r-low", controlIds: ["c1"] }, controls: [untested], gaps: ["control_without_passing_test"] },
    {
      name: "a pass whose method nobody stated",
      threat: { riskId: "r-low", controlIds: ["c1"] },
      controls: [{ ...passing, verifications: [{ testCaseId: "TC-4", result: "pass" }] }],
      gaps: ["control_without_passing_test"],
    },
    {
      name: "a stated pass beside an unstated one",
      threat: { riskId: "r-low", controlIds: ["c1"] },
      controls: [{ ...passing, verifications: [{ testCaseId: "TC-4", method: null, result: "pass" }, ...passing.verifications] }],
      gaps: [],
    },
    { name: "failed test", threat: { riskId: "r-low", controlIds: ["c1"] }, controls: [failing], gaps: ["verification_failed"] },
    {
      name: "a pass and a fail is still a failure",
      threat: { riskId: "r-low", controlIds: ["c1"] },
      controls: [{ ...passing, verifications: [...passing.verifications, ...failing.verifications] }],
      gaps: ["verification_failed"],
    },
    { name: "high residual not accepted", threat: { riskId: "r-high", controlIds: ["c1"] }, controls: [passing], gaps: ["high_residual_without_acceptance"] },
    { name: "high residual accepted in the register", threat: { riskId: "r-high-acc", controlIds: ["c1"] }, controls: [passing], gaps: [] },
    { name: "high residual accepted for the version", threat: { riskId: "r-high", controlIds: ["c1"] }, controls: [passing], acceptance: accepted, gaps: [] },
    { name: "deleted finding", threat: { riskId: "r-low", controlIds: ["c1"], findingIds: ["f-1", "f-2"] }, controls: [passing], gaps: ["finding_missing"] },
    { name: "nothing linked", threat: {}, gaps: ["threat_without_risk", "threat_without_control"] },
    { name: "exploitability nobody assessed", threat: { riskId: "r-low", controlIds: ["c1"], exploitability: null }, controls: [passing], gaps: ["exploitability_not_assessed"] },
  ];
  it.each(cases)("$name", ({ threat, controls, acceptance, gaps }) => {
    const t = traceability(model(threat, controls ?? [], acceptance ?? null), ctx);
    expect(t.rows[0].gaps.map((g) => g.code)).toEqual(gaps);
    expect(t.rows[0].result).toBe(gaps.length ? "gap" : "pass");
    expect(t.passing + t.failing).toBe(1);
    for (const g of gaps) expect(t.gapCounts[g]).toBeGreaterThan(0);
  });

  it("names the test case whose method is missing, and a schema-parsed verification without one has method null", () => {
    const m = model({ riskId: "r-low", controlIds: ["c1"] }, [{ ...passing, verifications: [{ testCaseId: "TC-4", result: "pass" }] }]);
    expect(m.controls[0].verifications[0].method).toBeNull();
    const t = traceability(m, ctx);
    expect(t.rows[0].gaps).toEqual([{ code: "control_without_passing_test", message: "c1: TC-4 passed but no method of verification is stated" }]);
    expect(t.rows[0].controls[0].passing).toBe(false);
  });

  describe("software items' SBOM components", () => {
    const withComponents = (components: string[]) => threatModelSchema.parse({ elements: [{ id: "fw", name: "Firmware", type: "software_item", components }] });
    const sbom = [
      { name: "zlib", purl: "pkg:deb/debian/zlib1g@1.2.13" },
      { name: "openssl", purl: null },
    ];

    it.each([
      { name: "by name, case-insensitive", key: "ZLIB", stale: false },
      { name: "by full purl", key: "pkg:deb/debian/zlib1g@1.2.13", stale: false },
      { name: "by purl without version", key: "pkg:deb/debian/zlib1g", stale: false },
      { name: "a component the SBOM dropped", key: "log4j-core", stale: true },
      { name: "another version's purl of a kept component", key: "pkg:deb/debian/zlib1g@1.2.11", stale: true },
    ])("$name", ({ key, stale }) => {
      const t = traceability(withComponents([key]), { ...ctx, sbomComponents: sbom });
      expect(t.componentGaps.map((g) => g.component)).toEqual(stale ? [key] : []);
      expect(t.gapCounts.component_not_in_sbom).toBe(stale ? 1 : 0);
    });

    it("names the item and the component, and flags every component when the version has no current SBOM", () => {
      const t = traceability(withComponents(["log4j-core", "zlib"]), { ...ctx, sbomComponents: sbom });
      expect(t.componentGaps).toEqual([{ elementId: "fw", element: "Firmware", component: "log4j-core", message: 'Firmware (fw): component "log4j-core" is not in the version\'s current SBOM' }]);
      const none = traceability(withComponents(["log4j-core", "zlib"]), { ...ctx, sbomComponents: null });
      expect(none.componentGaps.map((g) => [g.component, g.message.endsWith("the version has no current SBOM")])).toEqual([
        ["log4j-core", true],
        ["zlib", true],
      ]);
    });
  });
});
