import { describe, expect, test } from "vitest";
import type { ProviderEntry } from "./provider";
import { advisoryListPage, directoryListing, tlpFolderNames, yearFolderNames } from "./public-pages";

const entry = (trackingId: string, title: string, initial: string, current = initial): ProviderEntry => ({
  trackingId,
  title,
  tlp: "WHITE",
  initialReleaseDate: initial,
  currentReleaseDate: current,
});
const entries = [entry("DM-SA-2025-009", "Old", "2025-12-01T00:00:00Z", "2026-02-01T00:00:00Z"), entry("DM-SA-2026-001", "New <b>pump</b>", "2026-11-23T10:00:00Z")];

describe("public provider pages", () => {
  test("the TLP folder lists its year folders and its three index files", () => {
    expect(tlpFolderNames("WHITE", entries)).toEqual(["2025/", "2026/", "changes.csv", "csaf-feed-tlp-white.json", "index.txt"]);
  });

  test("a year folder lists each document of that year with its hash files", () => {
    expect(yearFolderNames("2026", entries)).toEqual(["dm-sa-2026-001.json", "dm-sa-2026-001.json.sha256", "dm-sa-2026-001.json.sha512"]);
    expect(yearFolderNames("2024", entries)).toEqual([]);
  });

  test("listings link every name and escape markup", () => {
    const html = directoryListing("/.well-known/csaf/white/", ["2026/", "a\"b<c>.json"]);
    expect(html).toContain('<a href="2026/">2026/</a>');
    expect(html).toContain("a&quot;b&lt;c&gt;.json");
    expect(html).not.toContain("<c>");
  });

  test("the advisory list is newest first, escapes titles and links the CSAF document", () => {
    const html = advisoryListPage("Demo Medical GmbH", "/.well-known/csaf/white/", entries);
    expect(html.indexOf("DM-SA-2026-001")).toBeLessThan(html.indexOf("DM-SA-2025-009"));
    expect(html).toContain("New &lt;b&gt;pump&lt;/b&gt;");
    expect(html).toContain('href="/.well-known/csaf/white/2025/dm-sa-2025-009.json"');
    expect(advisoryListPage("X", "/", [])).toContain("No security advisory has been published.");
  });
});
