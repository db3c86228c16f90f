import { sql } from "drizzle-orm";
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ClinicalRescoring, PriorityFactor } from "../../core/scoring";
import { softwareVersions } from "../devices/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

export type StoredSeverity = { version: string | null; vector: string | null; score: number | null; level: string; source: string };
export type StoredDeadline = { id: string; dueDate: string | null; action: string; basis: string };
export type ImportCounts = { added: number; updated: number; unchanged: number; withdrawn: number; kev: number; epss: number };
export type ImportFindingCounts = { created: number; resolved: number; reopened: number; updated: number };
export type ImportWarning = { file: string; path: string; reason: string };
export type ImportedFile = { name: string; kind: string; records: number; sha256: string };
/** The user's own knowledge that the vulnerability is actively exploited: who marked it, when they became aware, and the source. */
export type ExploitedMark = { awareAt: string; source: string; markedBy: string; markedById: string | null; markedAt: string };

/**
 * One vulnerability: every record that names the same issue (GHSA, CVE, PYSEC, GO… linked by aliases) merged
 * under one canonical id (a CVE when there is one). The fields are derived from its records.
 */
export const vulnerabilities = pgTable(
  "vulnerabilities",
  {
    id: text("id").primaryKey(),
    aliases: jsonb("aliases").$type<string[]>().notNull(),
    summary: text("summary"),
    details: text("details"),
    published: ts("published"),
    modified: ts("modified"),
    /** True when every record of the vulnerability is withdrawn: kept, never matched. */
    withdrawn: boolean("withdrawn").notNull(),
    severity: jsonb("severity").$type<StoredSeverity | null>(),
    /** CVSS vectors by version, for the priority model. */
    cvss: jsonb("cvss").$type<{ v40?: string; v31?: string; v30?: string; v2?: string }>().notNull(),
    cwes: jsonb("cwes").$type<string[]>().notNull(),
    references: jsonb("references").$type<Array<{ type: string; url: string }>>().notNull(),
    sources: jsonb("sources").$type<string[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("vulnerabilities_modified_idx").on(t.modified)],
);

/** Each source record as imported (OSV or CVE JSON 5), raw, with its modified time for incremental imports. */
export const vulnerabilityRecords = pgTable(
  "vulnerability_records",
  {
    id: text("id").primaryKey(),
    vulnerabilityId: text("vulnerability_id")
      .notNull()
      .references(() => vulnerabilities.id, { onDelete: "cascade", onUpdate: "cascade" }),
    source: text("source").$type<"osv" | "cve5">().notNull(),
    modified: text("modified"),
    withdrawn: boolean("withdrawn").notNull(),
    sha256: text("sha256").notNull(),
    raw: jsonb("raw").notNull(),
    importedAt: ts("imported_at").notNull(),
  },
  (t) => [index("vulnerability_records_vulnerability_idx").on(t.vulnerabilityId)],
);

/** Every identifier (record ids and their aliases) → its vulnerability; any alias finds the vulnerability. */
export const vulnerabilityAliases = pgTable(
  "vulnerability_aliases",
  {
    alias: text("alias").primaryKey(),
    vulnerabilityId: text("vulnerability_id")
      .notNull()
      .references(() => vulnerabilities.id, { onDelete: "cascade", onUpdate: "cascade" }),
  },
  (t) => [index("vulnerability_aliases_vulnerability_idx").on(t.vulnerabilityId)],
);

/** Package index for matching: normalised ecosystem + name (core `packageKey`) → OSV record. */
export const vulnerabilityPackages = pgTable(
  "vulnerability_packages",
  {
    id: id(),
    packageKey: text("package_key").notNull(),
    recordId: text("record_id")
      .notNull()
      .references(() => vulnerabilityRecords.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("vulnerability_packages_key_idx").on(t.packageKey, t.recordId), index("vulnerability_packages_record_idx").on(t.recordId)],
);

export const kevEntries = pgTable("kev_entries", {
  cveId: text("cve_id").primaryKey(),
  vendorProject: text("vendor_project").notNull(),
  product: text("product").notNull(),
  name: text("name").notNull(),
  dateAdded: date("date_added", { mode: "string" }).notNull(),
  dueDate: date("due_date", { mode: "string" }),
  requiredAction: text("required_action").notNull(),
  knownRansomwareUse: boolean("known_ransomware_use").notNull(),
  notes: text("notes"),
  cwes: jsonb("cwes").$type<string[]>().notNull(),
});

export const epssScores = pgTable("epss_scores", {
  cveId: text("cve_id").primaryKey(),
  probability: doublePrecision("probability").notNull(),
  percentile: doublePrecision("percentile").notNull(),
  scoreDate: date("score_date", { mode: "string" }),
});

export const vulnerabilityImports = pgTable(
  "vulnerability_imports",
  {
    id: id(),
    source: text("source").notNull(),
    files: jsonb("files").$type<ImportedFile[]>().notNull(),
    startedAt: ts("started_at").notNull(),
    finishedAt: ts("finished_at").notNull(),
    counts: jsonb("counts").$type<ImportCounts>().notNull(),
    findings: jsonb("findings").$type<ImportFindingCounts>().notNull(),
    warnings: jsonb("warnings").$type<ImportWarning[]>().notNull(),
    warningCount: integer("warning_count").notNull(),
    importedBy: text("imported_by"),
    importedByLabel: text("imported_by_label").notNull(),
  },
  (t) => [index("vulnerability_imports_started_idx").on(t.startedAt)],
);

export const FINDING_STATUSES = ["under_investigation", "affected", "not_affected", "fixed"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * One vulnerability in one component of one software version, with its VEX analysis. A component is named
 * by its purl, or (a CPE match of a component without a purl) by its CPE with `purl` empty.
 */
export const findings = pgTable(
  "findings",
  {
    id: id(),
    vulnerabilityId: text("vulnerability_id")
      .notNull()
      .references(() => vulnerabilities.id, { onDelete: "cascade", onUpdate: "cascade" }),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    purl: text("purl").notNull(),
    /** The CPE of a component matched by CPE (`matchConfidence: "cpe"`); empty for purl matches. */
    cpe: text("cpe").notNull().default(""),
    componentName: text("component_name").notNull(),
    componentVersion: text("component_version").notNull(),
    ecosystem: text("ecosystem").notNull(),
    matchConfidence: text("match_confidence").$type<"purl" | "cpe">().notNull(),
    affectedRange: text("affected_range").notNull(),
    fixedVersions: jsonb("fixed_versions").$type<string[]>().notNull(),
    advisories: jsonb("advisories").$type<string[]>().notNull(),
    status: text("status").$type<FindingStatus>().notNull(),
    justification: text("justification"),
    response: text("response"),
    detail: text("detail"),
    /** The analyst's risk assessment: true when the residual risk of patient harm is not controlled (FDA timers). */
    uncontrolledRisk: boolean("uncontrolled_risk"),
    analysedAt: ts("analysed_at"),
    analysedBy: text("analysed_by"),
    priority: text("priority").notNull(),
    priorityScore: doublePrecision("priority_score").notNull(),
    priorityExplanation: text("priority_explanation").notNull(),
    priorityFactors: jsonb("priority_factors").$type<PriorityFactor[]>().notNull(),
    deadlines: jsonb("deadlines").$type<StoredDeadline[]>().notNull(),
    dueAt: date("due_at", { mode: "string" }),
    rescoring: jsonb("rescoring").$type<ClinicalRescoring | null>(),
    exploited: jsonb("exploited").$type<ExploitedMark | null>(),
    firstSeenAt: ts("first_seen_at").notNull(),
    lastSeenAt: ts("last_seen_at").notNull(),
    /** Set when the finding is no longer matched (component upgraded, advisory withdrawn); it stays for the record. */
    resolvedAt: ts("resolved_at"),
    resolution: text("resolution"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("findings_component_identity_idx").on(t.vulnerabilityId, t.softwareVersionId, t.purl, t.cpe),
    index("findings_version_idx").on(t.softwareVersionId),
    index("findings_purl_idx").on(t.purl),
    // Open findings in the findings list's order (listFindings): its first page is read from the index, not sorted.
    index("findings_open_rank_idx")
      .on(sql`(CASE ${t.priority} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END)`, t.priorityScore.desc().nullsFirst(), t.dueAt, t.vulnerabilityId, t.id)
      .where(sql`${t.resolvedAt} IS NULL`),
    // Open findings by due date: remediation obligations and overdue counts.
    index("findings_open_due_idx").on(t.dueAt).where(sql`${t.resolvedAt} IS NULL`),
    // The dashboard's counts of open findings read only these columns (resolved_at too, as each count's FILTER
    // repeats it): an index-only scan instead of reading every finding with its analysis documents (41 → 21 ms at
    // 50,000 findings on PostgreSQL).
    index("findings_open_counts_idx").on(t.priority, t.status, t.dueAt, t.resolvedAt).where(sql`${t.resolvedAt} IS NULL`),
  ],
);

/** Every change of a finding's analysis or state: who, when, before and after. */
export const findingHistory = pgTable(
  "finding_history",
  {
    id: id(),
    findingId: text("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    at: ts("at").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    kind: text("kind").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [index("finding_history_finding_idx").on(t.findingId, t.at)],
);

/** Supplier, level of support and end of support of a component (purl), as edited; the SBOM gives defaults. */
export const componentSupport = pgTable("component_support", {
  purl: text("purl").primaryKey(),
  supplier: text("supplier"),
  supportLevel: text("support_level"),
  endOfSupport: date("end_of_support", { mode: "string" }),
  updatedBy: text("updated_by"),
  updatedAt: updatedAt(),
});
