import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../../test/support/fixtures";
import { choosePrimary, groupMatchesByVulnerability, mergeAliases } from "../index";

describe("alias merging", () => {
  test("transitive aliases form one vulnerability, whatever the input order", () => {
    const records = [
      { id: "GHSA-aaaa-bbbb-cccc", aliases: ["CVE-2021-1"] },
      { id: "PYSEC-2021-9", aliases: ["CVE-2021-1", "GHSA-xxxx-yyyy-zzzz"] },
      { id: "GHSA-xxxx-yyyy-zzzz", aliases: [] },
      { id: "GO-2022-0001", aliases: null },
    ];
    const groups = mergeAliases(records);
    expect(groups).toEqual([
      {
        primary: "CVE-2021-1",
        ids: ["CVE-2021-1", "GHSA-aaaa-bbbb-cccc", "GHSA-xxxx-yyyy-zzzz", "PYSEC-2021-9"],
        recordIds: ["GHSA-aaaa-bbbb-cccc", "GHSA-xxxx-yyyy-zzzz", "PYSEC-2021-9"],
      },
      { primary: "GO-2022-0001", ids: ["GO-2022-0001"], recordIds: ["GO-2022-0001"] },
    ]);
    expect(mergeAliases([...records].reverse())).toEqual(groups);
  });

  test("primary identifier preference: CVE, then GHSA, then the smallest id", () => {
    expect(choosePrimary(["PYSEC-1", "GHSA-b", "GHSA-a"])).toBe("GHSA-a");
    expect(choosePrimary(["RUSTSEC-2", "GO-1"])).toBe("GO-1");
    expect(choosePrimary(["GHSA-a", "CVE-2"])).toBe("CVE-2");
  });

  test.skipIf(!requireFixtures())("the santatracker bundle's GHSA records group by their CVE aliases", () => {
    const bundle = JSON.parse(readFileSync(fixture("osv", "bundles", "osv-scanner-santatracker-vulns.json"), "utf8")) as {
      vulns: { id: string; aliases?: string[] }[];
    };
    const groups = mergeAliases(bundle.vulns);
    const ids = new Set(bundle.vulns.map((v) => v.id));
    // every record lands in exactly one group
    expect(groups.flatMap((g) => g.recordIds).sort()).toEqual([...ids].sort());
    const withCve = groups.filter((g) => g.primary.startsWith("CVE-"));
    expect(withCve.length).toBeGreaterThan(100);
    for (const g of groups) for (const id of g.recordIds) expect(g.ids).toContain(id);
  });

  test("matches of one component from aliased advisories become one vulnerability", () => {
    const matches = [
      { advisoryId: "GHSA-aaaa-bbbb-cccc", aliases: ["CVE-2023-1"] },
      { advisoryId: "PYSEC-2023-7", aliases: ["CVE-2023-1", "GHSA-aaaa-bbbb-cccc"] },
      { advisoryId: "GHSA-dddd-eeee-ffff", aliases: [] },
    ];
    const groups = groupMatchesByVulnerability(matches);
    expect(groups.map((g) => [g.primary, g.matches.map((m) => m.advisoryId)])).toEqual([
      ["CVE-2023-1", ["GHSA-aaaa-bbbb-cccc", "PYSEC-2023-7"]],
      ["GHSA-dddd-eeee-ffff", ["GHSA-dddd-eeee-ffff"]],
    ]);
  });
});
