import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export type ListLink = { route: string; query: Record<string, string> };
export type Unavailable = { available: false; reason: string };
export type Widget<T> = ({ available: true } & T) | Unavailable;

/** The address of the list behind a number. */
export function hrefOf(l: ListLink): string {
  const keys = Object.keys(l.query).sort();
  return keys.length === 0 ? l.route : `${l.route}?${keys.map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(l.query[k])}`).join("&")}`;
}

export type Coverage = {
  name: string;
  percent: number | null;
  met: number;
  partial: number;
  total: number;
  link: ListLink;
  groups: { id: string; title: string; label: string; percent: number | null; met: number; partial: number; total: number; link: ListLink }[];
};
export type Obligation = { kind: string; title: string; dueAt: string; overdue: boolean; daysLeft: number; hoursLeft: number; link: ListLink };
/** A dashboard row: one obligation, or `count` of one kind folded together. */
export type ObligationRow = Obligation & { count: number };
export type SourceState = { source: string; available: boolean; error?: string };
export type Counted = { count: number; link: ListLink };

export type Dashboard = {
  generatedAt: string;
  nis2: Widget<Coverage>;
  iso27001: Widget<Coverage>;
  obligations: Widget<{ total: number; overdue: number; clocks: Obligation[]; items: ObligationRow[]; sources: SourceState[]; link: ListLink; clocksLink: ListLink }>;
  vulnerabilities: Widget<{ open: Counted; byPriority: (Counted & { priority: string })[]; kev: Counted; overdue: Counted }>;
  endOfSupport: Widget<{ versions: { id: string; name: string; endOfSupport: string; units: number; link: ListLink }[]; versionCount: number; units: number; sites: number; link: ListLink }>;
  risks: Widget<{
    likelihood: { value: number; label: string }[];
    impact: { value: number; label: string }[];
    cells: { view: "inherent" | "residual"; likelihood: number; impact: number; count: number; link: ListLink }[];
    total: number;
    link: ListLink;
  }>;
  incidents: Widget<{ quarter: { from: string; to: string; label: string }; count: number; significant: number; open: number; link: ListLink; boardLink: ListLink }>;
  governance: Widget<{ roleGaps: Counted; overduePolicyReviews: Counted; overdueTraining: Counted; link: ListLink }>;
};

export type Trends = { from: string; to: string; series: { metric: string; label: string; points: { day: string; value: number }[] }[] };

export type WidgetName = Exclude<keyof Dashboard, "generatedAt">;
/** One widget, fetched on its own so that each card shows as soon as its numbers are read. */
export const widgetQuery = <W extends WidgetName>(name: W) => ({
  queryKey: ["dashboard", "widget", name],
  queryFn: () => api.get<Dashboard[W]>(`/api/dashboard/widgets/${name}`),
});
export const useWidget = <W extends WidgetName>(name: W) => useQuery(widgetQuery(name));
export const useTrends = () => useQuery({ queryKey: ["dashboard", "trends"], queryFn: () => api.get<Trends>("/api/dashboard/trends") });
export const useObligations = () =>
  useQuery({ queryKey: ["obligations"], queryFn: () => api.get<{ items: Obligation[]; sources: SourceState[] }>("/api/obligations") });

export const OBLIGATION_LABELS: Record<string, string> = {
  incident_report: "Incident report",
  disclosure_acknowledgement: "Report acknowledgement",
  finding_remediation: "Remediation",
  policy_review: "Policy review",
  training: "Training",
  supplier_reassessment: "Supplier re-assessment",
  supplier_certificate: "Supplier certificate",
  risk_action: "Risk treatment",
  evidence_expiry: "Evidence expiry",
};

export function timeLeft(o: Pick<Obligation, "overdue" | "daysLeft">): string {
  if (o.overdue) return `${-o.daysLeft} day${o.daysLeft === -1 ? "" : "s"} overdue`;
  if (o.daysLeft === 0) return "due today";
  return `${o.daysLeft} day${o.daysLeft === 1 ? "" : "s"} left`;
}

/** The countdown of a reporting clock, to the hour. */
export function hoursLeft(o: Pick<Obligation, "overdue" | "hoursLeft">): string {
  return o.overdue ? `${-o.hoursLeft} h overdue` : `${o.hoursLeft} h left`;
}
