import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Exposure, Iec62304SafetyClass } from "../../core/scoring";
import { triageFinding } from "../../core/scoring";
import {
  AdvisoryIndex,
  type CpeApplicabilityRecord,
  componentPackageKey,
  distinctPurls,
  groupByComponentAndVulnerability,
  matchCpeRecords,
  type OsvRecord,
} from "../../core/vulnerabilities";
import type { Actor } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { sbomComponents, sboms } from "../sboms/schema";
import { type FindingStatus, epssScores, findingHistory, findings, type ImportFindingCounts, kevEntries, vulnerabilities, vulnerabilityPackages, vulnerabilityRecords } from "./schema";
import { getRemediationSla, slaConfigOf } from "./settings";
import { alertNewFindings } from "../notifications/events";
import { applyPoliciesToFindings } from "../triage-policies/apply";

const CHUNK = 500;

/** The core's package keys separate ecosystem and name with NUL, which PostgreSQL text cannot hold. */
export const storedKey = (key: string) => key.replaceAll("\u0000", "\u001f");

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Which findings a reconciliation recomputes: whole software versions, or every user of some packages. */
export type MatchScope = { versionIds: readonly string[] } | { packageKeys: ReadonlySet<string> };

type ComponentRow = { versionId: string; ref: string; name: string; version: string | null; purl: string | null };

/** Components of the current SBOMs (with a purl) in scope. */
async function currentComponents(tx: DbOrTx, versionIds?: readonly string[]): Promise<ComponentRow[]> {
  const base = and(eq(sboms.isCurrent, true), isNotNull(sbomComponents.purl));
  const select = () =>
    tx
      .select({ versionId: sboms.softwareVersionId, ref: sbomComponents.ref, name: sbomComponents.name, group: sbomComponents.group, version: sbomComponents.version, purl: sbomComponents.purl })
      .from(sbomComponents)
      .innerJoin(sboms, eq(sboms.id, sbomComponents.sbomId));
  const rows = versionIds
    ? (await Promise.all(chunks(versionIds).map((ids) => select().where(and(base, inArray(sboms.softwareVersionId, ids)))))).flat()
    : await select().where(base);
  return rows.map((r) => ({ versionId: r.versionId, ref: r.ref, name: r.group ? `${r.group}/${r.name}` : r.name, version: r.version, purl: r.purl }));
}

/** Non-withdrawn OSV records indexed under any of the keys, with their vulnerability. */
async function recordsForKeys(tx: DbOrTx, keys: readonly string[]): Promise<Array<{ id: string; vulnerabilityId: string; raw: unknown }>> {
  const seen = new Map<string, { id: string; vulnerabilityId: string; raw: unknown }>();
  for (const part of chunks(keys)) {
    const rows = await tx
      .select({ id: vulnerabilityRecords.id, vulnerabilityId: vulnerabilityRecords.vulnerabilityId, raw: vulnerabilityRecords.raw })
      .from(vulnerabilityPackages)
      .innerJoin(vulnerabilityRecords, eq(vulnerabilityRecords.id, vulnerabilityPackages.recordId))
      .where(and(inArray(vulnerabilityPackages.packageKey, part), eq(vulnerabilityRecords.withdrawn, false)));
    for (const r of rows) seen.set(r.id, r);
  }
  return [...seen.values()];
}

type Desired = {
  vulnerabilityId: string;
  versionId: string;
  purl: string;
  cpe: string;
  name: string;
  version: string;
  ecosystem: string;
  matchConfidence: "purl" | "cpe";
  affectedRange: string;
  fixedVersions: string[];
  advisories: string[];
};

type FindingRow = typeof findings.$inferSelect;

const identity = (vulnerabilityId: string, versionId: string, purl: string, cpe: string) => `${vulnerabilityId}|${versionId}|${purl}|${cpe}`;

/**
 * Brings the stored findings in line with the current SBOMs and vulnerability records, within `scope`:
 * new matches become findings (under investigation), matches that remain keep their triage, and
 * findings no longer matched are resolved (never deleted) — "fixed by upgrade", or "advisory withdrawn".
 * A resolved finding that matches again is reopened. Priorities of touched findings are recomputed.
 * Purl matches only; `reconcileCpeFindings` does the components known by CPE alone.
 */
