// Generated OSV advisories across npm, PyPI, Maven, Go and Debian (SEMVER and ECOSYSTEM ranges), shared by the
// matching and scan benchmarks so that both measure the same kind of records.
import type { OsvRecord } from "../src/core/vulnerabilities";

export type Eco = "npm" | "PyPI" | "Maven" | "Go" | "Debian";

export interface Pkg {
  eco: Eco;
  range: "SEMVER" | "ECOSYSTEM";
  osvEcosystem: string;
  name: string;
  /** Ascending version history as OSV writes versions. */
  versions: string[];
  purl: (version: string) => string;
}

/** A generator of packages and advisories drawing from `random` (same seed, same corpus). */
export function osvCorpus(random: () => number) {
  const ECOSYSTEMS: Array<{ eco: Eco; share: number; range: "SEMVER" | "ECOSYSTEM" }> = [
    { eco: "npm", share: 0.3, range: "SEMVER" },
    { eco: "Maven", share: 0.25, range: "ECOSYSTEM" },
    { eco: "PyPI", share: 0.2, range: "ECOSYSTEM" },
    { eco: "Go", share: 0.15, range: "SEMVER" },
    { eco: "Debian", share: 0.1, range: "ECOSYSTEM" },
  ];
  /**
   * Popular packages appear in many devices and many advisories (power-law skew). With exponent 1.5
   * the most popular of 25,000 packages gets ~0.1 % of the advisories (~250), about what
   * jackson-databind or Tomcat have in the GitHub Advisory Database.
   */
  const skewed = (n: number) => Math.min(n - 1, Math.floor(n * random() ** 1.5));

  function history(eco: Eco, epoch: boolean): string[] {
    const out: string[] = [];
    let [M, m, p] = [Math.floor(random() * 3), Math.floor(random() * 5), 0];
    for (let i = 0; i < 30; i++) {
      const r = random();
      if (r < 0.1) [M, m, p] = [M + 1, 0, 0];
      else if (r < 0.4) [m, p] = [m + 1, 0];
      else p++;
      if (eco === "PyPI" && p === 0 && random() < 0.5) out.push(`${M}.${m}`);
      else if (eco === "Debian") out.push(`${epoch ? "1:" : ""}${M}.${m}.${p}-${1 + Math.floor(random() * 3)}`);
      else out.push(`${M}.${m}.${p}`);
    }
    return out;
  }

  function makePackage(i: number): Pkg {
    const r = random();
    let cumulative = 0;
    const e =
      ECOSYSTEMS.find((x) => {
        cumulative += x.share;
        return r < cumulative;
      }) ?? ECOSYSTEMS[0];
    const epoch = e.eco === "Debian" && random() < 0.2;
    const versions = history(e.eco, epoch);
    switch (e.eco) {
      case "npm": {
        const scoped = random() < 0.3;
        const name = scoped ? `@scope${i % 97}/lib-${i}` : `lib-${i}`;
        const purlName = scoped ? `%40scope${i % 97}/lib-${i}` : `lib-${i}`;
        return { ...e, osvEcosystem: "npm", name, versions, purl: (v) => `pkg:npm/${purlName}@${v}` };
      }
      case "Maven":
        return { ...e, osvEcosystem: "Maven", name: `org.example${i % 113}:artifact-${i}`, versions, purl: (v) => `pkg:maven/org.example${i % 113}/artifact-${i}@${v}` };
      case "PyPI":
        return { ...e, osvEcosystem: "PyPI", name: `Py_Lib.${i}`, versions, purl: (v) => `pkg:pypi/py-lib-${i}@${v}` };
      case "Go":
        return { ...e, osvEcosystem: "Go", name: `github.com/org${i % 89}/mod${i}`, versions, purl: (v) => `pkg:golang/github.com/org${i % 89}/mod${i}@v${v}` };
      case "Debian":
        return {
          ...e,
          osvEcosystem: "Debian:12",
          name: `deb-${i}`,
          versions,
          purl: (v) => {
            const [ep, rest] = v.includes(":") ? v.split(":") : [undefined, v];
            return `pkg:deb/debian/deb-${i}@${rest}?${ep ? `epoch=${ep}&` : ""}distro=debian-12`;
          },
        };
    }
  }

  function makeAdvisory(i: number, packages: readonly Pkg[]): OsvRecord {
    const affected = [];
    for (let k = 0; k < (random() < 0.1 ? 2 : 1); k++) {
      const pkg = packages[skewed(packages.length)];
      const a = Math.floor(random() * 25);
      const b = a + 1 + Math.floor(random() * 4);
      const ranges = [
        {
          type: pkg.range,
          events: [
            { introduced: random() < 0.3 ? "0" : pkg.versions[a] },
            random() < 0.05 ? { last_affected: pkg.versions[b] } : { fixed: pkg.versions[b] },
          ],
        },
      ];
      if (random() < 0.1 && b + 2 < pkg.versions.length) {
        ranges.push({ type: pkg.range, events: [{ introduced: pkg.versions[b + 1] }, { fixed: pkg.versions[b + 2] }] });
      }
      affected.push({
        package: { ecosystem: pkg.osvEcosystem, name: pkg.name },
        ranges,
        ...(random() < 0.05 ? { versions: pkg.versions.slice(a, b) } : {}),
        database_specific: { source: "https://github.com/github/advisory-database" },
      });
    }
    return {
      schema_version: "1.6.0",
      id: `GHSA-bench-${i.toString(36).padStart(4, "0")}`,
      modified: "2025-06-01T00:00:00Z",
      published: "2024-01-15T10:00:00Z",
      aliases: [`CVE-2024-${10000 + i}`],
      summary: `Generated vulnerability ${i} in ${affected[0].package.name}`,
      details: "An attacker can send a crafted request that exhausts memory or executes code; generated text of realistic length for a benchmark record.",
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
      affected,
      references: [
        { type: "ADVISORY", url: `https://nvd.nist.gov/vuln/detail/CVE-2024-${10000 + i}` },
        { type: "WEB", url: `https://example.org/advisories/${i}` },
      ],
      database_specific: { severity: "HIGH", cwe_ids: ["CWE-400"], github_reviewed: true },
    } as OsvRecord;
  }

  return { makePackage, makeAdvisory, skewed };
}
