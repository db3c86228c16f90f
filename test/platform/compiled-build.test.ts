import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compiledEntry } from "../../bin/compile.js";

/** Package names a compiled module imports at run time (Node's own modules aside). */
function packagesImported(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:^|[;\n])\s*import\s[^;]*?from\s*"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]);
  return [...new Set(specifiers.filter((s) => !s.startsWith("node:") && !s.startsWith(".")))].sort();
}

/** The modules a compiled entry reaches through its static and dynamic imports of chunks. */
function reachedFrom(dir: string, entries: readonly string[]): string[] {
  const reached = new Set<string>();
  const visit = (name: string) => {
    if (reached.has(name)) return;
    reached.add(name);
    const text = readFileSync(path.join(dir, name), "utf8");
    for (const m of text.matchAll(/"\.\/([\w.-]+\.js)"/g)) visit(m[1]);
  };
  for (const entry of entries) visit(entry);
  return [...reached];
}

/** Code without its comments and string literals (roughly: enough to find a free identifier). */
const codeOnly = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/[^\n]*/g, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');

// A command's start was mostly finding and loading packages file by file (semver alone is 45 CommonJS files, each
// also scanned for its exports); the feed reader threads of `vigil scan` loaded theirs before reading a file.
describe("compiled command line", () => {
  test("the feed reader thread is one file with its packages inside: it imports only Node's own modules", async () => {
    const entry = await compiledEntry();
    expect(entry).not.toBeNull();
    const worker = path.join(path.dirname(fileURLToPath(entry as string)), "osv-shard-worker.js");
    expect(packagesImported(worker)).toEqual([]);
  });

  test("the command line's plain JavaScript packages are bundled; packages with native code, assets or shared objects stay external", async () => {
    const entry = await compiledEntry();
    expect(entry).not.toBeNull();
    const dir = path.dirname(fileURLToPath(entry as string));
    // Only the chunks this build's entry reaches (older builds' chunks stay a day for processes still running).
    const imported = new Set(reachedFrom(dir, ["main.js"]).flatMap((name) => packagesImported(path.join(dir, name))));
    for (const bundled of ["commander", "semver", "yaml", "packageurl-js", "luxon", "fflate"]) expect(imported.has(bundled), bundled).toBe(false);
    for (const external of ["zod", "@electric-sql/pglite", "fastify"]) expect([...imported].some((p) => p === external || p.startsWith(`${external}/`)), external).toBe(true);
  });

  test("no bundled module uses __dirname or __filename, which an ES module does not have (the CycloneDX library finds its schemas so)", async () => {
    const entry = await compiledEntry();
    expect(entry).not.toBeNull();
    const dir = path.dirname(fileURLToPath(entry as string));
    const users = reachedFrom(dir, ["main.js", "osv-shard-worker.js"]).filter((name) => /\b__(?:dirname|filename)\b/.test(codeOnly(readFileSync(path.join(dir, name), "utf8"))));
    expect(users).toEqual([]);
  });
});
