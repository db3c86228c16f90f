import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { readOsvSource } from "../../src/cli/feeds";
import { matchOsvSource, planOsvSources } from "../../src/cli/feeds/osv-shards";
import { buildFindings, findingsFromMatching, mergeOsvShards, type ScanComponent, scanPackageKeys } from "../../src/core/feeds";
import { parseSbom } from "../../src/core/sbom";
import { distinctPurls } from "../../src/core/vulnerabilities";
import { fixture, requireFixtures } from "../support/fixtures";
import { tempDir } from "./scan-support";

const has = requireFixtures();
const context = { today: "2026-01-15" };

/** The components of every real CycloneDX SBOM of the trivy fixtures, as the scan takes them. */
function realComponents(): ScanComponent[] {
  const dir = fixture("sbom/cyclonedx/trivy-fixtures");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cdx.json"))
    .flatMap((f) => {
      const parsed = parseSbom({ fileName: f, content: readFileSync(path.join(dir, f)) });
      if (!parsed.ok) return [];
      return parsed.sbom.components.map((c) => ({ ref: `${f}#${c.ref}`, name: c.group ? `${c.group}/${c.name}` : c.name, version: c.version, purl: c.purl }));
    });
}

/** What the scan did before it read in shards: every record parsed in this thread, then one AdvisoryIndex. */
async function inOneIndex(sources: string[], components: ScanComponent[]) {
  const keys = scanPackageKeys(components.map((c) => c.purl));
  const read = await Promise.all(sources.map((s) => readOsvSource(s, undefined, keys)));
  const result = buildFindings({ components, advisories: read.flatMap((r) => r.records.map((x) => x.record)), context });
  return { result, errors: read.flatMap((r) => r.errors), warnings: read.flatMap((r) => r.warnings) };
}

/**
 * The scan's way: chunks of two files or entries taken by this thread and the workers in turn. Each worker first reads
 * one chunk ahead (as it does while a scan reads its SBOM) and matches it once the components arrive.
 */
async function inShards(sources: string[], components: ScanComponent[], threads: number) {
  const { plans, workers } = planOsvSources(sources, { threads, minimum: 1, chunk: 2, readAhead: 1 });
  const ahead = (await workers?.readAhead()) ?? [];
  const resolved = distinctPurls(components);
  const refs = [...resolved.components.values()].map(({ source: _, ...ref }) => ref);
  try {
    const shards = [];
    for (const plan of plans) shards.push(...(await matchOsvSource(plan, refs, workers)));
    const merged = mergeOsvShards(resolved.components, resolved.skipped, shards);
    return { shards: shards.length, ahead, result: findingsFromMatching({ components, context }, merged.matching, merged.identities), errors: merged.errors, warnings: merged.warnings };
  } finally {
    workers?.close();
  }
}

describe.skipIf(!has)("vigil scan reads large feeds in chunks on several threads", () => {
  test("real OSV records in a directory: shards on three threads give what one index gives, issue for issue", async () => {
    const components = realComponents();
    const sources = [fixture("osv/records")];
    const expected = await inOneIndex(sources, components);
    expect(expected.result.findings.length).toBeGreaterThan(20);
    expect(expected.errors.length).toBeGreaterThan(0);

    const sharded = await inShards(sources, components, 3);
    expect(sharded.ahead).toEqual([1, 1]);
    expect(sharded.shards).toBeGreaterThan(10);
    expect(sharded.result).toEqual(expected.result);
    expect(sharded.errors).toEqual(expected.errors);
    expect(sharded.warnings).toEqual(expected.warnings);
    const inThisThread = await inShards(sources, components, 1);
    expect(inThisThread.shards).toBe(1);
    expect(inThisThread.result).toEqual(expected.result);
  });

  test("an all.zip read twice, the second time with matched records withdrawn: the last reading counts, as in one index", async () => {
    const components = realComponents();
    const dir = tempDir();
    const bundle = fixture("osv/records/from-bundles");
    const entries: Record<string, Uint8Array> = {};
    const withdrawnEntries: Record<string, Uint8Array> = {};
    for (const f of readdirSync(bundle).filter((n) => n.endsWith(".json"))) {
      const text = readFileSync(path.join(bundle, f), "utf8");
      entries[f] = strToU8(text);
      // Every third record is withdrawn in the later archive; the rest are read again unchanged.
      const record = JSON.parse(text);
      withdrawnEntries[f] = strToU8(JSON.stringify(Object.keys(entries).length % 3 === 0 ? { ...record, withdrawn: "2025-06-01T00:00:00Z" } : record));
    }
    const first = path.join(dir, "all.zip");
    const second = path.join(dir, "later.zip");
    writeFileSync(first, zipSync(entries, { level: 6 }));
    writeFileSync(second, zipSync(withdrawnEntries, { level: 6 }));

    const once = await inOneIndex([first], components);
    expect(once.result.findings.length).toBeGreaterThan(5);
    expect((await inShards([first], components, 2)).result).toEqual(once.result);

    const expected = await inOneIndex([first, second], components);
    expect(expected.result.stats.withdrawn).toBeGreaterThan(0);
    expect(expected.result.findings.length).toBeLessThan(once.result.findings.length);
    const sharded = await inShards([first, second], components, 2);
    expect(sharded.ahead).toEqual([1]);
    expect(sharded.shards).toBeGreaterThan(4);
    expect(sharded.result).toEqual(expected.result);
    expect(sharded.errors).toEqual(expected.errors);
  });

  test("worker threads are started as a directory's listing passes the minimum, once, and never for a small feed", () => {
    const dir = tempDir();
    for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, `OSV-${i}.json`), "{}");
    const calls: number[] = [];
    const onShared = (threads: number) => calls.push(threads);
    const small = planOsvSources([dir], { threads: 3, minimum: 6, onShared });
    expect(calls).toEqual([]);
    expect(small.workers).toBeUndefined();
    expect(small.plans[0].feed).toBeUndefined();
    const large = planOsvSources([dir, dir], { threads: 3, minimum: 3, onShared });
    try {
      // Once per shared source (each lists 5 files past the minimum of 3); one set of workers for both.
      expect(calls).toEqual([3, 3]);
      expect(large.workers?.size).toBe(2);
      expect(large.plans.map((p) => p.feed !== undefined)).toEqual([true, true]);
    } finally {
      large.workers?.close();
    }
  });
});
