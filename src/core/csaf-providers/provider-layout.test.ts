import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { effectiveTlp, mergeListings, parseHashFile, parseIndexTxt, parseProviderMetadata, parseRolieFeed, tlpIsPublic } from "./provider-layout";

const distribution = (...parts: string[]) => readFileSync(fixture("csaf", "oasis-examples", "distribution", ...parts), "utf8");

test.runIf(requireFixtures())("the OASIS example provider metadata and ROLIE feed name their documents and hash files", () => {
  const meta = parseProviderMetadata(distribution("provider-metadata", "example-01-provider-metadata.json"), "https://www.example.com/.well-known/csaf/provider-metadata.json");
  expect(meta.ok).toBe(true);
  if (!meta.ok) return;
  expect(meta.value.feeds.length + meta.value.directories.length).toBeGreaterThan(0);
  for (const f of meta.value.feeds) expect(f.url).toMatch(/^https:\/\//);
  expect(meta.value.openpgpKeys.length).toBeGreaterThan(0);
  for (const k of meta.value.openpgpKeys) expect(k.fingerprint).toMatch(/^[0-9a-f]{40}$/);
  const feedUrl = "https://psirt.domain.tld/advisories/csaf/feed-tlp-white.json";
  const feed = parseRolieFeed(distribution("ROLIE", "example-01-feed-tlp-white.json"), feedUrl, "WHITE");
  expect(feed.problems).toEqual([]);
  expect(feed.documents.length).toBeGreaterThan(0);
  for (const d of feed.documents) {
    expect(d.url).toMatch(/\.json$/);
    expect(d.feedTlp).toBe("WHITE");
  }
});

test("index.txt lines become document URLs inside the directory; anything else is a problem with its line", () => {
  const dir = "https://psirt.example.com/.well-known/csaf/white/";
  const read = parseIndexTxt("2026/a.json\n\n2026/b.json\r\n../../secret.json\nnotes.txt\n2026/a.json\n", dir);
  expect(read.documents.map((d) => [d.url, d.sha256Url])).toEqual([
    [`${dir}2026/a.json`, `${dir}2026/a.json.sha256`],
    [`${dir}2026/b.json`, `${dir}2026/b.json.sha256`],
  ]);
  expect(read.problems.map((p) => p.path)).toEqual(["index.txt line 4", "index.txt line 5"]);
});

test("metadata without distributions, or naming none, is refused with its path", () => {
  expect(parseProviderMetadata("{", "https://x/provider-metadata.json")).toMatchObject({ ok: false, problem: { path: "provider-metadata.json" } });
  expect(parseProviderMetadata('{"distributions":[{}]}', "https://x/provider-metadata.json")).toMatchObject({ ok: false, problem: { reason: expect.stringContaining("neither") } });
  expect(parseProviderMetadata('{"distributions":[{"directory_url":"file:///etc/"}]}', "https://x/provider-metadata.json").ok).toBe(false);
});

test("hash files in sha256sum format; TLP labels", () => {
  const hex = "a".repeat(64);
  expect(parseHashFile(`${hex}  doc.json\n`, "sha256")).toBe(hex);
  expect(parseHashFile(`${hex.toUpperCase()}\n`, "sha256")).toBe(hex);
  expect(parseHashFile("not a hash", "sha256")).toBeNull();
  expect(parseHashFile(`${hex}  doc.json`, "sha512")).toBeNull();
  expect(effectiveTlp(null, "AMBER")).toBe("AMBER");
  expect(effectiveTlp("RED", "WHITE")).toBe("RED");
  expect(effectiveTlp("white", null)).toBe("WHITE");
  expect(effectiveTlp(null, null)).toBeNull();
  expect([null, "WHITE", "CLEAR", "GREEN", "AMBER"].map(tlpIsPublic)).toEqual([true, true, true, false, false]);
});

test("a document listed by the directory and a feed is fetched once, keeping the feed's label and hash links", () => {
  const url = "https://p/white/2026/a.json";
  const signatureUrl = `${url}.asc`;
  const merged = mergeListings([{ url, sha256Url: `${url}.sha256`, sha512Url: null, signatureUrl, feedTlp: null }], [{ url, sha256Url: null, sha512Url: `${url}.sha512`, signatureUrl, feedTlp: "WHITE" }]);
  expect(merged).toEqual([{ url, sha256Url: `${url}.sha256`, sha512Url: `${url}.sha512`, signatureUrl, feedTlp: "WHITE" }]);
});
