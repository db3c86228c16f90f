import { canonicalNumber, compareNumberLists, isDigits } from "./numeric";
import type { VersionScheme } from "./types";

/**
 * CRAN (R package_version): numbers separated by "." or "-" (equal weight). Equal prefixes
 * are ordered by length, so "0.1.0" < "0.1.0.0" as R's compareVersion() does.
 */
export type CranVersion = readonly string[];

export function parseCranVersion(version: string): CranVersion | string {
  const parts = version.trim().replaceAll("-", ".").split(".");
  const numbers = parts.filter(isDigits).map(canonicalNumber);
  if (numbers.length === 0) return "a CRAN version is a sequence of numbers separated by '.' or '-'";
  return numbers;
}

export const cranScheme: VersionScheme<CranVersion> = {
  name: "CRAN",
  parse: parseCranVersion,
  compare(a, b) {
    const d = compareNumberLists(a, b);
    if (d !== 0) return d;
    return a.length === b.length ? 0 : a.length > b.length ? 1 : -1;
  },
  validate: (v) => (/^\d+(?:[.-]\d+)+$/.test(v) ? undefined : "at least two numbers separated by '.' or '-'"),
};
