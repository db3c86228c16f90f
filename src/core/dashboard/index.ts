/** Dashboard arithmetic: links to the list behind a number, the aggregated obligations list, quarters and trends. */

/** Where the list behind a number lives in the web app: a route and its query. */
export type ListLink = { route: string; query: Record<string, string> };

export function link(route: string, query: Record<string, string> = {}): ListLink {
  return { route, query };
}

/** The address of a link, query keys sorted so that the same link always reads the same. */
export function hrefOf(l: ListLink): string {
  const keys = Object.keys(l.query).sort();
  if (keys.length === 0) return l.route;
  return `${l.route}?${keys.map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(l.query[k])}`).join("&")}`;
}

export const OBLIGATION_KINDS = [
  "incident_report",
  "disclosure_acknowledgement",
  "finding_remediation",
  "policy_review",
  "training",
  "supplier_reassessment",
  "supplier_certificate",
  "risk_action",
  "evidence_expiry",
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** One dated thing someone owes: a report to an authority, a patch, a review, a training, a re-assessment. */
export type ObligationItem = {
  kind: ObligationKind;
  title: string;
  /** ISO instant or YYYY-MM-DD (read as the end of that day in UTC). */
  dueAt: string;
  overdue: boolean;
  /** Whole days left (negative when overdue). */
  daysLeft: number;
  /** Whole hours left (negative when overdue): the countdown of a reporting clock. */
  hoursLeft: number;
  link: ListLink;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const dueInstants = new Map<string, number>();

/**
 * Instant of a due date: a calendar day is due at its end (UTC), an instant at itself. Remembered per text (at most
 * 10,000): every dashboard answer derives its countdowns from the same thousands of dates.
 */
export function dueInstant(dueAt: string): number {
  let ms = dueInstants.get(dueAt);
  if (ms === undefined) {
    ms = /^\d{4}-\d{2}-\d{2}$/.test(dueAt) ? Date.parse(`${dueAt}T23:59:59.999Z`) : Date.parse(dueAt);
    if (dueInstants.size >= 10_000) dueInstants.clear();
    dueInstants.set(dueAt, ms);
  }
  return ms;
}

export function obligation(kind: ObligationKind, title: string, dueAt: string, now: Date, l: ListLink): ObligationItem {
  const left = dueInstant(dueAt) - now.getTime();
  return { kind, title, dueAt, overdue: left < 0, daysLeft: Math.floor(left / DAY_MS), hoursLeft: Math.floor(left / HOUR_MS), link: l };
}

/** Most overdue first, then the least time left; ties by kind and title so the order is stable. */
export function sortObligations<T extends Pick<ObligationItem, "kind" | "title" | "dueAt">>(items: readonly T[]): T[] {
  // Each due date is parsed once rather than at every comparison: the dashboard sorts thousands of items.
  const keyed = items.map((item) => ({ item, due: dueInstant(item.dueAt) }));
  keyed.sort((a, b) => a.due - b.due || a.item.kind.localeCompare(b.item.kind) || a.item.title.localeCompare(b.item.title));
  return keyed.map((k) => k.item);
}

/** The calendar quarter (UTC) that contains `at`: first day, first day of the next quarter, and a label. */
export function quarterOf(at: Date): { from: string; to: string; label: string } {
  const y = at.getUTCFullYear();
  const q = Math.floor(at.getUTCMonth() / 3);
  const day = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  return { from: day(y, q * 3), to: day(y, q * 3 + 3), label: `Q${q + 1} ${y}` };
}

export function percent(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part / total) * 1000) / 10;
}

/** Metrics the daily job records; the trends endpoint returns one series per metric. */
export const TREND_METRICS = {
  open_critical_findings: "Open critical findings",
  open_kev_findings: "Open findings in the KEV catalog",
  overdue_findings: "Overdue findings",
  overdue_obligations: "Overdue obligations",
  nis2_coverage_percent: "NIS2 coverage (%)",
  iso27001_coverage_percent: "ISO/IEC 27001 coverage (%)",
  open_incidents: "Open incidents",
  mean_days_to_remediate: "Mean days to remediate (findings resolved in the last 90 days)",
} as const;
export type TrendMetric = keyof typeof TREND_METRICS;

export type TrendSeries = { metric: TrendMetric; label: string; points: { day: string; value: number }[] };

/** Groups stored snapshot rows into one series per known metric, each sorted by day. */
export function trendSeries(rows: readonly { day: string; metric: string; value: number }[]): TrendSeries[] {
  return (Object.keys(TREND_METRICS) as TrendMetric[]).map((metric) => ({
    metric,
    label: TREND_METRICS[metric],
    points: rows
      .filter((r) => r.metric === metric)
      .map((r) => ({ day: r.day, value: r.value }))
      .sort((a, b) => a.day.localeCompare(b.day)),
  }));
}

/** Mean of whole days between first seen and resolved; null when nothing was resolved. */
export function meanDaysToRemediate(pairs: readonly { firstSeenAt: Date; resolvedAt: Date }[]): number | null {
  if (pairs.length === 0) return null;
  const total = pairs.reduce((n, p) => n + (p.resolvedAt.getTime() - p.firstSeenAt.getTime()) / DAY_MS, 0);
  return Math.round((total / pairs.length) * 10) / 10;
}

export * from "./grouping";
