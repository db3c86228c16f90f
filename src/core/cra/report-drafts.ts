import type { ContentPoint } from "../catalog";
import type { IncidentRecord } from "../incidents/incident-record";
import { factsText, impactText, iocText, maliciousText, severityOf, updatesText, when } from "../incidents/record-text";
import { type DraftDocument, list, missingOf, placeholder, type ReportSection, section, toConfirm } from "../reports/draft-document";
import type { CraCaseRecord } from "./case-record";
import type { CraCase } from "./cases";

/**
 * CRA Art. 14 report drafts as data: for each stage, the points the catalog lists for it (cra:art14.2.a–c,
 * cra:art14.4.a–c), each filled from the recorded facts or marked "[to be confirmed]". Rendering is done elsewhere.
 */

/** The report stages of each case, named as the case's obligations name them. */
export const CRA_DRAFT_STAGES = {
  exploited_vulnerability: ["early_warning", "vulnerability_notification", "final_report"],
  severe_incident: ["early_warning", "incident_notification", "final_report"],
} as const satisfies Record<CraCase, readonly string[]>;
export type CraDraftStage = (typeof CRA_DRAFT_STAGES)[CraCase][number];

/** The catalog item holding each stage's content list. */
export const CRA_STAGE_ITEMS: Record<CraCase, Partial<Record<CraDraftStage, string>>> = {
  exploited_vulnerability: { early_warning: "cra:art14.2.a", vulnerability_notification: "cra:art14.2.b", final_report: "cra:art14.2.c" },
  severe_incident: { early_warning: "cra:art14.4.a", incident_notification: "cra:art14.4.b", final_report: "cra:art14.4.c" },
};

export function isCraDraftStage(c: CraCase, stage: string): stage is CraDraftStage {
  return (CRA_DRAFT_STAGES[c] as readonly string[]).includes(stage);
}

/** What the case records beside the incident: its product and, for an exploited vulnerability, the vulnerability. */
export type CraDraftFacts = {
  incident: IncidentRecord;
  cra: CraCaseRecord;
  product: { name: string; regime?: string; affected: string[] };
  vulnerability?: {
    id: string;
    aliases: string[];
    summary?: string;
    /** e.g. "critical (CVSS 3.1 10.0)" */
    severity?: string;
    component: string;
    version: string;
    kevDateAdded?: string;
  };
};

/** The catalog's stage item: its reference and the points the report must carry. */
export type CraStageItem = { id: string; title: string; source: { ref: string }; content: ContentPoint[] };

export type CraDraftOptions = {
  generatedAt: string;
  timeZone?: string;
  /** Art. 14(7): the Member State of the manufacturer's main establishment and its CSIRT as the catalog records it. */
  mainEstablishment?: string;
  csirt?: string;
};

export type CraReportSection = ReportSection & { source: string; confidence: string; qualifier?: ContentPoint["qualifier"] };

export type CraReportDocument = Omit<DraftDocument, "sections"> & {
  regime: "cra";
  case: CraCase;
  stage: CraDraftStage;
  catalogItem: string;
  sections: CraReportSection[];
};

const CASE_NAME = { exploited_vulnerability: "actively exploited vulnerability", severe_incident: "severe incident" } as const;
const STAGE_NAME: Record<CraDraftStage, string> = {
  early_warning: "Early warning",
  vulnerability_notification: "Vulnerability notification",
  incident_notification: "Incident notification",
  final_report: "Final report",
};

const joined = (parts: (string | undefined)[], sep = "\n") => parts.filter((p) => p !== undefined && p !== "").join(sep) || undefined;

function measuresText(f: CraDraftFacts, zone: string | undefined): string | undefined {
  const r = f.incident;
  return joined([
    f.cra.fixAvailableAt ? `A corrective or mitigating measure has been available since ${when(f.cra.fixAvailableAt, zone)}.` : undefined,
    list([...(r.mitigationsApplied ?? []), ...(r.mitigationsOngoing ?? []).map((m) => `${m} (ongoing)`)]),
  ]);
}

function vulnerabilityText(f: CraDraftFacts): string | undefined {
  const v = f.vulnerability;
  if (!v) return undefined;
  const names = [v.id, ...v.aliases.filter((a) => a !== v.id)].join(", ");
  return joined([
    `${names} in ${v.component} (${f.product.name} ${v.version})${v.summary ? `: ${v.summary}` : "."}`,
    v.kevDateAdded ? `Listed in CISA's Known Exploited Vulnerabilities catalog since ${v.kevDateAdded}.` : "Marked actively exploited by the manufacturer.",
  ]);
}

function severityText(f: CraDraftFacts): string | undefined {
  const assessed = severityOf(f.incident);
  return joined([
    f.vulnerability?.severity ? `Severity of the vulnerability: ${f.vulnerability.severity}` : undefined,
    assessed ? `Overall severity (assessed): ${assessed}` : undefined,
    impactText(f.incident.impact),
  ]);
}

