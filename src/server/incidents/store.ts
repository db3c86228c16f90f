import { asc, eq, inArray, like, or, sql } from "drizzle-orm";
import { customers, sites } from "../customers/schema";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { badRequest, notFound } from "../platform/http/errors";
import type { Principal } from "../platform/http/principal";
import { type Classification, type ClockRow, classificationOf } from "./clocks";
import {
  incidentEvidence,
  incidentIntermediateRequests,
  incidentReportDrafts,
  incidents,
  incidentSubmissions,
  incidentTimeline,
} from "./schema";

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentInsert = typeof incidents.$inferInsert;

const REFERENCE_LOCK_KEY = 724_117_010;

export async function findIncident(db: DbOrTx, id: string): Promise<IncidentRow> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row) throw notFound("Incident");
  return row;
}

/** Submissions, intermediate requests and timeline of an incident: what the clocks and reports need. */
export async function loadRelated(db: DbOrTx, incidentId: string) {
  const [submissions, requests, timeline] = await Promise.all([
    db.select().from(incidentSubmissions).where(eq(incidentSubmissions.incidentId, incidentId)).orderBy(asc(incidentSubmissions.submittedAt)),
    db.select().from(incidentIntermediateRequests).where(eq(incidentIntermediateRequests.incidentId, incidentId)),
    db.select().from(incidentTimeline).where(eq(incidentTimeline.incidentId, incidentId)).orderBy(asc(incidentTimeline.at), asc(incidentTimeline.createdAt)),
  ]);
  return { submissions, requests, timeline };
}

