import { PackageURL } from "packageurl-js";

export type PurlResult = { ok: true; purl: string } | { ok: false; reason: string };

/** Parses a purl with packageurl-js and returns its canonical string (type/name normalised per purl type). */
export function normalisePurl(raw: string): PurlResult {
  const trimmed = raw.trim();
  const cached = cache.get(trimmed);
  if (cached) return cached;
  const result = parsePurl(trimmed);
  if (cache.size > 50_000) cache.clear();
  cache.set(trimmed, result);
  return result;
}

// Canonicalising is the costliest step of reading an SBOM, and the same purls recur across uploads.
const cache = new Map<string, PurlResult>();

function parsePurl(trimmed: string): PurlResult {
  try {
    return { ok: true, purl: PackageURL.fromString(trimmed).toString() };
  } catch (err) {
    // packageurl-js 2.0.1 throws a ReferenceError for golang versions like "v1": report it as a bad version.
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ReferenceError && trimmed.startsWith("pkg:golang/")) {
      return { ok: false, reason: 'golang "version" component starting with a "v" must be followed by a valid semver version' };
    }
    return { ok: false, reason: message };
  }
}

/** Purl without version, qualifiers and subpath: the identity of a package across versions. */
export function purlWithoutVersion(canonical: string): string | null {
  try {
    const p = PackageURL.fromString(canonical);
    return new PackageURL(p.type, p.namespace, p.name, undefined, undefined, undefined).toString();
  } catch {
    return null;
  }
}

const CPE23 = /^cpe:2\.3:[aho*-](?::(?:\\.|[^:\\])*){10}$/;
const CPE22 = /^cpe:\/[aho]?(?::[^:]*){0,6}$/i;

export function isCpe(value: string): boolean {
  return CPE23.test(value) || CPE22.test(value);
}
