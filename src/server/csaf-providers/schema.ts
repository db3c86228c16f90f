import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ProviderProblem } from "../../core/csaf-providers";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";
import { suppliers } from "../suppliers/schema";

/** A supplier's CSAF provider, fetched on a schedule; the outcome of the last fetch is kept for its page. */
export const csafProviders = pgTable("csaf_providers", {
  id: id(),
  name: text("name").notNull(),
  supplierId: text("supplier_id").references(() => suppliers.id, { onDelete: "set null" }),
  /** "metadata": fetched from its provider-metadata.json URL; "upload": documents arrive as uploaded zips or files. */
  kind: text("kind").$type<"metadata" | "upload">().notNull().default("metadata"),
  /** URL of the provider's provider-metadata.json; none for an upload provider. */
  url: text("url").unique(),
  intervalHours: integer("interval_hours").notNull(),
  lastFetchAt: ts("last_fetch_at"),
  /** Last fetch that reached the provider and accepted every document it lists. */
  lastGoodFetchAt: ts("last_good_fetch_at"),
  lastError: text("last_error"),
  /** Documents and listings the last fetch refused or could not read, each with its path and reason. */
  lastProblems: jsonb("last_problems").$type<ProviderProblem[]>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One CSAF document of a provider (by tracking id) and its current revision. */
export const csafProviderDocuments = pgTable(
  "csaf_provider_documents",
  {
    id: id(),
    providerId: text("provider_id")
      .notNull()
      .references(() => csafProviders.id, { onDelete: "cascade" }),
    trackingId: text("tracking_id").notNull(),
    url: text("url").notNull(),
    title: text("title").notNull(),
    publisher: text("publisher"),
    category: text("category").notNull(),
    currentVersion: text("current_version").notNull(),
    currentSha256: text("current_sha256").notNull(),
    /** The stricter of the document's TLP label and its feed's; above WHITE/CLEAR the document stays internal. */
    tlp: text("tlp"),
    status: text("status").notNull(),
    initialReleaseDate: text("initial_release_date").notNull(),
    currentReleaseDate: text("current_release_date").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("csaf_provider_documents_tracking_idx").on(t.providerId, t.trackingId)],
);

/** Each revision of a provider's document as it was received: hash-checked, validated, kept verbatim. */
export const csafProviderRevisions = pgTable(
  "csaf_provider_revisions",
  {
    id: id(),
    documentId: text("document_id")
      .notNull()
      .references(() => csafProviderDocuments.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    status: text("status").notNull(),
    currentReleaseDate: text("current_release_date").notNull(),
    tlp: text("tlp"),
    sha256: text("sha256").notNull(),
    sha512: text("sha512").notNull(),
    /** Which published hash file was checked: sha256 or sha512. */
    hashChecked: text("hash_checked").notNull(),
    /** "valid (key <fingerprint>)", "not published", or "not checked (<why>)"; an invalid signature refuses the document. */
    signature: text("signature").notNull(),
    csafJson: text("csaf_json").notNull(),
    /** Software versions whose findings received suggestions from this revision. */
    appliedToVersions: jsonb("applied_to_versions").$type<string[]>().notNull(),
    fetchedAt: ts("fetched_at").notNull(),
  },
  (t) => [uniqueIndex("csaf_provider_revisions_sha_idx").on(t.documentId, t.sha256), index("csaf_provider_revisions_fetched_idx").on(t.documentId, t.fetchedAt)],
);
