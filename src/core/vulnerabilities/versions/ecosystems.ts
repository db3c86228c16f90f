import semver from "semver";
import { alpineScheme } from "./alpine";
import { cranScheme } from "./cran";
import { debianScheme } from "./debian";
import { mavenScheme } from "./maven";
import { packagistScheme } from "./packagist";
import { pypiScheme } from "./pypi";
import { rpmScheme } from "./rpm";
import { rubyGemsScheme } from "./rubygems";
import { hackageScheme, nugetScheme, pubScheme, semverScheme } from "./semver-like";
import type { VersionScheme } from "./types";

/** Schemes are heterogeneous: each keeps its own parsed type, opaque to callers. */
export type AnyVersionScheme = VersionScheme<any>;

/** SemVer ordering with node-semver's strict grammar as the validity check (npm publishes only those). */
const npmScheme: AnyVersionScheme = {
  ...semverScheme,
  name: "npm",
  validate: (v) => (semver.valid(v) ? undefined : "not a valid SemVer 2.0 version"),
};

/**
 * OSV ecosystem (the part before any ':') -> version ordering. Ecosystems that share a
 * package manager share its ordering: RPM-based distributions use rpmvercmp, apk-based ones
 * apk ordering, and Ubuntu uses dpkg.
 */
const SCHEMES: Record<string, AnyVersionScheme> = {
  npm: npmScheme,
  "crates.io": semverScheme,
  Go: semverScheme,
  Hex: semverScheme,
  SwiftURL: semverScheme,
  Bitnami: semverScheme,
  ConanCenter: semverScheme,
  Bioconductor: semverScheme,
  Kubernetes: semverScheme,
  "GitHub Actions": semverScheme,
  Julia: semverScheme,
  Pub: pubScheme,
  NuGet: nugetScheme,
  Hackage: hackageScheme,
  PyPI: pypiScheme,
  Maven: mavenScheme,
  RubyGems: rubyGemsScheme,
  Packagist: packagistScheme,
  CRAN: cranScheme,
  Debian: debianScheme,
  Ubuntu: debianScheme,
  Echo: debianScheme,
  Alpine: alpineScheme,
  Wolfi: alpineScheme,
  Chainguard: alpineScheme,
  MinimOS: alpineScheme,
  Alpaquita: alpineScheme,
  "BellSoft Hardened Containers": alpineScheme,
  "Red Hat": rpmScheme,
  AlmaLinux: rpmScheme,
  "Rocky Linux": rpmScheme,
  SUSE: rpmScheme,
  openSUSE: rpmScheme,
  Mageia: rpmScheme,
  openEuler: rpmScheme,
  "Azure Linux": rpmScheme,
  "Photon OS": rpmScheme,
};

const BY_LOWER_NAME = new Map(Object.entries(SCHEMES).map(([k, v]) => [k.toLowerCase(), v]));

/** "Debian:12" -> "Debian", "Red Hat:rhel_aus:8.4::appstream" -> "Red Hat". */
export function baseEcosystem(ecosystem: string): string {
  const i = ecosystem.indexOf(":");
  return (i < 0 ? ecosystem : ecosystem.slice(0, i)).trim();
}

/** The ordering used for an ecosystem's ECOSYSTEM ranges, or undefined if it has none we know. */
export function schemeFor(ecosystem: string): AnyVersionScheme | undefined {
  const base = baseEcosystem(ecosystem);
  return SCHEMES[base] ?? BY_LOWER_NAME.get(base.toLowerCase());
}

/** The ordering of OSV ranges of type SEMVER, whatever the ecosystem. */
export const semverRangeScheme: AnyVersionScheme = semverScheme;

export function supportedEcosystems(): string[] {
  return Object.keys(SCHEMES);
}
