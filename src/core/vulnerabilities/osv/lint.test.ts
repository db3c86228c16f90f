import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../../test/support/fixtures";
import { validateOsvRecord } from "../index";

const hasFixtures = requireFixtures();
const linterFixture = (name: string): unknown => JSON.parse(readFileSync(fixture("osv", "osv-linter-testdata", name), "utf8"));

describe.skipIf(!hasFixtures)("osv-linter fixtures", () => {
  test.each([
    "CVE-2018-5407.json",
    "CVE-2023-41045.json",
    "GHSA-9v2f-6vcg-3hgv.json",
    "GO-2020-0001.json",
    "GO-2024-2963.json",
    "PYSEC-2023-74.json",
    "MAL-2024-10238.json",
    "nopackage-GHSA-9v2f-6vcg-3hgv.json",
  ])("%s is valid (package existence checks need the network and are not run)", (name) => {
    const v = validateOsvRecord(linterFixture(name));
    expect(v.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(v.ok).toBe(true);
  });

  test("RHSA-2022_0216: REC:001, affected is missing", () => {
    const v = validateOsvRecord(linterFixture("RHSA-2022_0216.json"));
    expect(v.ok).toBe(false);
    expect(v.issues).toEqual([expect.objectContaining({ severity: "error", code: "REC:001", path: "affected" })]);
  });

  test("SUSE-FU-2022_0444-1: REC:001, affected is empty", () => {
    const v = validateOsvRecord(linterFixture("SUSE-FU-2022_0444-1.json"));
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => [i.code, i.path])).toEqual([["REC:001", "affected"]]);
    expect(v.issues[0].message).toContain("cannot be null or empty");
  });

  test("nointroduced-CVE-2023-41045: RNG:001 on the range without introduced", () => {
    const v = validateOsvRecord(linterFixture("nointroduced-CVE-2023-41045.json"));
    expect(v.ok).toBe(false);
    expect(v.issues).toContainEqual({
      severity: "error",
      code: "RNG:001",
      path: "affected[0].ranges[0].events",
      message: "missing introduced object in event",
    });
  });

  test("nondistinct-CVE-2018-5407: RNG:002 names the repeated GIT event", () => {
    const v = validateOsvRecord(linterFixture("nondistinct-CVE-2018-5407.json"));
    expect(v.ok).toBe(false);
    const errors = v.issues.filter((i) => i.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe("RNG:002");
    expect(errors[0].path).toMatch(/^affected\[\d+\]\.ranges\[\d+\]\.events\[1\]$/);
    expect(errors[0].message).toContain("e818b74be2170fbe957a07b0da4401c2b694b3b8");
  });
});

