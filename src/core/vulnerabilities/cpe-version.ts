import { isValidVersion, tryCompareVersions } from "./versions";
import type { Ordering } from "./versions";

/**
 * Version comparison for CPE-based matching. CPE and CVE data say nothing about how a product
 * numbers its versions, so:
 * 1. when the component's ecosystem is known (from its purl, or a CVE 5 `versionType` such as
 *    `semver`, `maven`, `python`, `rpm`) and both versions are valid in its grammar, that
 *    ecosystem's comparator decides;
 * 2. otherwise the generic dotted comparison below decides.
 *
 * Generic dotted comparison: a version is split into runs of digits and runs of letters
 * (separators `.`, `-`, `_`, `+`, `~`, `:` and spaces only split). Runs are compared left to right:
 * numbers numerically (leading zeros ignored), words case-insensitively, a number after a word.
 * When one version runs out, what follows in the other decides: a pre-release word
 * (alpha, beta, rc, cr, pre, preview, dev, snapshot, milestone, ea, or a/b/m followed by a
 * number) makes it smaller
 * ("2.0rc1" < "2.0"), anything else makes it greater ("1.0.2" > "1.0", and OpenSSL's letter
 * releases "1.1.1k" > "1.1.1"); trailing zeros are ignored ("10" = "10.0"). A leading "v" is
 * ignored. Never throws.
 */

const PRE_RELEASE = new Set(["alpha", "beta", "rc", "cr", "pre", "preview", "dev", "snapshot", "milestone", "ea"]);
/** "1.0a1", "2.0b3", "5.0m2" are pre-releases; a bare trailing letter ("1.0.2a") is a later release. */
const PRE_RELEASE_LETTER = new Set(["a", "b", "m"]);

function isPreRelease(list: Token[], i: number): boolean {
  const t = list[i];
  if (typeof t !== "string") return false;
  return PRE_RELEASE.has(t) || (PRE_RELEASE_LETTER.has(t) && typeof list[i + 1] === "number");
}

type Token = number | string;

function tokens(version: string): Token[] {
  const v = version.trim().replace(/^v(?=\d)/i, "");
  const out: Token[] = [];
  for (const m of v.matchAll(/(\d+)|([A-Za-z]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2].toLowerCase());
  return out;
}

export function compareGenericVersions(a: string, b: string): Ordering {
  const ta = tokens(a);
  const tb = tokens(b);
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i];
    const y = tb[i];
    if (typeof x === "number" && typeof y === "number") {
      if (x !== y) return x < y ? -1 : 1;
    } else if (typeof x === "string" && typeof y === "string") {
      if (x !== y) {
        const px = isPreRelease(ta, i);
        const py = isPreRelease(tb, i);
        if (px !== py) return px ? -1 : 1;
        return x < y ? -1 : 1;
      }
    } else {
      return typeof x === "number" ? 1 : -1;
    }
  }
  const longer = ta.length > tb.length ? ta : tb;
  const sign: Ordering = ta.length > tb.length ? 1 : -1;
  for (let i = n; i < longer.length; i++) {
    const next = longer[i];
    if (next === 0) continue;
    return isPreRelease(longer, i) ? (-sign as Ordering) : sign;
  }
  return 0;
}

/** CVE JSON 5 `versionType` values that name an ecosystem's ordering. */
const VERSION_TYPES: Record<string, string> = {
  semver: "npm",
  maven: "Maven",
  python: "PyPI",
  pypi: "PyPI",
  pep440: "PyPI",
  npm: "npm",
  rpm: "Red Hat",
  deb: "Debian",
  debian: "Debian",
  gem: "RubyGems",
  nuget: "NuGet",
  go: "Go",
  cargo: "crates.io",
  composer: "Packagist",
};

/** The ecosystem whose ordering a CVE 5 `versionType` asks for, if Vigil knows it. */
export function ecosystemForVersionType(versionType: string | undefined): string | undefined {
  return versionType ? VERSION_TYPES[versionType.toLowerCase()] : undefined;
}

/** How two versions were compared: with an ecosystem's rules, or the generic dotted rules. */
export interface VersionComparison {
  readonly order: Ordering;
  readonly scheme: string;
}

/**
 * Compares with the ecosystem's rules when given and both versions parse, else generically.
 * `git` version types cannot be ordered at all: callers check that before comparing.
 */
export function compareCpeVersions(a: string, b: string, ecosystem?: string | null): VersionComparison {
  if (ecosystem && isValidVersion(ecosystem, a) && isValidVersion(ecosystem, b)) {
    const r = tryCompareVersions(ecosystem, a, b);
    if (r.ok) return { order: r.value, scheme: ecosystem };
  }
  return { order: compareGenericVersions(a, b), scheme: "generic" };
}
