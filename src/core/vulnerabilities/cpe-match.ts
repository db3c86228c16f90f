import { type Cpe, type CpeAttribute, cpeContains, cpeProductKey, cpeValueContains, cpeValueText, parseCpe } from "./cpe";
import { compareCpeVersions, ecosystemForVersionType } from "./cpe-version";

/**
 * CPE-based matching: components that have no purl (firmware, operating systems, commercial
 * libraries) but a CPE name, against NVD applicability data (`configurations[].nodes[].cpeMatch[]`,
 * also the CVE JSON 5.1.1 `cpeApplicability` block) and the CVE JSON 5 `affected[]` entries
 * (vendor/product/cpes with `versions[]`). Every match has confidence "cpe": CPE dictionaries
 * and vendor names drift, so these matches rank below a purl match and deserve review.
 */

/** A component to match: its CPE, and its version/ecosystem when known from elsewhere. */
export interface CpeComponent {
  readonly cpe: string;
  /** The SBOM's version of the component, used when the CPE leaves the version as ANY. */
  readonly version?: string | null;
  /** Ecosystem for version ordering when the component also has one (e.g. from a purl). */
  readonly ecosystem?: string | null;
}

/** CVE JSON 5 `affected[].versions[]` entry (schema 5.1). */
export interface CpeCveVersion {
  readonly version: string;
  readonly status: string;
  readonly versionType?: string;
  readonly lessThan?: string;
  readonly lessThanOrEqual?: string;
  readonly changes?: ReadonlyArray<{ readonly at: string; readonly status: string }>;
}

/** CVE JSON 5 `affected[]` entry; `Cve5Record.affected` of src/core/feeds fits. */
export interface CpeCveAffected {
  readonly vendor?: string | null;
  readonly product?: string | null;
  readonly cpes?: readonly string[];
  readonly defaultStatus?: string | null;
  readonly versions?: readonly CpeCveVersion[];
}

/**
 * What a vulnerability says about CPE applicability. `configurations` takes NVD CVE API 2.0
 * `cve.configurations` and CVE 5 `cpeApplicability` alike (same node structure).
 */
export interface CpeApplicabilityRecord {
  readonly id: string;
  readonly affected?: readonly CpeCveAffected[];
  readonly configurations?: readonly unknown[];
  readonly cpeApplicability?: readonly unknown[];
}

export interface CpeMatch<C extends CpeComponent = CpeComponent> {
  readonly vulnerabilityId: string;
  readonly component: C;
  readonly confidence: "cpe";
  /** Where in the record: "configurations[0].nodes[0].cpeMatch[2]" or "affected[1].versions[0]". */
  readonly path: string;
  /** The criteria that matched (a CPE, or "vendor product" for a CVE 5 entry without cpes). */
  readonly criteria: string;
  /** Readable range: "cpe:2.3:a:offis:dcmtk: >= 0, < 3.6.7". */
  readonly affectedRange: string;
  readonly fixedVersions: string[];
  /** Platform conditions of the configuration that Vigil cannot check ("running on …"). */
  readonly conditions: string[];
  /** Ordering used for the range: an ecosystem name or "generic". */
  readonly versionScheme: string;
}

export interface CpeWarning<C extends CpeComponent = CpeComponent> {
  readonly vulnerabilityId: string | null;
  readonly component?: C;
  readonly path: string;
  readonly message: string;
}

export interface CpeMatchOutcome<C extends CpeComponent = CpeComponent> {
  readonly matches: CpeMatch<C>[];
  readonly warnings: CpeWarning<C>[];
}

