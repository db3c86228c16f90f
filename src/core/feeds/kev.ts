import { z } from "zod";
import { formatPath } from "../vulnerabilities";
import { parseCsv } from "./csv";
import { emptyResult, type FeedResult, isObject, parseJsonText } from "./types";

/** One entry of the CISA Known Exploited Vulnerabilities catalog. */
export interface KevEntry {
  readonly cveID: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly vulnerabilityName: string;
  /** YYYY-MM-DD */
  readonly dateAdded: string;
  readonly shortDescription: string;
  readonly requiredAction: string;
  /** YYYY-MM-DD: remediation due date for US federal agencies (BOD 22-01). */
  readonly dueDate: string;
  /** "Known" or "Unknown" as published. */
  readonly knownRansomwareCampaignUse: string;
  readonly notes: string;
  readonly cwes: string[];
}

export interface KevCatalog {
  readonly catalogVersion: string | null;
  readonly dateReleased: string | null;
}

const date = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD");
const text = z.string().trim();

const kevEntrySchema = z.object({
  cveID: z.string().trim().regex(/^CVE-\d{4}-\d{4,}$/, "must be a CVE id such as CVE-2021-44228"),
  vendorProject: text.min(1, "must not be empty"),
  product: text.min(1, "must not be empty"),
  vulnerabilityName: text.default(""),
  dateAdded: date,
  shortDescription: text.default(""),
  requiredAction: text.default(""),
  dueDate: date,
  knownRansomwareCampaignUse: text.default("Unknown"),
  notes: text.default(""),
  cwes: z.union([z.array(text), text.transform((s) => s.split(",").map((c) => c.trim()))]).default([]),
});

function entry(
  file: string,
  value: unknown,
  at: (path: PropertyKey[]) => string,
  out: FeedResult<KevEntry>,
): void {
  const parsed = kevEntrySchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) out.errors.push({ file, path: at(issue.path), reason: issue.message });
    return;
  }
  const e = parsed.data;
  if (e.dueDate < e.dateAdded) out.warnings.push({ file, path: at(["dueDate"]), reason: `${e.cveID}: due date ${e.dueDate} is before dateAdded ${e.dateAdded}` });
  out.records.push({ ...e, cwes: e.cwes.filter((c) => c !== "") });
}

function checkDuplicates(file: string, out: FeedResult<KevEntry>): void {
  const seen = new Set<string>();
  for (const e of out.records) {
    if (seen.has(e.cveID)) out.warnings.push({ file, path: e.cveID, reason: `${e.cveID} is listed more than once; the last entry counts` });
    seen.add(e.cveID);
  }
}

/** The KEV catalog as published in JSON (`known_exploited_vulnerabilities.json`). */
export function parseKevJson(file: string, content: string): FeedResult<KevEntry> & { catalog: KevCatalog } {
  const out = emptyResult<KevEntry>();
  const catalog: KevCatalog = { catalogVersion: null, dateReleased: null };
  const parsed = parseJsonText(file, content);
  if (!parsed.ok) return { ...out, errors: [parsed.error], catalog };
  const doc = parsed.value;
  if (!isObject(doc) || !Array.isArray(doc.vulnerabilities)) {
    out.errors.push({ file, path: "vulnerabilities", reason: "not a KEV catalog: expected an object with a vulnerabilities array" });
    return { ...out, catalog };
  }
  doc.vulnerabilities.forEach((v, i) => {
    entry(file, v, (p) => formatPath(["vulnerabilities", i, ...p]), out);
  });
  if (typeof doc.count === "number" && doc.count !== doc.vulnerabilities.length) {
    out.warnings.push({ file, path: "count", reason: `count says ${doc.count} but the catalog lists ${doc.vulnerabilities.length}` });
  }
  checkDuplicates(file, out);
  return {
    ...out,
    catalog: {
      catalogVersion: typeof doc.catalogVersion === "string" ? doc.catalogVersion : null,
      dateReleased: typeof doc.dateReleased === "string" ? doc.dateReleased : null,
    },
  };
}

const KEV_CSV_COLUMNS = ["cveID", "vendorProject", "product", "dateAdded", "dueDate"];

/** The KEV catalog as published in CSV (`known_exploited_vulnerabilities.csv`). */
export function parseKevCsv(file: string, content: string): FeedResult<KevEntry> {
  const out = emptyResult<KevEntry>();
  const csv = parseCsv(file, content);
  if (!csv.ok) return { ...out, errors: [csv.error] };
  const missing = KEV_CSV_COLUMNS.filter((c) => !csv.table.columns.includes(c));
  if (missing.length > 0) {
    out.errors.push({ file, path: "line 1", reason: `not a KEV CSV: missing column(s) ${missing.join(", ")}` });
    return out;
  }
  for (const row of csv.table.rows) {
    entry(file, row.values, (p) => `line ${row.line}${p.length > 0 ? `, column ${String(p[0])}` : ""}`, out);
  }
  checkDuplicates(file, out);
  return out;
}

/** Known ransomware campaign use, as a boolean. */
export function kevRansomware(e: KevEntry): boolean {
  return e.knownRansomwareCampaignUse.toLowerCase() === "known";
}
