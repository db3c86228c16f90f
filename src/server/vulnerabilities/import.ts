import { createHash } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { FeedIssue } from "../../core/feeds";
import { advisoryPackageKeys, mergeAliases, type OsvRecord } from "../../core/vulnerabilities";
import { type Actor, audited } from "../audit/store";
import { alertFindingsNowKev, findingsOfCves } from "../notifications/events";
import type { Db, DbOrTx } from "../platform/db/client";
import { type FeedFile, InvalidFeedError, parseFeedFiles } from "./feed-files";
import { addCounts, reconcileCpeFindings, reconcileFindings, rescoreFindings, storedKey } from "./matching";
import { deriveVulnerability, type StoredRecord } from "./records";
import {
  findings,
  type ImportCounts,
  type ImportFindingCounts,
  kevEntries,
  vulnerabilities,
  vulnerabilityAliases,
  vulnerabilityImports,
  vulnerabilityPackages,
  vulnerabilityRecords,
} from "./schema";

export type ImportProgress = { phase: "parsing" | "storing" | "matching"; done?: number; total?: number };

export type ImportSummary = typeof vulnerabilityImports.$inferSelect;

const CHUNK = 500;
const MAX_STORED_WARNINGS = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Incoming = { id: string; source: "osv" | "cve5"; modified: string | null; withdrawn: boolean; raw: unknown; ids: string[]; sha256: string };

const hashOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** A newer `modified` replaces; an equal or older one (or identical content) is left as it is. */
function isNewer(incoming: Incoming, stored: { modified: string | null; sha256: string }): boolean {
  if (incoming.sha256 === stored.sha256) return false;
  if (!incoming.modified || !stored.modified) return true;
  return Date.parse(incoming.modified) > Date.parse(stored.modified);
}

async function insertRecordset(tx: DbOrTx, table: string, rows: Array<Record<string, unknown>>, conflict: ReturnType<typeof sql> | null = null) {
  for (const part of chunks(rows, 1000)) {
    const name = sql.identifier(table);
    await tx.execute(sql`INSERT INTO ${name} SELECT * FROM jsonb_populate_recordset(NULL::${name}, ${JSON.stringify(part)}::jsonb) ${conflict ?? sql``}`);
  }
}

/**
 * Imports vulnerability data files (OSV single records, directories' contents, all.zip exports; CVE JSON 5;
 * CISA KEV JSON/CSV; EPSS CSV, gzip or not) in one transaction with one audit entry, then matches what
 * changed against every stored SBOM component. A file with any invalid record changes nothing
 * (`InvalidFeedError` names file, path and reason). Records whose `modified` is not newer are skipped.
 */
