import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { readCve5Source, readEpss, readKev, readOsvSource } from "../../src/cli/feeds";
import { fixture, requireFixtures } from "../support/fixtures";
import { BUNDLE_RECORDS, EPSS_CSV, JQUERY_GHSA, KEV_CSV, KEV_JSON, tempDir } from "./scan-support";

const has = requireFixtures();

describe.skipIf(!has)("feed readers (files, directories, archives)", () => {
  test("a directory is read recursively; every real bundle record validates", async () => {
    const r = await readOsvSource(BUNDLE_RECORDS);
    expect(r.errors).toEqual([]);
    expect(r.records.length).toBe(534);
    const all = await readOsvSource(fixture("osv/records/go-vulndb"));
    expect(all.records.every((x) => x.record.affected?.some((a) => a.package?.ecosystem === "Go"))).toBe(true);
  });

  test("all.zip: entries under folders and many records, with a broken entry named by archive!entry", async () => {
    const dir = tempDir();
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 300; i++) {
      files[`GHSA-test-${i}.json`] = strToU8(
        JSON.stringify({
          id: `TEST-${i}`,
          modified: "2025-01-01T00:00:00Z",
          affected: [{ package: { ecosystem: "npm", name: `pkg-${i}` }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.0.0" }] }] }],
        }),
      );
    }
    files["nested/broken.json"] = strToU8("{ nope");
    const zip = path.join(dir, "all.zip");
    writeFileSync(zip, zipSync(files, { level: 6 }));
    const seen: number[] = [];
    const r = await readOsvSource(zip, (done) => seen.push(done));
    expect(r.records).toHaveLength(300);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].file).toBe(`${zip}!nested/broken.json`);
    expect(r.errors[0].reason).toMatch(/^invalid JSON/);
    expect(seen.length).toBeGreaterThan(0);
    const notZip = path.join(dir, "fake.zip");
    writeFileSync(notZip, "this is not a zip archive at all, just text that is long enough");
    const bad = await readOsvSource(notZip);
    expect(bad.records).toEqual([]);
    expect(bad.errors).toEqual([{ file: notZip, path: "(archive)", reason: "not a zip archive, or an archive without entries" }]);
  });

  test("a zip entry that inflates past its declared size is refused by name, not inflated (decompression bomb)", async () => {
    const dir = tempDir();
    const record = strToU8(JSON.stringify({ id: "BOMB-1", modified: "2025-01-01T00:00:00Z", padding: "a".repeat(5_000_000) }));
    const zip = Buffer.from(zipSync({ "BOMB-1.json": record }, { level: 9 }));
    // Declare 100 bytes uncompressed in the local header and in the central directory.
    zip.writeUInt32LE(100, 22);
    zip.writeUInt32LE(100, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    const file = path.join(dir, "bomb.zip");
    writeFileSync(file, zip);
    const r = await readOsvSource(file);
    expect(r.records).toEqual([]);
    expect(r.errors).toEqual([{ file: `${file}!BOMB-1.json`, path: "(entry)", reason: expect.stringMatching(/^cannot decompress: .*100 bytes/) }]);
  });

  test("files of a directory are read whole: one past the reading buffer (1 MB), one gzipped, one small after both", async () => {
    const dir = tempDir();
    const record = JSON.parse(readFileSync(JQUERY_GHSA, "utf8"));
    const many = Array.from({ length: 400 }, (_, i) => ({ ...record, id: `GHSA-big-${i}`, details: "x".repeat(3000) }));
    const big = JSON.stringify(many);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    writeFileSync(path.join(dir, "a-big.json"), big);
    writeFileSync(path.join(dir, "b-gzipped.json"), gzipSync(JSON.stringify({ ...record, id: "GHSA-gz" })));
    writeFileSync(path.join(dir, "c-small.json"), JSON.stringify({ ...record, id: "GHSA-small" }));
    const r = await readOsvSource(dir);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => x.record.id)).toEqual([...many.map((m) => m.id), "GHSA-gz", "GHSA-small"]);
  });

  test("missing paths are errors, not exceptions", async () => {
    const r = await readOsvSource("/nonexistent/osv");
    expect(r.errors).toEqual([{ file: "/nonexistent/osv", path: "(file)", reason: "cannot read: no such file or directory" }]);
    expect((await readKev("/nonexistent/kev.json")).errors[0].reason).toContain("no such file");
  });

  test("KEV CSV and JSON give the same set; EPSS reads plain and gzipped alike", async () => {
    const json = await readKev(KEV_JSON);
    const csv = await readKev(KEV_CSV);
    expect(new Set(csv.records.map((e) => e.cveID))).toEqual(new Set(json.records.map((e) => e.cveID)));
    expect(csv.records.length).toBe(1404);
    const dir = tempDir();
    const gz = path.join(dir, "epss.csv.gz");
    const { readFileSync } = await import("node:fs");
    writeFileSync(gz, gzipSync(`#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\n${readFileSync(EPSS_CSV, "utf8")}`));
    const zipped = await readEpss(gz);
    const plain = await readEpss(EPSS_CSV);
    expect(zipped.records).toEqual(plain.records);
    expect(zipped.meta.modelVersion).toBe("v2025.03.14");
    const corrupt = path.join(dir, "corrupt.csv.gz");
    writeFileSync(corrupt, Buffer.concat([gzipSync("cve,epss,percentile\n").subarray(0, 12)]));
    expect((await readEpss(corrupt)).errors[0].reason).toMatch(/not a valid gzip file/);
  });

  test("CVE 5 directories: only CVE-*.json files are read", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "2021", "44xxx"), { recursive: true });
    const { copyFileSync } = await import("node:fs");
    copyFileSync(fixture("cve5/osv.dev-testdata/cvelistV5/CVE-2021-44228.json"), path.join(dir, "2021", "44xxx", "CVE-2021-44228.json"));
    writeFileSync(path.join(dir, "delta.json"), "{}");
    const r = await readCve5Source(dir);
    expect(r.errors).toEqual([]);
    expect(r.records.map((c) => c.id)).toEqual(["CVE-2021-44228"]);
    expect((await readOsvSource(JQUERY_GHSA)).records[0].record.id).toBe("GHSA-jpcq-cgw6-v4j6");
  });
});
