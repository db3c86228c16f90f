/**
 * Business continuity and disaster recovery (pure): plan checks, restore-test outcomes against the RTO, and what is
 * due. Serves NIS2 Art. 21(2)(c) (backup management, disaster recovery, crisis management) and ISO/IEC 27001 A.5.29,
 * A.5.30 and A.8.13.
 */
export const PLAN_KINDS = ["bc_dr", "incident_response", "crisis_communication"] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  bc_dr: "Business continuity / disaster recovery",
  incident_response: "Incident response plan",
  crisis_communication: "Crisis communication plan",
};

export const PLAN_STATUSES = ["draft", "approved", "retired"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Who a crisis communication plan must reach. */
export const STAKEHOLDER_KINDS = ["authority", "csirt", "customers", "patients", "notified_body", "media", "suppliers", "staff"] as const;
export type StakeholderKind = (typeof STAKEHOLDER_KINDS)[number];
/** The stakeholders every crisis communication plan of a medical device manufacturer names. */
export const REQUIRED_CRISIS_STAKEHOLDERS: StakeholderKind[] = ["authority", "customers", "patients", "notified_body", "media"];

export const EXERCISE_TYPES = ["tabletop", "walkthrough", "simulation", "technical_recovery", "full_interruption"] as const;
export type ExerciseType = (typeof EXERCISE_TYPES)[number];

export const RESTORE_RESULTS = ["success", "partial", "failed"] as const;
export type RestoreResult = (typeof RESTORE_RESULTS)[number];

export type Problem = { path: string; message: string };

export type Stakeholder = { kind: StakeholderKind; name: string; contact: string; when: string };

export type PlanFacts = {
  kind: PlanKind;
  rtoMinutes: number | null;
  rpoMinutes: number | null;
  owner: string | null;
  procedures: string;
  stakeholders: Stakeholder[];
};

/** Problems of a plan; `forApproval` adds what an approved plan must have. */
export function checkPlan(p: PlanFacts, forApproval: boolean): Problem[] {
  const problems: Problem[] = [];
  if (p.rtoMinutes !== null && p.rtoMinutes <= 0) problems.push({ path: "rtoMinutes", message: "must be a positive number of minutes" });
  if (p.rpoMinutes !== null && p.rpoMinutes < 0) problems.push({ path: "rpoMinutes", message: "cannot be negative" });
  if (p.kind === "bc_dr" && forApproval) {
    if (p.rtoMinutes === null) problems.push({ path: "rtoMinutes", message: "a continuity plan states its recovery time objective before approval" });
    if (p.rpoMinutes === null) problems.push({ path: "rpoMinutes", message: "a continuity plan states its recovery point objective before approval" });
  }
  if (forApproval && !p.owner?.trim()) problems.push({ path: "owner", message: "a plan needs an owner before approval" });
  if (forApproval && p.procedures.trim().length < 20) problems.push({ path: "procedures", message: "describe the procedures before approval" });
  if (p.kind === "crisis_communication" && forApproval) {
    const present = new Set(p.stakeholders.map((s) => s.kind));
    const missing = REQUIRED_CRISIS_STAKEHOLDERS.filter((k) => !present.has(k));
    if (missing.length > 0) problems.push({ path: "stakeholders", message: `name how to reach: ${missing.join(", ")}` });
  }
  return problems;
}

export type RestoreOutcome = "met" | "missed" | "failed";

/**
 * A restore test meets its objective when the restore succeeded (fully) within the RTO; a partial or failed restore
 * never meets it. Without an RTO there is nothing to compare to, so only the result counts.
 */
export function restoreOutcome(t: { result: RestoreResult; minutesToRestore: number | null; rtoMinutes: number | null }): RestoreOutcome {
  if (t.result === "failed") return "failed";
  if (t.result === "partial") return "missed";
  if (t.rtoMinutes === null) return "met";
  if (t.minutesToRestore === null) return "missed";
  return t.minutesToRestore <= t.rtoMinutes ? "met" : "missed";
}

/** The data lost in the test, when the restored point is known, compared with the RPO. */
export function rpoMet(dataLossMinutes: number | null, rpoMinutes: number | null): boolean | null {
  if (dataLossMinutes === null || rpoMinutes === null) return null;
  return dataLossMinutes <= rpoMinutes;
}

/** A plan is due for review a year after approval unless it says otherwise. */
export function planReviewDue(approvedOn: string | null, reviewIntervalMonths: number): string | null {
  if (!approvedOn) return null;
  const d = new Date(`${approvedOn}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + reviewIntervalMonths);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

export type FollowUp = { title: string; owner: string | null; dueDate: string | null; done: boolean };

export function openFollowUps(items: FollowUp[], today: string): { open: number; overdue: number } {
  const open = items.filter((f) => !f.done);
  return { open: open.length, overdue: open.filter((f) => f.dueDate !== null && f.dueDate < today).length };
}

/** Next version number of a plan: a major step on approval, a minor step for a draft edit ("1.0" → "1.1"). */
export function nextVersion(current: string | null, approving: boolean): string {
  if (!current) return approving ? "1.0" : "0.1";
  const [major, minor] = current.split(".").map((n) => Number.parseInt(n, 10) || 0);
  return approving ? `${major + 1}.0` : `${major}.${minor + 1}`;
}
