import { describe, expect, test } from "vitest";
import { ShortCache } from "../../src/server/platform/http/short-cache";

describe("short cache", () => {
  const setup = () => {
    let t = 0;
    const cache = new ShortCache(5_000, () => t);
    let reads = 0;
    const read = async () => ++reads;
    return { cache, read, advance: (ms: number) => (t += ms), reads: () => reads };
  };

  test("one read per key within the TTL, shared by callers arriving while it runs; a new read after it", async () => {
    const { cache, read, advance, reads } = setup();
    expect(await Promise.all([cache.get("a", 0, read), cache.get("a", 0, read)])).toEqual([1, 1]);
    advance(4_999);
    expect(await cache.get("a", 0, read)).toBe(1);
    expect(await cache.get("b", 0, read)).toBe(2);
    advance(1);
    expect(await cache.get("a", 0, read)).toBe(3);
    expect(reads()).toBe(3);
  });

  test("the application clock moving by the TTL expires an entry; invalidate forgets everything", async () => {
    const { cache, read } = setup();
    await cache.get("a", 0, read);
    expect(await cache.get("a", 4_000, read)).toBe(1);
    expect(await cache.get("a", 5_000, read)).toBe(2);
    cache.invalidate();
    expect(await cache.get("a", 5_000, read)).toBe(3);
  });

  test("past a thousand keys, storing one drops the expired ones", async () => {
    const { cache, read, advance } = setup();
    for (let i = 0; i < 999; i++) await cache.get(`old ${i}`, 0, read);
    advance(5_000);
    await cache.get("fresh", 0, read);
    expect(cache.size).toBe(1_000);
    await cache.get("another", 0, read);
    expect(cache.size).toBe(2);
  });

  test("a failed read is not kept", async () => {
    const { cache, read } = setup();
    await expect(cache.get("a", 0, () => Promise.reject(new Error("register down")))).rejects.toThrow("register down");
    expect(await cache.get("a", 0, read)).toBe(1);
  });
});
