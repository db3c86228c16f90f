import { VEX_JUSTIFICATIONS, VEX_STATUSES } from "../../../core/advisories/vex-vocabulary";

/** Shapes of the findings API (src/server/vulnerabilities/README.md). */

export type Severity = { score: number | null; vector: string | null; version: string | null } | null;
export type FindingStatus = (typeof VEX_STATUSES)[number];
export type Justification = (typeof VEX_JUSTIFICATIONS)[number];
export type Priority = "critical" | "high" | "medium" | "low" | "none";

export type FindingItem = {
  id: string;
  vulnerability: {
    id: string;
    aliases: string[];
    summary: string | null;
    severity: Severity;
    kev: boolean | { dateAdded?: string; dueDate?: string } | null;
    epss: number | { probability?: number; percentile?: number; epss?: number } | null;
  };
  component: { purl: string | null; cpe?: string | null; name: string; version: string | null };
  deviceModel: { id: string; name: string };
  version: { id: string; version: string };
  status: FindingStatus;
  justification: Justification | null;
  priority: Priority;
  priorityScore?: number;
  dueAt: string | null;
  overdue: boolean;
  matchConfidence: "purl" | "cpe";
  firstSeenAt: string;
  lastSeenAt?: string;
  resolvedAt?: string | null;
  resolution?: string | null;
};

export type FindingHistoryEntry = {
  id: string;
  at: string;
  actor: string;
  /** "matched", "analysis", "rescoring", "resolved", "reopened"… */
  kind: string;
  before: unknown;
  after: unknown;
};

type CvssScoreView = { vector?: string; baseScore?: number; score?: number; severity?: string; version?: string };

export type Rescoring = {
  original?: CvssScoreView;
  adjusted?: CvssScoreView;
  adjustedScore?: number;
  answers?: Record<string, string>;
  effects?: Array<{ question: string; answer: string; metrics: string[]; rationale: string }>;
} | null;

export type FindingDetail = FindingItem & {
  response: string | null;
  detail: string | null;
  affectedRange: string | null;
  fixedVersions: string[];
  priorityExplanation: string | null;
  priorityFactors?: Array<{ factor: string; contribution: number; detail: string }>;
  uncontrolledRisk?: boolean | null;
  analysedAt?: string | null;
  analysedBy?: string | null;
  deadlines?: Array<{ id: string; dueDate: string | null; action: string; basis: string }>;
  history: FindingHistoryEntry[];
  rescoring: Rescoring;
  /** The user's mark that the vulnerability is actively exploited: awareness they stated, and the source in words. */
  exploited: { awareAt: string; source: string; markedBy: string; markedAt: string } | null;
  /** The product is in CRA scope: an exploited mark proposes a CRA Art. 14 case. */
  craInScope: boolean;
};

export type Paged<T> = { items: T[]; total: number };

export type RescoringQuestion = { id: string; question: string; options: Array<{ value: string; label: string }> };

export type VulnerabilityItem = {
  id: string;
  aliases: string[];
  summary: string | null;
  severity: Severity;
  kev: FindingItem["vulnerability"]["kev"];
  epss: FindingItem["vulnerability"]["epss"];
  published: string | null;
  modified: string | null;
  withdrawn: string | boolean | null;
  findingCount: number;
};

export type VulnerabilityDetail = VulnerabilityItem & {
  details: string | null;
  cwes: string[];
  references: Array<{ url: string; type: string }>;
  affectedVersions: Array<{
    version: { id: string; version: string };
    deviceModel: { id: string; name: string };
    open: boolean;
    installedUnits: number;
    sites: number;
    findings: FindingItem[];
  }>;
  notify: Array<{
    customer: { id: string; name: string; contactEmail: string | null };
    site: { id: string; name: string | null } | null;
    version: { id: string; version: string };
    deviceModel: { id: string; name: string } | null;
    units: number;
  }>;
};

export type ImportItem = {
  id: string;
  source: string;
  files: Array<{ name: string; kind: string; records: number; sha256: string }>;
  startedAt: string;
  finishedAt: string;
  counts: { added: number; updated: number; unchanged: number; withdrawn: number; kev: number; epss: number };
  findings: { created: number; resolved: number; reopened: number; updated: number };
  warnings: Array<{ file: string; path: string; reason: string }>;
  warningCount: number;
  importedByLabel: string;
};

export const STATUS_LABELS: Record<FindingStatus, string> = {
  under_investigation: "Under investigation",
  affected: "Affected",
  not_affected: "Not affected",
  fixed: "Fixed",
};

export const JUSTIFICATION_LABELS: Record<Justification, string> = {
  component_not_present: "Component not present",
  vulnerable_code_not_present: "Vulnerable code not present",
  vulnerable_code_not_in_execute_path: "Vulnerable code not in execute path",
  vulnerable_code_cannot_be_controlled_by_adversary: "Vulnerable code cannot be controlled by an adversary",
  inline_mitigations_already_exist: "Inline mitigations already exist",
};

export const RESPONSES = ["can_not_fix", "will_not_fix", "update", "rollback", "workaround_available"] as const;
export const RESPONSE_LABELS: Record<(typeof RESPONSES)[number], string> = {
  can_not_fix: "Cannot fix",
  will_not_fix: "Will not fix",
  update: "Update",
  rollback: "Roll back",
  workaround_available: "Workaround available",
};

export const PRIORITIES: Priority[] = ["critical", "high", "medium", "low", "none"];
export const STATUSES = VEX_STATUSES;
export const JUSTIFICATIONS = VEX_JUSTIFICATIONS;

/** KEV and EPSS come as booleans/numbers or small objects depending on the route; read both. */
export function isKev(kev: FindingItem["vulnerability"]["kev"]): boolean {
  return kev === true || (typeof kev === "object" && kev !== null);
}

export function epssProbability(epss: FindingItem["vulnerability"]["epss"]): number | null {
  if (typeof epss === "number") return epss;
  if (epss && typeof epss === "object") return epss.probability ?? epss.epss ?? null;
  return null;
}
