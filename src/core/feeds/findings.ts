import { type Exposure, type Iec62304SafetyClass, PRIORITIES, type Priority, type PriorityConfig, type PriorityFactor, type PriorityInput, type TriageInput, type TriageResult, triageFinding } from "../scoring";
import {
  AdvisoryIndex,
  aliasGroupsOf,
  type CompileWarning,
  type CpeMatch,
  type DistinctComponent,
  groupByComponentAndVulnerability,
  type Match,
  type MatchOutcome,
  matchCpeRecords,
  matchDistinctPurls,
  type OsvRecord,
  type SkippedComponent,
} from "../vulnerabilities";
import type { Cve5Record } from "./cve5";
import type { EpssScore } from "./epss";
import { type KevEntry, kevRansomware } from "./kev";
import { type FindingVex, vexSettles } from "./scan-vex";

/** A component of the scanned SBOM, as the scan needs it. */
export interface ScanComponent {
  readonly ref: string;
  readonly name: string;
  readonly version: string | null;
  readonly purl: string | null;
  /** CPE 2.3 or 2.2 name: matched against CVE records when the component has no purl. */
  readonly cpe?: string | null;
}

export interface ScanContext {
  /** ISO date the findings are considered known from (deadlines count from it). */
  readonly today: string;
  readonly safetyClass?: Iec62304SafetyClass;
  readonly exposure?: Exposure;
  readonly priorityConfig?: PriorityConfig;
}

export interface ScanInput {
  readonly components: readonly ScanComponent[];
  /** Valid OSV records; withdrawn ones are kept out of matching. */
  readonly advisories: readonly OsvRecord[];
  readonly kev?: ReadonlyMap<string, KevEntry>;
  readonly epss?: ReadonlyMap<string, EpssScore>;
  /** CVE JSON 5 records: CVSS vectors and CISA-ADP KEV data for CVEs whose OSV records have none. */
  readonly cve?: ReadonlyMap<string, Cve5Record>;
  readonly context: ScanContext;
}

/** Everything a scan turns matches into findings with: the advisories themselves are matched beforehand. */
export type ScanSettings = Omit<ScanInput, "advisories">;

export interface FindingSeverity {
  /** CVSS version of the vector the priority was computed from, or null for a database rating only. */
  readonly version: string | null;
  readonly vector: string | null;
  readonly score: number | null;
  /** none / low / medium / high / critical (CVSS), or the database's own word (GHSA "MODERATE"). */
  readonly level: string;
  /** Where the rating comes from: the OSV record id, "cve:<container>", or "database_specific". */
  readonly source: string;
}

export interface ScanFinding {
  readonly vulnerability: {
    readonly id: string;
    readonly aliases: string[];
    readonly severity: FindingSeverity | null;
    readonly summary: string | null;
    /** Ids of the OSV records that matched this component. */
    readonly advisories: string[];
    readonly cwes: string[];
    readonly references: Array<{ type: string; url: string }>;
    readonly published: string | null;
  };
  readonly component: { readonly purl: string; readonly cpe?: string; readonly name: string; readonly version: string; readonly ref: string; readonly ecosystem: string };
  /** "purl": an OSV package match; "cpe": a CPE match against CVE data, less certain (review it). */
  readonly matchConfidence: "purl" | "cpe";
  /** Platform conditions of a CPE configuration that were not checked ("running on …"). */
  readonly conditions?: string[];
  readonly affectedRange: string;
  /** Every affected range that matched, per advisory. */
  readonly matches: Array<{ advisory: string; affectedRange: string; fixedVersions: string[] }>;
  readonly fixedVersions: string[];
  readonly priority: Priority;
  readonly score: number;
  readonly explanation: string;
  readonly factors: PriorityFactor[];
  readonly kev: { dateAdded: string; dueDate: string; knownRansomwareUse: boolean } | null;
  readonly epss: { probability: number; percentile: number } | null;
  /** Earliest remediation deadline (ISO date) and all deadlines with their basis. */
  readonly remediateBy: string | null;
  readonly deadlines: Array<{ id: string; dueDate: string | null; action: string; basis: string }>;
  /** Set when a VEX document given to the scan speaks about this finding. */
  readonly vex?: FindingVex;
}

export interface ScanWarning {
  readonly source: string;
  readonly path: string;
  readonly message: string;
}

export interface ScanResult {
  readonly findings: ScanFinding[];
  readonly warnings: ScanWarning[];
  readonly stats: { components: number; matchable: number; advisories: number; withdrawn: number };
}

type Cvss = NonNullable<PriorityInput["cvss"]>;

