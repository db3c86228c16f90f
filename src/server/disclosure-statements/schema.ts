import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema";
import { customers } from "../customers/schema";
import { deviceModels, softwareVersions } from "../devices/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

export const STATEMENT_ANSWERS = ["yes", "no", "not_applicable", "see_note"] as const;
export type StatementAnswer = (typeof STATEMENT_ANSWERS)[number];
export type SectionAnswers = Record<string, { answer: StatementAnswer; notes: string | null }>;
export type ResponsibilityRow = { area: string; manufacturer: string; operator: string; sources: string[] };

/**
 * The working copy of a software version's security statement. `revision` is the number the working copy will be
 * published as; editing a published statement starts the next revision, the published ones stay in
 * `security_statement_revisions`.
 */
export const securityStatements = pgTable(
  "security_statements",
  {
    id: id(),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    status: text("status").$type<"draft" | "published">().notNull(),
    revision: integer("revision").notNull(),
    publishedRevision: integer("published_revision"),
    answers: jsonb("answers").$type<SectionAnswers>().notNull(),
    /** Version of data/mds2/sections.yaml the answers were last saved against. */
    sectionsVersion: integer("sections_version").notNull(),
    updatedByLabel: text("updated_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("security_statements_version_idx").on(t.softwareVersionId)],
);

/** One row per publication, never updated: the JSON document exactly as served, and its SHA-256. */
export const securityStatementRevisions = pgTable(
  "security_statement_revisions",
  {
    id: id(),
    statementId: text("statement_id")
      .notNull()
      .references(() => securityStatements.id, { onDelete: "cascade" }),
    softwareVersionId: text("software_version_id").notNull(),
    revision: integer("revision").notNull(),
    documentJson: text("document_json").notNull(),
    sha256: text("sha256").notNull(),
    publishedAt: ts("published_at").notNull(),
    publishedBy: text("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedByLabel: text("published_by_label").notNull(),
  },
  (t) => [uniqueIndex("security_statement_revisions_number_idx").on(t.statementId, t.revision), index("security_statement_revisions_version_idx").on(t.softwareVersionId)],
);

/** A device model's own shared-responsibility matrix; without a row the defaults of data/mds2 apply. */
export const deviceModelResponsibilities = pgTable(
  "device_model_responsibilities",
  {
    id: id(),
    deviceModelId: text("device_model_id")
      .notNull()
      .references(() => deviceModels.id, { onDelete: "cascade" }),
    rows: jsonb("rows").$type<ResponsibilityRow[]>().notNull(),
    updatedByLabel: text("updated_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("device_model_responsibilities_model_idx").on(t.deviceModelId)],
);

/**
 * A hospital's request, from the portal, for the security statement of a version installed at its sites. It is
 * answered once a statement for that version is published after it; one request per customer and version.
 */
export const securityStatementRequests = pgTable(
  "security_statement_requests",
  {
    id: id(),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedByLabel: text("requested_by_label").notNull(),
    message: text("message"),
    requestedAt: ts("requested_at").notNull(),
  },
  (t) => [uniqueIndex("security_statement_requests_customer_version_idx").on(t.customerId, t.softwareVersionId), index("security_statement_requests_version_idx").on(t.softwareVersionId)],
);