export async function reconcileFindings(tx: DbOrTx, scope: MatchScope, actor: Actor, now: Date): Promise<ImportFindingCounts> {
  const rows = await currentComponents(tx, "versionIds" in scope ? scope.versionIds : undefined);
  const { components } = distinctPurls(rows);
  const inScope = new Map<string, (typeof components extends Map<string, infer V> ? V : never)>();
  for (const [purl, c] of components) {
    if ("packageKeys" in scope && !scope.packageKeys.has(storedKey(componentPackageKey(c)))) continue;
    inScope.set(purl, c);
  }
  const usersOf = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.purl || !inScope.has(r.purl)) continue;
    let set = usersOf.get(r.purl);
    if (!set) {
      set = new Set();
      usersOf.set(r.purl, set);
    }
    set.add(r.versionId);
  }

  const keys = [...new Set([...inScope.values()].map((c) => storedKey(componentPackageKey(c))))];
  const records = await recordsForKeys(tx, keys);
  const vulnOf = new Map(records.map((r) => [r.id, r.vulnerabilityId]));
  const index = new AdvisoryIndex(records.map((r) => r.raw as OsvRecord));
  const outcome = index.matchComponents(inScope.values());
  const grouped = groupByComponentAndVulnerability(outcome.matches, (id) => vulnOf.get(id) ?? id);

  const desired = new Map<string, Desired>();
  for (const [purl, byVuln] of grouped) {
    const component = inScope.get(purl);
    if (!component) continue;
    for (const [vulnerabilityId, matches] of byVuln) {
      const fixed = new Set<string>();
      for (const m of matches) for (const f of m.fixedVersions) fixed.add(f);
      for (const versionId of usersOf.get(purl) ?? []) {
        desired.set(identity(vulnerabilityId, versionId, purl, ""), {
          vulnerabilityId,
          versionId,
          purl,
          cpe: "",
          name: component.source.name,
          version: component.version,
          ecosystem: component.ecosystem,
          matchConfidence: "purl",
          affectedRange: matches[0].affectedRange,
          fixedVersions: [...fixed],
          advisories: [...new Set(matches.map((m) => m.advisoryId))].sort(),
        });
      }
    }
  }

  const existing: FindingRow[] = [];
  if ("versionIds" in scope) {
    for (const ids of chunks(scope.versionIds)) {
      existing.push(...(await tx.select().from(findings).where(and(inArray(findings.softwareVersionId, ids), eq(findings.matchConfidence, "purl")))));
    }
  } else {
    for (const purls of chunks([...inScope.keys()])) existing.push(...(await tx.select().from(findings).where(inArray(findings.purl, purls))));
  }
  return applyDesired(tx, desired, existing, actor, now);
}

type CpeOnlyComponent = { versionId: string; ref: string; name: string; version: string | null; cpe: string };

/** Components of the current SBOMs in scope that have a CPE and no purl. */
async function cpeOnlyComponents(tx: DbOrTx, versionIds?: readonly string[]): Promise<CpeOnlyComponent[]> {
  const base = and(eq(sboms.isCurrent, true), isNull(sbomComponents.purl), isNotNull(sbomComponents.cpe));
  const select = () =>
    tx
      .select({ versionId: sboms.softwareVersionId, ref: sbomComponents.ref, name: sbomComponents.name, group: sbomComponents.group, version: sbomComponents.version, cpe: sbomComponents.cpe })
      .from(sbomComponents)
      .innerJoin(sboms, eq(sboms.id, sbomComponents.sbomId));
  const rows = versionIds
    ? (await Promise.all(chunks(versionIds).map((ids) => select().where(and(base, inArray(sboms.softwareVersionId, ids)))))).flat()
    : await select().where(base);
  return rows
    .filter((r) => r.cpe && r.cpe.trim() !== "")
    .map((r) => ({ versionId: r.versionId, ref: r.ref, name: r.group ? `${r.group}/${r.name}` : r.name, version: r.version, cpe: (r.cpe as string).trim() }));
}

/**
 * The CPE path of `reconcileFindings`: components of current SBOMs that have a CPE but no purl, matched with
 * the core's `matchCpeRecords` against every stored, non-rejected CVE JSON 5 record (their `affected[]` and
 * `cpeApplicability`). Findings get `matchConfidence: "cpe"`, an empty purl and the CPE in `cpe`; triage is
 * kept and unmatched ones are resolved exactly as for purl matches. Scope: some versions, or all of them.
 */
