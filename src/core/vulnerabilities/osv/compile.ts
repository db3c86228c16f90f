import { packageFromPurl } from "../purl/purl";
import { packageKey } from "../purl/names";
import { type AnyVersionScheme, baseEcosystem, schemeFor, semverRangeScheme } from "../versions/ecosystems";
import type { RangeHit } from "./evaluate";
import type { OsvAffected, OsvEvent, OsvRecord } from "./schema";
import { VersionList } from "./version-list";

export type EventKind = "introduced" | "fixed" | "last_affected" | "limit";

/** A range event with its version parsed once. `key` is undefined for the special "0" and "*". */
export interface CompiledEvent {
  readonly kind: EventKind;
  readonly raw: string;
  readonly key: unknown;
  /** introduced "0": before every version. */
  readonly zero: boolean;
  /** limit "*": after every version. */
  readonly infinite: boolean;
  /** For an introduced event: the hit of the interval it opens where no limit applies, built on its first match. */
  hit: RangeHit | undefined;
}

export interface CompiledRange {
  readonly index: number;
  readonly type: "SEMVER" | "ECOSYSTEM";
  readonly scheme: AnyVersionScheme;
  /** Events sorted by version (introduced before last_affected before fixed at equal versions). */
  readonly events: readonly CompiledEvent[];
  readonly limits: readonly CompiledEvent[];
}

/** Why part of an affected entry cannot be evaluated against package versions. */
export interface CompileWarning {
  readonly code: "git-range" | "unknown-range-type" | "unordered-ecosystem" | "invalid-event-version" | "no-package";
  readonly path: string;
  readonly message: string;
}

/** One `affected[]` entry prepared for matching. */
export interface CompiledAffected {
  readonly record: OsvRecord;
  readonly affectedIndex: number;
  readonly ecosystem: string;
  readonly ecosystemBase: string;
  /** Lower-cased release suffix ("11", "v3.18") or "" when the entry is not release-scoped. */
  readonly release: string;
  readonly name: string;
  readonly key: string;
  /** Ordering for ECOSYSTEM ranges and `versions`, if the ecosystem has one. */
  readonly scheme: AnyVersionScheme | undefined;
  readonly ranges: readonly CompiledRange[];
  readonly versions: VersionList;
  /** Every fixed version of the entry's ranges, in version order. */
  readonly fixedVersions: readonly string[];
  readonly warnings: readonly CompileWarning[];
}

const KIND_ORDER: Record<EventKind, number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

export function releaseSuffix(ecosystem: string): string {
  const i = ecosystem.indexOf(":");
  return i < 0 ? "" : ecosystem.slice(i + 1).trim().toLowerCase();
}

/**
 * Versions parsed under their scheme, each distinct text once: an index holds many advisories of the same
 * package, whose events name the same versions again and again. Parsed keys are never mutated (comparison only),
 * so they are shared. Invalid versions are remembered as undefined.
 */
export class VersionKeys {
  private readonly byScheme = new Map<AnyVersionScheme, Map<string, unknown>>();

  parse(scheme: AnyVersionScheme, raw: string): unknown | undefined {
    let keys = this.byScheme.get(scheme);
    if (!keys) {
      keys = new Map();
      this.byScheme.set(scheme, keys);
    }
    let key = keys.get(raw);
    if (key === undefined && !keys.has(raw)) {
      key = parseKey(scheme, raw);
      keys.set(raw, key);
    }
    return key;
  }
}

function parseKey(scheme: AnyVersionScheme, raw: string): unknown | undefined {
  try {
    const k = scheme.parse(raw);
    return typeof k === "string" ? undefined : k;
  } catch {
    return undefined;
  }
}

