import { type AnyVersionScheme, schemeFor } from "./ecosystems";
import { compareStrings, type Ordering, type ParseResult, type VersionError } from "./types";

/** A version parsed once under one ecosystem's rules, ready to be compared many times. */
export interface ParsedVersion {
  readonly ecosystem: string;
  readonly raw: string;
  readonly scheme: AnyVersionScheme;
  readonly key: unknown;
}

function unsupported(ecosystem: string, version: string): VersionError {
  return {
    kind: "unsupported-ecosystem",
    ecosystem,
    version,
    message: `no version ordering is known for ecosystem "${ecosystem}"`,
  };
}

export function parseWithScheme(scheme: AnyVersionScheme, ecosystem: string, version: string): ParseResult<ParsedVersion> {
  let key: unknown;
  try {
    key = scheme.parse(version);
  } catch (e) {
    key = `cannot be parsed: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (typeof key === "string") {
    return {
      ok: false,
      error: { kind: "invalid-version", ecosystem, version, message: `"${version}" is not a valid ${scheme.name} version: ${key}` },
    };
  }
  return { ok: true, value: { ecosystem, raw: version, scheme, key } };
}

/** Parses a version under an ecosystem's ordering rules ("Debian:12" uses Debian's). Never throws. */
export function parseVersion(ecosystem: string, version: string): ParseResult<ParsedVersion> {
  const scheme = schemeFor(ecosystem);
  if (!scheme) return { ok: false, error: unsupported(ecosystem, version) };
  return parseWithScheme(scheme, ecosystem, version);
}

/** Compares two versions parsed under the same scheme. */
export function compareParsed(a: ParsedVersion, b: ParsedVersion): Ordering {
  return a.scheme.compare(a.key, b.key);
}

/** Compares two versions, reporting unparseable input or unknown ecosystems as a typed error. */
export function tryCompareVersions(ecosystem: string, a: string, b: string): ParseResult<Ordering> {
  const pa = parseVersion(ecosystem, a);
  if (!pa.ok) return pa;
  const pb = parseWithScheme(pa.value.scheme, ecosystem, b);
  if (!pb.ok) return pb;
  return { ok: true, value: compareParsed(pa.value, pb.value) };
}

/**
 * Orders two versions by the ecosystem's rules: -1 if a < b, 0 if equal, 1 if a > b.
 * Total and never throws: where the ecosystem is unknown or a version cannot be parsed, the
 * unparseable one sorts first and otherwise plain string order decides. Callers that must
 * not guess use `tryCompareVersions`.
 */
export function compareVersions(ecosystem: string, a: string, b: string): Ordering {
  const r = tryCompareVersions(ecosystem, a, b);
  if (r.ok) return r.value;
  const scheme = schemeFor(ecosystem);
  if (scheme) {
    const aOk = parseWithScheme(scheme, ecosystem, a).ok;
    const bOk = parseWithScheme(scheme, ecosystem, b).ok;
    if (aOk !== bOk) return aOk ? 1 : -1;
  }
  return compareStrings(a, b);
}

/**
 * Whether a version is well formed for the ecosystem: its strict grammar where one is
 * defined (npm SemVer, PEP 440, Debian policy, apk, CRAN), otherwise whether it can be ordered.
 */
export function validateVersion(ecosystem: string, version: string): VersionError | undefined {
  const scheme = schemeFor(ecosystem);
  if (!scheme) return unsupported(ecosystem, version);
  const parsed = parseWithScheme(scheme, ecosystem, version);
  if (!parsed.ok) return parsed.error;
  const problem = scheme.validate?.(version);
  if (problem === undefined) return undefined;
  return { kind: "invalid-version", ecosystem, version, message: `"${version}" is not a valid ${scheme.name} version: ${problem}` };
}

export function isValidVersion(ecosystem: string, version: string): boolean {
  return validateVersion(ecosystem, version) === undefined;
}
