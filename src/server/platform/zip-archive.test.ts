import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { inflateEntry, ZipFormatError, zipEntries } from "./zip-archive";

const archive = (files: Record<string, Uint8Array>, level: 0 | 6) => Buffer.from(zipSync(files, { level }));

describe("zip archive reader", () => {
  test.each([0, 6] as const)("reads stored and deflated entries alike (level %i), folders included", (level) => {
    const buf = archive({ "a/ONE.json": strToU8('{"id":"ONE"}'), "TWO.json": strToU8("x".repeat(10_000)) }, level);
    const entries = zipEntries(buf);
    const method = level === 0 ? 0 : 8;
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ["a/ONE.json", method, 12],
      ["TWO.json", method, 10_000],
    ]);
    expect(inflateEntry(buf, entries[0]).toString()).toBe('{"id":"ONE"}');
    expect(inflateEntry(buf, entries[1]).toString()).toBe("x".repeat(10_000));
  });

  test("a corrupted entry fails its CRC; text is not a zip", () => {
    const buf = archive({ "ONE.json": strToU8('{"id":"ONE"}') }, 0);
    buf[buf.indexOf("ONE\"}") + 1] = 0x58;
    const [entry] = zipEntries(buf);
    expect(() => inflateEntry(buf, entry)).toThrow("CRC mismatch");
    expect(() => zipEntries(Buffer.from("this is not a zip archive at all, just text"))).toThrow(ZipFormatError);
  });
});