export async function reconcileCpeFindings(tx: DbOrTx, scope: { versionIds: readonly string[] } | { all: true }, actor: Actor, now: Date): Promise<ImportFindingCounts> {
  const rows = await cpeOnlyComponents(tx, "versionIds" in scope ? scope.versionIds : undefined);
  // One component per distinct CPE and version, fanned out to the software versions that contain it.
  const distinct = new Map<string, { cpe: string; version: string | null; name: string; users: Set<string> }>();
  for (const r of rows) {
    const key = `${r.cpe}\u0000${r.version ?? ""}`;
    const c = distinct.get(key) ?? { cpe: r.cpe, version: r.version, name: r.name, users: new Set<string>() };
    c.users.add(r.versionId);
    distinct.set(key, c);
  }

  const desired = new Map<string, Desired>();
  if (distinct.size > 0) {
    const records = await tx
      .select({ id: vulnerabilityRecords.id, vulnerabilityId: vulnerabilityRecords.vulnerabilityId, raw: vulnerabilityRecords.raw })
      .from(vulnerabilityRecords)
      .where(and(eq(vulnerabilityRecords.source, "cve5"), eq(vulnerabilityRecords.withdrawn, false)));
    const vulnOf = new Map(records.map((r) => [r.id, r.vulnerabilityId]));
    const outcome = matchCpeRecords(
      records.map((r) => r.raw as CpeApplicabilityRecord),
      distinct.values(),
    );
    const grouped = new Map<string, { component: typeof outcome.matches[number]["component"]; vulnerabilityId: string; matches: typeof outcome.matches }>();
    for (const m of outcome.matches) {
      const vulnerabilityId = vulnOf.get(m.vulnerabilityId) ?? m.vulnerabilityId;
      const key = `${m.component.cpe}\u0000${m.component.version ?? ""}\u0000${vulnerabilityId}`;
      const g = grouped.get(key) ?? { component: m.component, vulnerabilityId, matches: [] };
      g.matches.push(m);
      grouped.set(key, g);
    }
    for (const { component, vulnerabilityId, matches } of grouped.values()) {
      const fixedVersions = [...new Set(matches.flatMap((m) => m.fixedVersions))];
      const advisories = [...new Set(matches.map((m) => `${m.vulnerabilityId} ${m.path}`))].sort();
      for (const versionId of component.users) {
        desired.set(identity(vulnerabilityId, versionId, "", component.cpe), {
          vulnerabilityId,
          versionId,
          purl: "",
          cpe: component.cpe,
          name: component.name,
          version: component.version ?? "",
          ecosystem: "",
          matchConfidence: "cpe",
          affectedRange: matches[0].affectedRange,
          fixedVersions,
          advisories,
        });
      }
    }
  }

  const existing: FindingRow[] = [];
  if ("versionIds" in scope) {
    for (const ids of chunks(scope.versionIds)) {
      existing.push(...(await tx.select().from(findings).where(and(inArray(findings.softwareVersionId, ids), eq(findings.matchConfidence, "cpe")))));
    }
  } else existing.push(...(await tx.select().from(findings).where(eq(findings.matchConfidence, "cpe"))));
  return applyDesired(tx, desired, existing, actor, now);
}

