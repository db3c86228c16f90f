import type { AnyVersionScheme } from "../versions/ecosystems";

/**
 * An `affected[].versions` list. GHSA and PyPI records list hundreds of versions, most of which
 * no portfolio ever asks about, so the lookup structures are built on first use.
 */
export class VersionList {
  private exact: Set<string> | undefined;
  private sortedKeys: unknown[] | undefined;

  constructor(
    private readonly raw: readonly string[],
    private readonly scheme: AnyVersionScheme | undefined,
  ) {}

  get size(): number {
    return this.raw.length;
  }

  /** Exact string membership, as the OSV spec's IncludedInVersions. */
  has(version: string): boolean {
    if (this.raw.length <= 8) return this.raw.includes(version);
    this.exact ??= new Set(this.raw);
    return this.exact.has(version);
  }

  /**
   * Whether a version equal to `v` under the ecosystem ordering is listed, so that spelling
   * differences ("1.0" = "1.0.0" in Maven) still match. Binary search over the sorted list.
   */
  hasEquivalent(v: unknown): boolean {
    const scheme = this.scheme;
    if (!scheme) return false;
    this.sortedKeys ??= this.raw
      .map((x) => {
        try {
          const k = scheme.parse(x);
          return typeof k === "string" ? undefined : k;
        } catch {
          return undefined;
        }
      })
      .filter((k) => k !== undefined)
      .sort((a, b) => scheme.compare(a, b));
    const keys = this.sortedKeys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = scheme.compare(v, keys[mid]);
      if (d === 0) return true;
      if (d < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return false;
  }
}
