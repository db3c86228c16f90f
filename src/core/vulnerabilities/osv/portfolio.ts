import { componentFromPurl, type ComponentRef } from "../purl/purl";
import { packageKey } from "../purl/names";
import type { AdvisoryIndex } from "./advisory-index";
import { affectedPackage } from "./compile";
import type { Match, MatchOutcome } from "./match";
import type { OsvRecord } from "./schema";

/** A component as an SBOM lists it (the scan and the server both start from this). */
export interface PurlComponentInput {
  readonly ref: string;
  readonly name: string;
  readonly version: string | null;
  readonly purl: string | null;
}

/** One distinct purl resolved to a package identity; `source` is the first component that named it. */
export type DistinctComponent<T extends PurlComponentInput = PurlComponentInput> = ComponentRef & { readonly source: T };

export interface SkippedComponent<T extends PurlComponentInput = PurlComponentInput> {
  readonly component: T;
  readonly reason: "no-purl" | "invalid-purl";
  readonly message: string;
}

export interface PortfolioMatch<T extends PurlComponentInput = PurlComponentInput> {
  /** Distinct purls that could be matched, by purl. */
  readonly components: Map<string, DistinctComponent<T>>;
  readonly skipped: SkippedComponent<T>[];
  readonly outcome: MatchOutcome<DistinctComponent<T>>;
}

/**
 * Resolves each distinct purl once: a portfolio repeats the same component across many versions and
 * devices, so matching distinct purls (then fanning out to their users) costs far less than matching rows.
 */
export function distinctPurls<T extends PurlComponentInput>(components: Iterable<T>): { components: Map<string, DistinctComponent<T>>; skipped: SkippedComponent<T>[] } {
  const byPurl = new Map<string, DistinctComponent<T>>();
  const rejected = new Set<string>();
  const skipped: SkippedComponent<T>[] = [];
  const label = (c: T) => `component ${JSON.stringify(c.name)}${c.version ? ` ${c.version}` : ""} (${c.ref})`;
  // An array (what callers pass) is walked by index: iterating half a million components allocated a result each.
  const list = Array.isArray(components) ? (components as readonly T[]) : [...components];
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!c.purl) {
      skipped.push({ component: c, reason: "no-purl", message: `${label(c)} has no purl: not matched against OSV` });
      continue;
    }
    if (byPurl.has(c.purl) || (rejected.size > 0 && rejected.has(c.purl))) continue;
    const parsed = componentFromPurl(c.purl);
    if (!parsed.ok) {
      rejected.add(c.purl);
      skipped.push({ component: c, reason: "invalid-purl", message: `${label(c)}: ${parsed.error.message}; not matched` });
      continue;
    }
    byPurl.set(c.purl, { ...parsed.component, source: c });
  }
  return { components: byPurl, skipped };
}

/** Matches every distinct purl of `components` against the index: the one matching path of scan and server. */
export function matchDistinctPurls<T extends PurlComponentInput>(index: AdvisoryIndex, components: Iterable<T>): PortfolioMatch<T> {
  const resolved = distinctPurls(components);
  return { ...resolved, outcome: index.matchComponents(resolved.components.values()) };
}

/**
 * Regroups matches per component (purl) and per vulnerability, where `primaryOf` maps an advisory id to
 * its vulnerability's id (merged aliases), so that a GHSA and a PYSEC record of one CVE make one finding.
 */
export function groupByComponentAndVulnerability<C extends ComponentRef>(
  matches: readonly Match<C>[],
  primaryOf: (advisoryId: string) => string,
): Map<string, Map<string, Match<C>[]>> {
  const out = new Map<string, Map<string, Match<C>[]>>();
  for (const m of matches) {
    const key = m.component.purl ?? m.component.name;
    const primary = primaryOf(m.advisoryId);
    let byVuln = out.get(key);
    if (!byVuln) {
      byVuln = new Map();
      out.set(key, byVuln);
    }
    const list = byVuln.get(primary);
    if (list) list.push(m);
    else byVuln.set(primary, [m]);
  }
  return out;
}

/** The package keys an advisory can match (what a store indexes it by); none for a withdrawn one. */
export function advisoryPackageKeys(record: OsvRecord): string[] {
  if (record.withdrawn) return [];
  const keys = new Set<string>();
  for (const entry of record.affected ?? []) {
    const identity = affectedPackage(entry);
    if (identity) keys.add(packageKey(identity.ecosystem, identity.name));
  }
  return [...keys].sort();
}

/** The package key of a resolved component, as `advisoryPackageKeys` names them. */
export function componentPackageKey(component: ComponentRef): string {
  return packageKey(component.ecosystem, component.name);
}
