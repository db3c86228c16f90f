import type { Cve5Record } from "../../core/feeds";
import { parseCvss } from "../../core/scoring";
import type { OsvRecord } from "../../core/vulnerabilities";
import type { StoredSeverity, vulnerabilities } from "./schema";

export type StoredRecord = { id: string; source: "osv" | "cve5"; withdrawn: boolean; raw: unknown };
type Cvss = { v40?: string; v31?: string; v30?: string; v2?: string };

function cvssFromSeverity(list: OsvRecord["severity"], into: Cvss): void {
  for (const s of list ?? []) {
    const score = s.score.trim();
    if (s.type === "CVSS_V4" && !into.v40) into.v40 = score;
    else if (s.type === "CVSS_V3" && score.startsWith("CVSS:3.0/") && !into.v30) into.v30 = score;
    else if (s.type === "CVSS_V3" && !score.startsWith("CVSS:3.0/") && !into.v31) into.v31 = score;
    else if (s.type === "CVSS_V2" && !into.v2) into.v2 = score;
  }
}

const earliest = (values: Array<string | null | undefined>) => values.filter((v): v is string => Boolean(v)).sort()[0] ?? null;
const latest = (values: Array<string | null | undefined>) => values.filter((v): v is string => Boolean(v)).sort().at(-1) ?? null;
const asDate = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : null);

/**
 * The fields of a vulnerability derived from all its records: OSV first (summary, details, CVSS, CWE from
 * GHSA `database_specific`), CVE JSON 5 where OSV has nothing. Withdrawn when every record is withdrawn
 * (OSV) or rejected (CVE).
 */
export function deriveVulnerability(
  id: string,
  aliases: string[],
  records: readonly StoredRecord[],
): Omit<typeof vulnerabilities.$inferInsert, "createdAt" | "updatedAt"> {
  const osv = records.filter((r) => r.source === "osv").map((r) => r.raw as OsvRecord);
  const cves = records.filter((r) => r.source === "cve5").map((r) => r.raw as Cve5Record);
  const live = osv.filter((r) => !r.withdrawn);
  const ordered = [...live, ...osv.filter((r) => r.withdrawn)];
  const cvss: Cvss = {};
  let source: string | null = null;
  for (const r of ordered) {
    cvssFromSeverity(r.severity, cvss);
    for (const a of r.affected ?? []) cvssFromSeverity(a.severity, cvss);
    if (!source && Object.keys(cvss).length > 0) source = r.id;
  }
  if (Object.keys(cvss).length === 0) {
    for (const cve of cves) {
      const pick = (v: string) => cve.cvss.find((c) => c.version === v && c.source === "cna") ?? cve.cvss.find((c) => c.version === v);
      const v40 = pick("4.0");
      const v31 = pick("3.1");
      const v30 = pick("3.0");
      const v2 = pick("2.0");
      if (v40) cvss.v40 = v40.vector;
      if (v31) cvss.v31 = v31.vector;
      if (v30) cvss.v30 = v30.vector;
      if (v2) cvss.v2 = v2.vector;
      const used = v40 ?? v31 ?? v30 ?? v2;
      if (used) {
        source = `${cve.id} (${used.source})`;
        break;
      }
    }
  }
  let severity: StoredSeverity | null = null;
  for (const [key, version] of [
    ["v40", "4.0"],
    ["v31", "3.1"],
    ["v30", "3.0"],
    ["v2", "2.0"],
  ] as const) {
    const vector = cvss[key];
    if (!vector) continue;
    const parsed = parseCvss(vector, { assumeVersion: version });
    if (parsed.ok) {
      severity = { version: parsed.score.version, vector: parsed.score.vector, score: parsed.score.baseScore, level: parsed.score.severity, source: source ?? id };
      break;
    }
  }
  if (!severity) {
    for (const r of ordered) {
      const s = (r.database_specific as { severity?: unknown } | undefined)?.severity;
      if (typeof s === "string" && s.trim() !== "") {
        severity = { version: null, vector: null, score: null, level: s.trim().toLowerCase(), source: `${r.id} database_specific.severity` };
        break;
      }
    }
  }
  const cwes = new Set<string>();
  for (const r of ordered) {
    const ids = (r.database_specific as { cwe_ids?: unknown } | undefined)?.cwe_ids;
    if (Array.isArray(ids)) for (const c of ids) if (typeof c === "string" && /^CWE-\d+$/.test(c)) cwes.add(c);
  }
  for (const c of cves) for (const w of c.cwes) cwes.add(w);
  const references = new Map<string, { type: string; url: string }>();
  for (const r of ordered) for (const ref of r.references ?? []) if (!references.has(ref.url)) references.set(ref.url, { type: ref.type, url: ref.url });
  for (const c of cves) for (const ref of c.references) if (!references.has(ref.url)) references.set(ref.url, { type: "WEB", url: ref.url });
  const withdrawn = osv.length > 0 ? live.length === 0 : cves.length > 0 && cves.every((c) => c.state === "REJECTED");
  return {
    id,
    aliases: aliases.filter((a) => a !== id).sort(),
    summary: ordered.map((r) => r.summary).find((s) => s) ?? cves.map((c) => c.title ?? c.description).find((s) => s) ?? null,
    details: ordered.map((r) => r.details).find((s) => s) ?? cves.map((c) => c.description).find((s) => s) ?? null,
    published: asDate(earliest([...osv.map((r) => r.published), ...cves.map((c) => c.datePublished)])),
    modified: asDate(latest([...osv.map((r) => r.modified), ...cves.map((c) => c.dateUpdated)])),
    withdrawn,
    severity,
    cvss,
    cwes: [...cwes].sort(),
    references: [...references.values()].slice(0, 100),
    sources: [...new Set(records.map((r) => `${r.source}:${r.id}`))].sort(),
  };
}
