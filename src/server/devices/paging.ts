import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../platform/db/client";
import { literalLimit, pageRows, runKept } from "../platform/db/kept-statements";
import type { KeptRead } from "../platform/http/short-cache";
import { containsText, inPageOrder, keyset, type Page, pageOf, pageRequest, pagingQuery } from "../platform/paging";
import { sboms } from "../sboms/schema";
import { regimeOf } from "./regime";
import { deviceModels, installations, softwareVersions } from "./schema";

const supportStatus = z.enum(["supported", "limited", "end_of_support"]);

export const MODEL_SORTS = ["name", "modelNumber", "riskClass", "softwareSafetyClass", "versionCount", "units"] as const;
export const VERSION_SORTS = ["deviceModel", "version", "releaseDate", "supportStatus", "endOfSupport"] as const;

export const modelListQuery = z
  .object({
    /** Text in name, model number, UDI-DI or the number of one of the model's versions. */
    q: z.string().trim().max(200).optional(),
    kind: z.string().max(50).optional(),
    ...pagingQuery(MODEL_SORTS),
  })
  .strict();

export const versionListQuery = z
  .object({
    deviceModelId: z.string().max(100).optional(),
    supportStatus: supportStatus.optional(),
    /** Only versions past end of support: so marked, or their end-of-support date has gone by. */
    pastSupport: z.enum(["true", "false"]).optional(),
    /** Text in the version number or its device model's name or model number. */
    q: z.string().trim().max(200).optional(),
    ...pagingQuery(VERSION_SORTS),
  })
  .strict();

/** A version past end of support: so marked, or its end-of-support date has gone by. */
export const pastSupport = (today: string) => sql`(${softwareVersions.supportStatus} = 'end_of_support' or coalesce(${softwareVersions.endOfSupport} < ${today}::date, false))`;

const MODEL_SORT_EXPRESSIONS: Record<(typeof MODEL_SORTS)[number], SQL> = {
  name: sql`${deviceModels.name}`,
  modelNumber: sql`${deviceModels.modelNumber}`,
  riskClass: sql`coalesce(${deviceModels.riskClass}, '')`,
  softwareSafetyClass: sql`coalesce(${deviceModels.softwareSafetyClass}, '')`,
  versionCount: sql`(select count(*) from ${softwareVersions} where ${softwareVersions.deviceModelId} = ${deviceModels.id})`,
  units: sql`(select coalesce(sum(${installations.units}), 0) from ${installations} inner join ${softwareVersions} on ${softwareVersions.id} = ${installations.softwareVersionId} where ${softwareVersions.deviceModelId} = ${deviceModels.id})`,
};

const VERSION_SORT_EXPRESSIONS: Record<(typeof VERSION_SORTS)[number], SQL> = {
  deviceModel: sql`${deviceModels.name}`,
  version: sql`${softwareVersions.version}`,
  releaseDate: sql`coalesce(${softwareVersions.releaseDate}, '9999-12-31'::date)`,
  supportStatus: sql`${softwareVersions.supportStatus}`,
  endOfSupport: sql`coalesce(${softwareVersions.endOfSupport}, '9999-12-31'::date)`,
};

/** A device model as the API shows it, with the regulation that governs its cybersecurity. */
export function modelFields(m: typeof deviceModels.$inferSelect) {
  return {
    id: m.id,
    name: m.name,
    modelNumber: m.modelNumber,
    udiDi: m.udiDi,
    riskClass: m.riskClass,
    intendedUse: m.intendedUse,
    connectivity: m.connectivity,
    softwareSafetyClass: m.softwareSafetyClass,
    kind: m.kind,
    craCategory: m.craCategory,
    supportPeriodEnd: m.supportPeriodEnd,
    regime: regimeOf(m),
  };
}

/** One page of device models with counts of their versions instead of the versions themselves; the total through `kept` when given. */
export async function deviceModelPage(db: DbOrTx, q: z.infer<typeof modelListQuery>, today: string, kept?: KeptRead) {
  const req = pageRequest(q, { sort: "name" });
  const conditions: SQL[] = [];
  if (q.kind) conditions.push(eq(deviceModels.kind, q.kind));
  if (q.q) {
    const text = containsText(sql`concat_ws(' ', ${deviceModels.name}, ${deviceModels.modelNumber}, ${deviceModels.udiDi})`, q.q);
    const byVersion = sql`exists (select 1 from ${softwareVersions} where ${softwareVersions.deviceModelId} = ${deviceModels.id} and ${containsText(softwareVersions.version, q.q)})`;
    conditions.push(sql`(${text} or ${byVersion})`);
  }
  const filters = and(...conditions);
  const k = keyset(req, MODEL_SORT_EXPRESSIONS[req.sort as (typeof MODEL_SORTS)[number]], deviceModels.id);
  const count = async () => {
    const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(deviceModels).where(filters);
    return Number(total);
  };
  const query = () =>
    db
      .select({ model: deviceModels, sortValue: k.sortValue })
      .from(deviceModels)
      .where(and(filters, k.where))
      .orderBy(...k.orderBy)
      .limit(literalLimit(k.limit))
      .offset(k.offset);
  const [rows, total] = await Promise.all([
    pageRows(db, "device_models", req, filters !== undefined, query),
    kept ? kept(JSON.stringify([q.kind ?? null, q.q ?? null]), count) : count(),
  ]);
  const page = pageOf(
    rows.map((r) => ({ ...r, id: r.model.id })),
    req,
  );
  if (page.rows.length === 0) return { items: [], total, nextCursor: page.nextCursor };
  const ids = page.rows.map((r) => r.id);
  // Summing the installed base of a page's models is most of the page's cost in the database: kept like the total.
  const readCounts = () => runKept(db, "device_model_counts", undefined, () => modelCounts(db, ids, today));
  const counts = await (kept ? kept(JSON.stringify(["counts", today, ...ids]), readCounts) : readCounts());
  const countsBy = new Map(counts.map((c) => [c.modelId, c]));
  const items = page.rows.map(({ model }) => {
    const c = countsBy.get(model.id);
    return {
      ...modelFields(model),
      versionCount: Number(c?.versionCount ?? 0),
      installedUnits: Number(c?.units ?? 0),
      pastSupportInstalled: Number(c?.pastSupportInstalled ?? 0),
    };
  });
  return { items, total, nextCursor: page.nextCursor };
}

