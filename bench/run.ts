// `npm run bench`: runs every benchmark in this folder in one process and prints its table.
// Each benchmark reports ratios measured in the same run (e.g. work ÷ time to merely parse the same input),
// so that the numbers mean something on any machine. No benchmark is a test: nothing here asserts a time.
// The benchmarks are first compiled as `vigil` itself is (bin/compile.js), so that they measure the code that ships.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileBenchmarks } from "../bin/compile.js";

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const sources = [...files, "support.ts"].map((f) => path.join(dir, f));
const compiled = await compileBenchmarks(sources, path.join(dir, "..", "dist", "bench"));
if (!compiled) process.stdout.write("esbuild is not installed: the benchmarks run from the TypeScript sources (slower than what ships)\n");
const urls = compiled ?? sources;

for (const [i, f] of files.entries()) {
  const mod = (await import(urls[i])) as { run(): Promise<void> };
  process.stdout.write(`\n== ${f.replace(".bench.ts", "")} ==\n`);
  await mod.run();
}
const { printSummary } = (await import(urls[files.length])) as typeof import("./support");
printSummary();