/** Updates, resolves or reopens `existing` findings against `desired` matches and inserts the new ones. */
async function applyDesired(tx: DbOrTx, desired: Map<string, Desired>, existing: readonly FindingRow[], actor: Actor, now: Date): Promise<ImportFindingCounts> {
  const counts: ImportFindingCounts = { created: 0, resolved: 0, reopened: 0, updated: 0 };
  const touched: string[] = [];
  const history: Array<typeof findingHistory.$inferInsert> = [];
  const entry = (findingId: string, kind: string, before: unknown, after: unknown) =>
    history.push({ findingId, at: now, actorId: actor.id, actorLabel: actor.label, kind, before, after });

  const withdrawn = new Set<string>();
  const vulnIds = [...new Set(existing.map((f) => f.vulnerabilityId))];
  for (const ids of chunks(vulnIds)) {
    const rows = await tx.select({ id: vulnerabilities.id }).from(vulnerabilities).where(and(inArray(vulnerabilities.id, ids), eq(vulnerabilities.withdrawn, true)));
    for (const r of rows) withdrawn.add(r.id);
  }

  for (const f of existing) {
    const key = identity(f.vulnerabilityId, f.softwareVersionId, f.purl, f.cpe);
    const want = desired.get(key);
    if (want) {
      desired.delete(key);
      const reopen = f.resolvedAt !== null;
      const changed = reopen || f.affectedRange !== want.affectedRange || JSON.stringify(f.fixedVersions) !== JSON.stringify(want.fixedVersions) || JSON.stringify(f.advisories) !== JSON.stringify(want.advisories);
      // A fixed finding that matches again needs a new look; other analyses stand.
      const status: FindingStatus = reopen && f.status === "fixed" ? "under_investigation" : f.status;
      await tx
        .update(findings)
        .set({
          lastSeenAt: now,
          affectedRange: want.affectedRange,
          fixedVersions: want.fixedVersions,
          advisories: want.advisories,
          ...(reopen ? { resolvedAt: null, resolution: null, status } : {}),
          ...(changed ? { updatedAt: now } : {}),
        })
        .where(eq(findings.id, f.id));
      if (reopen) {
        counts.reopened++;
        entry(f.id, "reopened", { status: f.status, resolution: f.resolution }, { status, resolution: null });
      } else if (changed) counts.updated++;
      touched.push(f.id);
    } else if (f.resolvedAt === null) {
      const resolution = withdrawn.has(f.vulnerabilityId) ? "advisory_withdrawn" : "fixed_by_upgrade";
      const status: FindingStatus = f.status === "not_affected" ? "not_affected" : "fixed";
      await tx.update(findings).set({ resolvedAt: now, resolution, status, updatedAt: now }).where(eq(findings.id, f.id));
      entry(f.id, "resolved", { status: f.status, resolution: null }, { status, resolution });
      counts.resolved++;
      touched.push(f.id);
    }
  }

  const inserts = [...desired.values()].map((d) => ({
    id: crypto.randomUUID(),
    vulnerabilityId: d.vulnerabilityId,
    softwareVersionId: d.versionId,
    purl: d.purl,
    cpe: d.cpe,
    componentName: d.name,
    componentVersion: d.version,
    ecosystem: d.ecosystem,
    matchConfidence: d.matchConfidence,
    affectedRange: d.affectedRange,
    fixedVersions: d.fixedVersions,
    advisories: d.advisories,
    status: "under_investigation" as const,
    priority: "none",
    priorityScore: 0,
    priorityExplanation: "",
    priorityFactors: [],
    deadlines: [],
    firstSeenAt: now,
    lastSeenAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  for (const part of chunks(inserts, 200)) await tx.insert(findings).values(part);
  for (const f of inserts) {
    entry(f.id, "matched", null, { status: f.status, affectedRange: f.affectedRange, advisories: f.advisories });
    touched.push(f.id);
  }
  counts.created = inserts.length;
  for (const part of chunks(history, 300)) await tx.insert(findingHistory).values(part);
  // Triage policies decide new findings, and re-opened ones nobody has analysed, before their priority is computed.
  const reopened = history.filter((h) => h.kind === "reopened").map((h) => h.findingId);
  await applyPoliciesToFindings(tx, [...inserts.map((f) => f.id), ...reopened], actor, now);
  await rescoreFindings(tx, { ids: touched });
  await alertNewFindings(tx, inserts.map((f) => f.id), actor, now);
  return counts;
}

function exposureOf(connectivity: readonly string[]): Exposure {
  if (connectivity.some((c) => c === "cloud" || c === "cellular")) return "internet_reachable";
  if (connectivity.some((c) => c === "ethernet" || c === "wifi" || c === "bluetooth")) return "network_connected";
  return connectivity.length === 0 ? "network_connected" : "isolated";
}

const cveIdsOf = (id: string, aliases: readonly string[]) => [id, ...aliases].filter((a) => a.startsWith("CVE-"));

/**
 * Recomputes priority, deadlines and due date of findings with the scoring core: CVSS (or the clinical
 * rescoring), KEV, EPSS, the device's IEC 62304 class and exposure, the VEX status, the SLA settings.
 */
export async function rescoreFindings(tx: DbOrTx, which: { ids: readonly string[] } | { all: true } | { where: SQL }): Promise<number> {
  const sla = await getRemediationSla(tx);
  const select = () =>
    tx
      .select({
        id: findings.id,
        status: findings.status,
        firstSeenAt: findings.firstSeenAt,
        rescoring: findings.rescoring,
        uncontrolledRisk: findings.uncontrolledRisk,
        vulnerabilityId: vulnerabilities.id,
        aliases: vulnerabilities.aliases,
        cvss: vulnerabilities.cvss,
        safetyClass: deviceModels.softwareSafetyClass,
        connectivity: deviceModels.connectivity,
      })
      .from(findings)
      .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
      .innerJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId))
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId));
  type Row = Awaited<ReturnType<ReturnType<typeof select>["where"]>>[number];
  let rows: Row[];
  if ("ids" in which) {
    rows = [];
    for (const ids of chunks(which.ids)) rows.push(...(await select().where(inArray(findings.id, ids))));
  } else rows = "where" in which ? await select().where(which.where) : await select();
  if (rows.length === 0) return 0;

  const cves = [...new Set(rows.flatMap((r) => cveIdsOf(r.vulnerabilityId, r.aliases)))];
  const kev = new Map<string, typeof kevEntries.$inferSelect>();
  const epss = new Map<string, typeof epssScores.$inferSelect>();
  for (const part of chunks(cves)) {
    for (const k of await tx.select().from(kevEntries).where(inArray(kevEntries.cveId, part))) kev.set(k.cveId, k);
    for (const e of await tx.select().from(epssScores).where(inArray(epssScores.cveId, part))) epss.set(e.cveId, e);
  }

  const updates = rows.map((r) => {
    const ids = cveIdsOf(r.vulnerabilityId, r.aliases);
    const k = ids.map((i) => kev.get(i)).find((x) => x !== undefined);
    const e = ids
      .map((i) => epss.get(i))
      .filter((x) => x !== undefined)
      .sort((a, b) => b.probability - a.probability)[0];
    const safety = r.safetyClass === "A" || r.safetyClass === "B" || r.safetyClass === "C" ? (r.safetyClass as Iec62304SafetyClass) : undefined;
    const triage = triageFinding(
      {
        cvss: { ...r.cvss, ...(r.rescoring ? { clinicalV31: r.rescoring.adjusted.vector } : {}) },
        ...(k ? { kev: { listed: true, ...(k.dueDate ? { dueDate: k.dueDate } : {}), knownRansomwareUse: k.knownRansomwareUse } } : {}),
        ...(e ? { epss: { probability: e.probability, percentile: e.percentile } } : {}),
        ...(safety ? { safetyClass: safety } : {}),
        exposure: exposureOf(r.connectivity),
        vexStatus: r.status,
        knownSince: r.firstSeenAt.toISOString().slice(0, 10),
        ...(r.uncontrolledRisk !== null ? { uncontrolledRisk: r.uncontrolledRisk } : {}),
        usMarket: sla.usMarket,
        cyberDevice: sla.cyberDevice,
      },
      { sla: slaConfigOf(sla) },
    );
    if (!triage.ok) {
      return { id: r.id, priority: "none", priority_score: 0, priority_explanation: triage.error, priority_factors: [], deadlines: [], due_at: null };
    }
    const { assessment, plan } = triage;
    return {
      id: r.id,
      priority: assessment.priority,
      priority_score: assessment.score,
      priority_explanation: assessment.summary,
      priority_factors: assessment.factors,
      deadlines: plan.deadlines.map((d) => ({ id: d.id, dueDate: d.dueDate, action: d.action, basis: d.basis })),
      due_at: assessment.priority === "none" ? null : plan.remediateBy,
    };
  });
  for (const part of chunks(updates)) {
    await tx.execute(sql`
      UPDATE findings SET priority = x.priority, priority_score = x.priority_score, priority_explanation = x.priority_explanation,
        priority_factors = x.priority_factors, deadlines = x.deadlines, due_at = x.due_at
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
        AS x(id text, priority text, priority_score double precision, priority_explanation text, priority_factors jsonb, deadlines jsonb, due_at date)
      WHERE findings.id = x.id`);
  }
  return updates.length;
}

/** After an SBOM import: the version's components (by purl, and by CPE when they have no purl) against the whole vulnerability database. */
export async function matchSoftwareVersion(tx: DbOrTx, versionId: string, actor: Actor, now = new Date()): Promise<ImportFindingCounts> {
  const byPurl = await reconcileFindings(tx, { versionIds: [versionId] }, actor, now);
  return addCounts(byPurl, await reconcileCpeFindings(tx, { versionIds: [versionId] }, actor, now));
}

export function addCounts(a: ImportFindingCounts, b: ImportFindingCounts): ImportFindingCounts {
  return { created: a.created + b.created, resolved: a.resolved + b.resolved, reopened: a.reopened + b.reopened, updated: a.updated + b.updated };
}
