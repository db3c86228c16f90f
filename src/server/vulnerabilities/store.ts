import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { customers, sites } from "../customers/schema";
import { regimeOf } from "../devices/regime";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { keptStatementName, literalLimit, runKept } from "../platform/db/kept-statements";
import { badParameter, compositeKeyset, type Page, type PageRequest, pageOf, type PagingParams, pageRequest, type SortPart } from "../platform/paging";
import type { FINDING_SORTS } from "./api-schemas";
import { findingHistory, findings, type FindingStatus, vulnerabilities, vulnerabilityAliases, vulnerabilityRecords } from "./schema";

export type FindingCountFilters = {
  status?: FindingStatus;
  priority?: string;
  deviceModelId?: string;
  versionId?: string;
  vulnerabilityId?: string;
  kev?: boolean;
  overdue?: boolean;
  includeResolved?: boolean;
  q?: string;
};

/** Filters with the paging of `platform/paging` and, for older callers, `offset` instead of `page` or `cursor`. */
export type FindingFilters = FindingCountFilters & PagingParams & { offset?: number };

/** Whether a vulnerability is in KEV through any of its aliases, as a filter: the database turns the EXISTS into a join. */
export const kevExpr = sql<boolean>`EXISTS (SELECT 1 FROM vulnerability_aliases a JOIN kev_entries k ON k.cve_id = a.alias WHERE a.vulnerability_id = ${vulnerabilities.id})`;
/**
 * The same as a column of a page: a lookup per row that stops at the first KEV alias. PostgreSQL made the EXISTS of a
 * select list a hashed subplan over every alias of every vulnerability, once per page: half of a page of findings'
 * execution at 4,400 aliases, and growing with the vulnerability database, where this reads the page's rows only.
 */
const kevColumn = sql<boolean>`coalesce((SELECT true FROM vulnerability_aliases a JOIN kev_entries k ON k.cve_id = a.alias WHERE a.vulnerability_id = ${vulnerabilities.id} LIMIT 1), false)`;
export const epssExpr = sql<number | null>`(SELECT max(e.probability) FROM vulnerability_aliases a JOIN epss_scores e ON e.cve_id = a.alias WHERE a.vulnerability_id = ${vulnerabilities.id})`;
const openExpr = sql`(${findings.resolvedAt} IS NULL AND ${findings.status} NOT IN ('not_affected', 'fixed'))`;
const overdueExpr = (today: string) => sql<boolean>`(${openExpr} AND ${findings.dueAt} IS NOT NULL AND ${findings.dueAt} < ${today}::date)`;
const priorityRank = sql`CASE ${findings.priority} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;

function whereOf(f: FindingCountFilters, today: string): SQL | undefined {
  const parts: Array<SQL | undefined> = [];
  if (f.status) parts.push(eq(findings.status, f.status));
  if (!f.includeResolved && f.status !== "fixed") parts.push(isNull(findings.resolvedAt));
  if (f.priority) parts.push(eq(findings.priority, f.priority));
  if (f.deviceModelId) parts.push(eq(softwareVersions.deviceModelId, f.deviceModelId));
  if (f.versionId) parts.push(eq(findings.softwareVersionId, f.versionId));
  if (f.vulnerabilityId) parts.push(eq(findings.vulnerabilityId, f.vulnerabilityId));
  if (f.kev !== undefined) parts.push(f.kev ? kevExpr : sql`NOT ${kevExpr}`);
  if (f.overdue !== undefined) parts.push(f.overdue ? overdueExpr(today) : sql`NOT ${overdueExpr(today)}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      or(
        sql`${findings.vulnerabilityId} ILIKE ${like}`,
        sql`${findings.componentName} ILIKE ${like}`,
        sql`${findings.purl} ILIKE ${like}`,
        sql`${findings.cpe} ILIKE ${like}`,
        sql`${vulnerabilities.summary} ILIKE ${like}`,
        sql`${vulnerabilities.aliases}::text ILIKE ${like}`,
      ),
    );
  }
  const defined = parts.filter((p): p is SQL => p !== undefined);
  return defined.length > 0 ? and(...defined) : undefined;
}

