import type { ComponentRef } from "../purl/purl";
import { packageKey } from "../purl/names";
import { type CompiledAffected, type CompileWarning, compileRecord } from "./compile";
import { evaluateEntry, type MatchOutcome, PreparedComponent } from "./match";
import { type OsvIssue, validateOsvRecord } from "./lint";
import type { OsvRecord } from "./schema";

function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}

/**
 * Advisories compiled for matching, keyed by normalised ecosystem + package name, so that
 * matching N components costs O(components × advisories for that package). Withdrawn
 * records are kept out; affected entries that cannot be matched (GIT-only) are listed.
 */
export class AdvisoryIndex {
  private readonly byKey = new Map<string, CompiledAffected[]>();
  private readonly keysById = new Map<string, readonly string[]>();
  private readonly records = new Map<string, OsvRecord>();
  private readonly withdrawnIds = new Set<string>();
  private readonly unmatchableById = new Map<string, CompileWarning[]>();

  constructor(records: Iterable<OsvRecord> = []) {
    for (const r of records) this.add(r);
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
    const { affected, unmatchable } = compileRecord(record);
    if (unmatchable.length > 0) this.unmatchableById.set(record.id, unmatchable);
    const keys: string[] = [];
    for (const entry of affected) {
      if (!keys.includes(entry.key)) keys.push(entry.key);
      const list = this.byKey.get(entry.key);
      if (list) list.push(entry);
      else this.byKey.set(entry.key, [entry]);
    }
    this.keysById.set(record.id, keys);
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
    this.withdrawnIds.delete(id);
    this.unmatchableById.delete(id);
    if (!this.records.delete(id)) return;
    for (const key of this.keysById.get(id) ?? []) {
      const kept = (this.byKey.get(key) ?? []).filter((e) => e.record.id !== id);
      if (kept.length === 0) this.byKey.delete(key);
      else this.byKey.set(key, kept);
    }
    this.keysById.delete(id);
  }

  candidates(ecosystem: string, name: string): readonly CompiledAffected[] {
    return this.byKey.get(packageKey(ecosystem, name)) ?? [];
  }

  /** All advisories affecting one component (one match per advisory). */
  matchComponent<C extends ComponentRef>(component: C, out: MatchOutcome<C> = { matches: [], warnings: [] }): MatchOutcome<C> {
    const prepared = new PreparedComponent(component);
    const entries = this.byKey.get(prepared.key);
    if (!entries) return out;
    const matched = new Set<string>();
    for (const entry of entries) {
      if (matched.has(entry.record.id)) continue;
      if (evaluateEntry(entry, prepared, out)) matched.add(entry.record.id);
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
