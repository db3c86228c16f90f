import { placeholder, toConfirm } from "../reports/draft-document";
import { formatDeadline } from "./display";
import { hasCrossBorderIndication, IMPACT_AXES, IMPACT_AXIS_LABELS, type ImpactModel, overallSeverity } from "./impact";
import type { IncidentRecord } from "./incident-record";

/** An incident record's facts as report text (NIS2 and CRA drafts); undefined while the record does not know them. */

export function when(instant: string | undefined, zone: string | undefined): string {
  if (!instant) return placeholder("date and time");
  const d = formatDeadline(instant, zone ?? "UTC");
  return zone && zone !== "UTC" ? `${d.utc} (${d.local})` : d.utc;
}

export function severityOf(r: IncidentRecord) {
  return r.severity ?? (r.impact ? overallSeverity(r.impact) : undefined);
}

export function impactText(impact: ImpactModel | undefined): string | undefined {
  if (!impact) return undefined;
  return IMPACT_AXES.map((a) => {
    const { severity, description } = impact[a];
    return `- ${IMPACT_AXIS_LABELS[a]}: ${severity === "unknown" ? toConfirm("severity") : severity}${description ? ` — ${description}` : ""}`;
  }).join("\n");
}

export function factsText(r: IncidentRecord): string | undefined {
  const f = r.facts ?? {};
  const lines = [
    f.usersAffected !== undefined ? `Users affected: ${f.usersAffected}` : undefined,
    f.durationMinutes !== undefined ? `Duration so far: ${f.durationMinutes} min` : undefined,
    f.memberStatesAffected && f.memberStatesAffected.length > 0 ? `Member states affected: ${f.memberStatesAffected.join(", ")}` : undefined,
    f.financialLossEur !== undefined ? `Estimated financial loss: EUR ${f.financialLossEur.toLocaleString("en-GB")}` : undefined,
  ].filter((l): l is string => l !== undefined);
  return lines.length > 0 ? lines.join("\n") : undefined;
}

export function maliciousText(r: IncidentRecord): string | undefined {
  const m = r.facts?.suspectedMalicious;
  if (m === undefined) return undefined;
  return m
    ? "Yes: the incident is suspected to be caused by unlawful or malicious acts."
    : "No: there is currently no indication that the incident was caused by unlawful or malicious acts.";
}

export function crossBorderText(r: IncidentRecord): string | undefined {
  const f = r.facts;
  if (!f || (f.crossBorderImpact === undefined && (f.memberStatesAffected ?? []).length === 0)) return undefined;
  const states = (f.memberStatesAffected ?? []).join(", ");
  const indicated = hasCrossBorderIndication({ ...f, memberStatesAffected: f.memberStatesAffected ?? [] });
  return indicated
    ? `Yes: the incident could have a cross-border impact${states ? ` (member states concerned: ${states})` : ""}.`
    : `No cross-border impact is currently expected${states ? ` (member state concerned: ${states})` : ""}.`;
}

export function iocText(r: IncidentRecord): string | undefined {
  const iocs = r.indicatorsOfCompromise;
  if (!iocs || iocs.length === 0) return undefined;
  return iocs.map((i) => `- ${i.type}: ${i.value}${i.note ? ` (${i.note})` : ""}`).join("\n");
}

export function updatesText(r: IncidentRecord, zone: string | undefined): string | undefined {
  if (!r.updates || r.updates.length === 0) return undefined;
  return r.updates.map((u) => `- ${when(u.at, zone)}: ${u.text}`).join("\n");
}
