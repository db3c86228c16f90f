import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ControlStatus, Relationship, SnapshotContent, Strength } from "../../core/compliance";
import { users } from "../accounts/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

/** A record elsewhere in Vigil, e.g. `{ kind: "risk", id }`, `{ kind: "policy", id }`, `{ kind: "sbom", id }`. */
export type RecordRef = { kind: string; id: string };

/** A link the organisation adds to a control, or an `intersect` suggestion a person confirmed. */
export type OrganisationMapping = {
  requirement: string;
  relationship: Relationship;
  strength?: Strength;
  origin: "organisation" | "confirmed";
  note?: string;
  by: string;
  at: string;
};

/** The organisation's controls: adopted from the library (and tailored) or its own. */
export const complianceControls = pgTable(
  "compliance_controls",
  {
    id: id(),
    /** Control id as shown, e.g. "SDL-11" (library) or "ORG-01" (own). */
    code: text("code").notNull(),
    /** Library control it was adopted from; null for the organisation's own controls. */
    libraryId: text("library_id"),
    libraryVersion: integer("library_version"),
    domain: text("domain").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    applicable: boolean("applicable").notNull().default(true),
    exclusionJustification: text("exclusion_justification"),
    status: text("status").$type<ControlStatus>().notNull().default("not_started"),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    /** YYYY-MM-DD */
    dueDate: text("due_date"),
    maturity: integer("maturity").notNull().default(0),
    notes: text("notes").notNull().default(""),
    /** Risks, policies and other records the control relates to. */
    links: jsonb("links").$type<RecordRef[]>().notNull(),
    mappings: jsonb("mappings").$type<OrganisationMapping[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("compliance_controls_code_idx").on(t.code)],
);

/** Frameworks imported by the organisation (national extras, customer requirements). */
export const complianceFrameworks = pgTable(
  "compliance_frameworks",
  {
    id: id(),
    /** Framework id used in requirement ids, e.g. "custom-kritis". */
    key: text("key").notNull(),
    name: text("name").notNull(),
    version: text("version"),
    description: text("description"),
    source: text("source"),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    importedBy: text("imported_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("compliance_frameworks_key_idx").on(t.key)],
);

export type CustomMapping = { control?: string; requirement?: string; relationship: Relationship; strength?: Strength; note?: string };

export const complianceRequirements = pgTable(
  "compliance_requirements",
  {
    id: id(),
    frameworkId: text("framework_id")
      .notNull()
      .references(() => complianceFrameworks.id, { onDelete: "cascade" }),
    /** `<framework key>:<local id>` */
    requirementId: text("requirement_id").notNull(),
    parent: text("parent"),
    title: text("title").notNull(),
    description: text("description"),
    position: integer("position").notNull(),
    /** Controls and requirements that relate to this requirement: "<control or requirement> <relationship> this". */
    mappings: jsonb("mappings").$type<CustomMapping[]>().notNull(),
  },
  (t) => [uniqueIndex("compliance_requirements_req_idx").on(t.requirementId), index("compliance_requirements_fw_idx").on(t.frameworkId)],
);

/** Evidence: an uploaded file (versioned) or a link to a record inside Vigil. */
export const complianceEvidence = pgTable("compliance_evidence", {
  id: id(),
  title: text("title").notNull(),
  description: text("description"),
  kind: text("kind").$type<"file" | "record">().notNull(),
  /** For `record`: sbom, incident, training, backup_restore_test, policy, … */
  recordKind: text("record_kind"),
  recordId: text("record_id"),
  /** YYYY-MM-DD; after `validUntil` the evidence is expired and its controls need review. */
  validFrom: text("valid_from"),
  validUntil: text("valid_until"),
  currentVersion: integer("current_version").notNull().default(0),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const complianceEvidenceVersions = pgTable(
  "compliance_evidence_versions",
  {
    id: id(),
    evidenceId: text("evidence_id")
      .notNull()
      .references(() => complianceEvidence.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    contentBase64: text("content_base64").notNull(),
    uploadedBy: text("uploaded_by").notNull(),
    uploadedAt: ts("uploaded_at").notNull(),
  },
  (t) => [uniqueIndex("compliance_evidence_versions_idx").on(t.evidenceId, t.version)],
);

export const complianceControlEvidence = pgTable(
  "compliance_control_evidence",
  {
    id: id(),
    controlId: text("control_id")
      .notNull()
      .references(() => complianceControls.id, { onDelete: "cascade" }),
    evidenceId: text("evidence_id")
      .notNull()
      .references(() => complianceEvidence.id, { onDelete: "cascade" }),
    linkedBy: text("linked_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("compliance_control_evidence_idx").on(t.controlId, t.evidenceId), index("compliance_control_evidence_ev_idx").on(t.evidenceId)],
);

/** A frozen assessment. */
export const complianceSnapshots = pgTable("compliance_snapshots", {
  id: id(),
  name: text("name").notNull(),
  takenAt: ts("taken_at").notNull(),
  takenBy: text("taken_by").notNull(),
  /** SHA-256 of the canonical JSON of `content`: the "version of the measures" an approval refers to. */
  contentSha256: text("content_sha256").notNull(),
  content: jsonb("content").$type<SnapshotContent>().notNull(),
  createdAt: createdAt(),
});

/** NIS2 Art. 20(1): the management body approved the measures (a snapshot) on a date; the signed document's hash. */
export const complianceApprovals = pgTable("compliance_approvals", {
  id: id(),
  snapshotId: text("snapshot_id")
    .notNull()
    .references(() => complianceSnapshots.id, { onDelete: "restrict" }),
  measuresVersion: text("measures_version").notNull(),
  approvedBy: text("approved_by").notNull(),
  approverFunction: text("approver_function").notNull(),
  approvedAt: ts("approved_at").notNull(),
  decision: text("decision").notNull(),
  documentName: text("document_name"),
  documentSha256: text("document_sha256"),
  recordedBy: text("recorded_by").notNull(),
  createdAt: createdAt(),
});
