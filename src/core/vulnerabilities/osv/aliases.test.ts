import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../../test/support/fixtures";
import { aliasGroupsOf, choosePrimary, groupMatchesByVulnerability, mergeAliases } from "../index";

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

  test("property: the groups of the wanted records are those of all records merged, chains through unwanted ones included", () => {
    const id = fc.constantFrom("CVE-1", "CVE-2", "GHSA-a", "GHSA-b", "PYSEC-1", "GO-1", "RUSTSEC-1", " CVE-1", "OSV-1", "OSV-2", "OSV-3");
    const record = fc.record({ id, aliases: fc.option(fc.array(fc.oneof(id, fc.constant("")), { maxLength: 3 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 14 }), fc.array(id, { maxLength: 4 }), (records, wanted) => {
        const all = mergeAliases(records);
        const expected = new Map<string, (typeof all)[number]>();
        const wantedIds = new Set(wanted.map((w) => w.trim()));
        for (const g of all) if (g.recordIds.some((r) => wantedIds.has(r))) for (const r of g.recordIds) expected.set(r, g);
        expect(aliasGroupsOf(records, wanted)).toEqual(expected);
      }),
      { numRuns: Number(process.env.VIGIL_FUZZ_RUNS ?? 500) },
    );
  });

  test("regression: the wanted ids may come as a one-pass iterable (they were read twice)", () => {
    const records = [{ id: "GHSA-a", aliases: ["CVE-1"] }, { id: "PYSEC-1", aliases: ["CVE-1"] }];
    const groups = aliasGroupsOf(records, new Set(["GHSA-a"]).values());
    expect(groups.get("GHSA-a")?.recordIds).toEqual(["GHSA-a", "PYSEC-1"]);
  });

  test("a chain of aliases longer than the passes allow still groups whole", () => {
    const chain = Array.from({ length: 12 }, (_, i) => ({ id: `OSV-${String(i).padStart(2, "0")}`, aliases: i === 0 ? [] : [`OSV-${String(i - 1).padStart(2, "0")}`] }));
    const groups = aliasGroupsOf([...chain].reverse(), ["OSV-00"]);
    expect(groups.get("OSV-00")?.recordIds).toHaveLength(12);
    expect(groups.get("OSV-11")).toBe(groups.get("OSV-00"));
  });
});
