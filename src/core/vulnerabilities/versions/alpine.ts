import { canonicalNumber, compareCanonicalNumbers } from "./numeric";
import { compareStrings, type Ordering, type VersionScheme } from "./types";

/**
 * Alpine apk versions: number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}
 * (apk-package(5)). Suffix order: alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p.
 * Parsing is lenient so that malformed strings found in secdb still order deterministically
 * (two malformed versions compare as strings); `validate` applies the strict grammar.
 * No npm package implements apk ordering.
 */
interface NumberPart {
  readonly original: string;
  readonly value: string;
}

interface Suffix {
  readonly weight: number;
  readonly number: string;
}

export interface AlpineVersion {
  readonly original: string;
  readonly invalid: boolean;
  readonly components: readonly NumberPart[];
  readonly letter: string;
  readonly suffixes: readonly Suffix[];
  readonly build: string;
  readonly remainder: string;
}

const SUFFIX_ORDER = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];
const NO_SUFFIX: Suffix = { weight: 4, number: "0" };
const ZERO: NumberPart = { original: "0", value: "0" };

export function parseAlpineVersion(original: string): AlpineVersion {
  let rest = original;
  const components: NumberPart[] = [];
  const numbers = /^(?:\d+\.?)*/.exec(rest)?.[0] ?? "";
  for (const d of numbers.split(".")) {
    if (d === "") break; // apk tolerates a dot that is not followed by a digit
    components.push({ original: d, value: canonicalNumber(d) });
  }
  rest = rest.slice(numbers.length);

  let letter = "";
  if (/^[a-z]/.test(rest)) {
    letter = rest[0];
    rest = rest.slice(1);
  }

  const suffixes: Suffix[] = [];
  for (const m of rest.matchAll(/_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/g)) {
    suffixes.push({ weight: SUFFIX_ORDER.indexOf(m[1]), number: canonicalNumber(m[2] || "0") });
    if (rest.startsWith(m[0])) rest = rest.slice(m[0].length);
  }

  const hash = /^~[0-9a-f]+/.exec(rest);
  if (hash) rest = rest.slice(hash[0].length);

  let build = "0";
  let invalid = false;
  if (rest !== "") {
    const r = /^-r(\d*)/.exec(rest);
    if (r) {
      build = canonicalNumber(r[1] || "0");
      rest = rest.slice(r[0].length);
    } else {
      invalid = true;
    }
  }
  return { original, invalid, components, letter, suffixes, build, remainder: rest };
}

function compareNumberPart(a: NumberPart, b: NumberPart, index: number): Ordering {
  // After the first component a leading zero makes apk compare as a string ("1.02" < "1.1").
  if (index !== 0 && (a.original[0] === "0" || b.original[0] === "0")) {
    return compareStrings(a.original, b.original);
  }
  return compareCanonicalNumbers(a.value, b.value);
}

export function compareAlpine(a: AlpineVersion, b: AlpineVersion): Ordering {
  if (a.invalid && b.invalid) return compareStrings(a.original, b.original);
  const n = Math.max(a.components.length, b.components.length);
  for (let i = 0; i < n; i++) {
    const x = a.components[i];
    const y = b.components[i];
    // A missing component behaves as "0" with no position, i.e. compares numerically.
    const d = x && y ? compareNumberPart(x, y, i) : compareCanonicalNumbers((x ?? ZERO).value, (y ?? ZERO).value);
    if (d !== 0) return d;
  }
  if (a.letter !== b.letter) {
    if (a.letter === "") return -1;
    if (b.letter === "") return 1;
    return compareStrings(a.letter, b.letter);
  }
  const s = Math.max(a.suffixes.length, b.suffixes.length);
  for (let i = 0; i < s; i++) {
    const x = a.suffixes[i] ?? NO_SUFFIX;
    const y = b.suffixes[i] ?? NO_SUFFIX;
    if (x.weight !== y.weight) return x.weight < y.weight ? -1 : 1;
    const d = compareCanonicalNumbers(x.number, y.number);
    if (d !== 0) return d;
  }
  const d = compareCanonicalNumbers(a.build, b.build);
  if (d !== 0) return d;
  if ((a.remainder === "") !== (b.remainder === "")) return a.remainder === "" ? 1 : -1;
  return 0;
}

/**
 * The strict grammar, extended with two forms secdb really uses and osv.dev accepts: a patch
 * level without underscore ("6.6.2p1", abuild issue 10088) and a revision written ".r0".
 */
const ALPINE_SYNTAX =
  /^\d+(?:\.\d+)*(?:[a-z]|p\d+)?(?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*(?:~[0-9a-f]+)?(?:[.-]r\d+)?$/;

export const alpineScheme: VersionScheme<AlpineVersion> = {
  name: "Alpine",
  parse: parseAlpineVersion,
  compare: compareAlpine,
  validate: (v) =>
    ALPINE_SYNTAX.test(v) ? undefined : "not of the form number{.number}{letter}{_suffix{number}}{~hash}{-r#}",
};