export async function importVulnerabilityFiles(
  db: Db,
  files: readonly FeedFile[],
  options: { actor: Actor; now?: Date; onProgress?: (p: ImportProgress) => void },
): Promise<ImportSummary> {
  const startedAt = options.now ?? new Date();
  const progress = options.onProgress ?? (() => {});
  if (files.length === 0) throw new InvalidFeedError([{ file: "(none)", path: "(request)", reason: "no files to import" }]);
  progress({ phase: "parsing" });
  const parsed = parseFeedFiles(files);
  if (parsed.errors.length > 0) throw new InvalidFeedError(parsed.errors);

  const incoming = new Map<string, Incoming>();
  for (const r of parsed.osv) {
    const record = r.record;
    const item: Incoming = {
      id: record.id,
      source: "osv",
      modified: record.modified ?? null,
      withdrawn: Boolean(record.withdrawn),
      raw: record,
      ids: [record.id, ...(record.aliases ?? [])],
      sha256: hashOf(record),
    };
    const prev = incoming.get(item.id);
    if (!prev || !item.modified || (prev.modified && Date.parse(item.modified) >= Date.parse(prev.modified))) incoming.set(item.id, item);
  }
  for (const c of parsed.cve) {
    if (incoming.has(c.id) && incoming.get(c.id)?.source === "osv") continue;
    incoming.set(c.id, { id: c.id, source: "cve5", modified: c.dateUpdated, withdrawn: c.state === "REJECTED", raw: c, ids: [c.id], sha256: hashOf(c) });
  }
  const kinds = [...new Set(parsed.files.map((f) => (f.kind === "osv-zip" ? "osv" : f.kind)))].sort();
  const warnings: FeedIssue[] = parsed.warnings;

  return audited(db, options.actor, async (tx) => {
    const now = options.now ?? new Date();
    const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0, withdrawn: 0, kev: parsed.kev.length, epss: parsed.epss.length };
    const stored = new Map<string, { modified: string | null; sha256: string }>();
    for (const ids of chunks([...incoming.keys()])) {
      const rows = await tx
        .select({ id: vulnerabilityRecords.id, modified: vulnerabilityRecords.modified, sha256: vulnerabilityRecords.sha256 })
        .from(vulnerabilityRecords)
        .where(inArray(vulnerabilityRecords.id, ids));
      for (const r of rows) stored.set(r.id, r);
    }
    const changed: Incoming[] = [];
    for (const item of incoming.values()) {
      const before = stored.get(item.id);
      if (before && !isNewer(item, before)) {
        counts.unchanged++;
        continue;
      }
      if (before) counts.updated++;
      else counts.added++;
      if (item.withdrawn) counts.withdrawn++;
      changed.push(item);
    }
    progress({ phase: "storing", done: 0, total: changed.length });

    // Package keys the changed records were indexed under before: their users must be re-matched too.
    const scopeKeys = new Set<string>();
    for (const ids of chunks(changed.map((c) => c.id))) {
      const rows = await tx.select({ key: vulnerabilityPackages.packageKey }).from(vulnerabilityPackages).where(inArray(vulnerabilityPackages.recordId, ids));
      for (const r of rows) scopeKeys.add(r.key);
    }

    // Alias merging: changed records join the vulnerabilities any of their identifiers already belongs to.
    const allIds = [...new Set(changed.flatMap((c) => c.ids))];
    const vulnOfAlias = new Map<string, string>();
    for (const ids of chunks(allIds)) {
      const rows = await tx.select().from(vulnerabilityAliases).where(inArray(vulnerabilityAliases.alias, ids));
      for (const r of rows) vulnOfAlias.set(r.alias, r.vulnerabilityId);
    }
    const touchedExisting = [...new Set(vulnOfAlias.values())];
    const existingAliases = new Map<string, string[]>();
    for (const ids of chunks(touchedExisting)) {
      const rows = await tx.select().from(vulnerabilityAliases).where(inArray(vulnerabilityAliases.vulnerabilityId, ids));
      for (const r of rows) existingAliases.set(r.vulnerabilityId, [...(existingAliases.get(r.vulnerabilityId) ?? []), r.alias]);
    }
    const groups = mergeAliases([
      ...changed.map((c) => ({ id: c.id, aliases: c.ids.slice(1) })),
      ...touchedExisting.map((v) => ({ id: v, aliases: existingAliases.get(v) ?? [] })),
    ]);
    const primaryOf = new Map<string, string>();
    const touchedPrimaries = new Set<string>();
    for (const g of groups) {
      for (const i of g.ids) primaryOf.set(i, g.primary);
      const old = [...new Set(g.ids.map((i) => vulnOfAlias.get(i)).filter((v): v is string => v !== undefined))];
      const hasChange = g.recordIds.some((i) => incoming.has(i));
      if (!hasChange) continue;
      touchedPrimaries.add(g.primary);
      await adoptVulnerability(tx, g.primary, old, now);
    }

    // Replace the changed records (their package index goes with them) and index them again.
    for (const ids of chunks(changed.map((c) => c.id))) await tx.delete(vulnerabilityRecords).where(inArray(vulnerabilityRecords.id, ids));
    const packageRows: Array<Record<string, unknown>> = [];
    await insertRecordset(
      tx,
      "vulnerability_records",
      changed.map((c) => {
        if (c.source === "osv") {
          for (const key of advisoryPackageKeys(c.raw as OsvRecord).map(storedKey)) {
            scopeKeys.add(key);
            packageRows.push({ id: crypto.randomUUID(), package_key: key, record_id: c.id });
          }
        }
        return {
          id: c.id,
          vulnerability_id: primaryOf.get(c.id) ?? c.id,
          source: c.source,
          modified: c.modified,
          withdrawn: c.withdrawn,
          sha256: c.sha256,
          raw: c.raw,
          imported_at: now.toISOString(),
        };
      }),
    );
    await insertRecordset(tx, "vulnerability_packages", packageRows);
    const aliasRows = [...primaryOf].filter(([, p]) => touchedPrimaries.has(p)).map(([alias, p]) => ({ alias, vulnerability_id: p }));
    await insertRecordset(tx, "vulnerability_aliases", aliasRows, sql`ON CONFLICT (alias) DO UPDATE SET vulnerability_id = excluded.vulnerability_id`);
    await refreshVulnerabilities(tx, [...touchedPrimaries], now);

    // Findings that existed before this import and whose vulnerability it lists as exploited for the first time.
    let nowKev: string[] = [];
    if (parsed.kev.length > 0) {
      const listedBefore = new Set<string>();
      const cves = [...new Set(parsed.kev.map((k) => k.cveID))];
      for (const part of chunks(cves)) {
        for (const r of await tx.select({ cveId: kevEntries.cveId }).from(kevEntries).where(inArray(kevEntries.cveId, part))) listedBefore.add(r.cveId);
      }
      nowKev = await findingsOfCves(tx, cves.filter((c) => !listedBefore.has(c)));
      const rows = new Map(
        parsed.kev.map((k) => [
          k.cveID,
          {
            cve_id: k.cveID,
            vendor_project: k.vendorProject,
            product: k.product,
            name: k.vulnerabilityName,
            date_added: k.dateAdded,
            due_date: k.dueDate || null,
            required_action: k.requiredAction,
            known_ransomware_use: k.knownRansomwareCampaignUse.trim().toLowerCase() === "known",
            notes: k.notes || null,
            cwes: k.cwes,
          },
        ]),
      );
      await insertRecordset(
        tx,
        "kev_entries",
        [...rows.values()],
        sql`ON CONFLICT (cve_id) DO UPDATE SET vendor_project = excluded.vendor_project, product = excluded.product, name = excluded.name,
          date_added = excluded.date_added, due_date = excluded.due_date, required_action = excluded.required_action,
          known_ransomware_use = excluded.known_ransomware_use, notes = excluded.notes, cwes = excluded.cwes`,
      );
    }
    if (parsed.epss.length > 0) {
      const rows = new Map(parsed.epss.map((e) => [e.cve, { cve_id: e.cve, probability: e.epss, percentile: e.percentile, score_date: parsed.epssDate }]));
      await insertRecordset(
        tx,
        "epss_scores",
        [...rows.values()],
        sql`ON CONFLICT (cve_id) DO UPDATE SET probability = excluded.probability, percentile = excluded.percentile, score_date = excluded.score_date`,
      );
    }

    progress({ phase: "matching" });
    let findingCounts: ImportFindingCounts =
      scopeKeys.size > 0 ? await reconcileFindings(tx, { packageKeys: scopeKeys }, options.actor, now) : { created: 0, resolved: 0, reopened: 0, updated: 0 };
    // CVE 5 records are not indexed by package: components known only by CPE are matched again everywhere.
    if (changed.some((c) => c.source === "cve5")) findingCounts = addCounts(findingCounts, await reconcileCpeFindings(tx, { all: true }, options.actor, now));
    if (parsed.kev.length > 0 || parsed.epss.length > 0) await rescoreFindings(tx, { all: true });
    else if (touchedPrimaries.size > 0) {
      // Severity of a vulnerability may have changed with its records.
      for (const ids of chunks([...touchedPrimaries])) await rescoreFindings(tx, { where: inArray(findings.vulnerabilityId, ids) });
    }
    await alertFindingsNowKev(tx, nowKev, options.actor, now);

    const [row] = await tx
      .insert(vulnerabilityImports)
      .values({
        source: kinds.join("+") || "none",
        files: parsed.files,
        startedAt,
        finishedAt: new Date(Math.max(Date.now(), startedAt.getTime())),
        counts,
        findings: findingCounts,
        warnings: warnings.slice(0, MAX_STORED_WARNINGS).map((w) => ({ file: w.file, path: w.path, reason: w.reason })),
        warningCount: warnings.length,
        importedBy: options.actor.id,
        importedByLabel: options.actor.label,
      })
      .returning();
    return {
      result: row,
      changes: [
        {
          action: "import",
          entityType: "vulnerability_import",
          entityId: row.id,
          after: { source: row.source, files: row.files, counts, findings: findingCounts, warnings: warnings.length },
        },
      ],
    };
  });
}

