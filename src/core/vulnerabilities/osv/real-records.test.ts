import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import YAML from "yaml";
import { fixture, requireFixtures } from "../../../../test/support/fixtures";
import {
  AdvisoryIndex,
  ComponentIndex,
  type ComponentRef,
  componentFromPurl,
  matchAdvisory,
  type OsvRecord,
  validateOsvRecord,
} from "../index";

const hasFixtures = requireFixtures();

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** OSV YAML (pypa) is read with the failsafe schema so that versions like 1.10 stay strings. */
function readRecord(file: string): unknown {
  const text = readFileSync(file, "utf8");
  return file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text, { schema: "failsafe" });
}

function purl(p: string): ComponentRef {
  const r = componentFromPurl(p);
  if (!r.ok) throw new Error(r.error.message);
  return r.component;
}

describe.skipIf(!hasFixtures)("matching real OSV records", () => {
  const records: OsvRecord[] = [];
  const unreadable: string[] = [];
  const withErrors: string[] = [];
  let index: AdvisoryIndex;

  beforeAll(() => {
    const root = fixture("osv", "records");
    const files = walk(root).filter((f) => /\.(json|ya?ml)$/.test(f));
    for (const f of files) {
      try {
        const v = validateOsvRecord(readRecord(f));
        for (const i of v.issues) if (i.severity === "error") withErrors.push(`${path.basename(f)} ${i.code} ${i.path}`);
        if (v.record) records.push(v.record);
        else unreadable.push(`${path.relative(root, f)}: ${v.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`);
      } catch (e) {
        unreadable.push(`${path.relative(root, f)}: ${String(e).split("\n")[0]}`);
      }
    }
    index = new AdvisoryIndex(records);
  });

  test("every record file is read (one synthetic YAML fixture has a duplicate key)", () => {
    expect(records.length).toBe(767);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toMatch(/^osv\.dev-testdata\/yaml\/OSV-130\.yaml: YAMLParseError: Map keys must be unique/);
    // a few records appear in two source folders (e.g. PYSEC-2023-74 under GIT/ and PyPI/)
    expect(index.size).toBe(new Set(records.map((r) => r.id)).size);
    expect(index.size).toBeGreaterThan(750);
  });

  test("real records validate; only the two notices without affected packages are flagged", () => {
    expect(withErrors.sort()).toEqual(["DLA-3623-1.json REC:001 affected", "USN-6332-1.json REC:001 affected"]);
  });

  const cases: [string, ComponentRef | string, string, boolean][] = [
    // npm, SEMVER: introduced boundary, inside, fixed boundary
    ["lodash below introduced", "pkg:npm/lodash@3.6.9", "GHSA-p6mc-m468-83gw", false],
    ["lodash at introduced", "pkg:npm/lodash@3.7.0", "GHSA-p6mc-m468-83gw", true],
    ["lodash inside", "pkg:npm/lodash@4.17.15", "GHSA-p6mc-m468-83gw", true],
    ["lodash at fixed", "pkg:npm/lodash@4.17.19", "GHSA-p6mc-m468-83gw", false],
    ["lodash.set at last_affected", "pkg:npm/lodash.set@4.3.2", "GHSA-p6mc-m468-83gw", true],
    ["lodash.set above last_affected", "pkg:npm/lodash.set@4.3.3", "GHSA-p6mc-m468-83gw", false],
    // Maven via purl, four-part versions
    ["jackson-databind 2.9.10.3", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.3", "GHSA-27xj-rqx5-2255", true],
    ["jackson-databind at fixed 2.9.10.4", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.4", "GHSA-27xj-rqx5-2255", false],
    ["jackson-databind 2.8.11", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.11", "GHSA-27xj-rqx5-2255", false],
    // Alpine: the distro qualifier selects the release branch and its fix
    ["musl on 3.18 before fix", "pkg:apk/alpine/musl@1.2.4-r2?distro=3.18.4", "ALPINE-CVE-2025-26519", true],
    ["musl on 3.18 at fix", "pkg:apk/alpine/musl@1.2.4-r3?distro=3.18.4", "ALPINE-CVE-2025-26519", false],
    ["musl on 3.19 git snapshot before fix", "pkg:apk/alpine/musl@1.2.4_git20230717-r4?distro=3.19.1", "ALPINE-CVE-2025-26519", true],
    ["musl on 3.19 at fix", "pkg:apk/alpine/musl@1.2.4_git20230717-r5?distro=3.19.1", "ALPINE-CVE-2025-26519", false],
    // Debian: distro by number or codename, "~" ordering
    ["openssl stretch u5", "pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-9", "DLA-3008-1", true],
    ["openssl stretch u6 (fixed)", "pkg:deb/debian/openssl@1.1.0l-1~deb9u6?distro=stretch", "DLA-3008-1", false],
    ["openssl buster is another release", "pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-10", "DLA-3008-1", false],
    // AlmaLinux RPM: the epoch qualifier is part of the compared version
    ["java-17 epoch 1 before fix", "pkg:rpm/almalinux/java-17-openjdk@17.0.7.0.7-1.el8?epoch=1&distro=almalinux-8.8", "ALSA-2023:4159", true],
    ["java-17 epoch 1 at fix", "pkg:rpm/almalinux/java-17-openjdk@17.0.8.0.7-2.el8?epoch=1&distro=almalinux-8.8", "ALSA-2023:4159", false],
    ["java-17 newer, epoch 1", "pkg:rpm/almalinux/java-17-openjdk@17.0.9.0.9-1.el8?epoch=1&distro=almalinux-8.9", "ALSA-2023:4159", false],
    ["java-17 newer but epoch 0 sorts before 1:…", "pkg:rpm/almalinux/java-17-openjdk@17.0.9.0.9-1.el8?distro=almalinux-8.9", "ALSA-2023:4159", true],
    ["java-17 on AlmaLinux 9 is another release", "pkg:rpm/almalinux/java-17-openjdk@17.0.7.0.7-1.el9?epoch=1&distro=almalinux-9.2", "ALSA-2023:4159", false],
    // Go stdlib: two introduced/fixed pairs with a "-0" pre-release introduced
    ["go stdlib 1.17.9", { ecosystem: "Go", name: "stdlib", version: "1.17.9" }, "GO-2022-0493", true],
    ["go stdlib 1.17.10", { ecosystem: "Go", name: "stdlib", version: "1.17.10" }, "GO-2022-0493", false],
    ["go stdlib 1.18rc1", { ecosystem: "Go", name: "stdlib", version: "1.18.0-rc1" }, "GO-2022-0493", true],
    ["go stdlib 1.18.2", { ecosystem: "Go", name: "stdlib", version: "1.18.2" }, "GO-2022-0493", false],
    ["x/sys old pseudo-version", "pkg:golang/golang.org/x/sys@v0.0.0-20220101000000-abcdef123456", "GO-2022-0493", true],
    ["x/sys at fixed pseudo-version", "pkg:golang/golang.org/x/sys@v0.0.0-20220412211240-33da011f77ad", "GO-2022-0493", false],
    // PyPI from YAML, PEP 503 names and pre-releases
    ["salt 0.17.0rc1", "pkg:pypi/salt@0.17.0rc1", "PYSEC-2013-12", true],
    ["salt 0.17.0", "pkg:pypi/SALT@0.17.0", "PYSEC-2013-12", true],
    ["salt 0.17.1", "pkg:pypi/salt@0.17.1", "PYSEC-2013-12", false],
    ["requests 2.30.0", "pkg:pypi/requests@2.30.0", "PYSEC-2023-74", true],
    ["requests 2.31.0", "pkg:pypi/requests@2.31.0", "PYSEC-2023-74", false],
    // crates.io: an introduced==fixed pair followed by a real one
    ["rustls 0.23.0", "pkg:cargo/rustls@0.23.0", "RUSTSEC-2024-0399", false],
    ["rustls 0.23.13", "pkg:cargo/rustls@0.23.13", "RUSTSEC-2024-0399", true],
    ["rustls 0.23.18", "pkg:cargo/rustls@0.23.18", "RUSTSEC-2024-0399", false],
  ];

  for (const [label, input, advisory, expected] of cases) {
    test(`${label}: ${expected ? "affected" : "not affected"} by ${advisory}`, () => {
      const component = typeof input === "string" ? purl(input) : input;
      expect(index.record(advisory)).toBeDefined();
      const ids = index.matchComponent(component).matches.map((m) => m.advisoryId);
      expect(ids.includes(advisory)).toBe(expected);
    });
  }

  test("a match names the range that matched and the fixed versions", () => {
    const out = index.matchComponent(purl("pkg:apk/alpine/musl@1.2.4-r2?distro=3.18.4"));
    const m = out.matches.find((x) => x.advisoryId === "ALPINE-CVE-2025-26519");
    expect(m?.ecosystem).toBe("Alpine:v3.18");
    expect(m?.affectedRange).toBe("ECOSYSTEM >= 0.9.13, < 1.2.4-r3");
    expect(m?.fixedVersions).toEqual(["1.2.4-r3"]);
    const lodash = index.matchComponent(purl("pkg:npm/lodash@4.17.15")).matches.find((x) => x.advisoryId === "GHSA-p6mc-m468-83gw");
    expect(lodash?.aliases).toEqual(["CVE-2020-8203"]);
    expect(lodash?.range).toMatchObject({ introduced: "3.7.0", fixed: "4.17.19" });
  });

  test("a record with ECOSYSTEM and GIT ranges matches and warns about the GIT range", () => {
    const out = index.matchComponent(purl("pkg:pypi/requests@2.30.0"));
    expect(out.matches.some((m) => m.advisoryId === "PYSEC-2023-74")).toBe(true);
    expect(out.warnings).toContainEqual(
      expect.objectContaining({ advisoryId: "PYSEC-2023-74", code: "git-range", path: "affected[0].ranges[0]" }),
    );
  });

  test("GIT-only records are listed as unmatchable, withdrawn GHSA records are excluded", () => {
    expect(index.unmatchable.get("CVE-2024-51757")?.[0].code).toBe("no-package");
    const withdrawn = validateOsvRecord(readRecord(fixture("osv", "ghsa-api-to-osv", "withdrawn.osv.json")));
    expect(withdrawn.ok).toBe(true);
    const gem: ComponentRef = { ecosystem: "RubyGems", name: "activesupport", version: "4.1.10" };
    const local = new AdvisoryIndex(withdrawn.record ? [withdrawn.record] : []);
    expect(local.withdrawn).toEqual(["GHSA-35c4-f3rq-f9g3"]);
    expect(local.matchComponent(gem).matches).toEqual([]);
    const { withdrawn: _w, ...live } = withdrawn.record as OsvRecord;
    expect(new AdvisoryIndex([live]).matchComponent(gem).matches[0].range?.text).toBe(">= 4.0.0, < 4.1.11");
  });

  test("the incremental path finds exactly what full matching finds, on every record", () => {
    // Components drawn from the records themselves: each listed version, each fixed version.
    const components: ComponentRef[] = [];
    for (const r of records) {
      for (const a of r.affected ?? []) {
        if (!a.package?.ecosystem || !a.package.name) continue;
        const vs = new Set<string>([...(a.versions ?? []).slice(0, 3), ...(a.versions ?? []).slice(-2)]);
        for (const range of a.ranges ?? []) for (const e of range.events) if (e.fixed) vs.add(e.fixed);
        for (const version of vs) components.push({ ecosystem: a.package.ecosystem, name: a.package.name, version });
      }
    }
    expect(components.length).toBeGreaterThan(2000);
    const full = index.matchComponents(components);
    const byComponent = new ComponentIndex(components);
    const incremental = records.flatMap((r) => matchAdvisory(r, byComponent).matches);
    const key = (m: { advisoryId: string; component: ComponentRef }) =>
      `${m.advisoryId}|${m.component.ecosystem}|${m.component.name}|${m.component.version}`;
    const a = new Set(full.matches.map(key));
    const b = new Set(incremental.map(key));
    expect(a.size).toBeGreaterThan(1000);
    expect([...a].filter((k) => !b.has(k))).toEqual([]);
    expect([...b].filter((k) => !a.has(k))).toEqual([]);
  });

  test("every version a record lists as affected is matched by that record", () => {
    const misses: string[] = [];
    for (const r of records) {
      (r.affected ?? []).forEach((a, i) => {
        if (!a.package?.ecosystem || !a.package.name) return;
        for (const version of a.versions ?? []) {
          const c = { ecosystem: a.package.ecosystem, name: a.package.name, version };
          if (!index.matchComponent(c).matches.some((m) => m.advisoryId === r.id)) misses.push(`${r.id} affected[${i}] ${version}`);
        }
      });
    }
    expect(misses).toEqual([]);
  });
});

describe.skipIf(!hasFixtures)("GHSA ranges converted to OSV keep their meaning (ghsa-api-to-osv pairs)", () => {
  // [file, component, affected?] with the expectation taken from the GitHub vulnerableVersionRange
  // in the input file next to each .osv.json
  const cases: [string, string, boolean][] = [
    ["equals_with_patch", "pkg:npm/mixin-deep@1.3.1", true], // < 1.3.2
    ["equals_with_patch", "pkg:npm/mixin-deep@1.3.2", false],
    ["equals_with_patch", "pkg:npm/mixin-deep@2.0.0", true], // = 2.0.0
    ["equals_with_patch", "pkg:npm/mixin-deep@2.0.1", false],
    ["equals_no_patch", "pkg:gem/paranoid2@1.1.6", true], // = 1.1.6, as a versions list
    ["equals_no_patch", "pkg:gem/paranoid2@1.1.5", false],
    ["full_ranges", "pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.15", true], // >= 2.5.0, < 2.5.16
    ["full_ranges", "pkg:maven/com.typesafe.akka/akka-actor_2.12@2.5.16", false],
    ["full_ranges", "pkg:maven/com.typesafe.akka/akka-actor_2.11@2.4.20", false],
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@11.6", false], // > 11.6, < 11.10.13
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@11.6.1", true],
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@11.10.13", false],
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@12.0", true], // >= 12.0, < 12.6.7
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@12.6.7", false],
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@12.7", false],
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@12.10.1", true], // >= 12.10.0, < 12.10.2
    ["maven_greater_than", "pkg:maven/org.xwiki.commons/xwiki-commons-core@12.10.2", false],
    ["multiple_ranges_in_package", "pkg:gem/passenger@3.0.20", true], // < 3.0.21
    ["multiple_ranges_in_package", "pkg:gem/passenger@3.0.21", false],
    ["multiple_ranges_in_package", "pkg:gem/passenger@4.0.1", true], // >= 4.0.1, < 4.0.5
    ["multiple_ranges_in_package", "pkg:gem/passenger@4.0.5", false],
    ["npm_greater_than", "pkg:npm/jquery@2.1.0", false], // > 2.1.0, < 3.0.0
    ["npm_greater_than", "pkg:npm/jquery@2.1.1-beta.1", true],
    ["npm_greater_than", "pkg:npm/jquery@2.2.4", true],
    ["npm_greater_than", "pkg:npm/jquery@3.0.0", false],
    ["pypi_normalize", "pkg:pypi/Products.PluggableAuthService@2.6.0", true], // < 2.6.1, name per PEP 503
    ["pypi_normalize", "pkg:pypi/products-pluggableauthservice@2.6.1", false],
    ["greater_than_equals_no_patch", "pkg:npm/marky-markdown@0.0.0", true], // >= 0.0.0
  ];
  for (const [file, p, expected] of cases) {
    test(`${file}: ${p} is ${expected ? "affected" : "not affected"}`, () => {
      const v = validateOsvRecord(readRecord(fixture("osv", "ghsa-api-to-osv", `${file}.osv.json`)));
      expect(v.ok).toBe(true);
      const index = new AdvisoryIndex(v.record ? [v.record] : []);
      expect(index.matchComponent(purl(p)).matches.length > 0).toBe(expected);
    });
  }
});