/** The finding's columns a list shows (findingItem); the analysis documents are read by findingDetail alone. */
const listedColumns = {
  id: findings.id,
  purl: findings.purl,
  cpe: findings.cpe,
  componentName: findings.componentName,
  componentVersion: findings.componentVersion,
  ecosystem: findings.ecosystem,
  status: findings.status,
  justification: findings.justification,
  priority: findings.priority,
  priorityScore: findings.priorityScore,
  dueAt: findings.dueAt,
  matchConfidence: findings.matchConfidence,
  firstSeenAt: findings.firstSeenAt,
  lastSeenAt: findings.lastSeenAt,
  resolvedAt: findings.resolvedAt,
  resolution: findings.resolution,
};

function findingSelect(db: DbOrTx, today: string, sortValue: SQL<string> = sql<string>`''`) {
  return db
    .select({
      sortValue,
      f: listedColumns,
      vulnerability: {
        id: vulnerabilities.id,
        aliases: vulnerabilities.aliases,
        summary: vulnerabilities.summary,
        severity: vulnerabilities.severity,
        withdrawn: vulnerabilities.withdrawn,
      },
      kev: kevColumn,
      epss: epssExpr,
      overdue: overdueExpr(today),
      version: { id: softwareVersions.id, version: softwareVersions.version },
      deviceModel: { id: deviceModels.id, name: deviceModels.name },
    })
    .from(findings)
    .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
    .innerJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId));
}

type FindingRow = Awaited<ReturnType<ReturnType<typeof findingSelect>["where"]>>[number];

export function findingItem(r: FindingRow) {
  const f = r.f;
  const s = r.vulnerability.severity;
  return {
    id: f.id,
    vulnerability: {
      id: r.vulnerability.id,
      aliases: r.vulnerability.aliases,
      summary: r.vulnerability.summary,
      severity: s ? { score: s.score, vector: s.vector, version: s.version, level: s.level } : null,
      kev: Boolean(r.kev),
      epss: r.epss === null || r.epss === undefined ? null : Number(r.epss),
    },
    component: { purl: f.purl, cpe: f.cpe || null, name: f.componentName, version: f.componentVersion, ecosystem: f.ecosystem },
    deviceModel: r.deviceModel,
    version: r.version,
    status: f.status,
    justification: f.justification,
    priority: f.priority,
    priorityScore: f.priorityScore,
    dueAt: f.dueAt,
    overdue: Boolean(r.overdue),
    matchConfidence: f.matchConfidence,
    firstSeenAt: f.firstSeenAt.toISOString(),
    lastSeenAt: f.lastSeenAt.toISOString(),
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    resolution: f.resolution,
  };
}
export type FindingItem = ReturnType<typeof findingItem>;

/**
 * The list's sorts. `priority` is the triage order (the open-findings rank index serves its first pages); every other
 * sort breaks ties by the finding id.
 */
const SORT_KEYS: Record<(typeof FINDING_SORTS)[number], SortPart[]> = {
  priority: [{ expr: priorityRank }, { expr: findings.priorityScore, desc: true }, { expr: findings.dueAt, key: sql`coalesce(${findings.dueAt}, 'infinity'::date)` }, { expr: findings.vulnerabilityId }],
  vulnerability: [{ expr: findings.vulnerabilityId }],
  component: [{ expr: findings.componentName }, { expr: findings.componentVersion }],
  deviceModel: [{ expr: deviceModels.name }, { expr: softwareVersions.version }],
  cvss: [{ expr: sql`coalesce((${vulnerabilities.severity}->>'score')::double precision, -1)` }],
  status: [{ expr: findings.status }],
  dueAt: [{ expr: findings.dueAt, key: sql`coalesce(${findings.dueAt}, 'infinity'::date)` }],
  firstSeenAt: [{ expr: findings.firstSeenAt }],
};

/**
 * A total of findings for the filters, through `cached` when given: it is called with a key naming the filters (and
 * the day, which decides what is overdue) and the count to run when it holds none.
 */
export type CachedTotal = (key: string, count: () => Promise<number>) => Promise<number>;

const COUNTED_FILTERS = ["status", "priority", "deviceModelId", "versionId", "vulnerabilityId", "kev", "overdue", "includeResolved", "q"] as const satisfies ReadonlyArray<keyof FindingCountFilters>;

