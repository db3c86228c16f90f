import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { SuggestionChange, UnknownProduct } from "../../core/vex-import";
import { softwareVersions } from "../devices/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";
import { findings } from "../vulnerabilities/schema";

export type VexImportWarning = { file: string; path: string; reason: string };

/** One supplier VEX document imported for a software version: its identity, revision and SHA-256 as received. */
export const vexDocuments = pgTable(
  "vex_documents",
  {
    id: id(),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    category: text("category").notNull(),
    /** CSAF tracking id, CycloneDX serialNumber or OpenVEX @id. */
    documentId: text("document_id").notNull(),
    revision: text("revision"),
    publisher: text("publisher"),
    issuedAt: text("issued_at"),
    tlp: text("tlp"),
    sha256: text("sha256").notNull(),
    statementCount: integer("statement_count").notNull(),
    suggestionCount: integer("suggestion_count").notNull(),
    unknownProducts: jsonb("unknown_products").$type<UnknownProduct[]>().notNull(),
    warnings: jsonb("warnings").$type<VexImportWarning[]>().notNull(),
    importedAt: ts("imported_at").notNull(),
    importedBy: text("imported_by").notNull(),
  },
  (t) => [index("vex_documents_version_idx").on(t.softwareVersionId, t.importedAt)],
);

/**
 * A supplier's statement about one finding, kept as evidence beside it (one per finding and document; a later
 * revision replaces it and records what changed). Accepting it copies it into the finding's analysis.
 */
export const vexSuggestions = pgTable(
  "vex_suggestions",
  {
    id: id(),
    findingId: text("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    vexDocumentId: text("vex_document_id")
      .notNull()
      .references(() => vexDocuments.id, { onDelete: "cascade" }),
    /** Publisher and document id together (`documentKey`) name the document across its revisions. */
    documentKey: text("document_key").notNull(),
    publisher: text("publisher"),
    documentId: text("document_id").notNull(),
    revision: text("revision"),
    issuedAt: text("issued_at"),
    sha256: text("sha256").notNull(),
    status: text("status").notNull(),
    justification: text("justification"),
    detail: text("detail"),
    statedVulnerability: text("stated_vulnerability").notNull(),
    product: text("product").notNull(),
    matchedBy: text("matched_by").notNull(),
    /** What the latest revision changed against the one before (empty for the first). */
    changes: jsonb("changes").$type<SuggestionChange[]>().notNull(),
    previousRevision: text("previous_revision"),
    acceptedAt: ts("accepted_at"),
    acceptedBy: text("accepted_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("vex_suggestions_document_idx").on(t.findingId, t.documentKey), index("vex_suggestions_vex_document_idx").on(t.vexDocumentId)],
);

/** A supplier whose VEX statements become a finding's analysis without a person (never over an own analysis). */
export const vexTrustRules = pgTable("vex_trust_rules", {
  publisher: text("publisher").primaryKey(),
  autoAccept: boolean("auto_accept").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
});
