import { type ListLink, link, type ObligationItem, type ObligationKind, sortObligations } from "./index";

/** Deadlines owed to an authority by law (NIS2, MDR/IVDR, GDPR, CRA reports): shown first, to the hour. */
export const LEGAL_CLOCK_KINDS: readonly ObligationKind[] = ["incident_report"];

export const isLegalClock = (o: Pick<ObligationItem, "kind">) => LEGAL_CLOCK_KINDS.includes(o.kind);

/** How a group of one kind reads: "6 suppliers to re-assess". */
const GROUP_NOUNS: Record<ObligationKind, [string, string]> = {
  incident_report: ["incident report", "incident reports"],
  disclosure_acknowledgement: ["vulnerability report to acknowledge", "vulnerability reports to acknowledge"],
  finding_remediation: ["finding to remediate", "findings to remediate"],
  policy_review: ["policy review", "policy reviews"],
  training: ["training not completed", "trainings not completed"],
  supplier_reassessment: ["supplier to re-assess", "suppliers to re-assess"],
  supplier_certificate: ["supplier certificate expiring", "supplier certificates expiring"],
  risk_action: ["risk treatment action", "risk treatment actions"],
  evidence_expiry: ["evidence item expiring", "evidence items expiring"],
};

/** A row of the dashboard: one obligation, or `count` obligations of one kind folded together. */
export type ObligationRow = ObligationItem & { count: number };

/** Kinds with at least this many items become one row. */
export const GROUP_FROM = 3;

/**
 * Folds repeated reminders into one row per kind ("6 suppliers to re-assess (2 overdue)"), due when the earliest
 * is, linked to the obligations list of that kind. Legal reporting clocks are never folded: each one has its own
 * recipient and deadline. Rows are ordered as the items are, most urgent first.
 */
export function groupRepeated(items: readonly ObligationItem[], from = GROUP_FROM): ObligationRow[] {
  const sorted = sortObligations(items);
  const byKind = new Map<ObligationKind, ObligationItem[]>();
  for (const o of sorted) {
    const same = byKind.get(o.kind);
    if (same) same.push(o);
    else byKind.set(o.kind, [o]);
  }
  const rows: ObligationRow[] = [];
  for (const o of sorted) {
    const same = byKind.get(o.kind)!;
    if (isLegalClock(o) || same.length < from) {
      rows.push({ ...o, count: 1 });
      continue;
    }
    if (same[0] !== o) continue;
    const overdue = same.filter((x) => x.overdue).length;
    const [one, many] = GROUP_NOUNS[o.kind];
    const groupLink: ListLink = link("/obligations", { kind: o.kind });
    rows.push({ ...o, title: `${same.length} ${same.length === 1 ? one : many}${overdue ? ` (${overdue} overdue)` : ""}`, link: groupLink, count: same.length });
  }
  return rows;
}
