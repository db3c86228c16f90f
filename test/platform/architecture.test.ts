import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const coreDir = path.join(root, "src/core");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith(".")) return []; // editor and scratch files
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
// The core may hash and parse, but never reach disk, network, processes or the clock of the machine.
const forbiddenModules = /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|worker_threads|dgram|dns|tls|cluster|os|process)$/;

test("the domain core imports no adapter and performs no I/O", () => {
  const problems: string[] = [];
  for (const file of sourceFiles(coreDir)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(importPattern)) {
      const spec = m[1] ?? m[2];
      const rel = path.relative(root, file);
      if (forbiddenModules.test(spec)) problems.push(`${rel} imports ${spec}`);
      if (spec.startsWith(".")) {
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(coreDir)) problems.push(`${rel} imports ${path.relative(root, target)} outside the core`);
      }
    }
    if (/process\.env|Date\.now\(\)/.test(text)) problems.push(`${path.relative(root, file)} reads the environment or the machine clock`);
  }
  expect(problems).toEqual([]);
});
