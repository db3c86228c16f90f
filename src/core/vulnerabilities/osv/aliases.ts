/**
 * Groups advisories that describe the same vulnerability: union-find over each record's id
 * and aliases (GHSA-…, CVE-…, PYSEC-…, GO-…, RUSTSEC-…), so that A aliasing B and B aliasing C
 * end up in one group even if A never names C.
 */
export interface VulnerabilityGroup {
  /** Preferred identifier: a CVE if there is one, else a GHSA, else the smallest id. */
  readonly primary: string;
  /** Every identifier in the group, sorted. */
  readonly ids: readonly string[];
  /** Ids of the records (as opposed to bare aliases) in the group. */
  readonly recordIds: readonly string[];
}

/**
 * Union-find over identifiers, each interned once as a number: a feed of tens of thousands of records with their
 * aliases makes hundreds of thousands of finds, which on numbers cost a fraction of a map lookup each.
 */
class DisjointSet {
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];
  private parent = new Int32Array(1024);

  /** The number of `x`, added as its own group when it is new. */
  intern(x: string): number {
    let i = this.index.get(x);
    if (i !== undefined) return i;
    i = this.names.length;
    this.index.set(x, i);
    this.names.push(x);
    if (i === this.parent.length) {
      const grown = new Int32Array(i * 2);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[i] = i;
    return i;
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[i] !== root) {
      const next = this.parent[i];
      this.parent[i] = root;
      i = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // the lexically smaller root wins, so the result does not depend on input order
    if (this.names[ra] < this.names[rb]) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }
}

function preference(id: string): number {
  if (id.startsWith("CVE-")) return 0;
  if (id.startsWith("GHSA-")) return 1;
  return 2;
}

export function choosePrimary(ids: readonly string[]): string {
  return [...ids].sort((a, b) => preference(a) - preference(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
}

type AliasedRecord = { readonly id: string; readonly aliases?: readonly string[] | null };

function unionOfAliases(records: Iterable<AliasedRecord>): { set: DisjointSet; recordIds: Set<string> } {
  const set = new DisjointSet();
  const recordIds = new Set<string>();
  for (const r of records) {
    const id = r.id.trim();
    recordIds.add(id);
    const own = set.intern(id);
    for (const alias of r.aliases ?? []) {
      const a = alias.trim();
      if (a !== "") set.union(own, set.intern(a));
    }
  }
  return { set, recordIds };
}

/** Members of each root that `wanted` accepts (every root when it is undefined). */
function membersByRoot(set: DisjointSet, wanted?: ReadonlySet<number>): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  set.names.forEach((id, i) => {
    const root = set.find(i);
    if (wanted && !wanted.has(root)) return;
    const g = groups.get(root);
    if (g) g.push(id);
    else groups.set(root, [id]);
  });
  return groups;
}

function groupOf(ids: string[], recordIds: ReadonlySet<string>): VulnerabilityGroup {
  ids.sort();
  return { primary: choosePrimary(ids), ids, recordIds: ids.filter((i) => recordIds.has(i)) };
}

export function mergeAliases(records: Iterable<AliasedRecord>): VulnerabilityGroup[] {
  const { set, recordIds } = unionOfAliases(records);
  return [...membersByRoot(set).values()]
    .map((ids) => groupOf(ids, recordIds))
    .sort((a, b) => (a.primary < b.primary ? -1 : a.primary > b.primary ? 1 : 0));
}

/** Passes over the records after which connectedRecords gives up narrowing them (a long chain of aliases). */
const MAX_PASSES = 6;

/**
 * The records that share an id, directly or through other records, with a record named in `wanted`: the only ones
 * whose groups are asked for. The ids of the records taken grow pass by pass until a pass adds none. Most records of
 * a feed are about other packages and never join, so the union-find runs over those few instead of every record;
 * past MAX_PASSES every record is kept, which gives the same groups.
 */
function connectedRecords(records: readonly AliasedRecord[], wanted: readonly string[]): readonly AliasedRecord[] {
  const want = new Set(wanted);
  const ids = new Set<string>();
  const taken = new Uint8Array(records.length);
  let added = 0;
  const take = (r: AliasedRecord, i: number) => {
    taken[i] = 1;
    added++;
    ids.add(r.id.trim());
    for (const alias of r.aliases ?? []) {
      const a = alias.trim();
      if (a !== "") ids.add(a);
    }
  };
  records.forEach((r, i) => {
    if (want.has(r.id.trim())) take(r, i);
  });
  for (let pass = 0; added > 0; pass++) {
    if (pass === MAX_PASSES) return records;
    added = 0;
    records.forEach((r, i) => {
      if (taken[i]) return;
      if (ids.has(r.id.trim()) || (r.aliases ?? []).some((a) => ids.has(a.trim()))) take(r, i);
    });
  }
  return records.filter((_, i) => taken[i] === 1);
}

/**
 * The groups mergeAliases would give, only for the records named in `wanted` (by trimmed id), keyed by every record
 * id of those groups: a scan needs the groups of the records that matched, not of every record of the feed.
 */
export function aliasGroupsOf(records: Iterable<AliasedRecord>, wanted: Iterable<string>): Map<string, VulnerabilityGroup> {
  const wantedIds = [...wanted].map((id) => id.trim());
  const { set, recordIds } = unionOfAliases(connectedRecords(Array.isArray(records) ? records : [...records], wantedIds));
  const roots = new Set<number>();
  for (const id of wantedIds) if (recordIds.has(id)) roots.add(set.find(set.intern(id)));
  const out = new Map<string, VulnerabilityGroup>();
  for (const ids of membersByRoot(set, roots).values()) {
    const group = groupOf(ids, recordIds);
    for (const id of group.recordIds) out.set(id, group);
  }
  return out;
}

/** Matches of one component regrouped so that aliases of one vulnerability count once. */
export interface VulnerabilityMatches<M extends { advisoryId: string; aliases: readonly string[] }> {
  readonly primary: string;
  readonly ids: readonly string[];
  readonly matches: readonly M[];
}

/**
 * Groups matches (typically of one component) by vulnerability identity, so that a GHSA and the
 * PYSEC record aliasing the same CVE are reported as one finding with both advisories attached.
 */
export function groupMatchesByVulnerability<M extends { advisoryId: string; aliases: readonly string[] }>(
  matches: readonly M[],
): VulnerabilityMatches<M>[] {
  const groups = mergeAliases(matches.map((m) => ({ id: m.advisoryId, aliases: m.aliases })));
  const groupOf = new Map<string, VulnerabilityGroup>();
  for (const g of groups) for (const id of g.recordIds) groupOf.set(id, g);
  const byPrimary = new Map<string, M[]>();
  for (const m of matches) {
    const primary = groupOf.get(m.advisoryId)?.primary ?? m.advisoryId;
    const list = byPrimary.get(primary);
    if (list) list.push(m);
    else byPrimary.set(primary, [m]);
  }
  return groups
    .filter((g) => byPrimary.has(g.primary))
    .map((g) => ({ primary: g.primary, ids: g.ids, matches: byPrimary.get(g.primary) ?? [] }));
}
