import { type CompileWarning, ComponentIndex, type ComponentRef, type DistinctComponent, type Match, type MatchWarning, matchAdvisory, packageKey, type SkippedComponent } from "../vulnerabilities";
import type { PurlMatching, ScanComponent } from "./findings";
import { recordForFindings } from "./finding-record";
import { type OsvFeedRecord, parseOsvText } from "./osv";
import type { FeedIssue } from "./types";

// A large feed is read in shards (chunks of files or entries, by several threads): each shard parses its records,
// validates those about the scan's packages and matches them against the scan's components itself, and hands back
// only what matched, the identity of every record (for alias merging and withdrawal) and its issues. mergeOsvShards then gives exactly the matching of
// one AdvisoryIndex over the whole feed in read order (matchScanAdvisories), which the scan turns into findings.

type Ordered = ComponentRef & { readonly order: number };

/** Where a record stands among the records of its shard, in read order. */
type Positioned = { readonly position: number };

export type ShardMatch = Omit<Match, "component"> & Positioned & { readonly component: number };
export type ShardMatchWarning = Omit<MatchWarning, "component"> & Positioned & { readonly component: number };

/** What one shard sends back: plain data, cheap to pass between threads. */
export interface OsvShardResult {
  readonly errors: FeedIssue[];
  readonly warnings: FeedIssue[];
  /** Every record read, in order. */
  readonly records: Array<{ readonly id: string; readonly aliases?: readonly string[]; readonly withdrawn: boolean }>;
  /** Components are numbered in the order the shard was given them. */
  readonly matches: ShardMatch[];
  readonly matchWarnings: ShardMatchWarning[];
  readonly unmatchable: Array<Positioned & { readonly id: string; readonly warnings: CompileWarning[] }>;
}

const emptyShard = (): OsvShardResult => ({ errors: [], warnings: [], records: [], matches: [], matchWarnings: [], unmatchable: [] });

/** Reads the OSV texts of one shard and matches each record, as it is read, against the scan's distinct purls. */
export class OsvShardMatcher {
  private readonly components = new ComponentIndex<Ordered>();
  private readonly keys = new Set<string>();
  private out: OsvShardResult = emptyShard();

  /** `components`: the scan's distinct purls resolved (distinctPurls), in order; matches refer to them by number. */
  constructor(components: readonly ComponentRef[]) {
    components.forEach((component, order) => {
      this.components.add({ ...component, order });
      this.keys.add(packageKey(component.ecosystem, component.name));
    });
  }

  error(issue: FeedIssue): void {
    this.out.errors.push(issue);
  }

  text(file: string, text: string): void {
    const read = parseOsvText(file, text, this.keys);
    for (const e of read.errors) this.out.errors.push(e);
    for (const w of read.warnings) this.out.warnings.push(w);
    for (const r of read.records) this.add(r);
  }

  private add({ record, withdrawn }: OsvFeedRecord): void {
    const position = this.out.records.length;
    this.out.records.push({ id: record.id, ...(record.aliases ? { aliases: record.aliases } : {}), withdrawn });
    if (withdrawn) return;
    const outcome = matchAdvisory(record, this.components);
    const unmatchable: CompileWarning[] = [];
    for (const { component, advisoryId: _, ...w } of outcome.warnings) {
      if (component) this.out.matchWarnings.push({ ...w, advisoryId: record.id, component: component.order, position });
      else unmatchable.push(w as CompileWarning);
    }
    if (unmatchable.length > 0) this.out.unmatchable.push({ position, id: record.id, warnings: unmatchable });
    if (outcome.matches.length === 0) return;
    const kept = recordForFindings(record);
    for (const m of outcome.matches) this.out.matches.push({ ...m, record: kept, component: m.component.order, position });
  }

  /** What was read since the last take, as one shard; the next records start a new one. */
  take(): OsvShardResult {
    const taken = this.out;
    this.out = emptyShard();
    return taken;
  }
}

/** The result of one chunk of a feed that several threads read: `chunk` is its place in read order. */
export interface ChunkResult {
  readonly chunk: number;
  readonly result: OsvShardResult;
}

/**
 * A worker's chunk results as they cross threads: JSON text. Their tens of thousands of small objects (one identity
 * per record read) cost several times more to structured-clone than to stringify and parse. They hold plain objects,
 * arrays, strings and finite numbers only (validated record fields and what matching built from them), which JSON
 * keeps as they are.
 */
export const encodeChunkResults = (results: readonly ChunkResult[]): string => JSON.stringify(results);
export const decodeChunkResults = (text: string): ChunkResult[] => JSON.parse(text) as ChunkResult[];

/** The shards of a feed in read order, from chunk results gathered from every thread in any order. */
export function inReadOrder(results: readonly ChunkResult[]): OsvShardResult[] {
  return [...results].sort((a, b) => a.chunk - b.chunk).map((r) => r.result);
}

/**
 * The matching of the whole feed from its shards, given in read order. As in an AdvisoryIndex, a record id read
 * twice counts as its last reading (withdrawn or not, and where it stands), and matches are ordered by component,
 * then by record.
 */
export function mergeOsvShards(
  components: Map<string, DistinctComponent<ScanComponent>>,
  skipped: readonly SkippedComponent<ScanComponent>[],
  shards: readonly OsvShardResult[],
): { matching: PurlMatching; identities: OsvShardResult["records"]; errors: FeedIssue[]; warnings: FeedIssue[] } {
  const ordered = [...components.values()];
  const offsets: number[] = [];
  const last = new Map<string, number>();
  let offset = 0;
  for (const shard of shards) {
    offsets.push(offset);
    shard.records.forEach((r, i) => {
      last.set(r.id, offset + i);
    });
    offset += shard.records.length;
  }
  // Each id as last read, in the order of those last readings.
  let live = 0;
  const withdrawn: string[] = [];
  shards.forEach((shard, s) => {
    shard.records.forEach((r, i) => {
      if (last.get(r.id) !== offsets[s] + i) return;
      if (r.withdrawn) withdrawn.push(r.id);
      else live++;
    });
  });
  const current = <T extends Positioned & { readonly advisoryId?: string; readonly id?: string }>(shard: number, list: readonly T[]) =>
    list.map((item) => ({ item, at: offsets[shard] + item.position })).filter(({ item, at }) => last.get(item.advisoryId ?? item.id ?? "") === at);
  const byComponentThenRecord = (a: { item: { component: number }; at: number }, b: { item: { component: number }; at: number }) =>
    a.item.component - b.item.component || a.at - b.at;
  const matches = shards.flatMap((s, i) => current(i, s.matches)).sort(byComponentThenRecord);
  const matchWarnings = shards.flatMap((s, i) => current(i, s.matchWarnings)).sort(byComponentThenRecord);
  const unmatchable = new Map(shards.flatMap((s, i) => current(i, s.unmatchable)).map(({ item }) => [item.id, item.warnings] as const));
  return {
    matching: {
      components,
      skipped,
      outcome: {
        matches: matches.map(({ item: { position: _, ...m } }) => ({ ...m, component: ordered[m.component] })),
        warnings: matchWarnings.map(({ item: { position: _, ...w } }) => ({ ...w, component: ordered[w.component] })),
      },
      unmatchable,
      advisories: live,
      withdrawn,
    },
    identities: shards.flatMap((s) => s.records),
    errors: shards.flatMap((s) => s.errors),
    warnings: shards.flatMap((s) => s.warnings),
  };
}