/**
 * The hot lists (all open findings or one version's, by any sort, the first page or after a cursor) run as named
 * statements (platform/db/kept-statements.ts): planning the query (four tables, two subqueries per row) was about
 * half of its cost in PostgreSQL. Their text is decided by the sort, the order, whether a cursor and a version are
 * given, and the limit, so the name is made of those.
 */
function hotStatementName(f: FindingFilters, req: PageRequest): string | undefined {
  const hot = req.offset === 0 && COUNTED_FILTERS.every((name) => name === "versionId" || f[name] === undefined || (name === "includeResolved" && f[name] === false));
  return hot ? keptStatementName(`findings_${req.sort}_${req.order}_${req.after ? "after" : "first"}_${f.versionId === undefined ? "all" : "version"}_${req.limit}`) : undefined;
}

/** `count: false` skips the total (answered as -1): an export reads every page and needs it for none. */
export async function listFindings(db: DbOrTx, filters: FindingFilters, today: string, opts: { count?: boolean; cached?: CachedTotal } = {}): Promise<Page<FindingItem>> {
  if (filters.offset !== undefined && (filters.cursor !== undefined || filters.page !== undefined)) throw badParameter("offset", "cannot be combined with page or cursor");
  const req = pageRequest(filters, { sort: "priority" });
  if (filters.offset !== undefined) req.offset = filters.offset;
  const where = whereOf(filters, today);
  const k = compositeKeyset(req, SORT_KEYS[req.sort as (typeof FINDING_SORTS)[number]], findings.id);
  const query = () =>
    findingSelect(db, today, k.sortValue)
      .where(and(where, k.where))
      .orderBy(...k.orderBy)
      .limit(literalLimit(k.limit))
      .offset(k.offset);
  const count = async () => {
    const [{ n }] = await countQuery(db, { n: sql<number>`count(*)::int` }, readsJoined(filters), where);
    return Number(n);
  };
  const totalKey = () => JSON.stringify([today, ...COUNTED_FILTERS.map((name) => filters[name] ?? null)]);
  const name = hotStatementName(filters, req);
  const [rows, total] = await Promise.all([
    // A first page binds only the day and the filters the hot check allows: built once per set of them.
    name ? runKept(db, name, req.after ? undefined : JSON.stringify([today, filters.versionId ?? null, filters.includeResolved ?? null]), query) : query(),
    opts.count === false ? -1 : opts.cached ? opts.cached(totalKey(), count) : count(),
  ]);
  const page = pageOf(
    rows.map((r) => ({ ...r, id: r.f.id })),
    req,
  );
  return { items: page.rows.map(findingItem), total, nextCursor: page.nextCursor };
}

/** Whether a filter reads a finding's vulnerability or software version rather than the finding alone. */
const readsJoined = (f: FindingCountFilters) => Boolean(f.q || f.deviceModelId || f.kev !== undefined);

/**
 * A count over findings, joined to their vulnerability and software version only when a filter reads them: every
 * finding has exactly one of each (non-null foreign keys), so the joins change no count, but they tripled its cost.
 */
function countQuery(db: DbOrTx, selection: Record<string, SQL<number>>, joined: boolean, where: SQL | undefined) {
  let q = db.select(selection).from(findings).$dynamic();
  if (joined) {
    q = q
      .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
      .innerJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId));
  }
  return q.where(where);
}

/**
 * Several finding counts, each equal to the `total` that listFindings gives for the same filters (the same
 * conditions), without selecting, sorting or paging any row. Filters without `kev` are counted together in
 * one pass; a `kev` filter gets its own query, where the database turns its EXISTS into a join (inside a FILTER
 * clause it would run once per finding: 0.8 s for 50,000 findings).
 */
