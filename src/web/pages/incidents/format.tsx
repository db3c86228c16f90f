import { Badge, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import type { Classification, IncidentStatus, ObligationView } from "./api";

export const STAGE_LABELS: Record<string, string> = {
  early_warning: "Early warning",
  incident_notification: "Incident notification",
  vulnerability_notification: "Vulnerability notification",
  user_notification: "Information of users",
  intermediate_report: "Intermediate report",
  final_report: "Final report",
  progress_report: "Progress report",
  recipient_notification: "Customer notice",
  end_of_impact_notice: "End-of-impact notice",
  serious_incident_report: "Serious incident report",
  supervisory_authority_notification: "Supervisory authority notification",
  data_subject_communication: "Data subject communication",
};
export const REGIME_LABELS: Record<string, string> = { nis2: "NIS2", mdr: "MDR", ivdr: "IVDR", gdpr: "GDPR", cra: "CRA" };
export const NOT_YET_KNOWN = "Not yet known";
/** A yes/no fact as recorded; never "No" for something nobody answered. */
export const yesNoUnknown = (v: boolean | undefined) => (v === undefined ? NOT_YET_KNOWN : v ? "Yes" : "No");
export const stageLabel = (s: string) => STAGE_LABELS[s] ?? s.replace(/_/g, " ");

export const STATUS_LABELS: Record<IncidentStatus, string> = { open: "Open", contained: "Contained", resolved: "Resolved", closed: "Closed" };
const STATUS_COLORS: Record<IncidentStatus, string> = { open: "red", contained: "orange", resolved: "teal", closed: "gray" };
export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

const CLASSIFICATION: Record<Classification, [string, string]> = {
  significant: ["Significant", "red"],
  not_significant: ["Not significant", "gray"],
  pending: ["Significance pending", "yellow"],
};
export function ClassificationBadge({ classification }: { classification: Classification }) {
  const [label, color] = CLASSIFICATION[classification];
  return (
    <Badge color={color} variant="outline" radius="sm">
      {label}
    </Badge>
  );
}

const OBLIGATION_STATUS: Record<ObligationView["status"], [string, string]> = {
  waiting: ["Waiting", "gray"],
  pending: ["Open", "blue"],
  overdue: ["Overdue", "red"],
  submitted_on_time: ["Submitted on time", "teal"],
  submitted_late: ["Submitted late", "orange"],
  submitted: ["Submitted", "teal"],
};
export function ObligationStatusBadge({ status }: { status: ObligationView["status"] }) {
  const [label, color] = OBLIGATION_STATUS[status];
  return (
    <Badge color={color} variant={status === "overdue" ? "filled" : "light"} radius="sm" data-status={status}>
      {label}
    </Badge>
  );
}

/** "1 d 2 h 5 min" from milliseconds. */
export function span(ms: number): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(totalSeconds / 86_400);
  const h = Math.floor((totalSeconds % 86_400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (d > 0) return `${d} d ${h} h ${m} min`;
  if (h > 0) return `${h} h ${m} min ${s} s`;
  return `${m} min ${s} s`;
}

/** The current time, ticking every second, corrected by the server's clock (its `now` at the time of the answer). */
export function useServerNow(serverNow: string | undefined): number {
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (serverNow) setOffset(Date.parse(serverNow) - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const t = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return tick + offset;
}

/** Time left until a deadline, live; red once it has passed. */
export function Countdown({ dueAt, now }: { dueAt: string | undefined; now: number }) {
  if (!dueAt) return <Text size="sm" c="dimmed">no fixed deadline</Text>;
  const left = Date.parse(dueAt) - now;
  return left >= 0 ? (
    <Text size="sm" fw={600} ff="monospace" data-countdown>
      {span(left)} left
    </Text>
  ) : (
    <Text size="sm" fw={700} c="red" ff="monospace" data-countdown>
      overdue by {span(left)}
    </Text>
  );
}

/** A local date-time input value ("2026-11-23T10:15") as an ISO instant, read in the browser's time zone. */
export function localInputToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** An ISO instant as the value of a local date-time input. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** For an obligation a national law adds: when its catalog record was last verified, and against what. */
export function NationalVerified({ o }: { o: ObligationView }) {
  if (!o.national) return null;
  return (
    <Text size="xs" c="dimmed" data-testid={`verified-${o.id}`}>
      {o.national.country} record last verified: {o.national.verifiedOn ?? "not recorded"}
      {o.national.source ? ` against ${o.national.source.ref}` : ""}
    </Text>
  );
}
