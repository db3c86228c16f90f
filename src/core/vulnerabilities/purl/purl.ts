import { PackageURL } from "packageurl-js";
import { ecosystemForPurl, releaseFromDistro } from "./ecosystems";

/** A component to be matched: what an SBOM says about one package instance. */
export interface ComponentRef {
  readonly purl?: string;
  /** OSV ecosystem, optionally with release suffix ("Debian:11", "Alpine:v3.18"). */
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
}

export interface PurlError {
  readonly purl: string;
  readonly message: string;
}

export type PurlResult = { readonly ok: true; readonly component: ComponentRef } | { readonly ok: false; readonly error: PurlError };

/** The OSV package name for a purl: Maven "group:artifact", Go and npm "namespace/name". */
function osvName(ecosystem: string, namespace: string | undefined, name: string): string {
  if (!namespace) return name;
  switch (ecosystem) {
    case "Maven":
      return `${namespace}:${name}`;
    case "npm":
    case "Go":
    case "Packagist":
    case "GitHub Actions":
    case "SwiftURL":
      return `${namespace}/${name}`;
    default:
      return name; // distro purls carry the vendor as namespace; the name is the package
  }
}

/**
 * Turns a purl into a component reference. The `distro` qualifier of deb/apk/rpm purls selects
 * the release-specific ecosystem ("Debian:11"), and an rpm/deb `epoch` qualifier becomes part of
 * the compared version ("1:1.1.1k-7.el8").
 */
export function componentFromPurl(purl: string): PurlResult {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl);
  } catch (e) {
    return { ok: false, error: { purl, message: `not a valid purl: ${e instanceof Error ? e.message : String(e)}` } };
  }
  const ecosystem = ecosystemForPurl(p.type, p.namespace ?? undefined);
  if (!ecosystem && ["deb", "apk", "rpm"].includes(p.type) && !p.namespace) {
    return { ok: false, error: { purl, message: `purl type "${p.type}" needs the distribution as namespace (pkg:${p.type}/<vendor>/<name>@<version>)` } };
  }
  if (!ecosystem) {
    const what = p.namespace ? `type "${p.type}" with namespace "${p.namespace}"` : `type "${p.type}"`;
    return { ok: false, error: { purl, message: `purl ${what} has no OSV ecosystem` } };
  }
  if (!p.version) return { ok: false, error: { purl, message: "purl has no version, so it cannot be matched" } };
  const qualifiers = (p.qualifiers ?? {}) as Record<string, string>;
  const release = releaseFromDistro(ecosystem, qualifiers.distro);
  let version = p.version;
  let name = osvName(ecosystem, p.namespace ?? undefined, p.name);
  // Debian/Ubuntu and Alpine advisories name source packages; SBOM tools give the source of a
  // binary package as `upstream` or `source` ("util-linux", "shadow@1:4.5-1.1", "glibc (2.31-13)").
  const source = (p.type === "deb" || p.type === "apk") && (qualifiers.upstream || qualifiers.source);
  if (source) {
    const m = /^([^@\s(]+)\s*(?:@\s*([^\s)]+)|\(([^)]+)\))?/.exec(source.trim());
    if (m) {
      name = m[1];
      version = m[2] ?? m[3] ?? version;
    }
  }
  const epoch = qualifiers.epoch;
  if (epoch && !version.includes(":") && (p.type === "rpm" || p.type === "deb")) {
    if (!/^\d+$/.test(epoch)) return { ok: false, error: { purl, message: `epoch qualifier "${epoch}" is not a number` } };
    version = `${epoch}:${version}`;
  }
  return {
    ok: true,
    component: {
      purl,
      ecosystem: release ? `${ecosystem}:${release}` : ecosystem,
      name,
      version: ecosystem === "Go" ? version.replace(/^go(?=\d)/, "") : version,
    },
  };
}

/** The package identity in an OSV `affected[].package.purl` (no version), or undefined if unusable. */
export function packageFromPurl(purl: string): { ecosystem: string; name: string } | undefined {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  const ecosystem = ecosystemForPurl(p.type, p.namespace ?? undefined);
  if (!ecosystem) return undefined;
  return { ecosystem, name: osvName(ecosystem, p.namespace ?? undefined, p.name) };
}
