import { baseEcosystem } from "../versions/ecosystems";

/**
 * The form in which a package name is compared within an ecosystem.
 * - PyPI: PEP 503 (lowercase, runs of "-", "_", "." become "-").
 * - Go, SwiftURL: module paths / URLs are case-sensitive, kept as they are (trailing "/" dropped).
 * - everything else (npm, NuGet, Maven group:artifact, crates.io, RubyGems, Packagist,
 *   distribution packages…): compared case-insensitively.
 */
export function normalisePackageName(ecosystem: string, name: string): string {
  const n = name.trim();
  switch (baseEcosystem(ecosystem).toLowerCase()) {
    case "pypi":
      return n.toLowerCase().replace(/[-_.]+/g, "-");
    case "go":
    case "swifturl":
    case "git":
      return n.replace(/\/+$/, "");
    default:
      return n.toLowerCase();
  }
}

/** Canonical ecosystem spelling used in keys: "crates.io" stays, "pypi" -> "PyPI". */
export function canonicalEcosystemKey(ecosystem: string): string {
  return baseEcosystem(ecosystem).toLowerCase();
}

/** Index key of a package: lower-cased base ecosystem and normalised name. */
export function packageKey(ecosystem: string, name: string): string {
  return `${canonicalEcosystemKey(ecosystem)}\u0000${normalisePackageName(ecosystem, name)}`;
}
