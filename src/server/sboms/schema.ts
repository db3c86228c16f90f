import { sql } from "drizzle-orm";
import { boolean, customType, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { SbomDiff, SbomDocument, SbomHash, SbomIssue, SbomProperty } from "../../core/sbom";
import { softwareVersions } from "../devices/schema";
import { createdAt, id } from "../platform/db/columns";

/**
 * Binary column that the application sees as a base64 string: backups are JSON, and a base64 string
 * round-trips through them exactly where a Buffer would not.
 */
const bytesAsBase64 = customType<{ data: string; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value, "base64"),
  fromDriver: (value) => Buffer.from(value as Uint8Array).toString("base64"),
});

/** Metadata of the SBOM document kept beside the components (no components, primary component included). */
export type StoredSbomDocument = SbomDocument;

/** One uploaded SBOM of a software version; every upload is kept, the newest is the current one. */
export const sboms = pgTable(
  "sboms",
  {
    id: id(),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    /** 1 for the first SBOM of a version, then 2, 3… */
    sequence: integer("sequence").notNull(),
    isCurrent: boolean("is_current").notNull(),
    format: text("format").notNull(),
    encoding: text("encoding").notNull(),
    specVersion: text("spec_version").notNull(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    /** The uploaded file, gzip-compressed. */
    fileGzip: bytesAsBase64("file_gzip").notNull(),
    uploadedBy: text("uploaded_by"),
    uploadedByLabel: text("uploaded_by_label").notNull(),
    componentCount: integer("component_count").notNull(),
    dependencyCount: integer("dependency_count").notNull(),
    warnings: jsonb("warnings").$type<SbomIssue[]>().notNull(),
    document: jsonb("document").$type<StoredSbomDocument>().notNull(),
    /** The SBOM that was current before this one; no foreign key so that backups restore in any row order. */
    previousSbomId: text("previous_sbom_id"),
    diffSummary: jsonb("diff_summary").$type<SbomDiff["summary"]>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sboms_version_sequence_idx").on(t.softwareVersionId, t.sequence),
    index("sboms_current_idx").on(t.isCurrent, t.softwareVersionId),
  ],
);

export const sbomComponents = pgTable(
  "sbom_components",
  {
    id: id(),
    sbomId: text("sbom_id")
      .notNull()
      .references(() => sboms.id, { onDelete: "cascade" }),
    /** Document order, for stable listing and diff pairing. */
    position: integer("position").notNull(),
    ref: text("ref").notNull(),
    name: text("name").notNull(),
    group: text("group"),
    version: text("version"),
    purl: text("purl"),
    /** Purl without version, qualifiers and subpath: the package across versions, for matching. */
    purlBase: text("purl_base"),
    purlType: text("purl_type"),
    cpe: text("cpe"),
    type: text("type"),
    supplier: text("supplier"),
    author: text("author"),
    hashes: jsonb("hashes").$type<SbomHash[]>().notNull(),
    licenses: jsonb("licenses").$type<string[]>().notNull(),
    licenseNames: jsonb("license_names").$type<string[]>().notNull(),
    description: text("description"),
    scope: text("scope"),
    properties: jsonb("properties").$type<SbomProperty[]>().notNull(),
    supportLevel: text("support_level"),
    /** As written in the SBOM (usually an ISO date). */
    endOfSupport: text("end_of_support"),
    supportSources: jsonb("support_sources").$type<string[]>(),
    parentRef: text("parent_ref"),
    direct: boolean("direct").notNull(),
    depth: integer("depth"),
  },
  (t) => [
    uniqueIndex("sbom_components_ref_idx").on(t.sbomId, t.ref),
    index("sbom_components_position_idx").on(t.sbomId, t.position),
    index("sbom_components_purl_base_idx").on(t.purlBase),
    index("sbom_components_name_idx").on(sql`lower(${t.name})`),
  ],
);

export const sbomDependencies = pgTable(
  "sbom_dependencies",
  {
    id: id(),
    sbomId: text("sbom_id")
      .notNull()
      .references(() => sboms.id, { onDelete: "cascade" }),
    fromRef: text("from_ref").notNull(),
    toRef: text("to_ref").notNull(),
    kind: text("kind").notNull(),
  },
  (t) => [index("sbom_dependencies_sbom_idx").on(t.sbomId, t.fromRef)],
);
