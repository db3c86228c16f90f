import { tryCompareVersions } from "../vulnerabilities";

/**
 * Whether a version lies in a `vers:` range (https://github.com/package-url/purl-spec, VERS). Constraints
 * are read in order: `=`/`!=` single versions, and lower bounds (`>`, `>=`) paired with the upper bound
 * (`<`, `<=`) that follows; an upper bound first opens below, a lower bound last opens above.
 * Returns null when the range cannot be read, so the caller reports it rather than guesses.
 */
const SCHEME_ECOSYSTEM: Record<string, string> = {
  npm: "npm",
  semver: "npm",
  pypi: "PyPI",
  maven: "Maven",
  deb: "Debian",
  rpm: "Red Hat",
  gem: "RubyGems",
  golang: "Go",
  cargo: "crates.io",
  nuget: "NuGet",
  composer: "Packagist",
  apk: "Alpine",
};

function genericCompare(a: string, b: string): number {
  const pa = a.replace(/^v/i, "").split(/[.\-+_]/);
  const pb = b.replace(/^v/i, "").split(/[.\-+_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

export function compareIn(scheme: string, a: string, b: string): number {
  const ecosystem = SCHEME_ECOSYSTEM[scheme.toLowerCase()];
  if (ecosystem) {
    const r = tryCompareVersions(ecosystem, a, b);
    if (r.ok) return r.value;
  }
  return genericCompare(a, b);
}

export function versionInRange(version: string, range: string): boolean | null {
  const m = /^vers:([a-z0-9.+-]+)\/(.+)$/i.exec(range.trim());
  if (!m) return null;
  const [, scheme, body] = m;
  if (body.trim() === "*") return true;
  const constraints: Array<{ op: string; v: string }> = [];
  for (const raw of body.split("|")) {
    const c = /^\s*(>=|<=|!=|<|>|=)?\s*(.+?)\s*$/.exec(raw);
    if (!c?.[2]) return null;
    constraints.push({ op: c[1] ?? "=", v: decodeURIComponent(c[2]) });
  }
  const cmp = (v: string) => compareIn(scheme, version, v);
  if (constraints.some((c) => c.op === "!=" && cmp(c.v) === 0)) return false;
  if (constraints.some((c) => c.op === "=" && cmp(c.v) === 0)) return true;
  const bounds = constraints.filter((c) => c.op !== "=" && c.op !== "!=");
  const above = (c: { op: string; v: string }) => (c.op === ">" ? cmp(c.v) > 0 : cmp(c.v) >= 0);
  const below = (c: { op: string; v: string }) => (c.op === "<" ? cmp(c.v) < 0 : cmp(c.v) <= 0);
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i];
    if (b.op.startsWith(">")) {
      const next = bounds[i + 1];
      if (next?.op.startsWith("<")) {
        if (above(b) && below(next)) return true;
        i++;
      } else if (above(b)) return true;
    } else if (below(b)) return true;
  }
  return false;
}
