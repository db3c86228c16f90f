import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { CraCaseRecord } from "../../core/cra";
import type { ImpactModel, IncidentFacts, IndicatorOfCompromise, ReportDocument, SignificanceDecision, SignificanceProposal } from "../../core/incidents";
import { users } from "../accounts/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

export const INCIDENT_STATUSES = ["open", "contained", "resolved", "closed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The answers given to the significance questions and the proposal they produced. */
export type StoredAssessment = {
  entityType: "medical_device_manufacturer" | "reg_2024_2690_entity";
  annualTurnoverEur?: number;
  answers: Record<string, "yes" | "no" | "unknown">;
  assessedAt: string;
  assessedBy: string;
  proposal: SignificanceProposal;
};

export type DeviceVigilance = {
  regulation: "mdr" | "ivdr";
  category: "serious_incident" | "death_or_serious_deterioration" | "public_health_threat";
  awareAt?: string;
};

export const incidents = pgTable(
  "incidents",
  {
    id: id(),
    /** Human reference, e.g. INC-2026-003. */
    reference: text("reference").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    detectedAt: ts("detected_at").notNull(),
    /** When the organisation became aware of the (significant) incident: the NIS2 clocks start here. */
    awareAt: ts("aware_at").notNull(),
    reporter: text("reporter").notNull(),
    status: text("status").$type<IncidentStatus>().notNull().default("open"),
    /** Member state whose authority receives the reports (ISO 3166 alpha-2). */
    country: text("country"),
    affectedDeviceModelIds: jsonb("affected_device_model_ids").$type<string[]>().notNull(),
    affectedVersionIds: jsonb("affected_version_ids").$type<string[]>().notNull(),
    affectedSiteIds: jsonb("affected_site_ids").$type<string[]>().notNull(),
    affectedSystems: jsonb("affected_systems").$type<string[]>().notNull(),
    suppliersInvolved: text("suppliers_involved"),
    impact: jsonb("impact").$type<ImpactModel>(),
    facts: jsonb("facts").$type<IncidentFacts>().notNull(),
    assessment: jsonb("assessment").$type<StoredAssessment>(),
    significance: jsonb("significance").$type<SignificanceDecision>(),
    /** MDR/IVDR vigilance: set when the incident is (potentially) a serious incident involving a device; "unknown" until someone says. */
    deviceVigilance: jsonb("device_vigilance").$type<DeviceVigilance | "unknown">(),
    /** GDPR Art. 33/34: set when personal data (e.g. patient data) is breached; "unknown" until someone says. */
    personalDataBreach: jsonb("personal_data_breach").$type<{ highRisk: boolean | "unknown"; awareAt?: string } | "unknown">(),
    /** CRA Art. 14: set when the incident is a reporting case about a product in CRA scope. */
    cra: jsonb("cra").$type<CraCaseRecord>(),
    handledAt: ts("handled_at"),
    impactEndedAt: ts("impact_ended_at"),
    threatType: text("threat_type"),
    rootCause: text("root_cause"),
    indicatorsOfCompromise: jsonb("indicators_of_compromise").$type<IndicatorOfCompromise[]>().notNull(),
    mitigationsApplied: jsonb("mitigations_applied").$type<string[]>().notNull(),
    mitigationsOngoing: jsonb("mitigations_ongoing").$type<string[]>().notNull(),
    recipientMeasures: jsonb("recipient_measures").$type<string[]>().notNull(),
    lessonsLearned: text("lessons_learned"),
    linkedRiskIds: jsonb("linked_risk_ids").$type<string[]>().notNull(),
    linkedControlIds: jsonb("linked_control_ids").$type<string[]>().notNull(),
    linkedFindingIds: jsonb("linked_finding_ids").$type<string[]>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("incidents_reference_idx").on(t.reference),
    index("incidents_status_idx").on(t.status),
    // The incident list's default order and its keyset cursor (newest awareness first).
    index("incidents_aware_at_id_idx").on(t.awareAt, t.id),
  ],
);

/** Timestamped actions taken while handling an incident. */
export const incidentTimeline = pgTable(
  "incident_timeline",
  {
    id: id(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    at: ts("at").notNull(),
    /** action | status | assessment | submission | evidence | draft | request */
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    by: text("by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("incident_timeline_incident_idx").on(t.incidentId, t.at)],
);

/** Evidence files, stored in the database (base64) with their SHA-256 so that they travel with backups. */
export const incidentEvidence = pgTable(
  "incident_evidence",
  {
    id: id(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    contentBase64: text("content_base64").notNull(),
    description: text("description"),
    uploadedBy: text("uploaded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("incident_evidence_incident_idx").on(t.incidentId)],
);

/** A report marked as sent to an authority or to recipients; lateness is recorded when it happens. */
export const incidentSubmissions = pgTable(
  "incident_submissions",
  {
    id: id(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    obligationId: text("obligation_id").notNull(),
    submittedAt: ts("submitted_at").notNull(),
    channel: text("channel"),
    reference: text("reference"),
    submittedBy: text("submitted_by").notNull(),
    /** The deadline in force when the submission was recorded (null when the law sets none). */
    dueAt: ts("due_at"),
    late: boolean("late").notNull(),
    lateByMs: bigint("late_by_ms", { mode: "number" }),
    recordedBy: text("recorded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("incident_submissions_obligation_idx").on(t.incidentId, t.obligationId)],
);

/** The CSIRT's or authority's requests for an intermediate report, with the due date they set. */
export const incidentIntermediateRequests = pgTable(
  "incident_intermediate_requests",
  {
    id: id(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    requestedAt: ts("requested_at").notNull(),
    dueAt: ts("due_at").notNull(),
    reference: text("reference"),
    createdAt: createdAt(),
  },
  (t) => [index("incident_intermediate_requests_incident_idx").on(t.incidentId)],
);

/** Versioned report drafts per stage; every edit is a new version. */
export const incidentReportDrafts = pgTable(
  "incident_report_drafts",
  {
    id: id(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    stage: text("stage").notNull(),
    version: integer("version").notNull(),
    content: jsonb("content").$type<ReportDocument>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("incident_report_drafts_version_idx").on(t.incidentId, t.stage, t.version)],
);

/** In-app notifications, one row per recipient user; `dedupeKey` makes reminders idempotent. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The role the notification was addressed to, when it went to a role rather than a person. */
    targetRole: text("target_role"),
    title: text("title").notNull(),
    body: text("body"),
    link: text("link"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
    readAt: ts("read_at"),
  },
  (t) => [uniqueIndex("notifications_dedupe_idx").on(t.dedupeKey, t.userId), index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/**
 * A CRA Art. 14 case proposal someone decided not to open, with the reason: the proposal leaves the board but stays
 * listed with who decided and why, and can be restored. Keyed "finding:<id>" or "incident:<id>".
 */
export const craProposalDismissals = pgTable("cra_proposal_dismissals", {
  key: text("key").primaryKey(),
  reason: text("reason").notNull(),
  summary: text("summary").notNull(),
  dismissedById: text("dismissed_by_id").references(() => users.id, { onDelete: "set null" }),
  dismissedBy: text("dismissed_by").notNull(),
  dismissedAt: ts("dismissed_at").notNull(),
});
