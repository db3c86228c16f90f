import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compareVersions, parseVersion, tryCompareVersions } from "./index";

const numRuns = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);

const negate = (o: number): number => (o === 0 ? 0 : -o);

const num = fc.oneof(fc.integer({ min: 0, max: 20 }).map(String), fc.constantFrom("0", "00", "007", "10", "99999999999999999999"));

/** Builds version strings from an ecosystem's own vocabulary of separators and words. */
function versions(words: string[], separators: string[], maxParts = 6): fc.Arbitrary<string> {
  const part = words.length === 0 ? num : fc.oneof({ weight: 3, arbitrary: num }, { weight: 1, arbitrary: fc.constantFrom(...words) });
  return fc
    .tuple(num, fc.array(fc.tuple(fc.constantFrom(...separators), part), { maxLength: maxParts }))
    .map(([head, rest]) => head + rest.map(([s, p]) => s + p).join(""));
}

const GENERATORS: Record<string, fc.Arbitrary<string>> = {
  npm: versions(["alpha", "beta", "rc", "x", "A", "1a"], [".", ".", "-", "+"]),
  NuGet: versions(["alpha", "Beta", "RC", "preview"], [".", ".", "-", "+"]),
  Pub: versions(["dev", "beta", "hotfix"], [".", ".", "-", "+"]),
  Hackage: versions([], ["."]),
  PyPI: versions(["a", "b", "rc", "c", "alpha", "pre", "post", "rev", "dev", "local", "ubuntu", "final"], [".", ".", "-", "_", "+", ""]),
  // Numbers after ".", qualifiers after "-" (the Maven convention). Maven's ComparableVersion
  // itself is not transitive when a qualifier follows "." after a zero: 7.0.alpha < 7 < 7.sp
  // but 7.0.alpha > 7.sp, and this implementation reproduces Maven there.
  Maven: fc
    .tuple(
      fc.array(num, { minLength: 1, maxLength: 4 }),
      fc.array(
        fc.tuple(
          fc.constantFrom("alpha", "a", "beta", "b", "milestone", "m", "rc", "cr", "snapshot", "ga", "final", "release", "sp", "foo"),
          fc.constantFrom("", "1", "2", "-1", ".1", "-SNAPSHOT"),
        ),
        { maxLength: 2 },
      ),
    )
    .map(([nums, quals]) => nums.join(".") + quals.map(([q, n]) => `-${q}${n}`).join("")),
  RubyGems: versions(["a", "b", "pre", "rc", "beta"], [".", ".", "-", ""]),
  Packagist: versions(["dev", "alpha", "a", "beta", "b", "RC", "rc", "p", "pl", "patch", "x"], [".", ".", "-", "_", "+", ""]),
  Debian: versions(["a", "b", "z", "deb", "ubuntu", "build", "+dfsg"], [".", ".", "-", "~", "+", ":"]),
  // Well-formed apk versions without leading zeros only. apk's own rules are not a total order
  // beyond that: two malformed versions compare as strings, and a component with a leading zero
  // compares as a string ("0.0" = "0" = "0.00" but "0.0" < "0.00"); the vectors pin that behaviour.
  Alpine: fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 30 }).map(String), { minLength: 1, maxLength: 4 }),
      fc.constantFrom("", "a", "z"),
      fc.array(fc.tuple(fc.constantFrom("_alpha", "_beta", "_pre", "_rc", "_cvs", "_svn", "_git", "_hg", "_p"), fc.constantFrom("", "0", "1", "20230717")), { maxLength: 2 }),
      fc.constantFrom("", "-r0", "-r1", "-r10"),
    )
    .map(([nums, letter, suffixes, rev]) => nums.join(".") + letter + suffixes.map(([x, n]) => x + n).join("") + rev),
  "Red Hat": versions(["el8", "el9", "fc38", "a", "git", "rc"], [".", ".", "-", "~", "^", "_", "+", ":"]),
  CRAN: versions([], [".", "-"]),
};

describe("comparator laws on generated versions (property)", () => {
  for (const [ecosystem, arb] of Object.entries(GENERATORS)) {
    test(`property: ${ecosystem} ordering is reflexive, antisymmetric and transitive`, () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          const pa = parseVersion(ecosystem, a);
          const pb = parseVersion(ecosystem, b);
          const pc = parseVersion(ecosystem, c);
          fc.pre(pa.ok && pb.ok && pc.ok);
          expect(compareVersions(ecosystem, a, a)).toBe(0);
          const ab = compareVersions(ecosystem, a, b);
          expect(compareVersions(ecosystem, b, a)).toBe(negate(ab));
          const bc = compareVersions(ecosystem, b, c);
          const ac = compareVersions(ecosystem, a, c);
          if (ab <= 0 && bc <= 0) expect(ac).toBeLessThanOrEqual(0);
          if (ab >= 0 && bc >= 0) expect(ac).toBeGreaterThanOrEqual(0);
          if (ab === 0) expect(ac).toBe(bc);
        }),
        { numRuns },
      );
    });
  }

  test("property: comparing never throws, whatever the input and ecosystem", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(GENERATORS), "Ecosystem1"), fc.string(), fc.string(), (eco, a, b) => {
        const r = tryCompareVersions(eco, a, b);
        const order = compareVersions(eco, a, b);
        expect([-1, 0, 1]).toContain(order);
        if (r.ok) expect(order).toBe(r.value);
        expect(compareVersions(eco, b, a)).toBe(negate(order));
      }),
      { numRuns },
    );
  });
});
