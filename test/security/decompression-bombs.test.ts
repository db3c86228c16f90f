import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { gunzipBounded, InflateLimitError, unzipBounded } from "../../src/server/platform/bounded-inflate";
import { FEED_INFLATE_LIMITS, parseFeedFiles } from "../../src/server/vulnerabilities/feed-files";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

/** Issue 17, hole 3: compressed imports inflated without an output cap. */

/** 2 GiB of zeros as 128 concatenated gzip members of 16 MiB each (about 2 MB): gunzip reads them as one stream. */
function gzipOfTwoGibZeros(): Buffer {
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: 128 }, () => member));
}

/** A zip whose one entry declares `declared` bytes but inflates to `actual` zeros. */
function lyingZip(entryName: string, actual: number, declared: number): Buffer {
  const bytes = Buffer.from(zipSync({ [entryName]: new Uint8Array(actual) }));
  const local = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  bytes.writeUInt32LE(declared, local + 22);
  bytes.writeUInt32LE(declared, central + 24);
  return bytes;
}

test("hole 3: 2 GiB of gzipped zeros stop at the limit, without inflating them", () => {
  const bomb = gzipOfTwoGibZeros();
  expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
  const before = process.memoryUsage().rss;
  expect(() => gunzipBounded("epss.csv.gz", bomb, 8 * 1024 * 1024)).toThrow(InflateLimitError);
  expect(() => gunzipBounded("epss.csv.gz", bomb, 8 * 1024 * 1024)).toThrow("epss.csv.gz: refused, more than 8 MiB once decompressed");
  expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);

  const parsed = parseFeedFiles([{ name: "epss.csv.gz", content: bomb }], { maxEntryBytes: 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 });
  expect(parsed.errors).toEqual([{ file: "epss.csv.gz", path: "(file)", reason: "refused, more than 8 MiB once decompressed" }]);
});

test("hole 3: a zip entry that lies about its size fails at the declared size; declared sizes are capped per entry and in total", () => {
  expect(() => unzipBounded("osv.zip", lyingZip("GHSA-1.json", 50 * 1024 * 1024, 100), FEED_INFLATE_LIMITS)).toThrow(
    "osv.zip!GHSA-1.json: refused, more than 100 bytes once decompressed, the size its archive declares",
  );
  expect(() => unzipBounded("osv.zip", lyingZip("GHSA-2.json", 1024, 2 * 1024 * 1024), { maxEntryBytes: 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 })).toThrow(
    "osv.zip!GHSA-2.json: refused, more than 1 MiB once decompressed",
  );
  const many = Buffer.from(zipSync(Object.fromEntries([0, 1, 2].map((i) => [`GHSA-${i}.json`, new Uint8Array(600 * 1024)]))));
  expect(() => unzipBounded("all.zip", many, { maxEntryBytes: 1024 * 1024, maxTotalBytes: 1024 * 1024 })).toThrow("all.zip: refused, more than 1 MiB once decompressed");
  const honest = unzipBounded("all.zip", many, { maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 });
  expect(honest.map((e) => e.data.length)).toEqual([600 * 1024, 600 * 1024, 600 * 1024]);
});

describe.each(await backends())("decompression bombs sent to the API on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
  }, 300_000);
  afterAll(async () => vigil?.stop());

  test("hole 3: an OSV all.zip with a lying entry is refused naming the file and the limit, and nothing is imported", async () => {
    const before = (await call(vigil, officer, "GET", "/api/vulnerability-imports")).body;
    const res = await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [{ name: "npm-all.zip", contentBase64: lyingZip("GHSA-x.json", 64 * 1024 * 1024, 512).toString("base64") }] });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({ file: "npm-all.zip!GHSA-x.json", reason: "refused, more than 512 bytes once decompressed, the size its archive declares" });
    expect((await call(vigil, officer, "GET", "/api/vulnerability-imports")).body).toBe(before);
  }, 120_000);

  test("hole 3: an XLSX risk register whose sheet part lies about its size is refused with 413", async () => {
    const risky = await call(vigil, officer, "POST", "/api/risks/import", { fileName: "risks.xlsx", contentBase64: lyingZip("xl/worksheets/sheet1.xml", 64 * 1024 * 1024, 1000).toString("base64") });
    expect(risky.statusCode, risky.body).toBe(413);
    expect(risky.json().error.message).toBe("risks.xlsx!xl/worksheets/sheet1.xml: refused, more than 1000 bytes once decompressed, the size its archive declares");
  }, 120_000);
});
