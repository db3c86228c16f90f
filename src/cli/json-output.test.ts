import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { prettyJsonPieces, writePrettyJson } from "./json-output";

const dir = mkdtempSync(path.join(tmpdir(), "vigil-json-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const written = (value: unknown, batchChars?: number) => {
  const file = path.join(dir, `${files++}.json`);
  const fd = openSync(file, "w");
  try {
    writePrettyJson(fd, value, batchChars);
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, "utf8");
};

describe("JSON output in pieces", () => {
  test("equals JSON.stringify(value, null, 2) for what a scan writes: nested arrays, omitted members, toJSON, empty containers", () => {
    const value = {
      findings: [
        { id: "GHSA-1", details: "line one\nline two", fixed: undefined, at: new Date(Date.UTC(2026, 11, 7)), tags: [], extra: {} },
        { id: "GHSA-2", nested: { list: [1, null, "x"], fn: () => 1 }, boxed: new String("ab"), map: new Map([[1, 2]]) },
      ],
      warnings: [undefined, { source: "a.json", path: "affected[0]", message: "quote \" and backslash \\ and ünïcödé ✓ 🙂" }],
      empty: [],
      stats: { components: 3, nothing: undefined, sym: Symbol("s") },
    };
    expect(written(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
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

  test("batches of any size, and members longer than a batch, write the same bytes", () => {
    const findings = Array.from({ length: 2_000 }, (_, i) => ({ id: `OSV-${i}`, summary: `${"é".repeat(i % 7)}${"x".repeat(100)}` }));
    const value = { findings, huge: "y".repeat(5_000) };
    const expected = `${JSON.stringify(value, null, 2)}\n`;
    for (const batch of [1, 100, 4_096, 60_000]) expect(written(value, batch)).toBe(expected);
  });
});
