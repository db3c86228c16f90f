// `npm run bench`: runs every benchmark in this folder in one process and prints its table.
// Each benchmark reports ratios measured in the same run (e.g. work ÷ time to merely parse the same input),
// so that the numbers mean something on any machine. No benchmark is a test: nothing here asserts a time.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { printSummary } from "./support";

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const f of files) {
  const mod = (await import(path.join(dir, f))) as { run(): Promise<void> };
  process.stdout.write(`\n== ${f.replace(".bench.ts", "")} ==\n`);
  await mod.run();
}
printSummary();