/**
 * Versions, installed units and versions past end of support still installed, of the given models. Each version's
 * units are summed once (a lateral subquery, read from the index on installations' version and units alone): the
 * select list named the correlated sum twice, and PostgreSQL ran it twice per version, reading each installation row.
 */
function modelCounts(db: DbOrTx, modelIds: string[], today: string) {
  const installed = db
    .select({ units: sql<number>`coalesce(sum(${installations.units}), 0)`.as("units") })
    .from(installations)
    .where(eq(installations.softwareVersionId, softwareVersions.id))
    .as("installed");
  return db
    .select({
      modelId: softwareVersions.deviceModelId,
      versionCount: sql<number>`count(*)::int`,
      units: sql<number>`coalesce(sum(${installed.units}), 0)::int`,
      pastSupportInstalled: sql<number>`count(*) filter (where ${pastSupport(today)} and ${installed.units} > 0)::int`,
    })
    .from(softwareVersions)
    .crossJoinLateral(installed)
    .where(sql`${softwareVersions.deviceModelId} = any(${sql.param(modelIds)}::text[])`)
    .groupBy(softwareVersions.deviceModelId);
}

/** One page of software versions across device models, with their installed base and current SBOM. */
export async function versionPage(db: DbOrTx, q: z.infer<typeof versionListQuery>, today: string) {
  const req = pageRequest(q, { sort: q.deviceModelId ? "releaseDate" : "deviceModel" });
  const conditions: SQL[] = [];
  if (q.deviceModelId) conditions.push(eq(softwareVersions.deviceModelId, q.deviceModelId));
  if (q.supportStatus) conditions.push(eq(softwareVersions.supportStatus, q.supportStatus));
  if (q.pastSupport === "true") conditions.push(pastSupport(today));
  if (q.pastSupport === "false") conditions.push(sql`not ${pastSupport(today)}`);
  if (q.q) conditions.push(containsText(sql`concat_ws(' ', ${softwareVersions.version}, ${deviceModels.name}, ${deviceModels.modelNumber})`, q.q));
  const filters = and(...conditions);
  const k = keyset(req, VERSION_SORT_EXPRESSIONS[req.sort as (typeof VERSION_SORTS)[number]], softwareVersions.id);
  const from = () => db.select({ id: softwareVersions.id, sortValue: k.sortValue }).from(softwareVersions).innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId));
  const [rows, [{ total }]] = await Promise.all([
    from().where(and(filters, k.where)).orderBy(...k.orderBy).limit(k.limit).offset(k.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(softwareVersions).innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId)).where(filters),
  ]);
  const page = pageOf(rows, req);
  const ids = page.rows.map((r) => r.id);
  if (ids.length === 0) return { items: [], total: Number(total), nextCursor: page.nextCursor };
  const [versions, current] = await Promise.all([
    db
      .select({
        v: softwareVersions,
        modelName: deviceModels.name,
        units: sql<number>`coalesce(sum(${installations.units}), 0)::int`,
        sites: sql<number>`count(distinct coalesce(${installations.siteId}, ${installations.customerId}))::int`,
      })
      .from(softwareVersions)
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .leftJoin(installations, eq(installations.softwareVersionId, softwareVersions.id))
      .where(inArray(softwareVersions.id, ids))
      .groupBy(softwareVersions.id, deviceModels.name),
    db
      .select({ id: sboms.id, versionId: sboms.softwareVersionId, componentCount: sboms.componentCount, uploadedAt: sboms.createdAt })
      .from(sboms)
      .where(and(eq(sboms.isCurrent, true), inArray(sboms.softwareVersionId, ids)))
      .orderBy(asc(sboms.createdAt)),
  ]);
  const currentBy = new Map(current.map((c) => [c.versionId, { id: c.id, componentCount: c.componentCount, uploadedAt: c.uploadedAt.toISOString() }]));
  const items = versions.map((r) => ({
    id: r.v.id,
    deviceModelId: r.v.deviceModelId,
    deviceModelName: r.modelName,
    version: r.v.version,
    releaseDate: r.v.releaseDate,
    supportStatus: r.v.supportStatus,
    endOfSupport: r.v.endOfSupport,
    installedUnits: Number(r.units),
    sites: Number(r.sites),
    currentSbom: currentBy.get(r.v.id) ?? null,
  }));
  return { items: inPageOrder(ids, items), total: Number(total), nextCursor: page.nextCursor } satisfies Page<(typeof items)[number]>;
}