export async function countFindings<K extends string>(db: DbOrTx, filters: Record<K, FindingCountFilters>, today: string): Promise<Record<K, number>> {
  const keys = Object.keys(filters) as K[];
  const together = keys.filter((k) => filters[k].kev === undefined);
  const apart = keys.filter((k) => filters[k].kev !== undefined);
  const counts = {} as Record<K, number>;
  if (together.length > 0) {
    const selection: Record<string, SQL<number>> = {};
    together.forEach((k, i) => {
      selection[`c${i}`] = sql<number>`count(*) FILTER (WHERE ${whereOf(filters[k], today) ?? sql`true`})::int`;
    });
    // When every count is of unresolved findings, say so once outside the FILTERs so the open-findings index serves it.
    const allOpen = together.every((k) => !filters[k].includeResolved && filters[k].status !== "fixed");
    const [row] = await countQuery(db, selection, together.some((k) => readsJoined(filters[k])), allOpen ? isNull(findings.resolvedAt) : undefined);
    together.forEach((k, i) => {
      counts[k] = Number(row[`c${i}`]);
    });
  }
  for (const k of apart) {
    const [row] = await countQuery(db, { n: sql<number>`count(*)::int` }, true, whereOf(filters[k], today));
    counts[k] = Number(row.n);
  }
  return counts;
}

export async function findingDetail(db: DbOrTx, id: string, today: string) {
  const [row] = await findingSelect(db, today).where(eq(findings.id, id)).limit(1);
  if (!row) return undefined;
  const [f] = await db.select().from(findings).where(eq(findings.id, id)).limit(1);
  const history = await db.select().from(findingHistory).where(eq(findingHistory.findingId, id)).orderBy(asc(findingHistory.at), asc(findingHistory.id));
  const [model] = await db.select().from(deviceModels).where(eq(deviceModels.id, row.deviceModel.id)).limit(1);
  return {
    ...findingItem(row),
    response: f.response,
    detail: f.detail,
    uncontrolledRisk: f.uncontrolledRisk,
    analysedAt: f.analysedAt?.toISOString() ?? null,
    analysedBy: f.analysedBy,
    affectedRange: f.affectedRange,
    fixedVersions: f.fixedVersions,
    advisories: f.advisories,
    priorityExplanation: f.priorityExplanation,
    priorityFactors: f.priorityFactors,
    deadlines: f.deadlines,
    rescoring: f.rescoring,
    exploited: f.exploited ?? null,
    craInScope: regimeOf(model).cra === "in_scope",
    // Entries written in the same instant (one request) keep their logical order: a match comes first.
    history: [...history]
      .sort((a, b) => a.at.getTime() - b.at.getTime() || Number(b.kind === "matched") - Number(a.kind === "matched"))
      .map((h) => ({ id: h.id, at: h.at.toISOString(), actor: h.actorLabel, kind: h.kind, before: h.before, after: h.after })),
  };
}

/** The vulnerability an identifier (its id or any alias) belongs to. */
export async function resolveVulnerabilityId(db: DbOrTx, idOrAlias: string): Promise<string | undefined> {
  const [a] = await db.select().from(vulnerabilityAliases).where(eq(vulnerabilityAliases.alias, idOrAlias)).limit(1);
  if (a) return a.vulnerabilityId;
  const [v] = await db.select({ id: vulnerabilities.id }).from(vulnerabilities).where(eq(vulnerabilities.id, idOrAlias)).limit(1);
  return v?.id;
}

