import type { Ordering, VersionScheme } from "./types";

/**
 * RPM ordering (Red Hat, AlmaLinux, Rocky, SUSE, openSUSE, Mageia, openEuler): epoch, version
 * and release each compared with rpmvercmp(), including "~" (sorts before anything, even the
 * end) and "^" (sorts after the end but before anything else). No npm package implements it.
 */
export interface RpmVersion {
  readonly epoch: string;
  readonly version: string;
  readonly release: string;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isSeparator(c: number): boolean {
  return !isDigitCode(c) && !isLetterCode(c) && c !== 126 && c !== 94;
}

export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  if (a === "") return -1;
  if (b === "") return 1;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j++;

    const aTilde = a.charCodeAt(i) === 126;
    const bTilde = b.charCodeAt(j) === 126;
    if (aTilde && bTilde) {
      i++;
      j++;
      continue;
    }
    if (aTilde) return -1;
    if (bTilde) return 1;

    const aCaret = a.charCodeAt(i) === 94;
    const bCaret = b.charCodeAt(j) === 94;
    if (aCaret && bCaret) {
      i++;
      j++;
      continue;
    }
    if (aCaret) return j === b.length ? 1 : -1;
    if (bCaret) return i === a.length ? -1 : 1;

    if (i === a.length || j === b.length) break;

    const numeric = isDigitCode(a.charCodeAt(i));
    const inRun = numeric ? isDigitCode : isLetterCode;
    const i0 = i;
    const j0 = j;
    while (i < a.length && inRun(a.charCodeAt(i))) i++;
    while (j < b.length && inRun(b.charCodeAt(j))) j++;
    let x = a.slice(i0, i);
    let y = b.slice(j0, j);
    // segments of different kinds: a number is newer than letters
    if (y === "") return numeric ? 1 : -1;
    if (numeric) {
      x = x.replace(/^0+/, "");
      y = y.replace(/^0+/, "");
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
    }
    if (x !== y) return x < y ? -1 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  return restA === restB ? 0 : restA > restB ? 1 : -1;
}

export function parseRpmVersion(input: string): RpmVersion {
  let epoch = "";
  let rest = input;
  const colon = input.indexOf(":");
  if (colon >= 0 && /^\d*$/.test(input.slice(0, colon))) {
    epoch = input.slice(0, colon);
    rest = input.slice(colon + 1);
  }
  const dash = rest.indexOf("-");
  const version = dash < 0 ? rest : rest.slice(0, dash);
  const release = dash < 0 ? "" : rest.slice(dash);
  return { epoch: epoch === "" ? "0" : epoch, version, release };
}

export function compareRpm(a: RpmVersion, b: RpmVersion): Ordering {
  return rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

export const rpmScheme: VersionScheme<RpmVersion> = {
  name: "RPM",
  parse: parseRpmVersion,
  compare: compareRpm,
};