interface Entry<C extends CpeComponent> {
  readonly component: C;
  readonly cpe: Cpe;
  /** null: the component does not say (CPE version ANY and no SBOM version). "-": NA. */
  readonly version: string | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** Attributes beyond part/vendor/product: a component that leaves them ANY is not excluded by them. */
const QUALIFIERS: readonly CpeAttribute[] = ["update", "edition", "language", "swEdition", "targetSw", "targetHw", "other"];

/** Part, vendor and product (and the qualifiers the component states) are within the criteria; versions are compared apart. */
function productMatches(criteria: Cpe, target: Cpe): boolean {
  if (!cpeContains(criteria, target, ["version", ...QUALIFIERS])) return false;
  for (const a of QUALIFIERS) {
    if (target[a].kind === "any") continue;
    if (!cpeValueContains(criteria[a], target[a])) return false;
  }
  return true;
}

/** Names in CVE 5 `vendor` / `product` as a CPE would spell them. */
function cpeName(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim().toLowerCase();
  if (t === "" || t === "n/a" || t === "unknown" || t === "*") return null;
  return t.replace(/\s+/g, "_");
}

const UNBOUNDED_START = new Set(["0", "*", "", "unspecified", "n/a", "-", "all"]);

/** Indexes components by CPE `vendor:product`; match one record at a time (incremental). */
export class CpeComponentIndex<C extends CpeComponent> {
  private readonly byProduct = new Map<string, Entry<C>[]>();
  private readonly entries: Entry<C>[] = [];
  /** Components whose CPE did not parse or cannot be indexed, with the reason. */
  readonly invalid: CpeWarning<C>[] = [];

