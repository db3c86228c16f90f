import { describe, expect, test } from "vitest";
import { AdvisoryIndex, type ComponentRef, matchRecord, type OsvRecord } from "../index";

const MODIFIED = "2024-01-01T00:00:00Z";

function record(id: string, affected: OsvRecord["affected"], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id, modified: MODIFIED, affected, ...extra };
}

const npm = (name: string, version: string): ComponentRef => ({ ecosystem: "npm", name, version });

function affectedVersions(r: OsvRecord, c: (v: string) => ComponentRef, versions: string[]): string[] {
  return versions.filter((v) => matchRecord(r, c(v)).matches.length > 0);
}

describe("OSV range evaluation follows the spec's IsVulnerable", () => {
  test("several introduced/fixed pairs, given out of order, are sorted before evaluation", () => {
    const r = record("TEST-1", [
      {
        package: { ecosystem: "RubyGems", name: "activesupport" },
        ranges: [
          {
            type: "ECOSYSTEM",
            events: [
              { introduced: "3.2.0" },
              { fixed: "3.2.22" },
              { introduced: "4.2.0" },
              { fixed: "4.2.2" },
              { introduced: "4.0.0" },
              { fixed: "4.1.11" },
            ],
          },
        ],
      },
    ]);
    const gem = (v: string): ComponentRef => ({ ecosystem: "RubyGems", name: "activesupport", version: v });
    const all = ["3.1.9", "3.2.0", "3.2.21", "3.2.22", "3.9", "4.0.0", "4.1.10", "4.1.11", "4.1.12", "4.2.0", "4.2.1", "4.2.2", "5.0.0"];
    expect(affectedVersions(r, gem, all)).toEqual(["3.2.0", "3.2.21", "4.0.0", "4.1.10", "4.2.0", "4.2.1"]);
    const hit = matchRecord(r, gem("4.1.10")).matches[0];
    expect(hit.range?.text).toBe(">= 4.0.0, < 4.1.11");
    expect(hit.affectedRange).toBe("ECOSYSTEM >= 4.0.0, < 4.1.11");
    expect(hit.fixedVersions).toEqual(["3.2.22", "4.1.11", "4.2.2"]);
  });

  test('introduced "0" sorts before every version, including pre-releases', () => {
    const r = record("TEST-2", [
      { package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.0.0" }] }] },
    ]);
    expect(affectedVersions(r, (v) => npm("x", v), ["0.0.0", "0.0.0-alpha", "0.9.9", "1.0.0-rc.1", "1.0.0", "1.0.1"])).toEqual([
      "0.0.0",
      "0.0.0-alpha",
      "0.9.9",
      "1.0.0-rc.1",
    ]);
    expect(matchRecord(r, npm("x", "0.5.0")).matches[0].range?.text).toBe("< 1.0.0");
  });

  test("last_affected includes its own version and nothing above it", () => {
    const r = record("TEST-3", [
      { package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ introduced: "1.0.0" }, { last_affected: "1.4.2" }] }] },
    ]);
    expect(affectedVersions(r, (v) => npm("x", v), ["0.9.0", "1.0.0", "1.4.2", "1.4.3-beta", "1.4.3", "2.0.0"])).toEqual([
      "1.0.0",
      "1.4.2",
    ]);
    const m = matchRecord(r, npm("x", "1.4.2")).matches[0];
    expect(m.range?.lastAffected).toBe("1.4.2");
    expect(m.affectedRange).toBe("SEMVER >= 1.0.0, <= 1.4.2");
    expect(m.fixedVersions).toEqual([]);
  });

  test("limit events bound the range (several allowed, '*' is infinity)", () => {
    const r = record("TEST-4", [
      {
        package: { ecosystem: "PyPI", name: "x" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "1.0" }, { limit: "1.5" }, { limit: "1.2" }] }],
      },
    ]);
    const py = (v: string): ComponentRef => ({ ecosystem: "PyPI", name: "x", version: v });
    expect(affectedVersions(r, py, ["0.9", "1.0", "1.4.9", "1.5", "2.0"])).toEqual(["1.0", "1.4.9"]);
    const star = record("TEST-5", [
      { package: { ecosystem: "PyPI", name: "x" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "1.0" }, { limit: "*" }] }] },
    ]);
    expect(affectedVersions(star, py, ["0.9", "1.0", "99"])).toEqual(["1.0", "99"]);
  });

  test("explicit versions lists match exactly, also without ranges", () => {
    const r = record("TEST-6", [{ package: { ecosystem: "Maven", name: "g:a" }, versions: ["1.0", "1.1"] }]);
    const mvn = (v: string): ComponentRef => ({ ecosystem: "Maven", name: "g:a", version: v });
    expect(affectedVersions(r, mvn, ["0.9", "1.0", "1.0.0", "1.1", "1.2"])).toEqual(["1.0", "1.0.0", "1.1"]);
    expect(matchRecord(r, mvn("1.1")).matches[0].affectedRange).toBe("listed in affected[0].versions");
  });

  test("introduced equal to fixed affects nothing at that version (RUSTSEC-2024-0399 shape)", () => {
    const r = record("TEST-7", [
      {
        package: { ecosystem: "crates.io", name: "rustls" },
        ranges: [{ type: "SEMVER", events: [{ introduced: "0.23.0" }, { fixed: "0.23.0" }, { introduced: "0.23.13" }, { fixed: "0.23.18" }] }],
      },
    ]);
    const crate = (v: string): ComponentRef => ({ ecosystem: "crates.io", name: "rustls", version: v });
    expect(affectedVersions(r, crate, ["0.22.9", "0.23.0", "0.23.12", "0.23.13", "0.23.17", "0.23.18"])).toEqual([
      "0.23.13",
      "0.23.17",
    ]);
  });

  test("GIT ranges and unknown range types produce warnings, never a silent skip", () => {
    const r = record("TEST-8", [
      {
        package: { ecosystem: "npm", name: "x" },
        ranges: [
          { type: "GIT", repo: "https://example.org/x.git", events: [{ introduced: "0" }, { fixed: "a".repeat(40) }] },
          { type: "CALVER", events: [{ introduced: "2020.1" }] },
        ],
      },
    ]);
    const out = matchRecord(r, npm("x", "1.0.0"));
    expect(out.matches).toEqual([]);
    expect(out.warnings.map((w) => [w.code, w.path])).toEqual([
      ["git-range", "affected[0].ranges[0]"],
      ["unknown-range-type", "affected[0].ranges[1]"],
    ]);
  });

  test("a GIT-only affected entry is reported as unmatchable by the index", () => {
    const r = record("TEST-9", [{ ranges: [{ type: "GIT", repo: "https://example.org/x.git", events: [{ introduced: "0" }] }] }]);
    const index = new AdvisoryIndex([r]);
    expect(index.unmatchable.get("TEST-9")?.[0].code).toBe("no-package");
  });

  test("withdrawn records are excluded from matching", () => {
    const affected: OsvRecord["affected"] = [
      { package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] },
    ];
    const index = new AdvisoryIndex([record("W-1", affected, { withdrawn: MODIFIED }), record("L-1", affected)]);
    expect(index.withdrawn).toEqual(["W-1"]);
    expect(index.matchComponent(npm("x", "1.0.0")).matches.map((m) => m.advisoryId)).toEqual(["L-1"]);
    // a later withdrawal of L-1 removes it
    index.add(record("L-1", affected, { withdrawn: MODIFIED }));
    expect(index.matchComponent(npm("x", "1.0.0")).matches).toEqual([]);
  });

  test("an unparseable component version is reported, and the versions list still matches exactly", () => {
    const r = record("TEST-10", [
      {
        package: { ecosystem: "Debian:12", name: "openssl" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.0.11-1~deb12u1" }] }],
        versions: ["x:broken"],
      },
    ]);
    const deb = (v: string): ComponentRef => ({ ecosystem: "Debian:12", name: "openssl", version: v });
    const out = matchRecord(r, deb("x:broken"));
    expect(out.matches[0].matchedBy).toBe("versions");
    const bad = matchRecord(r, deb("y:broken"));
    expect(bad.matches).toEqual([]);
    expect(bad.warnings[0].code).toBe("invalid-component-version");
  });

  test("an ecosystem without known ordering warns for ECOSYSTEM ranges", () => {
    const r = record("TEST-11", [
      { package: { ecosystem: "Ecosystem1", name: "p" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }], versions: ["1"] },
    ]);
    const out = matchRecord(r, { ecosystem: "Ecosystem1", name: "p", version: "2" });
    expect(out.matches).toEqual([]);
    expect(out.warnings.map((w) => w.code)).toEqual(["unordered-ecosystem"]);
    expect(matchRecord(r, { ecosystem: "Ecosystem1", name: "p", version: "1" }).matches).toHaveLength(1);
  });

  test("release-scoped entries apply only to their release; unknown releases match with a warning", () => {
    const r = record("TEST-12", [
      { package: { ecosystem: "Debian:11", name: "openssl" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.1.1n-0+deb11u5" }] }] },
      { package: { ecosystem: "Debian:12", name: "openssl" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.0.9-1" }] }] },
    ]);
    const on11 = matchRecord(r, { ecosystem: "Debian:11", name: "openssl", version: "1.1.1n-0+deb11u4" });
    expect(on11.matches.map((m) => m.ecosystem)).toEqual(["Debian:11"]);
    expect(matchRecord(r, { ecosystem: "Debian:12", name: "openssl", version: "3.0.9-1" }).matches).toEqual([]);
    const unknown = matchRecord(r, { ecosystem: "Debian", name: "openssl", version: "1.1.1n-0+deb11u4" });
    expect(unknown.matches.map((m) => m.ecosystem)).toEqual(["Debian:11"]);
    expect(unknown.warnings.map((w) => w.code)).toContain("release-unknown");
  });
});

describe("indexing untrusted input", () => {
  test("invalid values are rejected with their issues, valid ones are indexed", () => {
    const index = new AdvisoryIndex();
    const rejected = index.addUnvalidated([
      { id: "OK-1", modified: MODIFIED, affected: [{ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] }] },
      { id: "BAD-1", modified: MODIFIED, affected: [{ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER" }] }] },
      { id: "EMPTY-1", modified: MODIFIED, affected: [] },
      42,
    ]);
    expect(rejected.map((r) => [r.index, r.id, r.issues[0]?.path])).toEqual([
      [1, "BAD-1", "affected[0].ranges[0].events"],
      [3, undefined, "(record)"],
    ]);
    expect(index.size).toBe(2);
    expect(index.matchComponent(npm("x", "1.0.0")).matches.map((m) => m.advisoryId)).toEqual(["OK-1"]);
  });

  test("one version text is parsed under each scheme that reads it (an index parses each text once per scheme)", () => {
    // "1.0rc1" is a pre-release of 1.0 for PyPI, and sorts after 1.0 for dpkg.
    const fixedAt = (ecosystem: string) => [{ package: { ecosystem, name: "p" }, ranges: [{ type: "ECOSYSTEM" as const, events: [{ introduced: "0" }, { fixed: "1.0rc1" }] }] }];
    const index = new AdvisoryIndex([record("PY-1", fixedAt("PyPI")), record("DEB-1", fixedAt("Debian"))]);
    expect(index.matchComponent({ ecosystem: "PyPI", name: "p", version: "1.0" }).matches).toEqual([]);
    expect(index.matchComponent({ ecosystem: "Debian", name: "p", version: "1.0" }).matches.map((m) => m.affectedRange)).toEqual(["ECOSYSTEM < 1.0rc1"]);
  });

  test("replacing a record re-indexes it under its new packages", () => {
    const index = new AdvisoryIndex([record("R-1", [{ package: { ecosystem: "npm", name: "a" }, versions: ["1.0.0"] }])]);
    index.add(record("R-1", [{ package: { ecosystem: "npm", name: "b" }, versions: ["1.0.0"] }]));
    expect(index.matchComponent(npm("a", "1.0.0")).matches).toEqual([]);
    expect(index.matchComponent(npm("b", "1.0.0")).matches).toHaveLength(1);
    index.remove("R-1");
    expect(index.size).toBe(0);
    expect(index.candidates("npm", "b")).toEqual([]);
  });
});
