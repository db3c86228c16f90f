import { type Catalog, canonicalMemberState } from "../../core/catalog";
import {
  buildReportDraft,
  type DraftableStage,
  type IncidentRecord,
  type ReportDocument,
} from "../../core/incidents";
import type { DraftDocument } from "../../core/reports/draft-document";
import { type PdfContent, renderPdf } from "../documents/pdf";
import type { OrganisationProfile } from "../organisation/store";
import type { incidents, incidentSubmissions, incidentTimeline } from "./schema";

type IncidentRow = typeof incidents.$inferSelect;

export const DRAFT_STAGES = [
  "early_warning",
  "incident_notification",
  "intermediate_report",
  "final_report",
  "progress_report",
  "recipient_notification",
] as const satisfies readonly DraftableStage[];
export type DraftStage = (typeof DRAFT_STAGES)[number];

/** The core's view of an incident, for the report builders. */
export function incidentRecordOf(
  incident: IncidentRow,
  profile: OrganisationProfile | null,
  timeline: (typeof incidentTimeline.$inferSelect)[],
  submissions: (typeof incidentSubmissions.$inferSelect)[],
  affected: { products: string[] },
): IncidentRecord {
  const ref = (obligationId: string) => submissions.find((s) => s.obligationId === obligationId)?.reference ?? undefined;
  const country = incident.country ?? profile?.mainEstablishment ?? undefined;
  return {
    id: incident.reference,
    title: incident.title,
    entity: { name: profile?.legalName || "[to be completed: entity name]", ...(country ? { memberState: country } : {}) },
    detectedAt: incident.detectedAt.toISOString(),
    awareAt: incident.awareAt.toISOString(),
    ...(incident.handledAt ? { handledAt: incident.handledAt.toISOString() } : {}),
    ongoing: !incident.handledAt && (incident.status === "open" || incident.status === "contained"),
    summary: incident.description || undefined,
    affectedServices: incident.affectedSystems,
    affectedProducts: affected.products,
    ...(incident.impact ? { impact: incident.impact } : {}),
    facts: incident.facts,
    ...(incident.significance ? { significance: incident.significance } : incident.assessment ? { significance: incident.assessment.proposal } : {}),
    ...(incident.threatType ? { threatType: incident.threatType } : {}),
    ...(incident.rootCause ? { rootCause: incident.rootCause } : {}),
    indicatorsOfCompromise: incident.indicatorsOfCompromise,
    mitigationsApplied: incident.mitigationsApplied,
    mitigationsOngoing: incident.mitigationsOngoing,
    updates: timeline.filter((t) => t.kind === "action").map((t) => ({ at: t.at.toISOString(), text: t.text })),
    recipientMeasures: incident.recipientMeasures,
    references: {
      earlyWarning: ref("nis2.early_warning"),
      incidentNotification: ref("nis2.incident_notification"),
    },
  };
}

/**
 * Builds the draft for a stage and addresses it to the member state's competent authority and CSIRT as the
 * catalog records them.
 */
export function buildAddressedDraft(stage: DraftStage, record: IncidentRecord, catalog: Catalog, generatedAt: Date): ReportDocument {
  const country = record.entity.memberState ? canonicalMemberState(record.entity.memberState) : undefined;
  const state = country ? catalog.memberStates.get(country) : undefined;
  const doc = buildReportDraft(stage, record, {
    generatedAt: generatedAt.toISOString(),
    ...(state ? { timeZone: state.timeZone, csirt: state.csirt } : {}),
  });
  if (!doc) throw new Error(`no report builder for stage ${stage}`);
  if (state && stage !== "recipient_notification") {
    doc.addressee = {
      ...doc.addressee,
      authority: state.authority,
      csirt: state.csirt,
      submissionChannel: state.portal ? `${state.portal.name}${state.portal.url ? ` (${state.portal.url})` : ""}` : doc.addressee.submissionChannel,
    };
  }
  return doc;
}

/** Applies edits to a draft: section texts (marked complete when not empty), addressee and sender fields. */
export function applyDraftEdits(
  doc: ReportDocument,
  edits: { sections?: { id: string; text: string }[]; addressee?: Partial<ReportDocument["addressee"]>; sender?: Partial<ReportDocument["sender"]> },
  generatedAt: Date,
): { doc: ReportDocument; unknownSections: string[] } {
  const unknownSections = (edits.sections ?? []).map((e) => e.id).filter((id) => !doc.sections.some((s) => s.id === id));
  const sections = doc.sections.map((s) => {
    const edit = edits.sections?.find((e) => e.id === s.id);
    return edit ? { ...s, text: edit.text, complete: edit.text.trim() !== "" } : s;
  });
  const next: ReportDocument = {
    ...doc,
    generatedAt: generatedAt.toISOString(),
    addressee: { ...doc.addressee, ...edits.addressee },
    sender: { ...doc.sender, ...edits.sender },
    sections,
    missing: sections.filter((s) => s.required && !s.complete).map((s) => s.id),
  };
  return { doc: next, unknownSections };
}

/**
 * The draft as a PDF: addressee, sender, key facts, each section, and what is still missing. Without a version the
 * draft is one generated from the record as it stands (CRA drafts), not a saved version.
 */
export function reportPdf(doc: DraftDocument, version?: number): Promise<Buffer> {
  const row = (label: string, value: string) => [{ text: label, bold: true }, value || "—"];
  const draftLabel = version === undefined ? "draft generated from the record" : `draft version ${version}`;
  const content: PdfContent = [
    { text: doc.title, style: "title" },
    { text: `${doc.basis} — ${draftLabel}, generated ${doc.generatedAt}`, style: "subtitle" },
    { text: "Addressee", style: "h2" },
    {
      table: {
        widths: [140, "*"],
        body: [
          row("Role", doc.addressee.role),
          ...(doc.addressee.authority ? [row("Competent authority", doc.addressee.authority)] : []),
          ...(doc.addressee.csirt ? [row("CSIRT", doc.addressee.csirt)] : []),
          row("Submission channel", doc.addressee.submissionChannel),
          row("Reference", doc.addressee.reference),
        ],
      },
      layout: "lightHorizontalLines",
    },
    { text: "Sender", style: "h2" },
    {
      table: {
        widths: [140, "*"],
        body: [row("Entity", doc.sender.entity), row("Address", doc.sender.address), row("Contact", doc.sender.contact)],
      },
      layout: "lightHorizontalLines",
    },
    { text: "Incident", style: "h2" },
    { table: { widths: [140, "*"], body: doc.fields.map((f) => row(f.label, f.value)) }, layout: "lightHorizontalLines" },
    ...doc.sections.flatMap((s) => [
      { text: `${s.heading}${s.required ? "" : " (where applicable)"}`, style: "h2" },
      { text: s.text, ...(s.complete ? {} : { italics: true, color: "#a33" }) },
    ]),
    ...(doc.missing.length > 0
      ? [
          { text: "Still to complete before submission", style: "h2" },
          { ul: doc.missing.map((id) => doc.sections.find((s) => s.id === id)?.heading ?? id) },
        ]
      : []),
  ];
  return renderPdf({ title: doc.title, content, footer: `${doc.incidentId} — ${doc.basis} — ${version === undefined ? "draft" : `draft v${version}`}` });
}
