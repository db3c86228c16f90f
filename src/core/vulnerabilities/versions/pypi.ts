import { parse as parsePep440 } from "@renovatebot/pep440";
import { canonicalNumber, compareCanonicalNumbers, compareNumberLists, isDigits } from "./numeric";
import { compareStrings, type Ordering, type VersionScheme } from "./types";

/**
 * PyPI ordering: PEP 440 for conforming versions (parsed by @renovatebot/pep440), and the
 * setuptools "legacy" ordering for everything else ("0.9-doduo", "1.0-SNAPSHOT"), which sorts
 * before every PEP 440 version as pip did. The library alone cannot order the reference
 * vectors because it refuses legacy versions (returns null) instead of ordering them.
 */
export interface PypiVersion {
  /** Joined legacy key, or undefined for a PEP 440 version. */
  readonly legacy?: string;
  readonly epoch: string;
  readonly release: readonly string[];
  readonly pre?: { readonly letter: string; readonly number: string };
  readonly post?: string;
  readonly dev?: string;
  readonly local: readonly string[];
}

const num = (n: number | string): string => canonicalNumber(typeof n === "number" ? BigInt(n).toString() : n);

const PRE_LETTERS: Record<string, string> = { alpha: "a", beta: "b", c: "rc", pre: "rc", preview: "rc" };

function legacyKey(version: string): string {
  const parts: string[] = [];
  const tokens: string[] = version.toLowerCase().match(/\d+|[a-z]+|\.|-/g) ?? [];
  tokens.push("final");
  for (let part of tokens) {
    if (part === ".") continue;
    if (part === "pre" || part === "preview" || part === "rc") part = "c";
    else if (part === "-") part = "final-";
    else if (part === "dev") part = "@";
    if (/^\d/.test(part)) {
      part = part.padStart(8, "0");
    } else {
      part = `*${part}`;
      if (part < "*final") while (parts.length > 0 && parts[parts.length - 1] === "*final-") parts.pop();
      while (parts.length > 0 && parts[parts.length - 1] === "00000000") parts.pop();
    }
    parts.push(part);
  }
  return parts.join("");
}

function localSegments(version: string): string[] {
  const plus = version.indexOf("+");
  if (plus < 0) return [];
  return version
    .slice(plus + 1)
    .trim()
    .toLowerCase()
    .split(/[._-]/);
}

export function parsePypiVersion(version: string): PypiVersion {
  const p = parsePep440(version.toLowerCase());
  if (!p) return { legacy: legacyKey(version), epoch: "-1", release: [], local: [] };
  // The library returns JavaScript numbers; huge components are re-read from the text below.
  const releaseText = /(?:\d+!)?(\d+(?:\.\d+)*)/.exec(version.trim().replace(/^v/i, ""));
  const release = releaseText ? releaseText[1].split(".").map(canonicalNumber) : p.release.map(num);
  return {
    epoch: num(p.epoch),
    release,
    pre: p.pre ? { letter: PRE_LETTERS[p.pre[0]] ?? p.pre[0], number: num(p.pre[1]) } : undefined,
    post: p.post ? num(p.post[1]) : undefined,
    dev: p.dev ? num(p.dev[1]) : undefined,
    // read from the text: the library's typings disagree with its output, and numbers lose precision
    local: localSegments(version),
  };
}

/** "1.0.dev0" sorts before "1.0a0": a dev release without pre/post precedes all pre-releases. */
function devOnly(v: PypiVersion): boolean {
  return v.pre === undefined && v.post === undefined && v.dev !== undefined;
}

function comparePre(a: PypiVersion, b: PypiVersion): Ordering {
  const ad = devOnly(a);
  const bd = devOnly(b);
  if (ad || bd) return ad && bd ? 0 : ad ? -1 : 1;
  if (!a.pre || !b.pre) return !a.pre && !b.pre ? 0 : !a.pre ? 1 : -1;
  return compareStrings(a.pre.letter[0], b.pre.letter[0]) || compareCanonicalNumbers(a.pre.number, b.pre.number);
}

function compareOptional(a: string | undefined, b: string | undefined, absentFirst: boolean): Ordering {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return (a === undefined) === absentFirst ? -1 : 1;
  }
  return compareCanonicalNumbers(a, b);
}

function compareLocal(a: readonly string[], b: readonly string[]): Ordering {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const an = isDigits(a[i]);
    const bn = isDigits(b[i]);
    let d: Ordering;
    if (an && bn) d = compareCanonicalNumbers(canonicalNumber(a[i]), canonicalNumber(b[i]));
    else if (!an && !bn) d = compareStrings(a[i], b[i]);
    else d = an ? 1 : -1; // numeric local segments sort after alphanumeric ones
    if (d !== 0) return d;
  }
  return a.length === b.length ? 0 : a.length > b.length ? 1 : -1;
}

export const pypiScheme: VersionScheme<PypiVersion> = {
  name: "PyPI",
  parse: parsePypiVersion,
  compare(a, b) {
    if (a.legacy !== undefined || b.legacy !== undefined) {
      if (a.legacy === undefined) return 1;
      if (b.legacy === undefined) return -1;
      return compareStrings(a.legacy, b.legacy);
    }
    return (
      compareCanonicalNumbers(a.epoch, b.epoch) ||
      compareNumberLists(a.release, b.release) ||
      comparePre(a, b) ||
      compareOptional(a.post, b.post, true) ||
      compareOptional(a.dev, b.dev, false) ||
      compareLocal(a.local, b.local)
    );
  },
  validate: (v) => (parsePep440(v) ? undefined : "not a PEP 440 version"),
};
