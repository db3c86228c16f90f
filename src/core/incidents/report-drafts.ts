import { type DraftDocument, list, missingOf, placeholder, type ReportSection, section, toConfirm } from "../reports/draft-document";
import { crossBorderText, factsText, impactText, iocText, maliciousText, severityOf, updatesText, when } from "./record-text";
import type { IncidentRecord } from "./incident-record";
import type { Stage } from "./types";

export type { ReportSection } from "../reports/draft-document";

/**
 * Report drafts as data: what each NIS2 Art. 23(4) stage must carry, pre-filled from an incident
 * record. Sections the record cannot fill carry a visible placeholder and are listed in `missing`.
 * Rendering (PDF, HTML) is done elsewhere.
 */

export type ReportKind =
  | "nis2_early_warning"
  | "nis2_incident_notification"
  | "nis2_intermediate_report"
  | "nis2_final_report"
  | "nis2_progress_report"
  | "nis2_recipient_notice";

export type ReportDocument = DraftDocument & {
  kind: ReportKind;
  regime: "nis2";
  stage: Stage;
};

export type DraftOptions = {
  /** ISO 8601 instant the draft is generated at (injected). */
  generatedAt: string;
  /** IANA zone for local times in the text (the authority's, from the catalog); UTC is always shown too. */
  timeZone?: string;
  /** The national CSIRT as the catalog records it for the entity's Member State. */
  csirt?: string;
};

function header(r: IncidentRecord, stage: Stage, kind: ReportKind, basis: string, title: string, opts: DraftOptions) {
  const zone = opts.timeZone;
  const contact = r.entity.contact;
  const contactText = [contact?.name, contact?.email, contact?.phone].filter(Boolean).join(", ");
  const severity = severityOf(r);
  return {
    zone,
    doc: {
      kind,
      regime: "nis2" as const,
      stage,
      basis,
      title,
      incidentId: r.id,
      generatedAt: new Date(opts.generatedAt).toISOString(),
      addressee: {
        role: "national CSIRT or, where applicable, the competent authority",
        authority: placeholder("competent authority"),
        csirt: opts.csirt ?? placeholder("national CSIRT"),
        submissionChannel: placeholder("portal or channel used"),
        reference: placeholder("authority's reference, once assigned"),
      },
      sender: {
        entity: r.entity.name,
        address: r.entity.address ?? placeholder("entity address"),
        contact: contactText || placeholder("contact person, e-mail, telephone"),
      },
      fields: [
        { label: "Incident", value: `${r.id}: ${r.title}` },
        { label: "Detected", value: r.detectedAt ? when(r.detectedAt, zone) : placeholder("detection time") },
        { label: "Became aware (significant incident)", value: when(r.awareAt, zone) },
        { label: "Severity (assessed)", value: severity ?? toConfirm("severity") },
        { label: "Status", value: r.handledAt ? `handled ${when(r.handledAt, zone)}` : r.ongoing === false ? "handled" : "ongoing" },
      ],
    },
  };
}

function finish(doc: Omit<ReportDocument, "sections" | "missing">, sections: ReportSection[]): ReportDocument {
  return { ...doc, sections, missing: missingOf(sections) };
}

/** Art. 23(4)(a): within 24 h; whether unlawful or malicious acts are suspected, whether cross-border impact is possible. */
export function buildEarlyWarning(r: IncidentRecord, opts: DraftOptions): ReportDocument {
  const { doc, zone } = header(r, "early_warning", "nis2_early_warning", "NIS2 Art. 23(4)(a)", `Early warning — significant incident ${r.id}`, opts);
  return finish(doc, [
    section("summary", "What happened", r.summary, "short description of the incident"),
    section("affected_services", "Services affected", list(r.affectedServices), "services affected", false),
    section("malicious", "Suspected unlawful or malicious act", maliciousText(r), "whether unlawful or malicious acts are suspected", true, toConfirm),
    section("cross_border", "Possible cross-border impact", crossBorderText(r), "whether the incident could have a cross-border impact", true, toConfirm),
    section("timeline", "Timeline", `Became aware: ${when(r.awareAt, zone)}`, "timeline", false),
  ]);
}

