import { canonicalNumber, compareCanonicalNumbers, compareNumberLists, isDigits } from "./numeric";
import { compareStrings, type Ordering, type VersionScheme } from "./types";

/**
 * A version shaped like SemVer but with any number of numeric components and an optional
 * leading "v": numeric components up to the first character that is neither a digit nor a
 * dot, then everything else as the "build" string (pre-release and/or build metadata).
 *
 * node-semver is not used for ordering because it rejects what real advisories and lockfiles
 * contain and the reference vectors expect to order: four or more components ("1.1.3.4.5"),
 * components beyond Number.MAX_SAFE_INTEGER, and loose forms. It is still used for strict
 * validation of npm versions (see ecosystems.ts).
 */
export interface SemverLike {
  readonly components: readonly string[];
  readonly build: string;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function parseSemverLike(input: string, maxComponents: number): SemverLike {
  const line = input.startsWith("v") ? input.slice(1) : input;
  const components: string[] = [];
  let i = 0;
  let start = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (isDigitCode(c)) continue;
    if (i > start) components.push(canonicalNumber(line.slice(start, i)));
    if (c === 46 /* . */) {
      start = i + 1;
      continue;
    }
    break;
  }
  let build = "";
  if (i < line.length) build = line.slice(i);
  else if (i > start) components.push(canonicalNumber(line.slice(start, i)));
  if (maxComponents >= 0 && components.length > maxComponents) {
    // Components beyond the scheme's count continue as part of the build string.
    const extra = components.splice(maxComponents);
    build = extra.map((c) => `.${c}`).join("") + build;
  }
  return { components, build };
}

function compareIdentifiers(a: readonly string[], b: readonly string[]): Ordering {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const xNum = isDigits(x);
    const yNum = isDigits(y);
    let d: Ordering;
    if (xNum && yNum) d = compareCanonicalNumbers(canonicalNumber(x), canonicalNumber(y));
    else if (!xNum && !yNum) d = compareStrings(x, y);
    else d = xNum ? -1 : 1; // numeric identifiers have lower precedence (SemVer 2.0 §11.4.3)
    if (d !== 0) return d;
  }
  return a.length === b.length ? 0 : a.length > b.length ? 1 : -1;
}

/** SemVer 2.0 pre-release precedence on the "build" string; build metadata (after "+") is ignored. */
export function comparePrerelease(a: string, b: string): Ordering {
  let x = a.split("+")[0];
  let y = b.split("+")[0];
  if (x.startsWith("-")) x = x.slice(1);
  if (y.startsWith("-")) y = y.slice(1);
  if (x === y) return 0;
  if (x === "") return 1; // a release sorts after its pre-releases
  if (y === "") return -1;
  return compareIdentifiers(x.split("."), y.split("."));
}

function buildMetadata(build: string): string {
  const i = build.indexOf("+");
  return i < 0 ? "" : build.slice(i + 1);
}

/** npm, crates.io, Go, Hex, SwiftURL, and the SEMVER range type: three numeric components. */
export const semverScheme: VersionScheme<SemverLike> = {
  name: "SemVer",
  parse: (v) => parseSemverLike(v, 3),
  compare(a, b) {
    return compareNumberLists(a.components, b.components) || comparePrerelease(a.build, b.build);
  },
};

/** NuGet: four numeric components, case-insensitive pre-release labels, metadata ignored. */
export const nugetScheme: VersionScheme<SemverLike> = {
  name: "NuGet",
  parse(v) {
    const p = parseSemverLike(v, 4);
    return { components: p.components, build: p.build.toLowerCase() };
  },
  compare: semverScheme.compare,
};

/** Pub (Dart): SemVer precedence, then build metadata as a tiebreaker (pub_semver orders builds). */
export const pubScheme: VersionScheme<SemverLike> = {
  name: "Pub",
  parse: (v) => parseSemverLike(v, 3),
  compare(a, b) {
    return semverScheme.compare(a, b) || compareStrings(buildMetadata(a.build), buildMetadata(b.build));
  },
};

/** Hackage (Haskell PVP): any number of numeric components; "1.0" < "1.0.0". */
export const hackageScheme: VersionScheme<SemverLike> = {
  name: "Hackage",
  parse(v) {
    const p = parseSemverLike(v, -1);
    if (p.build !== "") return `Hackage versions are dot-separated numbers only, found "${p.build}"`;
    return p;
  },
  compare(a, b) {
    const d = compareNumberLists(a.components, b.components);
    if (d !== 0) return d;
    const la = a.components.length;
    const lb = b.components.length;
    return la === lb ? 0 : la > lb ? 1 : -1;
  },
};
