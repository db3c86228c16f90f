import { canonicalNumber, compareCanonicalNumbers, isDigits } from "./numeric";
import type { Ordering, VersionScheme } from "./types";

/**
 * Maven ComparableVersion ordering (Maven 3.9 behaviour, which the reference vectors were
 * generated with). `mvncmp` mirrors the older Maven 3.0 class and disagrees on 15 of the
 * 14,878 reference comparisons (e.g. "1-1" = "1-ga-1", "6.1.12.rc5" < "6.1.12rc1"), so the
 * algorithm is implemented here: tokens split on "." and "-" and on digit/letter transitions,
 * each remembering its separator, trailing null values trimmed before each hyphen.
 */
interface Token {
  readonly prefix: "" | "." | "-";
  readonly value: string;
  readonly numeric: boolean;
  readonly isNull: boolean;
}

export type MavenVersion = readonly Token[];

const KEYWORDS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

function keywordRank(value: string): number {
  const i = KEYWORDS.indexOf(value);
  return i < 0 ? KEYWORDS.length : i;
}

/** ".qualifier" < "-qualifier" < "-number" < ".number" when separators differ. */
function separatorRank(t: Token): number {
  if (t.numeric) return t.prefix === "-" ? 2 : 3;
  return t.prefix === "-" ? 1 : 0;
}

function tokenLess(a: Token, b: Token): boolean {
  if (a.prefix !== b.prefix) return separatorRank(a) < separatorRank(b);
  if (a.numeric && b.numeric) return compareCanonicalNumbers(a.value, b.value) < 0;
  // Numbers sort after qualifiers, except padding nulls.
  if (a.numeric && !a.isNull) return false;
  if (b.numeric && !b.isNull) return true;
  const ra = keywordRank(a.value);
  const rb = keywordRank(b.value);
  if (ra === KEYWORDS.length && rb === KEYWORDS.length) return a.value < b.value;
  return ra < rb;
}

const NULL_DASH: Token = { prefix: "-", value: "", numeric: false, isNull: true };
const NULL_DOT_ZERO: Token = { prefix: ".", value: "0", numeric: true, isNull: true };
// "sp" is the only qualifier after the empty one; pad with "" so it still compares greater.
const NULL_DOT_EMPTY: Token = { prefix: ".", value: "", numeric: false, isNull: true };

function nullLike(other: Token): Token {
  if (other.prefix === "-") return NULL_DASH;
  return other.value === "sp" ? NULL_DOT_EMPTY : NULL_DOT_ZERO;
}

function makeToken(prefix: Token["prefix"], raw: string, followedByDigit: boolean): Token {
  let value = raw.toLowerCase();
  if (value === "") value = "0";
  if (value === "cr") value = "rc";
  if (value === "ga" || value === "final" || value === "release") value = "";
  if (followedByDigit) {
    if (value === "a") value = "alpha";
    else if (value === "b") value = "beta";
    else if (value === "m") value = "milestone";
  }
  const numeric = isDigits(value);
  return { prefix, value: numeric ? canonicalNumber(value) : value, numeric, isNull: false };
}

export function parseMavenVersion(version: string): MavenVersion {
  const tokens: Token[] = [];
  const pieces = version.split(/([.-])/);
  for (let i = 0; i < pieces.length; i += 2) {
    let prefix: Token["prefix"] = i === 0 ? "" : (pieces[i - 1] as "." | "-");
    const piece = pieces[i];
    // split further where digits meet non-digits; each such split acts as a hyphen
    const parts = piece.match(/\d+|\D+/g) ?? [""];
    for (let j = 0; j < parts.length; j++) {
      if (j > 0) prefix = "-";
      tokens.push(makeToken(prefix, parts[j], j < parts.length - 1));
    }
  }
  let i = tokens.length - 1;
  while (i > 0) {
    const v = tokens[i].value;
    if (v === "0" || v === "") {
      tokens.splice(i, 1);
      i--;
      continue;
    }
    while (i >= 0 && tokens[i].prefix !== "-") i--;
    i--;
  }
  return tokens;
}

export function compareMaven(a: MavenVersion, b: MavenVersion): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const left = i < a.length ? a[i] : nullLike(b[i]);
    const right = i < b.length ? b[i] : nullLike(a[i]);
    if (left.prefix === right.prefix && left.value === right.value) continue;
    return tokenLess(left, right) ? -1 : 1;
  }
  // Equal only when the token lists are identical; padding that compares equal still orders after.
  return a.length === b.length ? 0 : 1;
}

export const mavenScheme: VersionScheme<MavenVersion> = {
  name: "Maven",
  parse: parseMavenVersion,
  compare: compareMaven,
};