/** The early warning's facts brought up to date; the questions it had to answer stay visible while not yet known. */
function updateText(r: IncidentRecord, zone: string | undefined): string | undefined {
  const known = [r.summary, maliciousText(r), crossBorderText(r), updatesText(r, zone)].filter(Boolean);
  if (known.length === 0) return undefined;
  const open = [
    maliciousText(r) === undefined ? `Suspected unlawful or malicious act: ${toConfirm("whether unlawful or malicious acts are suspected")}` : undefined,
    crossBorderText(r) === undefined ? `Possible cross-border impact: ${toConfirm("whether the incident could have a cross-border impact")}` : undefined,
  ].filter(Boolean);
  return [...known, ...open].join("\n\n");
}

/** Art. 23(4)(b): within 72 h; update of the early warning, initial assessment (severity, impact), indicators of compromise. */
export function buildIncidentNotification(r: IncidentRecord, opts: DraftOptions): ReportDocument {
  const { doc, zone } = header(
    r,
    "incident_notification",
    "nis2_incident_notification",
    "NIS2 Art. 23(4)(b)",
    `Incident notification — significant incident ${r.id}`,
    opts,
  );
  const severity = severityOf(r);
  const assessment = [
    severity ? `Overall severity: ${severity}` : undefined,
    impactText(r.impact),
    factsText(r),
  ].filter(Boolean);
  return finish(doc, [
    section(
      "reference",
      "Reference to the early warning",
      r.references?.earlyWarning ? `Early warning reference: ${r.references.earlyWarning}` : undefined,
      "reference of the early warning",
      false,
    ),
    section(
      "update",
      "Update of the early-warning information",
      updateText(r, zone),
      "update of the information given in the early warning",
    ),
    section("initial_assessment", "Initial assessment: severity and impact", assessment.length > 0 ? assessment.join("\n") : undefined, "severity and impact"),
    section("iocs", "Indicators of compromise", iocText(r), "indicators of compromise, where available", false),
  ]);
}

/** Art. 23(4)(c): on request of the CSIRT or authority; relevant status updates. */
export function buildIntermediateReport(r: IncidentRecord, opts: DraftOptions): ReportDocument {
  const { doc, zone } = header(
    r,
    "intermediate_report",
    "nis2_intermediate_report",
    "NIS2 Art. 23(4)(c)",
    `Intermediate report — significant incident ${r.id}`,
    opts,
  );
  return finish(doc, [
    section(
      "request",
      "Request",
      r.references?.intermediateRequest ? `In reply to request ${r.references.intermediateRequest}` : undefined,
      "reference of the CSIRT's or authority's request",
      false,
    ),
    section("status_updates", "Relevant status updates", updatesText(r, zone), "relevant status updates"),
    section("mitigation", "Mitigation so far", list([...(r.mitigationsApplied ?? []), ...(r.mitigationsOngoing ?? []).map((m) => `${m} (ongoing)`)]), "mitigation measures", false),
  ]);
}

function finalSections(r: IncidentRecord, zone: string | undefined, required: boolean): ReportSection[] {
  const severity = severityOf(r);
  const description = [r.summary, severity ? `Severity: ${severity}` : undefined, impactText(r.impact), factsText(r), updatesText(r, zone)]
    .filter(Boolean)
    .join("\n\n");
  const cause = [r.threatType ? `Type of threat: ${r.threatType}` : undefined, r.rootCause ? `Root cause: ${r.rootCause}` : undefined]
    .filter(Boolean)
    .join("\n");
  return [
    section("description", "Detailed description, including severity and impact", r.summary ? description : undefined, "detailed description with severity and impact", required),
    section("root_cause", "Type of threat or root cause", cause || undefined, "type of threat or root cause that is likely to have triggered the incident", required),
    section("mitigation_applied", "Mitigation measures applied", list(r.mitigationsApplied), "mitigation measures applied", required),
    section("mitigation_ongoing", "Ongoing mitigation measures", list(r.mitigationsOngoing) ?? (r.mitigationsApplied?.length ? "None." : undefined), "ongoing mitigation measures", required),
    section("cross_border", "Cross-border impact", crossBorderText(r), "cross-border impact of the incident, where applicable", required, toConfirm),
    section("iocs", "Indicators of compromise", iocText(r), "indicators of compromise", false),
  ];
}

