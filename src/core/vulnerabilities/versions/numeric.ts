import type { Ordering } from "./types";

const DIGITS = /^[0-9]+$/;

export function isDigits(s: string): boolean {
  return DIGITS.test(s);
}

/** Removes leading zeros so that arbitrarily long numbers compare as strings ("007" -> "7", "000" -> "0"). */
export function canonicalNumber(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return i === 0 ? digits : digits.slice(i);
}

/**
 * Compares two canonical digit strings numerically without overflow: version components such as
 * 999999999999999999999999999999 occur in real data and exceed Number.MAX_SAFE_INTEGER.
 */
export function compareCanonicalNumbers(a: string, b: string): Ordering {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareNumbers(a: string, b: string): Ordering {
  return compareCanonicalNumbers(canonicalNumber(a), canonicalNumber(b));
}

/** Compares lists of canonical numbers, padding the shorter one with zeros. */
export function compareNumberLists(a: readonly string[], b: readonly string[]): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareCanonicalNumbers(a[i] ?? "0", b[i] ?? "0");
    if (d !== 0) return d;
  }
  return 0;
}