/** Event order of a range: "0" first, "*" last, else by version, introduced before last_affected before fixed. */
function eventOrder(scheme: AnyVersionScheme, a: CompiledEvent, b: CompiledEvent): number {
  if (a.zero || b.zero) return a.zero && b.zero ? 0 : a.zero ? -1 : 1;
  if (a.infinite || b.infinite) return a.infinite && b.infinite ? 0 : a.infinite ? 1 : -1;
  return scheme.compare(a.key, b.key) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

const NO_LIMITS: readonly CompiledEvent[] = Object.freeze([]);

/** `list` with `item` pushed; a list is created only for the first item (most entries have no warning, no limit). */
function appended<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

/**
 * Sorts in place, stably, as `Array.prototype.sort` does; a short list (a range has two or three events) by insertion,
 * because the built-in sort allocates its working state on every call: most of what compiling an index allocated.
 * `context` is passed to `compare`, so that a caller needs no closure per call either.
 */
function sortShort<T, C>(list: T[], context: C, compare: (context: C, a: T, b: T) => number): T[] {
  if (list.length > 8) return list.sort((a, b) => compare(context, a, b));
  for (let i = 1; i < list.length; i++) {
    const item = list[i];
    let j = i - 1;
    while (j >= 0 && compare(context, list[j], item) > 0) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
  return list;
}

const rangePath = (affectedIndex: number, rangeIndex: number) => `affected[${affectedIndex}].ranges[${rangeIndex}]`;

/** The range's events with their versions parsed once (through `keys`), sorted in version order. */
function compileRange(
  scheme: AnyVersionScheme,
  type: "SEMVER" | "ECOSYSTEM",
  events: readonly OsvEvent[],
  affectedIndex: number,
  index: number,
  keys: VersionKeys,
): CompiledRange | CompileWarning {
  // Sized up front and cut to what was kept: an index keeps these lists as long as it lives, and a list grown by
  // `push` reserves room for 16 items.
  const sorted = new Array<CompiledEvent>(events.length);
  let count = 0;
  let limits: CompiledEvent[] | undefined;
  for (const event of events) {
    let kind: EventKind;
    let raw: string;
    if (event.introduced !== undefined) {
      kind = "introduced";
      raw = event.introduced;
    } else if (event.fixed !== undefined) {
      kind = "fixed";
      raw = event.fixed;
    } else if (event.last_affected !== undefined) {
      kind = "last_affected";
      raw = event.last_affected;
    } else if (event.limit !== undefined) {
      kind = "limit";
      raw = event.limit;
    } else continue;
    const zero = kind === "introduced" && raw === "0";
    const infinite = kind === "limit" && raw.includes("*");
    let key: unknown;
    if (!zero && !infinite) {
      key = keys.parse(scheme, raw);
      if (key === undefined) {
        return {
          code: "invalid-event-version",
          path: rangePath(affectedIndex, index),
          message: `${kind} "${raw}" is not a valid ${scheme.name} version; the range is not evaluated`,
        };
      }
    }
    const compiled: CompiledEvent = { kind, raw, key, zero, infinite, hit: undefined };
    if (kind === "limit") limits = appended(limits, compiled);
    else sorted[count++] = compiled;
  }
  if (count < sorted.length) sorted.length = count;
  if (count > 1) sortShort(sorted, scheme, eventOrder);
  return { index, type, scheme, events: sorted, limits: limits ?? NO_LIMITS };
}

/** Versions in the scheme's order (text order where one does not parse). */
function sortVersions(versions: string[], scheme: AnyVersionScheme | undefined, keys: VersionKeys): string[] {
  if (!scheme || versions.length < 2) return versions;
  return sortShort(versions, scheme, (scheme, a, b) => {
    const ka = keys.parse(scheme, a);
    const kb = keys.parse(scheme, b);
    return ka !== undefined && kb !== undefined ? scheme.compare(ka, kb) : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** The package an affected entry names (ecosystem and name, or its purl), without compiling its ranges. */
export function affectedPackage(affected: OsvAffected): { ecosystem: string; name: string } | undefined {
  const p = affected.package;
  if (!p) return undefined;
  if (p.ecosystem && p.name) return { ecosystem: p.ecosystem, name: p.name };
  return p.purl ? packageFromPurl(p.purl) : undefined;
}

/** Why an entry without a package cannot be matched. */
export const noPackageWarning = (affectedIndex: number): CompileWarning => ({
  code: "no-package",
  path: `affected[${affectedIndex}]`,
  message: "no package (only GIT ranges or an unusable purl): cannot be matched against package versions",
});

const NO_VERSIONS = new VersionList([], undefined);
const NO_WARNINGS: readonly CompileWarning[] = Object.freeze([]);
const NO_RANGES: readonly CompiledRange[] = Object.freeze([]);
const NO_FIXED: readonly string[] = Object.freeze([]);

/** One affected entry of a record, whose package is `identity` (affectedPackage), prepared for matching. */
export function compileAffected(
  record: OsvRecord,
  entry: OsvAffected,
  affectedIndex: number,
  identity: { readonly ecosystem: string; readonly name: string },
  keys: VersionKeys,
  key: string = packageKey(identity.ecosystem, identity.name),
): CompiledAffected {
  const scheme = schemeFor(identity.ecosystem);
  let warnings: CompileWarning[] | undefined;
  const entryRanges = entry.ranges ?? [];
  const ranges = new Array<CompiledRange>(entryRanges.length);
  let rangeCount = 0;
  let fixed: string[] | undefined;
  for (let ri = 0; ri < entryRanges.length; ri++) {
    const range = entryRanges[ri];
    if (range.type === "GIT") {
      warnings = appended(warnings, {
        code: "git-range",
        path: rangePath(affectedIndex, ri),
        message: `GIT range (${range.repo ?? "no repo"}) names commits, which cannot be compared with a package version`,
      });
      continue;
    }
    if (range.type !== "SEMVER" && range.type !== "ECOSYSTEM") {
      warnings = appended(warnings, { code: "unknown-range-type", path: rangePath(affectedIndex, ri), message: `unknown range type "${range.type}" was not evaluated` });
      continue;
    }
    const rangeScheme = range.type === "SEMVER" ? semverRangeScheme : scheme;
    if (!rangeScheme) {
      warnings = appended(warnings, {
        code: "unordered-ecosystem",
        path: rangePath(affectedIndex, ri),
        message: `no version ordering is known for ecosystem "${identity.ecosystem}"; the ECOSYSTEM range was not evaluated`,
      });
      continue;
    }
    for (const e of range.events) if (e.fixed !== undefined && e.introduced === undefined && !fixed?.includes(e.fixed)) fixed = appended(fixed, e.fixed);
    const compiled = compileRange(rangeScheme, range.type, range.events, affectedIndex, ri, keys);
    if ("events" in compiled) ranges[rangeCount++] = compiled;
    else warnings = appended(warnings, compiled);
  }
  return {
    record,
    affectedIndex,
    ecosystem: identity.ecosystem,
    ecosystemBase: baseEcosystem(identity.ecosystem),
    release: releaseSuffix(identity.ecosystem),
    name: identity.name,
    key,
    scheme,
    ranges: rangeCount === 0 ? NO_RANGES : rangeCount < ranges.length ? ranges.slice(0, rangeCount) : ranges,
    versions: entry.versions && entry.versions.length > 0 ? new VersionList(entry.versions, scheme) : NO_VERSIONS,
    fixedVersions: fixed ? sortVersions(fixed, scheme, keys) : NO_FIXED,
    warnings: warnings ?? NO_WARNINGS,
  };
}

/**
 * Prepares every matchable `affected[]` entry of a record. Entries without a package (GIT-only)
 * are returned with a "no-package" warning so that callers can report them.
 */
export function compileRecord(record: OsvRecord, keys: VersionKeys = new VersionKeys()): { affected: CompiledAffected[]; unmatchable: CompileWarning[] } {
  const affected: CompiledAffected[] = [];
  const unmatchable: CompileWarning[] = [];
  const entries = record.affected ?? [];
  for (let i = 0; i < entries.length; i++) {
    const identity = affectedPackage(entries[i]);
    if (identity) affected.push(compileAffected(record, entries[i], i, identity, keys));
    else unmatchable.push(noPackageWarning(i));
  }
  return { affected, unmatchable };
}
