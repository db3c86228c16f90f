import type { VigilApp } from "./types";

/**
 * A short in-process cache of reads that many concurrent users repeat (the dashboard's sources, the findings list's
 * totals). Under load one read per key and TTL reaches the database; requests arriving while it runs share it. Any
 * successful write in this process empties every such cache (see `emptiedOnWrite`); other processes of
 * `vigil serve --processes N` and writes made outside HTTP (jobs, CLI) are seen once the TTL has passed.
 */
export const SHORT_CACHE_TTL_MS = 5_000;

/** Entries held before expired ones are swept out on the next store. */
const SWEEP_AT = 1_000;

type Entry = { value: Promise<unknown>; storedAt: number; clockAt: number };

export class ShortCache {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = SHORT_CACHE_TTL_MS,
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
    if (this.entries.size >= SWEEP_AT) this.dropExpired(now);
    const value = read();
    const entry: Entry = { value, storedAt: now, clockAt };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** How many keys are held, expired ones included until a sweep. */
  get size(): number {
    return this.entries.size;
  }

  /** Keys are not bounded (a total per filter set, text searches included): past SWEEP_AT, expired entries go. */
  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.storedAt >= this.ttlMs) this.entries.delete(key);
  }

  /** Forgets everything, reads still running included: they answer the callers waiting for them and nobody else. */
  invalidate(): void {
    this.entries.clear();
  }
}

const cachesOf = new WeakMap<VigilApp, Set<ShortCache>>();

/**
 * A cache of this app emptied by every successful write (any request other than GET/HEAD/OPTIONS answered 2xx), before
 * the answer leaves, so a user sees their own write at once. One hook serves every cache.
 */
export function emptiedOnWrite(app: VigilApp, cache = new ShortCache()): ShortCache {
  let caches = cachesOf.get(app);
  if (!caches) {
    const registered = new Set<ShortCache>();
    caches = registered;
    cachesOf.set(app, registered);
    app.addHook("onSend", async (request, reply, payload) => {
      if (!["GET", "HEAD", "OPTIONS"].includes(request.method) && reply.statusCode >= 200 && reply.statusCode < 300) {
        for (const c of registered) c.invalidate();
      }
      return payload;
    });
  }
  caches.add(cache);
  return cache;
}

/** A read kept under a key naming what it reads (the filters of a total, say); `read` runs when none is held. */
export type KeptRead = <T>(key: string, read: () => Promise<T>) => Promise<T>;

/** A cache of `emptiedOnWrite` read through the application clock: a register's totals, its settings. */
export function keptReads(app: VigilApp): KeptRead {
  const cache = emptiedOnWrite(app);
  return (key, read) => cache.get(key, app.services.now().getTime(), read);
}
