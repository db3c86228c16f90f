import { parse as parseYaml } from "yaml";
import { type OsvRecord, validateOsvRecord } from "../vulnerabilities";
import { emptyResult, type FeedResult, isObject, parseJsonText, stripBom } from "./types";

/** One OSV record read from a feed file. Withdrawn records are kept (and marked) so callers can show them. */
export interface OsvFeedRecord {
  readonly record: OsvRecord;
  readonly withdrawn: boolean;
  /** The file it came from and where inside it ("(record)", "[3]", "vulns[12]"). */
  readonly file: string;
  readonly path: string;
}

function entriesOf(value: unknown): Array<{ item: unknown; path: string }> | undefined {
  if (Array.isArray(value)) return value.map((item, i) => ({ item, path: `[${i}]` }));
  if (isObject(value) && Array.isArray(value.vulns) && value.id === undefined) {
    return value.vulns.map((item, i) => ({ item, path: `vulns[${i}]` }));
  }
  if (isObject(value)) return [{ item: value, path: "" }];
  return undefined;
}

/**
 * Reads OSV records from an already parsed document: one record, an array of records, or an
 * api.osv.dev response `{ "vulns": [...] }`. Records with error-level issues (osv-schema and
 * osv-linter rules) are reported as errors and left out; a record with no affected entries is
 * kept with a warning (it matches nothing, but its withdrawal and aliases still count).
 */
export function readOsvValue(file: string, value: unknown): FeedResult<OsvFeedRecord> {
  const out = emptyResult<OsvFeedRecord>();
  const entries = entriesOf(value);
  if (!entries) {
    out.errors.push({ file, path: "(document)", reason: "not an OSV record: expected an object, an array of records or { vulns: [...] }" });
    return out;
  }
  for (const { item, path } of entries) {
    const at = (p: string) => (path === "" ? p : p === "(record)" ? path : `${path}.${p}`);
    const v = validateOsvRecord(item);
    const blocking = v.issues.filter((x) => x.severity === "error" && x.code !== "REC:001");
    const id = v.record?.id ?? (isObject(item) && typeof item.id === "string" ? item.id : undefined);
    const label = id ? `${id}: ` : "";
    if (!v.record || blocking.length > 0) {
      for (const issue of blocking.length > 0 ? blocking : v.issues) {
        out.errors.push({ file, path: at(issue.path), reason: `${label}${issue.message} (${issue.code})` });
      }
      continue;
    }
    for (const issue of v.issues) out.warnings.push({ file, path: at(issue.path), reason: `${label}${issue.message} (${issue.code})` });
    out.records.push({ record: v.record, withdrawn: Boolean(v.record.withdrawn), file, path: path === "" ? "(record)" : path });
  }
  return out;
}

/** Reads OSV records from the text of a `.json` file (or `.yaml`/`.yml`, as some databases publish them). */
export function parseOsvText(file: string, text: string): FeedResult<OsvFeedRecord> {
  if (/\.ya?ml$/i.test(file)) {
    try {
      return readOsvValue(file, parseYaml(stripBom(text)));
    } catch (err) {
      const out = emptyResult<OsvFeedRecord>();
      out.errors.push({ file, path: "(document)", reason: `invalid YAML: ${(err as Error).message}` });
      return out;
    }
  }
  const parsed = parseJsonText(file, text);
  if (!parsed.ok) {
    const out = emptyResult<OsvFeedRecord>();
    out.errors.push(parsed.error);
    return out;
  }
  return readOsvValue(file, parsed.value);
}