/** Art. 23(4)(d): one month after the incident notification; (i)–(iv). */
export function buildFinalReport(r: IncidentRecord, opts: DraftOptions): ReportDocument {
  const { doc, zone } = header(r, "final_report", "nis2_final_report", "NIS2 Art. 23(4)(d)", `Final report — significant incident ${r.id}`, opts);
  return finish(doc, finalSections(r, zone, true));
}

/** Art. 23(4)(e): when the incident is still ongoing at the final report's deadline. */
export function buildProgressReport(r: IncidentRecord, opts: DraftOptions): ReportDocument {
  const { doc, zone } = header(r, "progress_report", "nis2_progress_report", "NIS2 Art. 23(4)(e)", `Progress report — significant incident ${r.id}`, opts);
  return finish(doc, [
    section("progress", "Progress since the incident notification", updatesText(r, zone), "progress of incident handling"),
    section(
      "outlook",
      "Outlook",
      r.handledAt ? `The incident was handled ${when(r.handledAt, zone)}; the final report follows within one month of that date.` : undefined,
      "expected handling; the final report follows within one month of the incident being handled",
    ),
    ...finalSections(r, zone, false),
  ]);
}

/**
 * Notice to the recipients of the entity's services: Art. 23(1) (significant incident likely to
 * affect the services) and Art. 23(2) (measures or remedies they can take).
 */
export function buildRecipientNotice(r: IncidentRecord, opts: DraftOptions): ReportDocument {
  const { doc, zone } = header(r, "recipient_notification", "nis2_recipient_notice", "NIS2 Art. 23(1)–(2)", `Security notice: ${r.title}`, opts);
  const products = list(r.affectedProducts);
  const services = list(r.affectedServices);
  return finish(
    {
      ...doc,
      addressee: {
        role: "recipients of the entity's services (customers)",
        authority: "",
        csirt: "",
        submissionChannel: placeholder("how customers are informed (e-mail, customer portal, field notice)"),
        reference: placeholder("customer or site"),
      },
    },
    [
      section("what_happened", "What happened", r.summary, "plain description of the incident for customers"),
      section(
        "affected",
        "Which services and products are affected",
        [services ? `Services:\n${services}` : undefined, products ? `Products:\n${products}` : undefined].filter(Boolean).join("\n\n") || undefined,
        "services and products affected",
      ),
      section("measures", "What you can do", list(r.recipientMeasures), "measures or remedies customers can take in response"),
      section(
        "our_actions",
        "What we are doing",
        list([...(r.mitigationsApplied ?? []), ...(r.mitigationsOngoing ?? []).map((m) => `${m} (ongoing)`)]),
        "what the manufacturer is doing",
      ),
      section("since", "Since when", `We became aware of the incident on ${when(r.awareAt, zone)}.`, "time", false),
      section("contact", "Contact", doc.sender.contact.startsWith("[") ? undefined : doc.sender.contact, "contact for questions"),
    ],
  );
}

const BUILDERS = {
  early_warning: buildEarlyWarning,
  incident_notification: buildIncidentNotification,
  intermediate_report: buildIntermediateReport,
  final_report: buildFinalReport,
  progress_report: buildProgressReport,
  recipient_notification: buildRecipientNotice,
} as const;

export type DraftableStage = keyof typeof BUILDERS;

/** The draft for a NIS2 stage, or undefined for stages with no NIS2 report document. */
export function buildReportDraft(stage: Stage, r: IncidentRecord, opts: DraftOptions): ReportDocument | undefined {
  const build = (BUILDERS as Partial<Record<Stage, (r: IncidentRecord, o: DraftOptions) => ReportDocument>>)[stage];
  return build?.(r, opts);
}
