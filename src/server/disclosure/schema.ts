import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { DisclosureStatus } from "../../core/advisories/disclosure";
import { users } from "../accounts/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

/** A vulnerability report received through the public form. Text is stored as typed, never as markup. */
export const disclosureReports = pgTable(
  "disclosure_reports",
  {
    id: id(),
    /** Human reference, e.g. VR-2026-0001. */
    reference: text("reference").notNull(),
    /** SHA-256 of the reporter's tracking token; the token itself is shown once. */
    tokenHash: text("token_hash").notNull(),
    status: text("status").$type<DisclosureStatus>().notNull(),
    reporterName: text("reporter_name"),
    reporterEmail: text("reporter_email").notNull(),
    reporterOrganisation: text("reporter_organisation"),
    product: text("product").notNull(),
    productVersion: text("product_version"),
    title: text("title").notNull(),
    description: text("description").notNull(),
    receivedAt: ts("received_at").notNull(),
    acknowledgeDueAt: ts("acknowledge_due_at").notNull(),
    acknowledgedAt: ts("acknowledged_at"),
    validatedAt: ts("validated_at"),
    closedAt: ts("closed_at"),
    resolution: text("resolution"),
    cveId: text("cve_id"),
    agreedDisclosureDate: date("agreed_disclosure_date", { mode: "string" }),
    linkedFindingIds: jsonb("linked_finding_ids").$type<string[]>().notNull(),
    advisoryIds: jsonb("advisory_ids").$type<string[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("disclosure_reports_reference_idx").on(t.reference),
    uniqueIndex("disclosure_reports_token_idx").on(t.tokenHash),
    index("disclosure_reports_status_idx").on(t.status),
  ],
);

/** Messages between the reporter and the team; internal notes are never shown to the reporter. */
export const disclosureMessages = pgTable(
  "disclosure_messages",
  {
    id: id(),
    reportId: text("report_id")
      .notNull()
      .references(() => disclosureReports.id, { onDelete: "cascade" }),
    author: text("author").$type<"reporter" | "team">().notNull(),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorLabel: text("author_label").notNull(),
    body: text("body").notNull(),
    internal: boolean("internal").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("disclosure_messages_report_idx").on(t.reportId)],
);

/** Files sent with a report, kept as base64 so that backups carry them; always served as downloads. */
export const disclosureAttachments = pgTable(
  "disclosure_attachments",
  {
    id: id(),
    reportId: text("report_id")
      .notNull()
      .references(() => disclosureReports.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    contentBase64: text("content_base64").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("disclosure_attachments_report_idx").on(t.reportId)],
);
