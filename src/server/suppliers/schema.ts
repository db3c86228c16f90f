import { boolean, index, integer, jsonb, pgTable, real, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { Answers, DataAccess, DeviceImpact, QuestionnaireScore, QuestionnaireTemplate, Substitutability, SystemAccess } from "../../core/suppliers";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

export type SupplierContact = { name: string; email?: string | null; phone?: string | null; role?: string | null };

/** The register of direct suppliers and service providers (NIS2 Art. 21(2)(d)). */
export const suppliers = pgTable(
  "suppliers",
  {
    id: id(),
    name: text("name").notNull(),
    /** What the supplier provides: services, components, manufacturing. */
    supplies: text("supplies").notNull().default(""),
    /** Whether software, components or manufacturing of the supplier end up in a device. */
    suppliesDeviceComponents: boolean("supplies_device_components").notNull().default(false),
    country: text("country"),
    website: text("website"),
    contacts: jsonb("contacts").$type<SupplierContact[]>().notNull(),
    systemAccess: text("system_access").$type<SystemAccess>().notNull(),
    dataAccess: text("data_access").$type<DataAccess>().notNull(),
    deviceImpact: text("device_impact").$type<DeviceImpact>().notNull(),
    patientSafetyImpact: boolean("patient_safety_impact").notNull(),
    substitutability: text("substitutability").$type<Substitutability>().notNull(),
    /** Derived from the inputs above by the core's tier rule; stored for filtering and sorting. */
    tier: integer("tier").notNull(),
    tierReasons: jsonb("tier_reasons").$type<string[]>().notNull(),
    notes: text("notes"),
    /** Calendar day the supplier entered the register; the first assessment is due then. */
    registeredOn: text("registered_on").notNull(),
    /** Next assessment due day (YYYY-MM-DD), from the tier and the last reviewed assessment. */
    nextAssessmentDue: text("next_assessment_due").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("suppliers_name_idx").on(t.name), index("suppliers_tier_idx").on(t.tier)],
);

export const supplierContracts = pgTable(
  "supplier_contracts",
  {
    id: id(),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    reference: text("reference"),
    startDate: text("start_date"),
    endDate: text("end_date"),
    /** Security clauses the contract contains (core CONTRACT_CLAUSES ids). */
    clauses: jsonb("clauses").$type<string[]>().notNull(),
    notes: text("notes"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("supplier_contracts_supplier_idx").on(t.supplierId)],
);

export const supplierCertifications = pgTable(
  "supplier_certifications",
  {
    id: id(),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    /** iso27001 | soc2 | other */
    type: text("type").notNull(),
    name: text("name").notNull(),
    issuer: text("issuer"),
    scope: text("scope"),
    issuedOn: text("issued_on"),
    expiresOn: text("expires_on"),
    createdAt: createdAt(),
  },
  (t) => [index("supplier_certifications_supplier_idx").on(t.supplierId)],
);

/**
 * Components a supplier provides, by package URL: `exact` matches one purl (with or without version), `prefix`
 * every purl that starts with it (e.g. `pkg:generic/acme-rtos`). SBOM components name their supplier through it.
 */
export const supplierComponents = pgTable(
  "supplier_components",
  {
    id: id(),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    purl: text("purl").notNull(),
    match: text("match").$type<"exact" | "prefix">().notNull(),
    description: text("description"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("supplier_components_purl_idx").on(t.supplierId, t.purl, t.match), index("supplier_components_lookup_idx").on(t.purl)],
);

/** Versioned questionnaire templates; assessments point to the version they were sent with. */
export const questionnaireTemplates = pgTable(
  "questionnaire_templates",
  {
    id: id(),
    key: text("key").notNull(),
    version: text("version").notNull(),
    title: text("title").notNull(),
    definition: jsonb("definition").$type<QuestionnaireTemplate>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("questionnaire_templates_key_version_idx").on(t.key, t.version)],
);

export const ASSESSMENT_STATUSES = ["sent", "in_progress", "submitted", "reviewed", "revoked"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export type ReviewComment = { questionId: string | null; text: string; by: string; at: string };

/** A questionnaire sent to one supplier through a tokenised link; only the SHA-256 of the token is stored. */
export const supplierAssessments = pgTable(
  "supplier_assessments",
  {
    id: id(),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    templateId: text("template_id")
      .notNull()
      .references(() => questionnaireTemplates.id),
    status: text("status").$type<AssessmentStatus>().notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    recipientEmail: text("recipient_email"),
    sentBy: text("sent_by").notNull(),
    sentAt: ts("sent_at").notNull(),
    answers: jsonb("answers").$type<Answers>().notNull(),
    draftSavedAt: ts("draft_saved_at"),
    submittedAt: ts("submitted_at"),
    score: jsonb("score").$type<QuestionnaireScore>(),
    overallScore: real("overall_score"),
    reviewComments: jsonb("review_comments").$type<ReviewComment[]>().notNull(),
    reviewedBy: text("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("supplier_assessments_token_idx").on(t.tokenHash), index("supplier_assessments_supplier_idx").on(t.supplierId)],
);

/** Files a supplier attaches to its answers, kept in the database (base64) so that backups carry them. */
export const supplierAssessmentAttachments = pgTable(
  "supplier_assessment_attachments",
  {
    id: id(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => supplierAssessments.id, { onDelete: "cascade" }),
    questionId: text("question_id"),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    contentBase64: text("content_base64").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("supplier_assessment_attachments_idx").on(t.assessmentId)],
);

/** Follow-up actions the reviewer asks of the supplier (or of us) after an assessment. */
export const supplierFollowUps = pgTable(
  "supplier_follow_ups",
  {
    id: id(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => supplierAssessments.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    owner: text("owner"),
    dueDate: text("due_date"),
    status: text("status").$type<"open" | "done">().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("supplier_follow_ups_assessment_idx").on(t.assessmentId)],
);
