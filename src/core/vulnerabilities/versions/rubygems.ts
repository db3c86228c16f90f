import { canonicalNumber, compareCanonicalNumbers, isDigits } from "./numeric";
import { compareStrings, type Ordering, type VersionScheme } from "./types";

/**
 * RubyGems Gem::Version ordering. @renovatebot/ruby-semver follows Gem::Version but cannot
 * order what the reference vectors contain: it rejects "1beta" (returns null) and compares
 * numbers as JavaScript numbers, so 999999999999999999999999999991 equals ...999. The
 * canonical-segments algorithm is therefore implemented here.
 */
export type RubyGemsVersion = readonly string[];

/** Inserts a "." wherever a digit run meets a letter run ("1beta2" -> "1.beta.2"). */
function splitSegments(version: string): string[] {
  return version
    .split(".")
    .flatMap((part) => part.match(/[0-9]+|[^0-9]+/g) ?? [""])
    .map((s) => (isDigits(s) ? canonicalNumber(s) : s));
}

function dropTrailingZeros(segments: string[]): string[] {
  let end = segments.length;
  while (end > 0 && segments[end - 1] === "0") end--;
  return segments.slice(0, end);
}

export function parseRubyGemsVersion(version: string): RubyGemsVersion {
  const segments = splitSegments(version.trim());
  const firstString = segments.findIndex((s) => !isDigits(s));
  if (firstString < 0) return dropTrailingZeros(segments);
  return [...dropTrailingZeros(segments.slice(0, firstString)), ...dropTrailingZeros(segments.slice(firstString))];
}

export function compareRubyGems(a: RubyGemsVersion, b: RubyGemsVersion): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? "0";
    const y = b[i] ?? "0";
    const xn = isDigits(x);
    const yn = isDigits(y);
    if (xn && yn) {
      const d = compareCanonicalNumbers(x, y);
      if (d !== 0) return d;
    } else if (!xn && !yn) {
      const d = compareStrings(x, y);
      if (d !== 0) return d;
    } else {
      return xn ? 1 : -1; // a release segment sorts after a pre-release letter segment
    }
  }
  return 0;
}

export const rubyGemsScheme: VersionScheme<RubyGemsVersion> = {
  name: "RubyGems",
  parse: parseRubyGemsVersion,
  compare: compareRubyGems,
};
