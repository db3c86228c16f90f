import { type ComponentRef, type StaleComponent, staleComponents } from "./components";
import type { Control, StrideCategory, ThreatModel, Verification, VerificationResult } from "./types";

export const GAP_CODES = [
  "threat_without_risk",
  "risk_missing",
  "threat_without_control",
  "control_without_passing_test",
  "verification_failed",
  "high_residual_without_acceptance",
  "finding_missing",
  "exploitability_not_assessed",
  "component_not_in_sbom",
] as const;
export type GapCode = (typeof GAP_CODES)[number];

export const GAP_LABELS: Record<GapCode, string> = {
  threat_without_risk: "Threat leads to no security risk in the register",
  risk_missing: "Linked risk no longer exists in the register",
  threat_without_control: "Threat without a control",
  control_without_passing_test: "Control without a passing test of a stated method",
  verification_failed: "A verification of a control failed",
  high_residual_without_acceptance: "High residual risk without acceptance",
  finding_missing: "Linked finding no longer exists",
  exploitability_not_assessed: "Exploitability not assessed",
  component_not_in_sbom: "Software item names a component the current SBOM does not contain",
};

export type Gap = { code: GapCode; message: string };

/** What the register holds about a linked risk: its current (residual, else inherent) level and whether it is accepted. */
export type RiskFacts = { reference: string; title: string; level: string; accepted: boolean };

export type TraceContext = {
  risks: ReadonlyMap<string, RiskFacts>;
  findingIds: ReadonlySet<string>;
  /** Levels of the risk matrix that need a recorded acceptance before release. */
  highLevels: ReadonlySet<string>;
  /** The version's current SBOM components, null when it has none. */
  sbomComponents: ReadonlyArray<ComponentRef> | null;
};

export type TraceControl = { id: string; kind: Control["kind"]; ref: string; title: string; verifications: Array<{ testCaseId: string; method: string | null; result: VerificationResult; evidence: string }>; passing: boolean };

export type TraceRow = {
  threatId: string;
  title: string;
  target: string;
  category: StrideCategory;
  exploitability: number | null;
  risk: ({ id: string } & RiskFacts) | null;
  hazard: ThreatModel["threats"][number]["hazard"];
  controls: TraceControl[];
  result: "pass" | "gap";
  gaps: Gap[];
};

/** `componentGaps`: software items' components that the current SBOM no longer contains, flagged per item and component. */
export type Traceability = { rows: TraceRow[]; componentGaps: StaleComponent[]; gapCounts: Record<GapCode, number>; passing: number; failing: number };

/** A verification counts only when it passed and someone stated how it was verified: a "pass" of unknown method proves nothing. */
const statedPass = (v: Verification) => v.result === "pass" && v.method !== null;

/** A control passes when at least one verification of a stated method passed and none failed. */
export function controlPasses(c: Control): boolean {
  return c.verifications.some(statedPass) && !c.verifications.some((v) => v.result === "fail");
}

function untestedMessage(c: Control): string {
  const unstated = c.verifications.filter((v) => v.result === "pass" && v.method === null).map((v) => v.testCaseId);
  return unstated.length ? `${c.id}: ${unstated.join(", ")} passed but no method of verification is stated` : `${c.id} has no passing test`;
}

/**
 * The matrix threat → risk → control → verification → result. Each threat is one row; every missing or broken link
 * is a gap, so the matrix never shows a trace as complete when a record behind it is gone.
 */
export function traceability(model: ThreatModel, ctx: TraceContext): Traceability {
  const controls = new Map(model.controls.map((c) => [c.id, c]));
  const versionAccepted = model.acceptance !== null;
  const rows: TraceRow[] = model.threats.map((t) => {
    const gaps: Gap[] = [];
    let risk: TraceRow["risk"] = null;
    if (!t.riskId) gaps.push({ code: "threat_without_risk", message: `${t.id} leads to no security risk` });
    else {
      const facts = ctx.risks.get(t.riskId);
      if (!facts) gaps.push({ code: "risk_missing", message: `${t.id}: risk ${t.riskId} no longer exists` });
      else {
        risk = { id: t.riskId, ...facts };
        if (ctx.highLevels.has(facts.level) && !facts.accepted && !versionAccepted) {
          gaps.push({ code: "high_residual_without_acceptance", message: `${facts.reference} is ${facts.level} and neither it nor the version's residual risk is accepted` });
        }
      }
    }
    if (t.exploitability === null) gaps.push({ code: "exploitability_not_assessed", message: `${t.id}: exploitability not assessed` });
    for (const f of t.findingIds) if (!ctx.findingIds.has(f)) gaps.push({ code: "finding_missing", message: `${t.id}: finding ${f} no longer exists` });
    const linked = t.controlIds.map((id) => controls.get(id)).filter((c): c is Control => c !== undefined);
    if (!linked.length) gaps.push({ code: "threat_without_control", message: `${t.id} has no control` });
    const traceControls: TraceControl[] = linked.map((c) => {
      if (c.verifications.some((v) => v.result === "fail")) gaps.push({ code: "verification_failed", message: `${c.id}: a verification failed` });
      else if (!c.verifications.some(statedPass)) gaps.push({ code: "control_without_passing_test", message: untestedMessage(c) });
      return {
        id: c.id,
        kind: c.kind,
        ref: c.ref,
        title: c.title,
        verifications: c.verifications.map((v) => ({ testCaseId: v.testCaseId, method: v.method, result: v.result, evidence: v.evidence })),
        passing: controlPasses(c),
      };
    });
    return {
      threatId: t.id,
      title: t.title,
      target: t.target,
      category: t.category,
      exploitability: t.exploitability,
      risk,
      hazard: t.hazard,
      controls: traceControls,
      result: gaps.length ? "gap" : "pass",
      gaps,
    };
  });
  const gapCounts = Object.fromEntries(GAP_CODES.map((c) => [c, 0])) as Record<GapCode, number>;
  for (const r of rows) for (const g of r.gaps) gapCounts[g.code] += 1;
  const componentGaps = staleComponents(model, ctx.sbomComponents);
  gapCounts.component_not_in_sbom = componentGaps.length;
  return { rows, componentGaps, gapCounts, passing: rows.filter((r) => r.result === "pass").length, failing: rows.filter((r) => r.result === "gap").length };
}
