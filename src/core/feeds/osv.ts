import { parse as parseYaml } from "yaml";
import { componentFromPurl, type OsvRecord, packageKey, validateOsvRecord } from "../vulnerabilities";
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

/** The package keys (normalised ecosystem + name) that the components of a scan can match. */
export function scanPackageKeys(purls: Iterable<string | null | undefined>): Set<string> {
  const keys = new Set<string>();
  for (const purl of purls) {
    if (!purl) continue;
    const c = componentFromPurl(purl);
    if (c.ok) keys.add(packageKey(c.component.ecosystem, c.component.name));
  }
  return keys;
}

/**
 * A record that names only packages outside `keys` cannot produce a finding: it is kept as its identity alone (id,
 * modified, aliases, withdrawn), which is all that alias merging and withdrawal read, without validating or copying
 * the rest. Anything unusual (no affected packages, a package given only by purl, fields of the wrong type) returns
 * undefined, so that the record is validated in full and its problems reported as before.
 */
function identityIfIrrelevant(item: Record<string, unknown>, keys: ReadonlySet<string>): OsvRecord | undefined {
  const { id, modified, aliases, withdrawn, affected } = item;
  if (typeof id !== "string" || id.trim() === "" || typeof modified !== "string") return undefined;
  if (!Array.isArray(affected) || affected.length === 0) return undefined;
  for (const a of affected) {
    const pkg = isObject(a) ? a.package : undefined;
    if (!isObject(pkg) || typeof pkg.ecosystem !== "string" || typeof pkg.name !== "string" || pkg.name === "") return undefined;
    if (keys.has(packageKey(pkg.ecosystem, pkg.name))) return undefined;
  }
  if (aliases !== undefined && aliases !== null && !(Array.isArray(aliases) && aliases.every((x) => typeof x === "string"))) return undefined;
  if (withdrawn !== undefined && typeof withdrawn !== "string") return undefined;
  return { id, modified, ...(Array.isArray(aliases) ? { aliases: aliases as string[] } : {}), ...(withdrawn ? { withdrawn } : {}), affected: [] } as OsvRecord;
}

/**
 * Reads OSV records from an already parsed document: one record, an array of records, or an
 * api.osv.dev response `{ "vulns": [...] }`. Records with error-level issues (osv-schema and
 * osv-linter rules) are reported as errors and left out; a record with no affected entries is
 * kept with a warning (it matches nothing, but its withdrawal and aliases still count).
 * With `relevantKeys` (a scan's package keys), records naming none of them are kept as their identity only.
 */
export function readOsvValue(file: string, value: unknown, relevantKeys?: ReadonlySet<string>): FeedResult<OsvFeedRecord> {
  const out = emptyResult<OsvFeedRecord>();
  const entries = entriesOf(value);
  if (!entries) {
    out.errors.push({ file, path: "(document)", reason: "not an OSV record: expected an object, an array of records or { vulns: [...] }" });
    return out;
  }
  for (const { item, path } of entries) {
    const identity = relevantKeys && isObject(item) ? identityIfIrrelevant(item, relevantKeys) : undefined;
    if (identity) {
      out.records.push({ record: identity, withdrawn: Boolean(identity.withdrawn), file, path: path === "" ? "(record)" : path });
      continue;
    }
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
export function parseOsvText(file: string, text: string, relevantKeys?: ReadonlySet<string>): FeedResult<OsvFeedRecord> {
  if (/\.ya?ml$/i.test(file)) {
    try {
      return readOsvValue(file, parseYaml(stripBom(text)), relevantKeys);
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
  return readOsvValue(file, parsed.value, relevantKeys);
}
