// Scan benchmark: `vigil scan` of a 5,000-component SBOM against 60,000 OSV records, as a directory of JSON files
// (osv.dev's per-ecosystem layout) and as one all.zip, each run as a separate process from start to exit. The floor
// is a separate node process that only reads and parses the same input (readFileSync + JSON.parse of every file;
// unzipSync + JSON.parse of every entry), so the ratio is what scanning costs beyond reading the data at all.
// Scale: VIGIL_BENCH_SCAN_ADVISORIES, VIGIL_BENCH_SCAN_COMPONENTS (defaults 60000, 5000).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { osvCorpus } from "./osv-corpus";
import { mb, rng, summarise, table } from "./support";

const ADVISORIES = Number(process.env.VIGIL_BENCH_SCAN_ADVISORIES ?? 60_000);
const COMPONENTS = Number(process.env.VIGIL_BENCH_SCAN_COMPONENTS ?? 5_000);
const RUNS = 2;
const vigil = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/vigil.js");

const READ_DIR = `
const fs = require("node:fs"), path = require("node:path");
let n = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
  const p = path.join(d, e.name);
  if (e.isDirectory()) walk(p); else { JSON.parse(fs.readFileSync(p, "utf8")); n++; } } };
walk(process.argv[1]);
process.stdout.write(String(n));`;

const READ_ZIP = `
const fs = require("node:fs"), { unzipSync } = require("fflate");
const entries = unzipSync(fs.readFileSync(process.argv[1]));
const decoder = new TextDecoder();
let n = 0;
for (const name in entries) { JSON.parse(decoder.decode(entries[name])); n++; }
process.stdout.write(String(n));`;

/** Wall time of a whole process, best of RUNS; fails loudly when the process fails. */
function processMs(args: string[], what: string): { ms: number; stdout: string } {
  let best: { ms: number; stdout: string } | null = null;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${what} exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
    if (!best || ms < best.ms) best = { ms, stdout: r.stdout };
  }
  return best!;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-bench-scan-"));
  try {
    const random = rng(20261206);
    const corpus = osvCorpus(random);
    const packages = Array.from({ length: Math.max(1_000, Math.round(ADVISORIES / 8)) }, (_, i) => corpus.makePackage(i));
    const osvDir = path.join(dir, "osv");
    const zipEntries: Record<string, Uint8Array> = {};
    let bytes = 0;
    const encoder = new TextEncoder();
    for (let i = 0; i < ADVISORIES; i++) {
      const record = corpus.makeAdvisory(i, packages);
      const text = JSON.stringify(record, null, 2);
      const eco = record.affected?.[0]?.package?.ecosystem?.split(":")[0] ?? "other";
      mkdirSync(path.join(osvDir, eco), { recursive: true });
      writeFileSync(path.join(osvDir, eco, `${record.id}.json`), text);
      zipEntries[`${record.id}.json`] = encoder.encode(text);
      bytes += text.length;
    }
    const zipFile = path.join(dir, "all.zip");
    writeFileSync(zipFile, zipSync(zipEntries, { level: 6 }));
    const components = Array.from({ length: COMPONENTS }, (_, i) => {
      const pkg = packages[corpus.skewed(packages.length)];
      const version = pkg.versions[Math.floor(random() * pkg.versions.length)];
      return { type: "library", "bom-ref": `c${i}`, name: pkg.name, version, purl: pkg.purl(version) };
    });
    const sbomFile = path.join(dir, "sbom.cdx.json");
    writeFileSync(
      sbomFile,
      JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", version: 1, metadata: { component: { type: "device", name: "Bench device", version: "1.0" } }, components }),
    );
    process.stdout.write(`inputs: ${ADVISORIES} OSV records (${mb(bytes)} of JSON, zip ${mb(readFileSync(zipFile).length)}), SBOM of ${COMPONENTS} components\n`);

    const floorDir = processMs(["-e", READ_DIR, osvDir], "reading the directory");
    const floorZip = processMs(["-e", READ_ZIP, zipFile], "reading the zip");
    const scan = (source: string) => processMs([vigil, "scan", sbomFile, "--vulns", source, "--format", "json"], `vigil scan --vulns ${source}`);
    const scanDir = scan(osvDir);
    const scanZip = scan(zipFile);
    const findings = (out: string) => (JSON.parse(out) as { findings: unknown[] }).findings.length;
    if (findings(scanDir.stdout) !== findings(scanZip.stdout)) throw new Error("directory and zip scans disagree");
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    table([
      { step: "node: readFileSync + JSON.parse every file (floor)", ms: floorDir.ms.toFixed(0), ratio: "1.00×", note: `${floorDir.stdout} files` },
      { step: "vigil scan --vulns <directory>", ms: scanDir.ms.toFixed(0), ratio: ratio(scanDir.ms, floorDir.ms), note: `${findings(scanDir.stdout)} findings; goal ≤ 1.5×` },
      { step: "node: unzipSync + JSON.parse every entry (floor)", ms: floorZip.ms.toFixed(0), ratio: "1.00×", note: `${floorZip.stdout} entries` },
      { step: "vigil scan --vulns all.zip", ms: scanZip.ms.toFixed(0), ratio: ratio(scanZip.ms, floorZip.ms), note: "goal ≤ 1.5×" },
    ]);
    summarise("vigil scan, directory of OSV files ÷ readFileSync + JSON.parse", `${ratio(scanDir.ms, floorDir.ms)} (${(scanDir.ms / 1000).toFixed(1)} s vs ${(floorDir.ms / 1000).toFixed(1)} s)`, "≤ 1.5×");
    summarise("vigil scan, all.zip ÷ unzipSync + JSON.parse", `${ratio(scanZip.ms, floorZip.ms)} (${(scanZip.ms / 1000).toFixed(1)} s vs ${(floorZip.ms / 1000).toFixed(1)} s)`, "≤ 1.5×");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