/**
 * Makes `primary` the vulnerability of a group that may span existing vulnerabilities `old`: one is renamed
 * (foreign keys cascade), the others are folded into it. Findings of a folded vulnerability that duplicate
 * one of the primary's (same version and component) are dropped: the primary's analysis wins.
 */
async function adoptVulnerability(tx: DbOrTx, primary: string, old: string[], now: Date): Promise<void> {
  const rest = old.filter((o) => o !== primary);
  if (!old.includes(primary)) {
    const first = rest.shift();
    if (first) await tx.update(vulnerabilities).set({ id: primary, updatedAt: now }).where(eq(vulnerabilities.id, first));
    else {
      await tx.insert(vulnerabilities).values({ id: primary, aliases: [], withdrawn: false, cvss: {}, cwes: [], references: [], sources: [], createdAt: now, updatedAt: now });
    }
  }
  for (const o of rest) {
    await tx.execute(sql`DELETE FROM findings f USING findings t
      WHERE f.vulnerability_id = ${o} AND t.vulnerability_id = ${primary} AND f.software_version_id = t.software_version_id AND f.purl = t.purl AND f.cpe = t.cpe`);
    await tx.update(findings).set({ vulnerabilityId: primary }).where(eq(findings.vulnerabilityId, o));
    await tx.update(vulnerabilityRecords).set({ vulnerabilityId: primary }).where(eq(vulnerabilityRecords.vulnerabilityId, o));
    await tx.update(vulnerabilityAliases).set({ vulnerabilityId: primary }).where(eq(vulnerabilityAliases.vulnerabilityId, o));
    await tx.delete(vulnerabilities).where(and(eq(vulnerabilities.id, o), ne(vulnerabilities.id, primary)));
  }
}

