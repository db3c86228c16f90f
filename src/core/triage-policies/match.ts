import { versionInRange } from "../vex-import/vers";
import { type PolicyAnalysis, type PolicyConditions, type PolicySeverity, policyActive } from "./model";

/** What a policy looks at in a finding. */
export type PolicyFindingFacts = {
  vulnerabilityId: string;
  aliases: readonly string[];
  purl: string;
  deviceModel: { id: string; name: string; modelNumber?: string };
  version: string;
  kev: boolean;
  /** EPSS probability (0–1), null when unscored. */
  epss: number | null;
  /** The vulnerability's severity level as stored (CVSS words, or a database's own such as "moderate"). */
  severity: string | null;
};

export type StoredPolicy = {
  id: string;
  name: string;
  conditions: PolicyConditions;
  analysis: PolicyAnalysis;
  expiresOn: string | null;
  enabled: boolean;
  priority: number;
};

const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** `*` matches any run of characters; the rest is literal and the whole purl must match. */
export function purlMatches(pattern: string, purl: string): boolean {
  if (!purl) return false;
  return new RegExp(`^${pattern.split("*").map(literal).join(".*")}$`).test(purl);
}

export function severityOf(level: string | null): PolicySeverity {
  const l = level?.trim().toLowerCase();
  if (!l) return "unknown";
  if (l === "moderate") return "medium";
  if (l === "important") return "high";
  return (["critical", "high", "medium", "low", "none"] as const).find((s) => s === l) ?? "unknown";
}

/** Whether every condition of the policy holds for the finding. */
export function policyMatches(c: PolicyConditions, f: PolicyFindingFacts): boolean {
  if (c.vulnerabilities) {
    const ids = new Set([f.vulnerabilityId, ...f.aliases].map((i) => i.toUpperCase()));
    if (!c.vulnerabilities.some((v) => ids.has(v.toUpperCase()))) return false;
  }
  if (c.purl !== undefined && !purlMatches(c.purl, f.purl)) return false;
  if (c.deviceModels) {
    const names = [f.deviceModel.name, f.deviceModel.modelNumber ?? ""].map((n) => n.toLowerCase());
    if (!c.deviceModels.some((m) => m === f.deviceModel.id || names.includes(m.toLowerCase()))) return false;
  }
  if (c.versions !== undefined && versionInRange(f.version, c.versions) !== true) return false;
  if (c.kev !== undefined && c.kev !== f.kev) return false;
  if (c.epssMin !== undefined && (f.epss === null || f.epss < c.epssMin)) return false;
  if (c.epssMax !== undefined && (f.epss === null || f.epss > c.epssMax)) return false;
  if (c.severities && !c.severities.includes(severityOf(f.severity))) return false;
  return true;
}

const byPrecedence = (a: StoredPolicy, b: StoredPolicy) => b.priority - a.priority || a.name.localeCompare(b.name);

/** The policy that decides the finding today: the active matching one of highest priority, then by name. */
export function decidingPolicy<P extends StoredPolicy>(policies: readonly P[], f: PolicyFindingFacts, today: string): P | null {
  return [...policies].sort(byPrecedence).find((p) => policyActive(p, today) && policyMatches(p.conditions, f)) ?? null;
}

export type FindingAnalysis = { status: string; justification: string | null; response: string | null; detail: string | null };

/** Where a finding's analysis stands for policies. */
export type TriageOwner =
  /** Never analysed: policies may decide it. */
  | { kind: "untouched" }
  /** Its analysis is the decision of this policy: that policy, or another, may change it. */
  | { kind: "policy"; policyId: string }
  /** A person (or a supplier's VEX) analysed it: policies leave it alone. */
  | { kind: "own" };

/**
 * Who owns a finding's analysis. A policy decision counts only while it is the latest analysis (same instant
 * as `analysedAt`); once a person records an analysis, the finding is theirs.
 */
export function triageOwner(finding: { analysedAt: Date | null }, decision: { policyId: string; appliedAt: Date } | null): TriageOwner {
  if (decision && finding.analysedAt && decision.appliedAt.getTime() === finding.analysedAt.getTime()) return { kind: "policy", policyId: decision.policyId };
  return finding.analysedAt === null ? { kind: "untouched" } : { kind: "own" };
}

export const analysisOfPolicy = (a: PolicyAnalysis): FindingAnalysis => ({ status: a.status, justification: a.justification ?? null, response: a.response ?? null, detail: a.detail ?? null });

export const REOPENED: FindingAnalysis = { status: "under_investigation", justification: null, response: null, detail: null };

export type PlannedChange<P> = { kind: "apply"; policy: P; to: FindingAnalysis } | { kind: "reopen"; policyId: string; to: FindingAnalysis } | null;

const sameAnalysis = (a: FindingAnalysis, b: FindingAnalysis) => a.status === b.status && a.justification === b.justification && a.response === b.response && a.detail === b.detail;

/**
 * What policies do to one finding: apply the deciding policy to an untouched finding (or one another policy
 * decided), re-open a finding whose deciding policy no longer applies (expired, disabled, deleted, or no longer
 * matching), and otherwise nothing. A finding someone analysed is never changed.
 */
export function plannedChange<P extends StoredPolicy>(current: FindingAnalysis, owner: TriageOwner, deciding: P | null): PlannedChange<P> {
  if (owner.kind === "own") return null;
  if (deciding) {
    const to = analysisOfPolicy(deciding.analysis);
    if (owner.kind === "policy" && owner.policyId === deciding.id && sameAnalysis(current, to)) return null;
    return { kind: "apply", policy: deciding, to };
  }
  if (owner.kind === "policy") return { kind: "reopen", policyId: owner.policyId, to: REOPENED };
  return null;
}
