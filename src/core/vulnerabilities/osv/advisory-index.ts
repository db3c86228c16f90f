import type { ComponentRef } from "../purl/purl";
import { packageKey } from "../purl/names";
import { affectedPackage, type CompiledAffected, type CompileWarning, compileAffected, compileRecord, noPackageWarning, VersionKeys } from "./compile";
import { evaluateEntry, type MatchOutcome, PreparedComponent } from "./match";
import { type OsvIssue, validateOsvRecord } from "./lint";
import type { OsvAffected, OsvRecord } from "./schema";

function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}

/**
 * The affected entries naming one package, in the order they were added. They are compiled (ranges parsed) when
 * the package is first looked up: a portfolio asks about a small part of the packages a vulnerability database names.
 * Parallel arrays, so that an index of a whole database holds no object per entry until it is compiled.
 */
interface PackageAdvisories {
  readonly records: OsvRecord[];
  readonly entries: OsvAffected[];
  readonly affectedIndexes: number[];
  /** The package as its first entry spells it (ecosystem and name), which nearly every entry repeats. */
  readonly ecosystem: string;
  readonly name: string;
  /** Each entry's spelling, kept only once an entry spells the package otherwise ("PyPI" "Foo_Bar" and "foo-bar"). */
  spellings: Array<{ readonly ecosystem: string; readonly name: string }> | undefined;
  compiled: CompiledAffected[] | undefined;
  /** Whether a record names the package in more than one entry (then only its first matching entry counts). */
  repeats: boolean;
  /** The record added last (kept apart from `records`, whose last slot is a further memory read per entry added). */
  last: OsvRecord | undefined;
}

function compiledAt(advisories: PackageAdvisories, i: number, key: string, keys: VersionKeys): CompiledAffected {
  const identity = advisories.spellings?.[i] ?? advisories;
  return compileAffected(advisories.records[i], advisories.entries[i], advisories.affectedIndexes[i], identity, keys, key);
}

/**
 * Advisories for matching, keyed by normalised ecosystem + package name, so that
 * matching N components costs O(components × advisories for that package). Withdrawn
 * records are kept out; affected entries that cannot be matched (GIT-only) are listed.
 * A record is read again when its package is first looked up: it must not change once added (`add` replaces it).
 */
export class AdvisoryIndex {
  private readonly byKey = new Map<string, PackageAdvisories>();
  private readonly versionKeys = new VersionKeys();
  private readonly records = new Map<string, OsvRecord>();
  private readonly withdrawnIds = new Set<string>();
  private readonly unmatchableById = new Map<string, CompileWarning[]>();

  constructor(records: Iterable<OsvRecord> = []) {
    // An array (what callers pass) by index: iterating a whole database allocated a result per record.
    if (Array.isArray(records)) for (let i = 0; i < records.length; i++) this.add(records[i]);
    else for (const r of records) this.add(r);
  }

  get size(): number {
    return this.records.size;
  }

  get withdrawn(): readonly string[] {
    return [...this.withdrawnIds];
  }

  /** Affected entries per advisory that no package version can match (e.g. GIT-only). */
  get unmatchable(): ReadonlyMap<string, readonly CompileWarning[]> {
    return this.unmatchableById;
  }

  record(id: string): OsvRecord | undefined {
    return this.records.get(id);
  }

  /** Adds or replaces a record (same id). Withdrawn records are removed from matching. */
  add(record: OsvRecord): void {
    this.remove(record.id);
    if (record.withdrawn) {
      this.withdrawnIds.add(record.id);
      return;
    }
    this.records.set(record.id, record);
    let unmatchable: CompileWarning[] | undefined;
    const entries = record.affected ?? [];
    for (let i = 0; i < entries.length; i++) {
      const identity = affectedPackage(entries[i]);
      if (!identity) {
        unmatchable ??= [];
        unmatchable.push(noPackageWarning(i));
        continue;
      }
      const key = packageKey(identity.ecosystem, identity.name);
      let advisories = this.byKey.get(key);
      if (!advisories) {
        advisories = {
          records: [],
          entries: [],
          affectedIndexes: [],
          ecosystem: identity.ecosystem,
          name: identity.name,
          spellings: undefined,
          compiled: undefined,
          repeats: false,
          last: undefined,
        };
        this.byKey.set(key, advisories);
      }
      if (advisories.last === record) advisories.repeats = true;
      advisories.last = record;
      advisories.records.push(record);
      advisories.entries.push(entries[i]);
      advisories.affectedIndexes.push(i);
      if (advisories.spellings) advisories.spellings.push(identity);
      else if (identity.ecosystem !== advisories.ecosystem || identity.name !== advisories.name) {
        const first = { ecosystem: advisories.ecosystem, name: advisories.name };
        advisories.spellings = advisories.records.map((_, at) => (at === advisories.records.length - 1 ? identity : first));
      }
      advisories.compiled?.push(compiledAt(advisories, advisories.records.length - 1, key, this.versionKeys));
    }
    if (unmatchable) this.unmatchableById.set(record.id, unmatchable);
  }

  /** The package's affected entries, compiled on the package's first lookup. */
  private compiledFor(key: string): readonly CompiledAffected[] {
    return this.advisoriesFor(key)?.compiled ?? [];
  }

