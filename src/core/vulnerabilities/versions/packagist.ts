import { canonicalNumber, compareCanonicalNumbers, isDigits } from "./numeric";
import type { Ordering, VersionScheme } from "./types";

/**
 * Packagist: PHP's version_compare(), which no maintained npm package reproduces. The string
 * is canonicalised ("-", "_", "+" become "."; a "." is inserted between digits and letters),
 * split on ".", and compared part by part; special words weigh
 * dev < alpha/a < beta/b < RC/rc < "#" (any number) < pl/p, anything else below dev.
 * A leading "v" is dropped as Composer does.
 */
export type PackagistVersion = readonly string[];

export function parsePackagistVersion(version: string): PackagistVersion {
  let v = version.replace(/^[vV]/, "");
  v = v.replace(/[-_+]/g, ".");
  v = v.replace(/([^\d.])(\d)/g, "$1.$2");
  v = v.replace(/(\d)([^\d.])/g, "$1.$2");
  return v.split(".").map((p) => (isDigits(p) ? canonicalNumber(p) : p));
}

function specialWeight(s: string): number {
  if (s.startsWith("RC")) return 3;
  if (s.startsWith("dev")) return 0;
  if (s.startsWith("a")) return 1;
  if (s.startsWith("b")) return 2;
  if (s.startsWith("rc")) return 3;
  if (s.startsWith("#")) return 4;
  if (s.startsWith("p")) return 5;
  return 0;
}

function compareSpecial(a: string, b: string): Ordering {
  const d = specialWeight(a) - specialWeight(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function comparePackagist(a: PackagistVersion, b: PackagistVersion): Ordering {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const an = isDigits(a[i]);
    const bn = isDigits(b[i]);
    let d: Ordering;
    if (an && bn) d = compareCanonicalNumbers(a[i], b[i]);
    else if (!an && !bn) d = compareSpecial(a[i], b[i]);
    else d = an ? compareSpecial("#", b[i]) : compareSpecial(a[i], "#");
    if (d !== 0) return d;
  }
  if (a.length > b.length) return isDigits(a[b.length]) ? 1 : comparePackagist(a.slice(b.length), ["#"]);
  if (a.length < b.length) return isDigits(b[a.length]) ? -1 : comparePackagist(["#"], b.slice(a.length));
  return 0;
}

export const packagistScheme: VersionScheme<PackagistVersion> = {
  name: "Packagist",
  parse: parsePackagistVersion,
  compare: comparePackagist,
};