describe("structural errors carry exact paths", () => {
  const base = {
    id: "TEST-1",
    modified: "2024-01-01T00:00:00Z",
    affected: [{ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] }],
  };

  test("a valid minimal record passes", () => {
    expect(validateOsvRecord(base)).toMatchObject({ ok: true, issues: [] });
  });

  test("not an object, missing id, bad timestamp", () => {
    expect(validateOsvRecord("nope").issues[0]).toMatchObject({ code: "SCHEMA", path: "(record)" });
    const v = validateOsvRecord({ modified: "yesterday" });
    expect(v.issues.map((i) => i.path).sort()).toEqual(["id", "modified"]);
    expect(v.issues.find((i) => i.path === "modified")?.message).toBe("must be an RFC 3339 timestamp");
  });

  test("an event with two kinds, a non-string version, a GIT range without repo", () => {
    const bad = structuredClone(base) as { affected: { ranges: unknown[] }[] };
    bad.affected[0].ranges = [
      { type: "SEMVER", events: [{ introduced: "1.0.0", fixed: "1.0.2" }] },
      { type: "GIT", events: [{ introduced: "0" }, { fixed: "abc" }] },
    ];
    const v = validateOsvRecord(bad);
    expect(v.ok).toBe(false);
    expect(v.issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}`)).toEqual([
      "SCHEMA affected[0].ranges[0].events[0]",
      "RNG:001 affected[0].ranges[0].events",
      "SCHEMA affected[0].ranges[1].repo",
      "SCHEMA affected[0].ranges[1].events[1].fixed",
    ]);
    const typed = structuredClone(base) as { affected: { ranges: { events: unknown[] }[] }[] };
    typed.affected[0].ranges[0].events = [{ introduced: 1 }];
    const t = validateOsvRecord(typed);
    expect(t.issues).toEqual([
      expect.objectContaining({ code: "SCHEMA", path: "affected[0].ranges[0].events[0].introduced" }),
    ]);
  });

  test("fixed and last_affected together, unknown range type, package without name or purl", () => {
    const bad = structuredClone(base) as { affected: Record<string, unknown>[] };
    bad.affected.push({ package: { ecosystem: "npm" }, versions: ["1"] });
    (bad.affected[0] as { ranges: unknown[] }).ranges = [
      { type: "SEMVER", events: [{ introduced: "0" }, { fixed: "2" }, { last_affected: "1" }] },
      { type: "CALVER", events: [{ introduced: "0" }] },
    ];
    const v = validateOsvRecord(bad);
    expect(v.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["SCHEMA affected[1].package"]);
    bad.affected.pop();
    const w = validateOsvRecord(bad);
    expect(w.issues.map((i) => `${i.code} ${i.path} ${i.message}`)).toEqual([
      "SCHEMA affected[0].ranges[0].events last_affected and fixed events are mutually exclusive",
      'SCHEMA affected[0].ranges[1].type unknown range type "CALVER" (expected SEMVER, ECOSYSTEM or GIT)',
    ]);
  });

  test("severity both on the record and on an affected package is rejected", () => {
    const rec = { ...structuredClone(base), severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }] };
    expect(validateOsvRecord(rec).ok).toBe(true);
    (rec.affected[0] as Record<string, unknown>).severity = rec.severity;
    expect(validateOsvRecord(rec).issues.map((i) => `${i.code} ${i.path}`)).toEqual(["SCHEMA affected[0].severity"]);
  });

  test("a repeated event names the first event with its value, in a short range and in one past the linear search", () => {
    const repeats = (events: unknown[]) => {
      const rec = structuredClone(base) as { affected: { ranges: { type: string; events: unknown[] }[] }[] };
      rec.affected[0].ranges = [{ type: "SEMVER", events }];
      return validateOsvRecord(rec).issues.filter((i) => i.code === "RNG:002").map((i) => `${i.path} ${i.message}`);
    };
    // The event without a kind is skipped, so positions and seen values differ: the index is the event's own.
    expect(repeats([{}, { introduced: "1.0.0" }, { limit: "1.0.0" }, { fixed: "1.0.0" }, { fixed: "2.0.0" }])).toEqual([
      'affected[0].ranges[0].events[3] event "1.0.0" repeats events[1]: range events must be distinct',
    ]);
    const long = Array.from({ length: 40 }, (_, i) => (i % 2 ? { fixed: `${i}.0.0` } : { introduced: `${i}.0.0` }));
    long.push({ fixed: "4.0.0" }, { introduced: "7.0.0" });
    expect(repeats(long)).toEqual([
      'affected[0].ranges[0].events[40] event "4.0.0" repeats events[4]: range events must be distinct',
      'affected[0].ranges[0].events[41] event "7.0.0" repeats events[7]: range events must be distinct',
    ]);
    expect(repeats(long.slice(0, 40))).toEqual([]);
  });

  test("a package named only by purl is accepted", () => {
    const rec = structuredClone(base) as { affected: Record<string, unknown>[] };
    rec.affected[0].package = { purl: "pkg:npm/x" };
    expect(validateOsvRecord(rec).ok).toBe(true);
  });
});