  constructor(components: Iterable<C>) {
    for (const component of components) {
      const parsed = parseCpe(component.cpe);
      if (!parsed.ok) {
        this.invalid.push({ vulnerabilityId: null, component, path: "cpe", message: `${component.cpe}: ${parsed.error}` });
        continue;
      }
      const key = cpeProductKey(parsed.cpe);
      if (!key) {
        this.invalid.push({ vulnerabilityId: null, component, path: "cpe", message: `${component.cpe}: vendor and product must be given to match a CPE` });
        continue;
      }
      const v = parsed.cpe.version;
      const version = v.kind === "value" && !v.pattern ? v.text : v.kind === "na" ? "-" : (str(component.version) ?? null);
      const entry: Entry<C> = { component, cpe: parsed.cpe, version };
      this.entries.push(entry);
      const list = this.byProduct.get(key);
      if (list) list.push(entry);
      else this.byProduct.set(key, [entry]);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  private candidates(criteria: Cpe): Entry<C>[] {
    const key = cpeProductKey(criteria);
    if (key) return this.byProduct.get(key) ?? [];
    return this.entries.filter((e) => cpeContains(criteria, e.cpe, ["version", ...QUALIFIERS]));
  }

  /** Every CPE match of one vulnerability record against the indexed components. */
  matchRecord(record: CpeApplicabilityRecord): CpeMatchOutcome<C> {
    const out: CpeMatchOutcome<C> = { matches: [], warnings: [] };
    const configs: Array<[string, readonly unknown[] | undefined]> = [
      ["configurations", record.configurations],
      ["cpeApplicability", record.cpeApplicability],
    ];
    for (const [name, list] of configs) {
      arr(list).forEach((config, ci) => {
        this.matchConfiguration(record.id, config, `${name}[${ci}]`, out);
      });
    }
    (record.affected ?? []).forEach((affected, ai) => {
      this.matchAffected(record.id, affected, `affected[${ai}]`, out);
    });
    return out;
  }

  private matchConfiguration(id: string, config: unknown, at: string, out: CpeMatchOutcome<C>): void {
    if (!isObject(config)) return;
    const nodes = arr(config.nodes);
    const configAnd = str(config.operator)?.toUpperCase() === "AND" && nodes.length > 1;
    nodes.forEach((node, ni) => {
      if (!isObject(node)) return;
      const nodeAt = `${at}.nodes[${ni}]`;
      if (node.negate === true) {
        out.warnings.push({ vulnerabilityId: id, path: nodeAt, message: "negated node not evaluated" });
        return;
      }
      const matches = arr(node.cpeMatch);
      const nodeAnd = str(node.operator)?.toUpperCase() === "AND" && matches.length > 1;
      matches.forEach((m, mi) => {
        if (!isObject(m) || m.vulnerable !== true) return;
        const path = `${nodeAt}.cpeMatch[${mi}]`;
        const criteriaText = str(m.criteria) ?? str(m.cpe23Uri);
        if (!criteriaText) {
          out.warnings.push({ vulnerabilityId: id, path, message: "cpeMatch without criteria" });
          return;
        }
        const criteria = parseCpe(criteriaText);
        if (!criteria.ok) {
          out.warnings.push({ vulnerabilityId: id, path, message: `${criteriaText}: ${criteria.error}` });
          return;
        }
        const candidates = this.candidates(criteria.cpe);
        if (candidates.length === 0) return;
        const conditions: string[] = [];
        if (nodeAnd) for (const other of matches) if (other !== m && isObject(other) && str(other.criteria)) conditions.push(`together with ${other.criteria}`);
        if (configAnd) {
          nodes.forEach((otherNode, oi) => {
            if (oi === ni || !isObject(otherNode)) return;
            const any = arr(otherNode.cpeMatch)
              .map((x) => (isObject(x) ? str(x.criteria) : undefined))
              .filter((x): x is string => x !== undefined);
            if (any.length > 0) conditions.push(`${otherNode.negate === true ? "not " : ""}running on/with one of: ${any.join(", ")}`);
          });
        }
        for (const e of candidates) this.evaluateCpeMatch(id, m, criteria.cpe, criteriaText, path, conditions, e, out);
      });
    });
  }

  private evaluateCpeMatch(id: string, m: Json, criteria: Cpe, criteriaText: string, path: string, conditions: string[], e: Entry<C>, out: CpeMatchOutcome<C>): void {
    const startIncl = str(m.versionStartIncluding);
    const startExcl = str(m.versionStartExcluding);
    const endIncl = str(m.versionEndIncluding);
    const endExcl = str(m.versionEndExcluding);
    const ranged = Boolean(startIncl || startExcl || endIncl || endExcl);
    const product = `${cpeValueText(criteria.vendor)}:${cpeValueText(criteria.product)}`;
    if (!productMatches(criteria, e.cpe)) return;
    const ecosystem = e.component.ecosystem ?? null;
    let scheme = "generic";
    if (ranged) {
      if (e.version === null || e.version === "-") {
        out.warnings.push({ vulnerabilityId: id, component: e.component, path, message: `${e.component.cpe}: no version, cannot be placed in the range of ${criteriaText}` });
        return;
      }
      const v = e.version;
      const cmp = (bound: string) => {
        const r = compareCpeVersions(v, bound, ecosystem);
        scheme = r.scheme;
        return r.order;
      };
      if (startIncl && cmp(startIncl) < 0) return;
      if (startExcl && cmp(startExcl) <= 0) return;
      if (endIncl && cmp(endIncl) > 0) return;
      if (endExcl && cmp(endExcl) >= 0) return;
      const parts = [
        startIncl ? `>= ${startIncl}` : startExcl ? `> ${startExcl}` : null,
        endIncl ? `<= ${endIncl}` : endExcl ? `< ${endExcl}` : null,
      ].filter((p): p is string => p !== null);
      out.matches.push(this.match(id, e, path, criteriaText, `${product}: ${parts.join(", ")}`, endExcl ? [endExcl] : [], conditions, scheme));
      return;
    }
    const cv = criteria.version;
    if (cv.kind === "any") {
      out.matches.push(this.match(id, e, path, criteriaText, `${product}: all versions`, [], conditions, scheme));
      return;
    }
    if (cv.kind === "na") {
      if (e.version === "-") out.matches.push(this.match(id, e, path, criteriaText, `${product}: version not applicable`, [], conditions, scheme));
      return;
    }
    if (e.version === null) {
      out.warnings.push({ vulnerabilityId: id, component: e.component, path, message: `${e.component.cpe}: no version, cannot be compared with ${criteriaText}` });
      return;
    }
    const v = e.version;
    let equal: boolean;
    if (cv.pattern) equal = new RegExp(cv.pattern).test(v.toLowerCase());
    else {
      const r = compareCpeVersions(v, cv.text, ecosystem);
      scheme = r.scheme;
      equal = v.toLowerCase() === cv.text || r.order === 0;
    }
    if (equal) out.matches.push(this.match(id, e, path, criteriaText, `${product}: version ${cv.text}`, [], conditions, scheme));
  }

  private matchAffected(id: string, affected: CpeCveAffected, at: string, out: CpeMatchOutcome<C>): void {
    const cpes = (affected.cpes ?? []).map((c) => ({ text: c, parsed: parseCpe(c) }));
    for (const c of cpes) if (!c.parsed.ok) out.warnings.push({ vulnerabilityId: id, path: `${at}.cpes`, message: `${c.text}: ${c.parsed.error}` });
    const valid = cpes.flatMap((c) => (c.parsed.ok ? [{ text: c.text, cpe: c.parsed.cpe }] : []));
    const vendor = cpeName(affected.vendor);
    const product = cpeName(affected.product);
    let candidates: Array<{ entry: Entry<C>; criteria: string }> = [];
    if (valid.length > 0) {
      const seen = new Set<Entry<C>>();
      for (const c of valid) {
        for (const e of this.candidates(c.cpe)) {
          if (seen.has(e) || !productMatches(c.cpe, e.cpe)) continue;
          seen.add(e);
          candidates.push({ entry: e, criteria: c.text });
        }
      }
    } else if (vendor && product) {
      candidates = (this.byProduct.get(`${vendor}:${product}`) ?? []).map((entry) => ({ entry, criteria: `${affected.vendor} ${affected.product}` }));
    }
    for (const { entry, criteria } of candidates) this.evaluateAffected(id, affected, at, criteria, entry, out);
  }

  private evaluateAffected(id: string, affected: CpeCveAffected, at: string, criteria: string, e: Entry<C>, out: CpeMatchOutcome<C>): void {
    const product = `${cpeValueText(e.cpe.vendor)}:${cpeValueText(e.cpe.product)}`;
    const versions = affected.versions ?? [];
    const ecosystemOf = (versionType: string | undefined) => ecosystemForVersionType(versionType) ?? e.component.ecosystem ?? null;
    let hit: { status: string; path: string; range: string; fixed: string[]; scheme: string } | null = null;
    let unknownRange = false;
    for (let vi = 0; vi < versions.length; vi++) {
      const entry = versions[vi];
      const path = `${at}.versions[${vi}]`;
      if (entry.versionType?.toLowerCase() === "git") {
        out.warnings.push({ vulnerabilityId: id, component: e.component, path, message: "git commit ranges cannot be compared with a product version" });
        continue;
      }
      const limit = entry.lessThan ?? entry.lessThanOrEqual;
      const inclusive = entry.lessThan === undefined;
      const allVersions = entry.version === "*" && !limit;
      if (!allVersions && (e.version === null || e.version === "-")) {
        unknownRange = true;
        continue;
      }
      const ecosystem = ecosystemOf(entry.versionType);
      let scheme = "generic";
      const cmp = (a: string, b: string) => {
        const r = compareCpeVersions(a, b, ecosystem);
        scheme = r.scheme;
        return r.order;
      };
      const v = e.version ?? "";
      let status: string | null = null;
      let range: string;
      if (allVersions) {
        status = entry.status;
        range = "all versions";
      } else if (limit) {
        const unboundedStart = UNBOUNDED_START.has(entry.version.trim().toLowerCase());
        const unboundedEnd = limit === "*";
        const inRange = (unboundedStart || cmp(v, entry.version) >= 0) && (unboundedEnd || (inclusive ? cmp(v, limit) <= 0 : cmp(v, limit) < 0));
        range = [unboundedStart ? null : `>= ${entry.version}`, unboundedEnd ? null : `${inclusive ? "<=" : "<"} ${limit}`].filter(Boolean).join(", ") || "all versions";
        if (inRange) {
          status = entry.status;
          const changes = [...(entry.changes ?? [])].sort((a, b) => cmp(a.at, b.at));
          for (const c of changes) if (cmp(v, c.at) >= 0) status = c.status;
        }
      } else {
        range = `version ${entry.version}`;
        if (v.toLowerCase() === entry.version.toLowerCase() || cmp(v, entry.version) === 0) status = entry.status;
      }
      if (status === null) continue;
      const fixed = [
        ...(limit && limit !== "*" && !inclusive ? [limit] : []),
        ...(entry.changes ?? []).filter((c) => c.status === "unaffected").map((c) => c.at),
      ];
      // Ranges should not overlap; if they do, "affected" wins: a missed vulnerability costs more
      // than one finding to triage.
      if (!hit || (hit.status !== "affected" && status === "affected")) hit = { status, path, range, fixed, scheme };
    }
    if (!hit && affected.defaultStatus === "affected") {
      hit = { status: "affected", path: `${at}.defaultStatus`, range: "default status affected", fixed: [], scheme: "generic" };
    }
    if (!hit) {
      if (unknownRange) {
        out.warnings.push({ vulnerabilityId: id, component: e.component, path: `${at}.versions`, message: `${e.component.cpe}: no version, cannot be placed in the affected versions of ${criteria}` });
      }
      return;
    }
    if (hit.status === "affected") {
      out.matches.push(this.match(id, e, hit.path, criteria, `${product}: ${hit.range}`, hit.fixed, [], hit.scheme));
    } else if (hit.status === "unknown") {
      out.warnings.push({ vulnerabilityId: id, component: e.component, path: hit.path, message: `${e.component.cpe}: the record gives status "unknown" for ${hit.range}` });
    }
  }

  private match(id: string, e: Entry<C>, path: string, criteria: string, range: string, fixed: string[], conditions: string[], scheme: string): CpeMatch<C> {
    return {
      vulnerabilityId: id,
      component: e.component,
      confidence: "cpe",
      path,
      criteria,
      affectedRange: range,
      fixedVersions: [...new Set(fixed)],
      conditions: [...conditions],
      versionScheme: scheme,
    };
  }
}

/** Matches many records against many components; components with unusable CPEs come back as warnings. */
export function matchCpeRecords<C extends CpeComponent>(records: Iterable<CpeApplicabilityRecord>, components: Iterable<C>): CpeMatchOutcome<C> {
  const index = new CpeComponentIndex(components);
  const out: CpeMatchOutcome<C> = { matches: [], warnings: [...index.invalid] };
  if (index.size === 0) return out;
  for (const record of records) {
    const r = index.matchRecord(record);
    for (const m of r.matches) out.matches.push(m);
    for (const w of r.warnings) out.warnings.push(w);
  }
  return out;
}

/**
 * The CVE ids and configurations of an NVD CVE API 2.0 response (`{ vulnerabilities: [{ cve }] }`)
 * or of a single `cve` object, as records for `matchCpeRecords`.
 */
export function nvdApplicability(value: unknown): CpeApplicabilityRecord[] {
  if (!isObject(value)) return [];
  const items = Array.isArray(value.vulnerabilities) ? value.vulnerabilities.map((v) => (isObject(v) ? v.cve : undefined)) : [value.cve ?? value];
  const out: CpeApplicabilityRecord[] = [];
  for (const cve of items) {
    if (!isObject(cve) || typeof cve.id !== "string") continue;
    out.push({ id: cve.id, configurations: arr(cve.configurations) });
  }
  return out;
}