function cvssFromSeverity(list: OsvRecord["severity"], into: Cvss): void {
  for (const s of list ?? []) {
    const score = s.score.trim();
    if (s.type === "CVSS_V4" && !into.v40) into.v40 = score;
    else if (s.type === "CVSS_V3" && score.startsWith("CVSS:3.0/") && !into.v30) into.v30 = score;
    else if (s.type === "CVSS_V3" && !into.v31) into.v31 = score;
    else if (s.type === "CVSS_V2" && !into.v2) into.v2 = score;
  }
}

function cvssOf(matches: readonly Match[], cves: readonly Cve5Record[]): { cvss: Cvss; source: string | null } {
  const cvss: Cvss = {};
  let source: string | null = null;
  for (const m of matches) {
    cvssFromSeverity(m.record.severity, cvss);
    cvssFromSeverity(m.record.affected?.[m.affectedIndex]?.severity, cvss);
    if (!source && Object.keys(cvss).length > 0) source = m.advisoryId;
  }
  if (Object.keys(cvss).length > 0) return { cvss, source };
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
    if (used) return { cvss, source: `${cve.id} (${used.source})` };
  }
  return { cvss, source: null };
}

function databaseSeverity(matches: readonly Match[]): { level: string; source: string } | undefined {
  for (const m of matches) {
    const s = (m.record.database_specific as { severity?: unknown } | undefined)?.severity;
    if (typeof s === "string" && s.trim() !== "") return { level: s.trim().toLowerCase(), source: `${m.advisoryId} database_specific.severity` };
  }
  return undefined;
}

function cwesOf(matches: readonly Match[], cves: readonly Cve5Record[]): string[] {
  const out = new Set<string>();
  for (const m of matches) {
    const ids = (m.record.database_specific as { cwe_ids?: unknown } | undefined)?.cwe_ids;
    if (Array.isArray(ids)) for (const c of ids) if (typeof c === "string" && /^CWE-\d+$/.test(c)) out.add(c);
  }
  for (const cve of cves) for (const c of cve.cwes) out.add(c);
  return [...out].sort();
}

const rank = (p: Priority) => PRIORITIES.indexOf(p);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type MatchedPart = Pick<ScanFinding, "component" | "affectedRange" | "matches" | "fixedVersions" | "matchConfidence" | "conditions">;

type Triage = (input: TriageInput) => TriageResult;

/**
 * Triage of one scan: findings of one advisory share their inputs (vectors, KEV, EPSS, the scan's context), and
 * scoring is a pure function of them, so each distinct input is scored once rather than once per component.
 */
function triageOnce(input: ScanSettings): Triage {
  const config = input.context.priorityConfig ? { priority: input.context.priorityConfig } : {};
  const seen = new Map<string, TriageResult>();
  return (t) => {
    const key = JSON.stringify(t);
    let result = seen.get(key);
    if (!result) {
      result = triageFinding(t, config);
      seen.set(key, result);
    }
    return result;
  };
}

