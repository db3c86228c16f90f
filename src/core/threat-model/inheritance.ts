/**
 * Inheritance between versions: a version's model starts as a copy of its predecessor's. `parentOf` maps a version
 * to the version it inherited from. Returns the chain from `versionId` upwards, or the cycle that a new link
 * `versionId → fromVersionId` would close.
 */
export function inheritanceCycle(versionId: string, fromVersionId: string, parentOf: ReadonlyMap<string, string | null>): string[] | null {
  const chain = [versionId];
  let current: string | null | undefined = fromVersionId;
  const seen = new Set<string>();
  while (current) {
    chain.push(current);
    if (current === versionId) return chain;
    if (seen.has(current)) return null; // an existing loop elsewhere; not closed by this link
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return null;
}
