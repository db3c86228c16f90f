import { canonicalNumber, compareCanonicalNumbers, isDigits } from "./numeric";
import type { Ordering, VersionScheme } from "./types";

/**
 * Debian/Ubuntu ordering as dpkg --compare-versions: [epoch:]upstream[-revision], each part
 * compared as alternating non-digit runs (where "~" sorts before the end of the string and
 * letters before other characters) and digit runs (numerically).
 *
 * deb-version-compare disagrees with dpkg on 8 reference vectors: it treats a missing
 * revision as different from "-0" ("0.0.0" must equal "0.0.0-0") and orders
 * "2:0.0.44-1" after "2:0.0.44-nobin", so it is not used.
 */
export interface DebianVersion {
  readonly epoch: string;
  readonly upstream: string;
  readonly revision: string;
}

export function parseDebianVersion(input: string): DebianVersion | string {
  let rest = input.trim();
  if (rest === "") return "version is empty";
  let epoch = "0";
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    if (!isDigits(e)) return `epoch "${e}" is not a number`;
    epoch = canonicalNumber(e);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf("-");
  if (dash < 0) return { epoch, upstream: rest, revision: "0" };
  return { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

function charWeight(s: string, i: number): number {
  if (i >= s.length) return 2;
  const c = s.charCodeAt(i);
  if (c === 126 /* ~ */) return 1;
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return letter ? c : c + 122;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** dpkg's verrevcmp. */
export function compareDebianPart(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const i0 = i;
    const j0 = j;
    while (i < a.length && !isDigitAt(a, i)) i++;
    while (j < b.length && !isDigitAt(b, j)) j++;
    const n = Math.max(i - i0, j - j0);
    for (let k = 0; k < n; k++) {
      const wa = i0 + k < i ? charWeight(a, i0 + k) : 2;
      const wb = j0 + k < j ? charWeight(b, j0 + k) : 2;
      if (wa !== wb) return wa < wb ? -1 : 1;
    }
    const di = i;
    const dj = j;
    while (i < a.length && isDigitAt(a, i)) i++;
    while (j < b.length && isDigitAt(b, j)) j++;
    const na = i > di ? canonicalNumber(a.slice(di, i)) : "0";
    const nb = j > dj ? canonicalNumber(b.slice(dj, j)) : "0";
    const d = compareCanonicalNumbers(na, nb);
    if (d !== 0) return d;
  }
  return 0;
}

export function compareDebian(a: DebianVersion, b: DebianVersion): Ordering {
  return (
    compareCanonicalNumbers(a.epoch, b.epoch) ||
    compareDebianPart(a.upstream, b.upstream) ||
    compareDebianPart(a.revision, b.revision)
  );
}

const DEBIAN_SYNTAX = /^(?:(\d+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/;

export const debianScheme: VersionScheme<DebianVersion> = {
  name: "Debian",
  parse: parseDebianVersion,
  compare: compareDebian,
  validate(v) {
    const m = DEBIAN_SYNTAX.exec(v);
    if (!m) return "not of the form [epoch:]upstream_version[-debian_revision] (Debian Policy 5.6.12)";
    if (m[1] === undefined && m[2].includes(":")) return "a colon is only allowed after an epoch";
    if (m[3] === undefined && m[2].includes("-")) return "a hyphen requires a debian_revision";
    return undefined;
  },
};