/** KEV, EPSS, CVE data and priority of one component × vulnerability; null (with a warning) when triage fails. */
function enrich(input: ScanSettings, triage: Triage, warnings: ScanWarning[], primary: string, ids: string[], matches: readonly Match[], matched: MatchedPart): ScanFinding | null {
  const cveIds = ids.filter((i) => i.startsWith("CVE-"));
  const cves = cveIds.map((i) => input.cve?.get(i)).filter((c): c is Cve5Record => c !== undefined);
  const kevEntry = cveIds.map((i) => input.kev?.get(i)).find((k) => k !== undefined);
  const adpKev = kevEntry ? undefined : cves.find((c) => c.kev)?.kev;
  const epss = cveIds
    .map((i) => input.epss?.get(i))
    .filter((e): e is EpssScore => e !== undefined)
    .sort((a, b) => b.epss - a.epss)[0];
  const { cvss, source: cvssSource } = cvssOf(matches, cves);
  const kev = kevEntry
    ? { listed: true, dueDate: kevEntry.dueDate, knownRansomwareUse: kevRansomware(kevEntry) }
    : adpKev
      ? { listed: true }
      : undefined;
  const triaged = triage({
    cvss,
    ...(kev ? { kev } : {}),
    ...(epss ? { epss: { probability: epss.epss, percentile: epss.percentile } } : {}),
    ...(input.context.safetyClass ? { safetyClass: input.context.safetyClass } : {}),
    ...(input.context.exposure ? { exposure: input.context.exposure } : {}),
    knownSince: input.context.today,
  });
  if (!triaged.ok) {
    warnings.push({ source: primary, path: "(triage)", message: triaged.error });
    return null;
  }
  const { assessment, plan } = triaged;
  for (const w of assessment.warnings) warnings.push({ source: primary, path: "severity", message: w });
  const db = databaseSeverity(matches);
  const severity: FindingSeverity | null = assessment.cvss
    ? {
        version: assessment.cvss.version,
        vector: assessment.cvss.vector,
        score: assessment.cvss.baseScore,
        level: assessment.cvss.severity,
        source: cvssSource ?? primary,
      }
    : db
      ? { version: null, vector: null, score: null, level: db.level, source: db.source }
      : null;
  const record = matches[0]?.record;
  const cveReferences = cves.flatMap((c) => c.references.map((r) => ({ type: r.tags[0]?.toUpperCase() ?? "WEB", url: r.url })));
  return {
    vulnerability: {
      id: primary,
      aliases: ids.filter((i) => i !== primary),
      severity,
      summary: matches.map((m) => m.summary).find((s) => s) ?? cves.find((c) => c.description)?.description ?? null,
      advisories: [...new Set(matches.map((m) => m.advisoryId))].sort(byText),
      cwes: cwesOf(matches, cves),
      references: record ? (record.references ?? []).map((r) => ({ type: r.type, url: r.url })) : cveReferences,
      published: record ? (record.published ?? null) : (cves[0]?.datePublished ?? null),
    },
    ...matched,
    priority: assessment.priority,
    score: assessment.score,
    explanation: assessment.summary,
    factors: assessment.factors,
    kev: kevEntry
      ? { dateAdded: kevEntry.dateAdded, dueDate: kevEntry.dueDate, knownRansomwareUse: kevRansomware(kevEntry) }
      : adpKev
        ? { dateAdded: adpKev.dateAdded, dueDate: "", knownRansomwareUse: false }
        : null,
    epss: epss ? { probability: epss.epss, percentile: epss.percentile } : null,
    remediateBy: plan.remediateBy,
    deadlines: plan.deadlines.map((d) => ({ id: d.id, dueDate: d.dueDate, action: d.action, basis: d.basis })),
  };
}

/**
 * Components without a purl but with a CPE, matched against the CVE JSON 5 records given (their
 * `affected[]` and `cpeApplicability`): findings with `matchConfidence: "cpe"`, one per component
 * and CVE.
 */
function cpeFindings(input: ScanSettings, triage: Triage, warnings: ScanWarning[]): ScanFinding[] {
  if (!input.cve || input.cve.size === 0) return [];
  const components = input.components.filter((c) => !c.purl && c.cpe).map((c) => ({ ...c, cpe: c.cpe as string }));
  if (components.length === 0) return [];
  const outcome = matchCpeRecords(input.cve.values(), components);
  for (const w of outcome.warnings) warnings.push({ source: w.vulnerabilityId ?? "sbom", path: w.component ? `${w.component.ref} ${w.path}` : w.path, message: w.message });
  const grouped = new Map<string, CpeMatch<(typeof components)[number]>[]>();
  for (const m of outcome.matches) {
    const key = `${m.component.ref}\u0000${m.vulnerabilityId}`;
    grouped.set(key, [...(grouped.get(key) ?? []), m]);
  }
  const out: ScanFinding[] = [];
  for (const list of grouped.values()) {
    const first = list[0];
    const c = first.component;
    const finding = enrich(input, triage, warnings, first.vulnerabilityId, [first.vulnerabilityId], [], {
      component: { purl: "", cpe: c.cpe, name: c.name, version: c.version ?? "", ref: c.ref, ecosystem: "" },
      affectedRange: first.affectedRange,
      matches: list.map((m) => ({ advisory: `${m.vulnerabilityId} ${m.path}`, affectedRange: m.affectedRange, fixedVersions: [...m.fixedVersions] })),
      fixedVersions: [...new Set(list.flatMap((m) => m.fixedVersions))],
      matchConfidence: "cpe",
      conditions: [...new Set(list.flatMap((m) => m.conditions))],
    });
    if (finding) out.push(finding);
  }
  return out;
}

/**
 * Whether any finding is at `threshold` priority or above (the `--fail-on` rule). A finding a VEX
 * document states not affected or fixed needs no action and does not count.
 */
export function tripsFailOn(findings: readonly ScanFinding[], threshold: Exclude<Priority, "none">): boolean {
  return findings.some((f) => f.priority !== "none" && rank(f.priority) <= rank(threshold) && !vexSettles(f));
}