  private advisoriesFor(key: string): PackageAdvisories | undefined {
    const advisories = this.byKey.get(key);
    if (advisories && !advisories.compiled) {
      const compiled: CompiledAffected[] = [];
      for (let i = 0; i < advisories.records.length; i++) compiled.push(compiledAt(advisories, i, key, this.versionKeys));
      advisories.compiled = compiled;
    }
    return advisories;
  }

  /**
   * Validates and adds untrusted values (parsed JSON/YAML). Records with error-level issues are
   * not added; they come back with their issues so the caller can say which input failed where.
   */
  addUnvalidated(values: Iterable<unknown>): { index: number; id?: string; issues: readonly OsvIssue[] }[] {
    const rejected: { index: number; id?: string; issues: readonly OsvIssue[] }[] = [];
    let i = 0;
    for (const value of values) {
      const v = validateOsvRecord(value);
      // A record without affected entries is still indexed (it matches nothing) so that its
      // withdrawal or aliases are known; any other error keeps it out.
      const blocking = v.issues.filter((x) => x.severity === "error" && x.code !== "REC:001");
      if (v.record && blocking.length === 0) this.add(v.record);
      else rejected.push({ index: i, id: v.record?.id ?? idOf(value), issues: v.issues });
      i++;
    }
    return rejected;
  }

  remove(id: string): void {
    if (this.withdrawnIds.size > 0) this.withdrawnIds.delete(id);
    if (this.unmatchableById.size > 0) this.unmatchableById.delete(id);
    const record = this.records.get(id);
    if (!record) return;
    this.records.delete(id);
    // The keys it was indexed under are those of its own entries.
    for (const entry of record.affected ?? []) {
      const identity = affectedPackage(entry);
      if (identity) this.removeFrom(packageKey(identity.ecosystem, identity.name), record);
    }
  }

  private removeFrom(key: string, record: OsvRecord): void {
    const advisories = this.byKey.get(key);
    if (!advisories) return;
    const kept = advisories.records.flatMap((r, i) => (r === record ? [] : [i]));
    if (kept.length === advisories.records.length) return;
    if (kept.length === 0) {
      this.byKey.delete(key);
      return;
    }
    const pick = <T>(xs: readonly T[]) => kept.map((i) => xs[i]);
    this.byKey.set(key, {
      records: pick(advisories.records),
      entries: pick(advisories.entries),
      affectedIndexes: pick(advisories.affectedIndexes),
      ecosystem: advisories.ecosystem,
      name: advisories.name,
      spellings: advisories.spellings && pick(advisories.spellings),
      compiled: advisories.compiled?.filter((e) => e.record !== record),
      repeats: advisories.repeats,
      last: advisories.records[kept[kept.length - 1]],
    });
  }

  candidates(ecosystem: string, name: string): readonly CompiledAffected[] {
    return this.compiledFor(packageKey(ecosystem, name));
  }

  /** All advisories affecting one component (one match per advisory). */
  matchComponent<C extends ComponentRef>(component: C, out: MatchOutcome<C> = { matches: [], warnings: [] }): MatchOutcome<C> {
    const prepared = new PreparedComponent(component);
    const advisories = this.advisoriesFor(prepared.key);
    if (!advisories?.compiled) return out;
    if (!advisories.repeats) {
      for (const entry of advisories.compiled) evaluateEntry(entry, prepared, out);
      return out;
    }
    const matched = new Set<OsvRecord>();
    for (const entry of advisories.compiled) {
      if (matched.has(entry.record)) continue;
      if (evaluateEntry(entry, prepared, out)) matched.add(entry.record);
    }
    return out;
  }

  /** All matches for many components. */
  matchComponents<C extends ComponentRef>(components: Iterable<C>): MatchOutcome<C> {
    const out: MatchOutcome<C> = { matches: [], warnings: [] };
    for (const c of components) this.matchComponent(c, out);
    return out;
  }
}

export function buildAdvisoryIndex(records: Iterable<OsvRecord>): AdvisoryIndex {
  return new AdvisoryIndex(records);
}

/** Components grouped by normalised ecosystem + name, for matching one new advisory quickly. */
export class ComponentIndex<C extends ComponentRef = ComponentRef> {
  private readonly byKey = new Map<string, PreparedComponent<C>[]>();

  constructor(components: Iterable<C> = []) {
    for (const c of components) this.add(c);
  }

  add(component: C): void {
    const prepared = new PreparedComponent(component);
    const list = this.byKey.get(prepared.key);
    if (list) list.push(prepared);
    else this.byKey.set(prepared.key, [prepared]);
  }

  instances(key: string): readonly PreparedComponent<C>[] {
    return this.byKey.get(key) ?? [];
  }
}

/**
 * The incremental path: which component instances does one (new or updated) advisory affect?
 * Costs O(affected entries × instances of those packages). Withdrawn advisories affect nothing.
 */
export function matchAdvisory<C extends ComponentRef>(record: OsvRecord, components: ComponentIndex<C>): MatchOutcome<C> {
  const out: MatchOutcome<C> = { matches: [], warnings: [] };
  if (record.withdrawn) return out;
  const { affected, unmatchable } = compileRecord(record);
  for (const w of unmatchable) out.warnings.push({ advisoryId: record.id, ...w });
  const matched = new Set<PreparedComponent<C>>();
  for (const entry of affected) {
    for (const prepared of components.instances(entry.key)) {
      if (matched.has(prepared)) continue;
      if (evaluateEntry(entry, prepared, out)) matched.add(prepared);
    }
  }
  return out;
}