export async function listVulnerabilities(db: DbOrTx, f: { q?: string; kev?: boolean; limit: number; offset: number }) {
  const parts: SQL[] = [];
  if (f.kev !== undefined) parts.push(f.kev ? kevExpr : sql`NOT ${kevExpr}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(sql`${vulnerabilities.id} ILIKE ${like}`, sql`${vulnerabilities.summary} ILIKE ${like}`, sql`${vulnerabilities.aliases}::text ILIKE ${like}`) as SQL);
  }
  const where = parts.length > 0 ? and(...parts) : undefined;
  const findingCount = sql<number>`(SELECT count(*)::int FROM findings x WHERE x.vulnerability_id = ${vulnerabilities.id} AND x.resolved_at IS NULL)`;
  const rows = await db
    .select({ v: vulnerabilities, kev: kevColumn, epss: epssExpr, findingCount })
    .from(vulnerabilities)
    .where(where)
    .orderBy(desc(findingCount), desc(vulnerabilities.modified), asc(vulnerabilities.id))
    .limit(f.limit)
    .offset(f.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(vulnerabilities).where(where);
  return {
    items: rows.map((r) => ({ ...vulnerabilitySummary(r.v), kev: Boolean(r.kev), epss: r.epss === null ? null : Number(r.epss), findingCount: Number(r.findingCount) })),
    total: Number(n),
  };
}

function vulnerabilitySummary(v: typeof vulnerabilities.$inferSelect) {
  return {
    id: v.id,
    aliases: v.aliases,
    summary: v.summary,
    severity: v.severity ? { score: v.severity.score, vector: v.severity.vector, version: v.severity.version, level: v.severity.level } : null,
    published: v.published?.toISOString() ?? null,
    modified: v.modified?.toISOString() ?? null,
    withdrawn: v.withdrawn,
  };
}

export async function vulnerabilityDetail(db: DbOrTx, id: string, today: string) {
  const [row] = await db.select({ v: vulnerabilities, kev: kevColumn, epss: epssExpr }).from(vulnerabilities).where(eq(vulnerabilities.id, id)).limit(1);
  if (!row) return undefined;
  const records = await db.select().from(vulnerabilityRecords).where(eq(vulnerabilityRecords.vulnerabilityId, id)).orderBy(asc(vulnerabilityRecords.id));
  const found = (await findingSelect(db, today).where(and(eq(findings.vulnerabilityId, id))).orderBy(asc(deviceModels.name), asc(softwareVersions.version), asc(findings.purl))).map(findingItem);
  const byVersion = new Map<string, { version: { id: string; version: string }; deviceModel: { id: string; name: string }; findings: FindingItem[]; open: boolean }>();
  for (const f of found) {
    let entry = byVersion.get(f.version.id);
    if (!entry) {
      entry = { version: f.version, deviceModel: f.deviceModel, findings: [], open: false };
      byVersion.set(f.version.id, entry);
    }
    entry.findings.push(f);
    if (f.resolvedAt === null && f.status !== "not_affected" && f.status !== "fixed") entry.open = true;
  }
  const affectedIds = [...byVersion.values()].filter((v) => v.open).map((v) => v.version.id);
  const installs =
    affectedIds.length === 0
      ? []
      : await db
          .select({
            customerId: customers.id,
            customerName: customers.name,
            contactEmail: customers.contactEmail,
            siteId: sites.id,
            siteName: sites.name,
            versionId: installations.softwareVersionId,
            units: installations.units,
          })
          .from(installations)
          .innerJoin(customers, eq(customers.id, installations.customerId))
          .leftJoin(sites, eq(sites.id, installations.siteId))
          .where(inArray(installations.softwareVersionId, affectedIds))
          .orderBy(asc(customers.name), asc(sites.name));
  const unitsByVersion = new Map<string, { units: number; sites: number }>();
  for (const i of installs) {
    const u = unitsByVersion.get(i.versionId) ?? { units: 0, sites: 0 };
    u.units += i.units;
    u.sites += 1;
    unitsByVersion.set(i.versionId, u);
  }
  const osv = records.filter((r) => r.source === "osv").map((r) => r.raw as { id: string; affected?: unknown[] });
  return {
    ...vulnerabilitySummary(row.v),
    kev: Boolean(row.kev),
    epss: row.epss === null ? null : Number(row.epss),
    details: row.v.details,
    cwes: row.v.cwes,
    references: row.v.references,
    cvss: row.v.cvss,
    affected: osv.flatMap((r) => (r.affected ?? []).map((a) => ({ advisory: r.id, ...(a as object) }))),
    records: records.map((r) => ({ id: r.id, source: r.source, modified: r.modified, withdrawn: r.withdrawn, raw: r.raw })),
    affectedVersions: [...byVersion.values()].map((v) => ({
      version: v.version,
      deviceModel: v.deviceModel,
      open: v.open,
      installedUnits: unitsByVersion.get(v.version.id)?.units ?? 0,
      sites: unitsByVersion.get(v.version.id)?.sites ?? 0,
      findings: v.findings,
    })),
    notify: installs.map((i) => ({
      customer: { id: i.customerId, name: i.customerName, contactEmail: i.contactEmail },
      site: i.siteId ? { id: i.siteId, name: i.siteName } : null,
      version: byVersion.get(i.versionId)?.version ?? { id: i.versionId, version: "" },
      deviceModel: byVersion.get(i.versionId)?.deviceModel ?? null,
      units: i.units,
    })),
  };
}
