/** The result of comparing two versions: a is before (-1), equal to (0) or after (1) b. */
export type Ordering = -1 | 0 | 1;

/** Why a version string was rejected by an ecosystem's rules. */
export interface VersionError {
  readonly kind: "invalid-version" | "unsupported-ecosystem";
  readonly ecosystem: string;
  readonly version: string;
  readonly message: string;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: VersionError };

/**
 * One ecosystem's version rules. `parse` turns a string into a comparable form once,
 * so that hot paths (matching many components against many ranges) never re-parse.
 * `parse` is lenient where the reference tool is lenient (it still orders odd strings);
 * `validate` reports whether a string is well-formed by the ecosystem's strict grammar.
 */
export interface VersionScheme<T> {
  readonly name: string;
  parse(version: string): T | string;
  compare(a: T, b: T): Ordering;
  validate?(version: string): string | undefined;
}

export function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Plain code-unit comparison (like Go's strings.Compare / C's strcmp on ASCII). */
export function compareStrings(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}