/** What matching the scan's distinct purls against the OSV records gave, however it was computed. */
export interface PurlMatching {
  readonly components: Map<string, DistinctComponent<ScanComponent>>;
  readonly skipped: readonly SkippedComponent<ScanComponent>[];
  readonly outcome: MatchOutcome<DistinctComponent<ScanComponent>>;
  /** Affected entries per record that no package version can match, in the order the records were read. */
  readonly unmatchable: ReadonlyMap<string, readonly CompileWarning[]>;
  /** Records used for matching (distinct ids, withdrawn ones not counted). */
  readonly advisories: number;
  readonly withdrawn: readonly string[];
}

/** The in-process matching of buildFindings: every record in one AdvisoryIndex, every distinct purl looked up. */
export function matchScanAdvisories(components: readonly ScanComponent[], advisories: readonly OsvRecord[]): PurlMatching {
  const index = new AdvisoryIndex(advisories);
  const { components: byPurl, skipped, outcome } = matchDistinctPurls(index, components);
  return { components: byPurl, skipped, outcome, unmatchable: index.unmatchable, advisories: index.size, withdrawn: index.withdrawn };
}

/**
 * Matches the components against the advisories and turns the matches into findings: one per
 * component and vulnerability (advisories that alias each other count once), enriched with KEV,
 * EPSS and CVE data and prioritised with the scoring core.
 */
export function buildFindings(input: ScanInput): ScanResult {
  return findingsFromMatching(input, matchScanAdvisories(input.components, input.advisories), input.advisories);
}

/**
 * Findings from a matching done beforehand (in process or by several workers). `identities` are the id and aliases
 * of every record read, matched or not: a record about another package can still join two aliases into one group.
 */
export function findingsFromMatching(
  input: ScanSettings,
  matching: PurlMatching,
  identities: Iterable<{ readonly id: string; readonly aliases?: readonly string[] | null }>,
): ScanResult {
  const warnings: ScanWarning[] = [];
  const { components: byPurl, skipped, outcome } = matching;
  for (const s of skipped) warnings.push({ source: "sbom", path: s.component.ref, message: s.message });
  for (const [id, list] of matching.unmatchable) {
    for (const w of list) warnings.push({ source: id, path: w.path, message: w.message });
  }
  const seenWarning = new Set<string>();
  for (const w of outcome.warnings) {
    const message = w.component ? `${w.component.purl ?? w.component.name}: ${w.message}` : w.message;
    const key = `${w.advisoryId}|${w.path}|${message}`;
    if (seenWarning.has(key)) continue;
    seenWarning.add(key);
    warnings.push({ source: w.advisoryId, path: w.path, message });
  }

  const groupOf = aliasGroupsOf(identities, outcome.matches.map((m) => m.advisoryId));
  const perComponent = groupByComponentAndVulnerability(outcome.matches, (id) => groupOf.get(id)?.primary ?? id);

  const triage = triageOnce(input);
  const findings: ScanFinding[] = [];
  for (const byVuln of perComponent.values()) {
    for (const [primary, matches] of byVuln) {
      const group = groupOf.get(matches[0].advisoryId);
      const ids = group ? [...group.ids] : [primary, ...matches[0].aliases];
      const first = matches[0];
      const component = first.component;
      const fixed = new Set<string>();
      for (const m of matches) for (const f of m.fixedVersions) fixed.add(f);
      const finding = enrich(input, triage, warnings, primary, ids, matches, {
        component: { purl: component.purl ?? "", name: component.source.name, version: component.version, ref: component.source.ref, ecosystem: component.ecosystem },
        affectedRange: first.affectedRange,
        matches: matches.map((m) => ({ advisory: m.advisoryId, affectedRange: m.affectedRange, fixedVersions: [...m.fixedVersions] })),
        fixedVersions: [...fixed],
        matchConfidence: "purl",
      });
      if (finding) findings.push(finding);
    }
  }
  for (const f of cpeFindings(input, triage, warnings)) findings.push(f);
  findings.sort(
    (a, b) =>
      rank(a.priority) - rank(b.priority) ||
      b.score - a.score ||
      byText(a.component.name, b.component.name) ||
      byText(a.component.version, b.component.version) ||
      byText(a.vulnerability.id, b.vulnerability.id),
  );
  const withdrawn = matching.withdrawn.length;
  if (withdrawn > 0) {
    warnings.push({ source: "osv", path: "withdrawn", message: `${withdrawn} withdrawn record(s) kept out of matching: ${matching.withdrawn.slice(0, 10).join(", ")}${withdrawn > 10 ? ", …" : ""}` });
  }
  return {
    findings,
    warnings,
    stats: { components: input.components.length, matchable: byPurl.size, advisories: matching.advisories, withdrawn },
  };
}