/** Recomputes the derived fields of vulnerabilities from their records and aliases. */
async function refreshVulnerabilities(tx: DbOrTx, ids: readonly string[], now: Date): Promise<void> {
  for (const part of chunks(ids)) {
    const records = await tx
      .select({ id: vulnerabilityRecords.id, vulnerabilityId: vulnerabilityRecords.vulnerabilityId, source: vulnerabilityRecords.source, withdrawn: vulnerabilityRecords.withdrawn, raw: vulnerabilityRecords.raw })
      .from(vulnerabilityRecords)
      .where(inArray(vulnerabilityRecords.vulnerabilityId, part));
    const aliases = await tx.select().from(vulnerabilityAliases).where(inArray(vulnerabilityAliases.vulnerabilityId, part));
    const rows = part.map((id) => {
      const own: StoredRecord[] = records.filter((r) => r.vulnerabilityId === id);
      const d = deriveVulnerability(
        id,
        aliases.filter((a) => a.vulnerabilityId === id).map((a) => a.alias),
        own,
      );
      return { ...d, published: d.published?.toISOString() ?? null, modified: d.modified?.toISOString() ?? null, updated_at: now.toISOString() };
    });
    await tx.execute(sql`
      UPDATE vulnerabilities SET aliases = x.aliases, summary = x.summary, details = x.details, published = x.published, modified = x.modified,
        withdrawn = x.withdrawn, severity = x.severity, cvss = x.cvss, cwes = x.cwes, "references" = x."references", sources = x.sources,
        updated_at = x.updated_at
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(id text, aliases jsonb, summary text, details text, published timestamptz, modified timestamptz, withdrawn boolean,
             severity jsonb, cvss jsonb, cwes jsonb, "references" jsonb, sources jsonb, updated_at timestamptz)
      WHERE vulnerabilities.id = x.id`);
  }
}
