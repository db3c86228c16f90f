import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../../test/support/fixtures";
import { compareVersions, isValidVersion, parseVersion, tryCompareVersions, validateVersion } from "./index";

const hasFixtures = requireFixtures();
const dir = (f: string) => fixture("versions", "osv-scalibr-semantic", f);

/** Files and the ecosystems each is run as (versions/MANIFEST.md). */
const FILES: Record<string, string[]> = {
  "semver-versions.txt": ["npm", "crates.io", "Go", "Hex"],
  "rubygems-versions.txt": ["RubyGems"],
  "rubygems-versions-generated.txt": ["RubyGems"],
  "nuget-versions.txt": ["NuGet"],
  "packagist-versions.txt": ["Packagist"],
  "packagist-versions-generated.txt": ["Packagist"],
  "maven-versions.txt": ["Maven"],
  "maven-versions-generated.txt": ["Maven"],
  "pypi-versions.txt": ["PyPI"],
  "pypi-versions-generated.txt": ["PyPI"],
  "debian-versions.txt": ["Debian", "Ubuntu:22.04:LTS"],
  "debian-versions-generated.txt": ["Debian:12"],
  "cran-versions.txt": ["CRAN"],
  "cran-versions-generated.txt": ["CRAN"],
  "alpine-versions.txt": ["Alpine", "Wolfi", "Chainguard"],
  "alpine-versions-generated.txt": ["Alpine:v3.18"],
  "redhat-versions.txt": ["Red Hat", "AlmaLinux:9", "Rocky Linux", "SUSE", "openSUSE"],
  "hackage-versions.txt": ["Hackage"],
  "pub-versions.txt": ["Pub"],
};

interface Vector {
  line: number;
  a: string;
  b: string;
  expected: -1 | 0 | 1;
}

function readVectors(file: string): Vector[] {
  const out: Vector[] = [];
  readFileSync(dir(file), "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (text.trim() === "" || text.startsWith("# ") || text.startsWith("// ")) return;
      const parts = text.split(" ");
      if (parts.length !== 3) throw new Error(`${file}:${i + 1}: expected "<a> <op> <b>", got ${JSON.stringify(text)}`);
      const [a, op, b] = parts;
      const expected = op === "<" ? -1 : op === "=" ? 0 : op === ">" ? 1 : undefined;
      if (expected === undefined) throw new Error(`${file}:${i + 1}: unknown operator ${op}`);
      out.push({ line: i + 1, a, b, expected });
    });
  return out;
}

describe.skipIf(!hasFixtures)("version ordering against the osv-scalibr reference vectors", () => {
  let total = 0;
  for (const [file, ecosystems] of Object.entries(FILES)) {
    for (const ecosystem of ecosystems) {
      test(`${file} as ${ecosystem}: every comparison holds in both directions`, () => {
        const vectors = readVectors(file);
        const failures: string[] = [];
        for (const v of vectors) {
          const ab = tryCompareVersions(ecosystem, v.a, v.b);
          const ba = tryCompareVersions(ecosystem, v.b, v.a);
          const abv = ab.ok ? ab.value : ab.error.message;
          const bav = ba.ok ? ba.value : ba.error.message;
          if (abv !== v.expected || bav !== -v.expected) {
            failures.push(`${file}:${v.line} ${v.a} ? ${v.b}: expected ${v.expected}, got ${abv} / reverse ${bav}`);
          }
        }
        total += vectors.length * 2;
        console.log(`${file} as ${ecosystem}: ${vectors.length - failures.length}/${vectors.length} vectors (x2 directions)`);
        expect(failures.slice(0, 20)).toEqual([]);
        expect(vectors.length).toBeGreaterThan(5);
      });
    }
  }

  test("the manifest's 71,818 comparisons are all read", () => {
    const count = Object.keys(FILES).reduce((n, f) => n + readVectors(f).length, 0);
    expect(count).toBe(71_818);
    expect(total).toBeGreaterThan(0);
  });

  test("Alpine valid_versions.txt are all accepted and invalid_versions.txt all rejected", () => {
    const read = (f: string) =>
      readFileSync(fixture("versions", "osv.dev-alpine", f), "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
    const valid = read("valid_versions.txt");
    const invalid = read("invalid_versions.txt");
    expect(valid.filter((v) => !isValidVersion("Alpine:v3.18", v))).toEqual([]);
    expect(invalid.filter((v) => isValidVersion("Alpine:v3.18", v))).toEqual([]);
    console.log(`Alpine validity: ${valid.length} valid accepted, ${invalid.length} invalid rejected`);
    expect(valid.length + invalid.length).toBeGreaterThan(150);
  });
});

describe("version parsing errors are typed results", () => {
  test("a Debian version with a non-numeric epoch is rejected with a reason", () => {
    expect(parseVersion("Debian", "1.2.3").ok).toBe(true);
    const r = tryCompareVersions("Debian", "1.2.3", "1.2.3-not-a-debian:version!@#$");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe("invalid-version");
      expect(r.error.message).toContain('epoch "1.2.3-not-a-debian" is not a number');
    }
  });

  test("an unknown ecosystem is reported, not thrown", () => {
    const r = parseVersion("Ecosystem1", "1.0");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("unsupported-ecosystem");
    expect(compareVersions("Ecosystem1", "1.0", "2.0")).toBe(-1);
  });

  test("a Hackage version with letters is invalid, and invalid versions sort first in the total order", () => {
    expect(validateVersion("Hackage", "1.0-beta")?.message).toContain("Hackage");
    expect(compareVersions("Hackage", "1.0-beta", "0.1")).toBe(-1);
    expect(compareVersions("Hackage", "0.1", "1.0-beta")).toBe(1);
  });

  test("strict validity per ecosystem", () => {
    expect(isValidVersion("npm", "1.2.3-beta.1")).toBe(true);
    expect(isValidVersion("npm", "1.2")).toBe(false);
    expect(isValidVersion("PyPI", "1.0.post1")).toBe(true);
    expect(isValidVersion("PyPI", "0.9-doduo")).toBe(false);
    expect(isValidVersion("Debian:11", "1:1.1.1n-0+deb11u4")).toBe(true);
    expect(isValidVersion("Debian:11", "1.0-")).toBe(false);
    expect(isValidVersion("CRAN", "1.0-3")).toBe(true);
  });
});
