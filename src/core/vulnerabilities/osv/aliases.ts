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

class DisjointSet {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (!this.parent.has(x)) this.parent.set(x, x);
    while (root !== (this.parent.get(root) ?? root)) root = this.parent.get(root) ?? root;
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // the lexically smaller root wins, so the result does not depend on input order
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  keys(): IterableIterator<string> {
    return this.parent.keys();
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
    set.find(id);
    for (const alias of r.aliases ?? []) {
      const a = alias.trim();
      if (a !== "") set.union(id, a);
    }
  }
  return { set, recordIds };
}

/** Members of each root that `wanted` accepts (every root when it is undefined). */
function membersByRoot(set: DisjointSet, wanted?: ReadonlySet<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of [...set.keys()]) {
    const root = set.find(id);
    if (wanted && !wanted.has(root)) continue;
    const g = groups.get(root);
    if (g) g.push(id);
    else groups.set(root, [id]);
  }
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

/**
 * The groups mergeAliases would give, only for the records named in `wanted` (by trimmed id), keyed by every record
 * id of those groups: a scan needs the groups of the records that matched, not of every record of the feed.
 */
export function aliasGroupsOf(records: Iterable<AliasedRecord>, wanted: Iterable<string>): Map<string, VulnerabilityGroup> {
  const { set, recordIds } = unionOfAliases(records);
  const roots = new Set<string>();
  for (const id of wanted) if (recordIds.has(id.trim())) roots.add(set.find(id.trim()));
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
