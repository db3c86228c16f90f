import { Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { prettyJsonPieces, writePrettyJson } from "./json-output";

const written = async (value: unknown, batchChars?: number) => {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      mostWaiting = Math.max(mostWaiting, sink.writableLength);
      setImmediate(done);
    },
  });
  let mostWaiting = 0;
  await writePrettyJson(sink, value, batchChars);
  await new Promise((resolve) => sink.end(resolve));
  return { text: Buffer.concat(chunks).toString("utf8"), chunks, mostWaiting };
};

describe("JSON output in pieces", () => {
  test("equals JSON.stringify(value, null, 2) for what a scan writes: nested arrays, omitted members, toJSON, empty containers", async () => {
    const value = {
      findings: [
        { id: "GHSA-1", details: "line one\nline two", fixed: undefined, at: new Date(Date.UTC(2026, 11, 7)), tags: [], extra: {} },
        { id: "GHSA-2", nested: { list: [1, null, "x"], fn: () => 1 }, boxed: new String("ab"), map: new Map([[1, 2]]) },
      ],
      warnings: [undefined, { source: "a.json", path: "affected[0]", message: "quote \" and backslash \\ and ünïcödé ✓ 🙂" }],
      empty: [],
      stats: { components: 3, nothing: undefined, sym: Symbol("s"), gone: { toJSON: () => undefined } },
      list: [{ toJSON: () => undefined }, () => 1, Symbol("t"), { toJSON: () => ({ a: [1] }) }],
    };
    expect((await written(value)).text).toBe(`${JSON.stringify(value, null, 2)}\n`);
    expect([...prettyJsonPieces({})].join("")).toBe("{}");
    expect([...prettyJsonPieces([])].join("")).toBe("[]");
  });

  test("property: any JSON value, opened to any depth, joins to JSON.stringify's text", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, depth) => {
        expect([...prettyJsonPieces(value, depth)].join("")).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  test("batches of any size, and members longer than a batch, write the same text, waiting for a slow reader", async () => {
    const findings = Array.from({ length: 2_000 }, (_, i) => ({ id: `OSV-${i}`, summary: `${"é".repeat(i % 7)}${"x".repeat(100)}` }));
    const value = { findings, huge: "y".repeat(5_000) };
    const expected = `${JSON.stringify(value, null, 2)}\n`;
    for (const batch of [1, 100, 4_096, 60_000]) {
      const { text, chunks, mostWaiting } = await written(value, batch);
      expect(text).toBe(expected);
      // A batch is made only once the reader has taken what was waiting past its high-water mark (1,024 bytes): never
      // the document (about 290 KB), at most a batch or the 5 KB member longer than one (2 bytes a character at most).
      expect(mostWaiting).toBeLessThanOrEqual(1_024 + 2 * Math.max(batch, 5_010));
      // Every chunk is whole UTF-8 (a batch is encoded on its own), so a reader decoding chunk by chunk loses nothing.
      expect(chunks.map((c) => c.toString("utf8")).join("")).toBe(expected);
    }
    expect((await written(value)).chunks.length).toBeGreaterThan(3);
  });
});
