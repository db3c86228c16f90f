// The component side of the generated workspace: a universe of packages whose popularity follows a power law,
// and per device model a set of components that each new software version moves partly forward.
import { skewedIndex } from "../support";
import type { Counts } from "./counts";

export type PackageType = "npm" | "maven" | "pypi" | "golang" | "deb";

export type Package = {
  index: number;
  type: PackageType;
  /** CycloneDX group (Maven groupId, npm scope); null when the ecosystem has none. */
  group: string | null;
  name: string;
  /** Purl without version, qualifiers and subpath: what `sbom_components.purl_base` stores. */
  purlBase: string;
  license: string;
};

/** Versions each package has (0 = oldest); software versions move their components forward within them. */
export const PACKAGE_VERSIONS = 40;
const LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "GPL-2.0-only", "LGPL-2.1-or-later", "MPL-2.0"];

/** A package, derived from its index alone (no state), so that any part of the generator can name it. */
export function packageAt(index: number): Package {
  const license = LICENSES[index % LICENSES.length];
  switch (index % 10) {
    case 0:
    case 1:
    case 2: {
      const scope = index % 7 === 0 ? `@scope${index % 97}` : null;
      const name = `lib-${index}`;
      return { index, type: "npm", group: scope, name, purlBase: `pkg:npm/${scope ? `%40scope${index % 97}/` : ""}${name}`, license };
    }
    case 3:
    case 4: {
      const group = `org.example${index % 113}`;
      return { index, type: "maven", group, name: `artifact-${index}`, purlBase: `pkg:maven/${group}/artifact-${index}`, license };
    }
    case 5:
    case 6:
      return { index, type: "pypi", group: null, name: `py-lib-${index}`, purlBase: `pkg:pypi/py-lib-${index}`, license };
    case 7:
      return { index, type: "golang", group: null, name: `github.com/org${index % 89}/mod${index}`, purlBase: `pkg:golang/github.com/org${index % 89}/mod${index}`, license };
    default:
      return { index, type: "deb", group: null, name: `libdeb${index}`, purlBase: `pkg:deb/debian/libdeb${index}`, license };
  }
}

/** Version `v` (0-based, ascending) of a package as its ecosystem writes it. */
export function versionOf(pkg: Package, v: number): string {
  const semver = `${1 + (pkg.index % 4)}.${Math.floor(v / 4)}.${v % 4}`;
  if (pkg.type === "golang") return `v${semver}`;
  if (pkg.type === "deb") return `${semver}-${1 + (v % 3)}`;
  return semver;
}

export function purlOf(pkg: Package, v: number): string {
  const q = pkg.type === "deb" ? "?arch=amd64&distro=debian-12" : "";
  return `${pkg.purlBase}@${versionOf(pkg, v)}${q}`;
}

/** The components of one software version: package indices and, at the same position, their version index. */
export type VersionComponents = { model: number; packages: Int32Array; versions: Int32Array };

/** Software versions per device model: the total shared out evenly, the first models taking the remainder. */
export function versionsPerModel(counts: Counts): number[] {
  const base = Math.floor(counts.softwareVersions / counts.deviceModels);
  const extra = counts.softwareVersions % counts.deviceModels;
  return Array.from({ length: counts.deviceModels }, (_, m) => base + (m < extra ? 1 : 0));
}

/**
 * Every software version's components, model by model, oldest version first. A model picks its components by
 * popularity (exponent 1.5: the most used packages are in nearly every model); each next version moves about 5 % of
 * them to a newer version and swaps about 1 % for another package.
 */
export function* portfolio(counts: Counts, random: () => number): Generator<VersionComponents> {
  const perModel = versionsPerModel(counts);
  for (let model = 0; model < counts.deviceModels; model++) {
    const chosen = new Map<number, number>();
    while (chosen.size < counts.componentsPerVersion) {
      chosen.set(skewedIndex(random, counts.packages), Math.floor(random() * (PACKAGE_VERSIONS / 2)));
    }
    for (let v = 0; v < perModel[model]; v++) {
      if (v > 0) {
        for (const [pkg, idx] of [...chosen]) {
          const r = random();
          if (r < 0.05 && idx + 1 < PACKAGE_VERSIONS) chosen.set(pkg, idx + 1);
          else if (r > 0.99) {
            chosen.delete(pkg);
            let next = skewedIndex(random, counts.packages);
            while (chosen.has(next)) next = skewedIndex(random, counts.packages);
            chosen.set(next, Math.floor(random() * (PACKAGE_VERSIONS / 2)));
          }
        }
      }
      const packages = new Int32Array(chosen.size);
      const versions = new Int32Array(chosen.size);
      let i = 0;
      for (const [pkg, idx] of chosen) {
        packages[i] = pkg;
        versions[i] = idx;
        i++;
      }
      yield { model, packages, versions };
    }
  }
}