/** The next reference of the year, INC-2026-001 …; serialised by a transaction lock so two creations never collide. */
export async function nextReference(tx: DbOrTx, year: number): Promise<string> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${REFERENCE_LOCK_KEY})`);
  const prefix = `INC-${year}-`;
  const rows = await tx.select({ reference: incidents.reference }).from(incidents).where(like(incidents.reference, `${prefix}%`));
  const max = rows.reduce((m, r) => Math.max(m, Number(r.reference.slice(prefix.length)) || 0), 0);
  return `${prefix}${String(max + 1).padStart(3, "0")}`;
}

/** Rejects references to device models, versions or sites that do not exist, naming the offending entry. */
export async function checkAffectedIds(
  db: DbOrTx,
  body: { affectedDeviceModelIds?: string[]; affectedVersionIds?: string[]; affectedSiteIds?: string[] },
): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  const check = async (field: string, ids: string[] | undefined, table: typeof deviceModels | typeof softwareVersions | typeof sites, what: string) => {
    if (!ids || ids.length === 0) return;
    const found = new Set((await db.select({ id: table.id }).from(table).where(inArray(table.id, ids))).map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `body/${field}/${i}`, message: `no ${what} with id "${id}"` });
    });
  };
  await check("affectedDeviceModelIds", body.affectedDeviceModelIds, deviceModels, "device model");
  await check("affectedVersionIds", body.affectedVersionIds, softwareVersions, "software version");
  await check("affectedSiteIds", body.affectedSiteIds, sites, "site");
  if (issues.length > 0) throw badRequest(issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues);
}

/** Names of the affected products ("Model 4.2") for report texts. */
export async function affectedProductNames(db: DbOrTx, incident: IncidentRow): Promise<string[]> {
  const names: string[] = [];
  if (incident.affectedVersionIds.length > 0) {
    const rows = await db
      .select({ model: deviceModels.name, version: softwareVersions.version, modelId: deviceModels.id })
      .from(softwareVersions)
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(inArray(softwareVersions.id, incident.affectedVersionIds));
    names.push(...rows.map((r) => `${r.model}, software ${r.version}`));
  }
  const withVersion = new Set(names.map((n) => n.split(",")[0]));
  if (incident.affectedDeviceModelIds.length > 0) {
    const rows = await db.select({ name: deviceModels.name }).from(deviceModels).where(inArray(deviceModels.id, incident.affectedDeviceModelIds));
    names.push(...rows.map((r) => r.name).filter((n) => !withVersion.has(n)));
  }
  return names;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Instant = "detectedAt" | "awareAt" | "handledAt" | "impactEndedAt" | "createdAt" | "updatedAt";
/** What a view is made from: the whole row, or the columns a list page reads (see incidentPage). */
type ViewedRow = Pick<IncidentRow, Instant> & Pick<ClockRow, "significance">;
type View<R extends ViewedRow> = Omit<R, Instant> & {
  detectedAt: string;
  awareAt: string;
  handledAt: string | null;
  impactEndedAt: string | null;
  createdAt: string;
  updatedAt: string;
  classification: Classification;
  evidenceCount: number;
  draftCount: number;
};

/**
 * An incident as the API shows it: instants as ISO strings, plus its classification and counts. The added fields come
 * before the row's: V8 copies a database row slowly when fields are added after the copy (see `riskSummary`).
 */
export function incidentView<R extends ViewedRow = IncidentRow>(row: R, counts: { evidence?: number; drafts?: number } = {}): View<R> {
  return {
    classification: classificationOf(row),
    evidenceCount: counts.evidence ?? 0,
    draftCount: counts.drafts ?? 0,
    ...row,
    detectedAt: row.detectedAt.toISOString(),
    awareAt: row.awareAt.toISOString(),
    handledAt: iso(row.handledAt),
    impactEndedAt: iso(row.impactEndedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function countsFor(db: DbOrTx, incidentId: string) {
  const [[evidence], [drafts]] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(incidentEvidence).where(eq(incidentEvidence.incidentId, incidentId)),
    db.select({ n: sql<number>`count(*)::int` }).from(incidentReportDrafts).where(eq(incidentReportDrafts.incidentId, incidentId)),
  ]);
  return { evidence: Number(evidence.n), drafts: Number(drafts.n) };
}

/** How a person is named in timelines and submissions. */
export function who(p: Principal): string {
  return p.name ? `${p.name} <${p.email}>` : p.email;
}

export type AffectedRecipient = {
  customerId: string;
  name: string;
  contactEmail: string | null;
  country: string | null;
  installations: { site: string | null; deviceModel: string; version: string; units: number }[];
};

/**
 * The customers (recipients of the services, Art. 23(1)) whose installed base the incident touches: installations of
 * an affected software version or device model, or at an affected site.
 */
export async function affectedRecipients(db: DbOrTx, incident: IncidentRow): Promise<AffectedRecipient[]> {
  const conditions = [
    incident.affectedVersionIds.length ? inArray(installations.softwareVersionId, incident.affectedVersionIds) : undefined,
    incident.affectedDeviceModelIds.length ? inArray(softwareVersions.deviceModelId, incident.affectedDeviceModelIds) : undefined,
    incident.affectedSiteIds.length ? inArray(installations.siteId, incident.affectedSiteIds) : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return [];
  const rows = await db
    .select({
      customerId: customers.id,
      name: customers.name,
      contactEmail: customers.contactEmail,
      country: customers.country,
      site: sites.name,
      deviceModel: deviceModels.name,
      version: softwareVersions.version,
      units: installations.units,
    })
    .from(installations)
    .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .innerJoin(customers, eq(customers.id, installations.customerId))
    .leftJoin(sites, eq(sites.id, installations.siteId))
    .where(or(...conditions))
    .orderBy(asc(customers.name), asc(sites.name), asc(deviceModels.name), asc(softwareVersions.version));
  const byCustomer = new Map<string, AffectedRecipient>();
  for (const r of rows) {
    const entry = byCustomer.get(r.customerId) ?? {
      customerId: r.customerId,
      name: r.name,
      contactEmail: r.contactEmail,
      country: r.country,
      installations: [],
    };
    entry.installations.push({ site: r.site, deviceModel: r.deviceModel, version: r.version, units: r.units });
    byCustomer.set(r.customerId, entry);
  }
  return [...byCustomer.values()];
}

/** True for a unique-constraint violation (PostgreSQL 23505), as thrown directly or wrapped by Drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}
