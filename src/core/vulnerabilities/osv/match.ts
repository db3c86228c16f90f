import type { ComponentRef } from "../purl/purl";
import { packageKey } from "../purl/names";
import type { AnyVersionScheme } from "../versions/ecosystems";
import { type CompiledAffected, type CompileWarning, releaseSuffix } from "./compile";
import { evaluateRange, type RangeHit } from "./evaluate";
import type { OsvRecord } from "./schema";

/** A component found affected by one advisory. */
export interface Match<C extends ComponentRef = ComponentRef> {
  readonly component: C;
  readonly advisoryId: string;
  /** The advisory itself (severity, references, details…), shared, not copied. */
  readonly record: OsvRecord;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly ecosystem: string;
  readonly packageName: string;
  readonly affectedIndex: number;
  /** "range": inside an introduced/fixed interval; "versions": listed explicitly. */
  readonly matchedBy: "range" | "versions";
  readonly range?: RangeHit;
  /** Readable form of what matched: the interval, or "listed in affected[i].versions". */
  readonly affectedRange: string;
  /** Every fixed version named for this package in the advisory, in version order. */
  readonly fixedVersions: readonly string[];
}

/** Something that limited or prevented evaluation; never silently dropped. */
export interface MatchWarning<C extends ComponentRef = ComponentRef> {
  readonly component?: C;
  readonly advisoryId: string;
  readonly code: CompileWarning["code"] | "invalid-component-version" | "release-unknown";
  readonly path: string;
  readonly message: string;
}

export interface MatchOutcome<C extends ComponentRef = ComponentRef> {
  readonly matches: Match<C>[];
  readonly warnings: MatchWarning<C>[];
}

const NO_ALIASES: readonly string[] = Object.freeze([]);

/** A component with its identity normalised and its version parsed lazily once per scheme. */
export class PreparedComponent<C extends ComponentRef = ComponentRef> {
  readonly key: string;
  readonly release: string;
  // Nearly every component is compared under one scheme: that one is kept in fields, any other in a map.
  private firstScheme: AnyVersionScheme | undefined;
  private firstKey: unknown;
  private others: Map<AnyVersionScheme, unknown> | undefined;

  constructor(readonly component: C) {
    this.key = packageKey(component.ecosystem, component.name);
    this.release = releaseSuffix(component.ecosystem);
  }

  /** Parsed version under a scheme, or undefined when the version is invalid under it. */
  versionUnder(scheme: AnyVersionScheme): unknown {
    if (this.firstScheme === scheme) return this.firstKey;
    if (this.others?.has(scheme)) return this.others.get(scheme);
    let key: unknown;
    try {
      const k = scheme.parse(this.component.version.trim());
      key = typeof k === "string" ? undefined : k;
    } catch {
      key = undefined;
    }
    if (this.firstScheme === undefined) {
      this.firstScheme = scheme;
      this.firstKey = key;
    } else {
      this.others ??= new Map();
      this.others.set(scheme, key);
    }
    return key;
  }
}

/**
 * Release scoping: "Debian:11" entries apply to "Debian:11" components. An entry without a
 * suffix applies to every release; a component whose release is unknown is matched against
 * every release and flagged.
 */
function releaseApplies(entry: CompiledAffected, component: PreparedComponent): "yes" | "no" | "unknown" {
  if (entry.release === "" || entry.release === component.release) return "yes";
  if (component.release === "") return "unknown";
  return "no";
}

/**
 * Evaluates one compiled affected entry against one component (same package key). Appends
 * to `out`; returns true when the component is affected.
 */
export function evaluateEntry<C extends ComponentRef>(
  entry: CompiledAffected,
  prepared: PreparedComponent<C>,
  out: MatchOutcome<C>,
): boolean {
  // Same package key means same base ecosystem and normalised name; only the release can differ.
  const component = prepared.component;
  const scope = releaseApplies(entry, prepared);
  if (scope === "no") return false;
  // Indexed loops: this runs for every component and entry of its package, and iterating allocated here.
  for (let i = 0; i < entry.warnings.length; i++) {
    const w = entry.warnings[i];
    out.warnings.push({ component, advisoryId: entry.record.id, code: w.code, path: w.path, message: w.message });
  }

  // Ranges first, so that a version both inside a range and listed reports its interval.
  let hit: RangeHit | undefined;
  let evaluatedRanges = 0;
  for (let i = 0; i < entry.ranges.length; i++) {
    const range = entry.ranges[i];
    const v = prepared.versionUnder(range.scheme);
    if (v === undefined) {
      out.warnings.push({
        component,
        advisoryId: entry.record.id,
        code: "invalid-component-version",
        path: `affected[${entry.affectedIndex}].ranges[${range.index}]`,
        message: `component version "${component.version}" is not a valid ${range.scheme.name} version; range not evaluated`,
      });
      continue;
    }
    evaluatedRanges++;
    hit = evaluateRange(range, v);
    if (hit) break;
  }
  let byVersions = !hit && entry.versions.size > 0 && entry.versions.has(component.version);
  // Spelling-insensitive lookup in `versions` ("1.0" for "1.0.0") only where no range could
  // decide: where ranges were evaluated, databases derive `versions` from them.
  if (!hit && !byVersions && evaluatedRanges === 0 && entry.scheme && entry.versions.size > 0) {
    const v = prepared.versionUnder(entry.scheme);
    if (v !== undefined) byVersions = entry.versions.hasEquivalent(v);
  }
  if (!hit && !byVersions) return false;
  if (scope === "unknown") {
    out.warnings.push({
      component,
      advisoryId: entry.record.id,
      code: "release-unknown",
      path: `affected[${entry.affectedIndex}].package.ecosystem`,
      message: `the component does not say which ${entry.ecosystemBase} release or repository it comes from; matched against ${entry.ecosystem}`,
    });
  }
  const record = entry.record;
  out.matches.push({
    component,
    advisoryId: record.id,
    record,
    aliases: record.aliases ?? NO_ALIASES,
    summary: record.summary,
    ecosystem: entry.ecosystem,
    packageName: entry.name,
    affectedIndex: entry.affectedIndex,
    matchedBy: hit ? "range" : "versions",
    range: hit,
    affectedRange: hit ? hit.label : `listed in affected[${entry.affectedIndex}].versions`,
    fixedVersions: entry.fixedVersions,
  });
  return true;
}
