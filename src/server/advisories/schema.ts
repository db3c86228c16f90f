import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { AdvisoryInput } from "../../core/advisories";
import { users } from "../accounts/schema";
import { customers, sites } from "../customers/schema";
import { softwareVersions } from "../devices/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

type VulnInput = AdvisoryInput["vulnerabilities"][number];
export const TLP_LABELS = ["WHITE", "GREEN", "AMBER", "RED"] as const;
export const DOCUMENT_STATUSES = ["draft", "interim", "final"] as const;
export const CSAF_PROFILES = ["csaf_security_advisory", "csaf_vex"] as const;

/** The working copy of an advisory. Published states live in `advisory_revisions` and never change. */
export const advisories = pgTable(
  "advisories",
  {
    id: id(),
    trackingId: text("tracking_id").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    details: text("details"),
    tlp: text("tlp").$type<(typeof TLP_LABELS)[number]>().notNull(),
    /** CSAF tracking.status of the next revision. */
    documentStatus: text("document_status").$type<(typeof DOCUMENT_STATUSES)[number]>().notNull(),
    profile: text("profile").$type<(typeof CSAF_PROFILES)[number]>().notNull(),
    acknowledgments: jsonb("acknowledgments").$type<NonNullable<AdvisoryInput["acknowledgments"]>>().notNull(),
    references: jsonb("references").$type<NonNullable<AdvisoryInput["references"]>>().notNull(),
    linkedFindingIds: jsonb("linked_finding_ids").$type<string[]>().notNull(),
    /** Served by the provider and shown to customers. */
    published: boolean("published").notNull().default(false),
    currentVersion: text("current_version"),
    initialReleaseDate: ts("initial_release_date"),
    publishedAt: ts("published_at"),
    /** The working copy differs from the current revision. */
    changedSincePublication: boolean("changed_since_publication").notNull().default(false),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("advisories_tracking_idx").on(t.trackingId)],
);

/** Inventory model versions the advisory names, with their CSAF product id and identification helpers. */
export const advisoryProducts = pgTable(
  "advisory_products",
  {
    id: id(),
    advisoryId: text("advisory_id")
      .notNull()
      .references(() => advisories.id, { onDelete: "cascade" }),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    productId: text("product_id").notNull(),
    family: text("family"),
    purl: text("purl"),
    cpe: text("cpe"),
  },
  (t) => [
    uniqueIndex("advisory_products_version_idx").on(t.advisoryId, t.softwareVersionId),
    index("advisory_products_sv_idx").on(t.softwareVersionId),
  ],
);

/** One vulnerability of an advisory, with its scores, per-product status and remediations. */
export const advisoryVulnerabilities = pgTable(
  "advisory_vulnerabilities",
  {
    id: id(),
    advisoryId: text("advisory_id")
      .notNull()
      .references(() => advisories.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    cve: text("cve"),
    ids: jsonb("ids").$type<NonNullable<VulnInput["ids"]>>().notNull(),
    title: text("title"),
    description: text("description").notNull(),
    cweId: text("cwe_id"),
    cweName: text("cwe_name"),
    cvssV31: text("cvss_v31"),
    cvssV31Score: text("cvss_v31_score"),
    cvssV40: text("cvss_v40"),
    cvssV40Score: text("cvss_v40_score"),
    patientSafetyImpact: text("patient_safety_impact"),
    exploitStatus: text("exploit_status"),
    discoveryDate: text("discovery_date"),
    productStatus: jsonb("product_status").$type<VulnInput["productStatus"]>().notNull(),
    remediations: jsonb("remediations").$type<NonNullable<VulnInput["remediations"]>>().notNull(),
    notes: jsonb("notes").$type<NonNullable<VulnInput["notes"]>>().notNull(),
    references: jsonb("references").$type<NonNullable<VulnInput["references"]>>().notNull(),
    acknowledgments: jsonb("acknowledgments").$type<NonNullable<VulnInput["acknowledgments"]>>().notNull(),
    findingIds: jsonb("finding_ids").$type<string[]>().notNull(),
  },
  (t) => [index("advisory_vulnerabilities_advisory_idx").on(t.advisoryId)],
);

/** A published revision: the exact CSAF bytes and their hashes. Rows are only ever inserted. */
export const advisoryRevisions = pgTable(
  "advisory_revisions",
  {
    id: id(),
    advisoryId: text("advisory_id")
      .notNull()
      .references(() => advisories.id, { onDelete: "restrict" }),
    number: text("number").notNull(),
    date: ts("date").notNull(),
    summary: text("summary").notNull(),
    trackingId: text("tracking_id").notNull(),
    tlp: text("tlp").$type<(typeof TLP_LABELS)[number]>().notNull(),
    documentStatus: text("document_status").notNull(),
    profile: text("profile").notNull(),
    title: text("title").notNull(),
    initialReleaseDate: ts("initial_release_date").notNull(),
    /** The CSAF document exactly as served. */
    csafJson: text("csaf_json").notNull(),
    sha256: text("sha256").notNull(),
    sha512: text("sha512").notNull(),
    /** Vigil's advisory model of this revision, from which the other formats are rebuilt. */
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
    publishedBy: text("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedByLabel: text("published_by_label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("advisory_revisions_number_idx").on(t.advisoryId, t.number)],
);

export const ACK_STATUSES = ["received", "in_progress", "patched", "mitigated", "not_applicable"] as const;

/** A customer's acknowledgement of an advisory for one of its sites: the field patch status. */
export const advisorySiteAcknowledgements = pgTable(
  "advisory_site_acknowledgements",
  {
    id: id(),
    advisoryId: text("advisory_id")
      .notNull()
      .references(() => advisories.id, { onDelete: "cascade" }),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    status: text("status").$type<(typeof ACK_STATUSES)[number]>().notNull(),
    unitsPatched: integer("units_patched").notNull(),
    comment: text("comment"),
    revision: text("revision").notNull(),
    acknowledgedBy: text("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedByLabel: text("acknowledged_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("advisory_site_ack_idx").on(t.advisoryId, t.siteId)],
);
