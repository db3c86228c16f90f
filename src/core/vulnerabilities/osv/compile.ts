import { packageFromPurl } from "../purl/purl";
import { packageKey } from "../purl/names";
import { type AnyVersionScheme, baseEcosystem, schemeFor, semverRangeScheme } from "../versions/ecosystems";
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

function eventOf(e: OsvEvent): { kind: EventKind; raw: string } | undefined {
  if (e.introduced !== undefined) return { kind: "introduced", raw: e.introduced };
  if (e.fixed !== undefined) return { kind: "fixed", raw: e.fixed };
  if (e.last_affected !== undefined) return { kind: "last_affected", raw: e.last_affected };
  if (e.limit !== undefined) return { kind: "limit", raw: e.limit };
  return undefined;
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

/**
 * The range's events with their versions parsed once; `parsed` keeps each version's key for the entry's fixed
 * versions, which are sorted with the same scheme afterwards.
 */
function compileRange(
  scheme: AnyVersionScheme,
  type: "SEMVER" | "ECOSYSTEM",
  events: readonly OsvEvent[],
  index: number,
  path: string,
  warnings: CompileWarning[],
  parsed: Map<string, unknown>,
): CompiledRange | undefined {
  const sorted: CompiledEvent[] = [];
  const limits: CompiledEvent[] = [];
  for (const event of events) {
    const e = eventOf(event);
    if (!e) continue;
    const zero = e.kind === "introduced" && e.raw === "0";
    const infinite = e.kind === "limit" && e.raw.includes("*");
    let key: unknown;
    if (!zero && !infinite) {
      key = parseKey(scheme, e.raw);
      if (key === undefined) {
        warnings.push({
          code: "invalid-event-version",
          path,
          message: `${e.kind} "${e.raw}" is not a valid ${scheme.name} version; the range is not evaluated`,
        });
        return undefined;
      }
      parsed.set(e.raw, key);
    }
    (e.kind === "limit" ? limits : sorted).push({ kind: e.kind, raw: e.raw, key, zero, infinite });
  }
  if (sorted.length > 1) sorted.sort((a, b) => eventOrder(scheme, a, b));
  return { index, type, scheme, events: sorted, limits };
}

/** Versions in the scheme's order (text order where one does not parse); `parsed` holds keys already known. */
function sortVersions(versions: string[], scheme: AnyVersionScheme | undefined, parsed: ReadonlyMap<string, unknown>): string[] {
  if (!scheme || versions.length < 2) return versions;
  const keys = new Map(versions.map((v) => [v, parsed.has(v) ? parsed.get(v) : parseKey(scheme, v)]));
  return versions.sort((a, b) => {
    const ka = keys.get(a);
    const kb = keys.get(b);
    return ka !== undefined && kb !== undefined ? scheme.compare(ka, kb) : a < b ? -1 : a > b ? 1 : 0;
  });
}

function packageIdentity(affected: OsvAffected): { ecosystem: string; name: string } | undefined {
  const p = affected.package;
  if (!p) return undefined;
  if (p.ecosystem && p.name) return { ecosystem: p.ecosystem, name: p.name };
  return p.purl ? packageFromPurl(p.purl) : undefined;
}

/**
 * Prepares every matchable `affected[]` entry of a record. Entries without a package (GIT-only)
 * are returned with a "no-package" warning so that callers can report them.
 */
export function compileRecord(record: OsvRecord): { affected: CompiledAffected[]; unmatchable: CompileWarning[] } {
  const affected: CompiledAffected[] = [];
  const unmatchable: CompileWarning[] = [];
  (record.affected ?? []).forEach((entry, affectedIndex) => {
    const at = `affected[${affectedIndex}]`;
    const identity = packageIdentity(entry);
    if (!identity) {
      unmatchable.push({
        code: "no-package",
        path: at,
        message: "no package (only GIT ranges or an unusable purl): cannot be matched against package versions",
      });
      return;
    }
    const scheme = schemeFor(identity.ecosystem);
    const warnings: CompileWarning[] = [];
    const ranges: CompiledRange[] = [];
    const fixed = new Set<string>();
    const parsedKeys = new Map<string, unknown>();
    (entry.ranges ?? []).forEach((range, ri) => {
      const path = `${at}.ranges[${ri}]`;
      if (range.type === "GIT") {
        warnings.push({
          code: "git-range",
          path,
          message: `GIT range (${range.repo ?? "no repo"}) names commits, which cannot be compared with a package version`,
        });
        return;
      }
      if (range.type !== "SEMVER" && range.type !== "ECOSYSTEM") {
        warnings.push({ code: "unknown-range-type", path, message: `unknown range type "${range.type}" was not evaluated` });
        return;
      }
      const rangeScheme = range.type === "SEMVER" ? semverRangeScheme : scheme;
      if (!rangeScheme) {
        warnings.push({
          code: "unordered-ecosystem",
          path,
          message: `no version ordering is known for ecosystem "${identity.ecosystem}"; the ECOSYSTEM range was not evaluated`,
        });
        return;
      }
      for (const e of range.events) if (e.fixed !== undefined && e.introduced === undefined) fixed.add(e.fixed);
      const compiled = compileRange(rangeScheme, range.type, range.events, ri, path, warnings, rangeScheme === scheme ? parsedKeys : new Map());
      if (compiled) ranges.push(compiled);
    });
    const versions = new VersionList(entry.versions ?? [], scheme);
    const fixedVersions = sortVersions([...fixed], scheme, parsedKeys);
    affected.push({
      record,
      affectedIndex,
      ecosystem: identity.ecosystem,
      ecosystemBase: baseEcosystem(identity.ecosystem),
      release: releaseSuffix(identity.ecosystem),
      name: identity.name,
      key: packageKey(identity.ecosystem, identity.name),
      scheme,
      ranges,
      versions,
      fixedVersions,
      warnings,
    });
  });
  return { affected, unmatchable };
}