/** Each catalog content key, filled from the recorded facts; undefined while not recorded. */
const FILLERS: Record<string, (f: CraDraftFacts, zone: string | undefined) => string | undefined> = {
  member_states: (f) =>
    f.cra.memberStates.length > 0 ? `The manufacturer is aware that the product has been made available in: ${f.cra.memberStates.join(", ")}.` : undefined,
  product: (f) =>
    joined([`${f.product.name}${f.product.regime ? ` (${f.product.regime})` : ""}`, f.product.affected.length > 0 ? `Affected: ${f.product.affected.join("; ")}` : undefined]),
  exploit_and_vulnerability: (f) => vulnerabilityText(f) ?? f.incident.summary,
  measures_taken: measuresText,
  user_measures: (f) => list(f.incident.recipientMeasures),
  sensitivity: (f) => f.cra.sensitivity,
  vulnerability_description: (f) => {
    const what = vulnerabilityText(f) ?? f.incident.summary;
    return what ? joined([what, severityText(f)], "\n\n") : undefined;
  },
  malicious_actor: (f) => joined([f.incident.threatType ? `Type of threat: ${f.incident.threatType}` : undefined, iocText(f.incident)]),
  security_update: (f, zone) => (f.cra.fixAvailableAt || f.incident.mitigationsApplied?.length ? measuresText(f, zone) : undefined),
  malicious: (f) => maliciousText(f.incident),
  nature: (f) => joined([f.incident.summary, f.incident.threatType ? `Type of threat: ${f.incident.threatType}` : undefined]),
  initial_assessment: (f) => joined([severityText(f), factsText(f.incident)]),
  incident_description: (f, zone) =>
    f.incident.summary ? joined([f.incident.summary, severityText(f), factsText(f.incident), updatesText(f.incident, zone)], "\n\n") : undefined,
  threat_or_root_cause: (f) =>
    joined([f.incident.threatType ? `Type of threat: ${f.incident.threatType}` : undefined, f.incident.rootCause ? `Root cause: ${f.incident.rootCause}` : undefined]),
  mitigation: (f) =>
    joined([
      f.incident.mitigationsApplied?.length ? `Applied:\n${list(f.incident.mitigationsApplied)}` : undefined,
      f.incident.mitigationsOngoing?.length ? `Ongoing:\n${list(f.incident.mitigationsOngoing)}` : undefined,
    ]),
};

/** Content keys the builder can fill: every key the catalog lists must be among them. */
export const CRA_CONTENT_KEYS: readonly string[] = Object.keys(FILLERS);

const QUALIFIER_TEXT = { where_applicable: "where applicable", where_available: "where available" } as const;

function contentSection(point: ContentPoint, text: string | undefined): CraReportSection {
  const qualifier = point.qualifier ? `, ${QUALIFIER_TEXT[point.qualifier]}` : "";
  return {
    ...section(point.key, `${point.label} (${point.source.ref}${qualifier})`, text, point.label.toLowerCase(), true, toConfirm),
    source: point.source.ref,
    confidence: point.confidence,
    ...(point.qualifier ? { qualifier: point.qualifier } : {}),
  };
}

function fieldsOf(f: CraDraftFacts, zone: string | undefined) {
  const r = f.incident;
  const v = f.vulnerability;
  return [
    { label: "Incident", value: `${r.id}: ${r.title}` },
    { label: "CRA case", value: CASE_NAME[f.cra.case] },
    { label: "Product", value: f.product.name },
    ...(v ? [{ label: "Vulnerability", value: [v.id, ...v.aliases.filter((a) => a !== v.id)].join(", ") }] : []),
    { label: "Became aware", value: when(r.awareAt, zone) },
    ...(f.cra.case === "exploited_vulnerability"
      ? [{ label: "Corrective or mitigating measure available", value: f.cra.fixAvailableAt ? when(f.cra.fixAvailableAt, zone) : toConfirm("when the fix became available") }]
      : []),
  ];
}

/** The stage's draft; throws when the catalog lists a point the builder cannot fill (data and code drifted apart). */
export function buildCraDraft(stage: CraDraftStage, item: CraStageItem, f: CraDraftFacts, opts: CraDraftOptions): CraReportDocument {
  const unknown = item.content.filter((p) => !(p.key in FILLERS)).map((p) => p.key);
  if (unknown.length > 0) throw new Error(`${item.id} lists content the CRA draft builder cannot fill: ${unknown.join(", ")}`);
  const zone = opts.timeZone;
  const r = f.incident;
  const contact = [r.entity.contact?.name, r.entity.contact?.email, r.entity.contact?.phone].filter(Boolean).join(", ");
  const sections = item.content.map((p) => contentSection(p, FILLERS[p.key](f, zone)));
  const csirtWhere = opts.mainEstablishment ? ` of ${opts.mainEstablishment}` : "";
  return {
    regime: "cra",
    case: f.cra.case,
    stage,
    catalogItem: item.id,
    basis: `CRA Art. ${item.source.ref.replace(/^Art\. /, "")}`,
    title: `${STAGE_NAME[stage]} — ${CASE_NAME[f.cra.case]} ${r.id}`,
    incidentId: r.id,
    generatedAt: new Date(opts.generatedAt).toISOString(),
    addressee: {
      role: "CSIRT designated as coordinator of the Member State of the main establishment (CRA Art. 14(7)) and ENISA, simultaneously",
      authority: "ENISA",
      csirt: opts.csirt
        ? `${opts.csirt} (national CSIRT${csirtWhere} as the catalog records it; confirm it is the CSIRT designated as coordinator)`
        : placeholder(`CSIRT designated as coordinator${csirtWhere || " of the Member State of the main establishment"}`),
      submissionChannel: "Single reporting platform (CRA Art. 16), electronic notification end-point of the coordinating CSIRT",
      reference: placeholder("reference given by the single reporting platform, once assigned"),
    },
    sender: {
      entity: r.entity.name,
      address: r.entity.address ?? placeholder("manufacturer's address"),
      contact: contact || placeholder("contact person, e-mail, telephone"),
    },
    fields: fieldsOf(f, zone),
    sections,
    missing: missingOf(sections),
  };
}
