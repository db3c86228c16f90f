import { z } from "zod";
import { parseCsv } from "../feeds/csv";
import { type PolicyFileIssue, readYamlMapping } from "../triage-policies/parse";
import { endOfSupportDate, SUPPORT_LEVELS } from "./support-level";
import { type SupportRuleInput, supportRuleSchema } from "./support-rules";

/**
 * A file a manufacturer keeps beside its SBOMs that states component support: `components:` (entries by purl,
 * the bulk entry of the component support page) and `rules:` (support rules by name). YAML/JSON carries both;
 * a CSV file (columns purl, supplier, level, endOfSupport) carries entries only.
 * An empty CSV cell or an absent YAML key keeps what is known; a level is one of SUPPORT_LEVELS, never inferred.
 */
const dateOnly = z.string().refine((d) => endOfSupportDate(d) === d, "a date as YYYY-MM-DD");

export const supportEntrySchema = z
  .object({
    purl: z.string().trim().min(5).max(2000).startsWith("pkg:", "a package URL (pkg:…)"),
    supplier: z.string().trim().min(1).max(500).nullable().optional(),
    level: z.enum(SUPPORT_LEVELS).nullable().optional(),
    endOfSupport: dateOnly.nullable().optional(),
  })
  .strict()
  // An entry that states nothing would still count as entered and hide what the SBOM or a rule says.
  .refine((e) => e.supplier !== undefined || e.level !== undefined || e.endOfSupport !== undefined, "states none of supplier, level, endOfSupport");

export type SupportEntry = z.infer<typeof supportEntrySchema> & {
  /** Where the entry stands in its file, for messages: `components[3]` or `line 5`. */
  at: string;
};

const MAX_ENTRIES = 5000;
const MAX_RULES = 500;
const MAX_CHARS = 5 * 1024 * 1024;

const supportFileSchema = z
  .object({
    components: z.array(supportEntrySchema).max(MAX_ENTRIES).optional(),
    rules: z.array(supportRuleSchema).max(MAX_RULES).optional(),
  })
  .strict()
  .refine((f) => (f.components?.length ?? 0) + (f.rules?.length ?? 0) > 0, "expected components: or rules: with at least one entry");

/** Where an entry's purl stands in its file: `components[3].purl` or `line 5, column purl`. */
export const purlPath = (e: SupportEntry) => (e.at.startsWith("line ") ? `${e.at}, column purl` : `${e.at}.purl`);

export type SupportFile = { components: SupportEntry[]; rules: SupportRuleInput[] };
export type SupportFileResult = ({ ok: true } & SupportFile) | { ok: false; issues: PolicyFileIssue[] };

function duplicates<T>(items: readonly T[], key: (t: T) => string, at: (i: number) => string, what: string, file: string): PolicyFileIssue[] {
  const first = new Map<string, number>();
  const issues: PolicyFileIssue[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const j = first.get(k);
    if (j === undefined) first.set(k, i);
    else issues.push({ file, path: at(i), reason: `the same ${what} as ${at(j)}` });
  });
  return issues;
}

function parseYaml(file: string, text: string): SupportFileResult {
  const read = readYamlMapping(file, text, supportFileSchema, "components: and/or rules:");
  if (!read.ok) return read;
  const components = (read.value.components ?? []).map((c, i) => ({ ...c, at: `components[${i}]` }));
  return { ok: true, components, rules: read.value.rules ?? [] };
}

const CSV_COLUMNS = ["purl", "supplier", "level", "endOfSupport"];

function parseCsvEntries(file: string, text: string): SupportFileResult {
  const csv = parseCsv(file, text);
  if (!csv.ok) return { ok: false, issues: [csv.error] };
  const { columns, rows } = csv.table;
  const unknown = columns.filter((c) => !CSV_COLUMNS.includes(c));
  if (!columns.includes("purl") || unknown.length > 0) {
    const reason = unknown.length > 0 ? `unknown column ${unknown.map((c) => `"${c}"`).join(", ")}` : "no purl column";
    return { ok: false, issues: [{ file, path: "line 1", reason: `${reason}; the header names purl and any of supplier, level, endOfSupport` }] };
  }
  if (rows.length === 0) return { ok: false, issues: [{ file, path: "(document)", reason: "no component rows below the header" }] };
  const components: SupportEntry[] = [];
  const issues: PolicyFileIssue[] = [];
  for (const { line, values } of rows) {
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
    const parsed = supportEntrySchema.safeParse(given);
    if (parsed.success) components.push({ ...parsed.data, at: `line ${line}` });
    else for (const i of parsed.error.issues) issues.push({ file, path: `line ${line}, column ${String(i.path[0] ?? "purl")}`, reason: i.message });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, components, rules: [] };
}

/** Reads a support file; `.csv` files are CSV, everything else YAML (JSON included). Problems name file, path and reason. */
export function parseSupportFile(file: string, text: string): SupportFileResult {
  if (text.length > MAX_CHARS) return { ok: false, issues: [{ file, path: "(document)", reason: `longer than ${MAX_CHARS} characters` }] };
  const result = /\.csv$/i.test(file) ? parseCsvEntries(file, text) : parseYaml(file, text);
  if (!result.ok) return result;
  const issues = [
    ...duplicates(result.components, (c) => c.purl, (i) => purlPath(result.components[i]), "purl", file),
    ...duplicates(result.rules, (r) => r.name, (i) => `rules[${i}].name`, "name", file),
  ];
  return issues.length > 0 ? { ok: false, issues } : result;
}
