/**
 * A short in-process cache of what the dashboard widgets read, keyed by whose view it is (role and scope) and the
 * source. Under many concurrent users one read per source and TTL reaches the database; requests arriving while it
 * runs share it. Any successful write in this process empties the cache (see `invalidate`); other processes of
 * `vigil serve --processes N` and writes made outside HTTP (jobs, CLI) are seen once the TTL has passed.
 */
export const DASHBOARD_CACHE_TTL_MS = 5_000;

type Entry = { value: Promise<unknown>; storedAt: number; clockAt: number };

export class DashboardCache {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = DASHBOARD_CACHE_TTL_MS,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  /**
   * The cached value of `key`, or `read()` stored under it. An entry expires after the TTL of real time, and also
   * when the application clock has moved by more than the TTL (tests and demos set that clock). A failed read is
   * not kept.
   */
  get<T>(key: string, clockAt: number, read: () => Promise<T>): Promise<T> {
    const now = this.monotonic();
    const hit = this.entries.get(key);
    if (hit && now - hit.storedAt < this.ttlMs && Math.abs(clockAt - hit.clockAt) < this.ttlMs) return hit.value as Promise<T>;
    const value = read();
    const entry: Entry = { value, storedAt: now, clockAt };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets everything, reads still running included: they answer the callers waiting for them and nobody else. */
  invalidate(): void {
    this.entries.clear();
  }
}
