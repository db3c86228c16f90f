import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { PRODUCT_KINDS } from "../../core/cra/regime";
import { audited } from "../audit/store";
import { conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import { keptReads } from "../platform/http/short-cache";
import type { VigilApp } from "../platform/http/types";
import { loadVersionDetail, versionDetailView } from "./version-detail";
import { installedBaseRoutes } from "./installed-base-routes";
import { sboms } from "../sboms/schema";
import { inheritFromPredecessor } from "../threat-model/store";
import { checkRegimeFields, regimeFields, regimeView } from "./regime";
import { deviceModels, installations, softwareVersions } from "./schema";
import { deviceModelPage, modelFields, modelListQuery, versionListQuery, versionPage } from "./paging";
import { pageSchema, wantsPage } from "../platform/paging";
import { customerInstallations, installationItem, installationListQuery, installationPage } from "./installations-page";

const idParams = z.object({ id: z.string().min(1).max(100) });
const isoDate = z.iso.date({ message: "must be a date YYYY-MM-DD" });

// Defaults belong to creation only: a default inside a PATCH body (zod applies it under .partial()) overwrote omitted fields.
const connectivity = z.array(z.enum(["none", "usb", "serial", "ethernet", "wifi", "bluetooth", "cellular", "cloud"])).max(10);
const deviceModelFields = z
  .object({
    name: z.string().trim().min(1).max(200),
    modelNumber: z.string().trim().min(1).max(100),
    udiDi: z.string().trim().max(100).nullable().optional(),
    riskClass: z.enum(["I", "Is", "Im", "Ir", "IIa", "IIb", "III", "A", "B", "C", "D"]).nullable().optional(),
    intendedUse: z.string().max(2000).nullable().optional(),
    connectivity,
    softwareSafetyClass: z.enum(["A", "B", "C"]).nullable().optional(),
    ...regimeFields,
  })
  .strict();
// The kind decides MDR/IVDR vigilance or CRA Art. 14 reporting, so creation never presumes one.
const requiredKind = z.enum(PRODUCT_KINDS, {
  error: (issue) => (issue.input === undefined ? `required — one of ${PRODUCT_KINDS.join(", ")}` : `must be one of ${PRODUCT_KINDS.join(", ")}`),
});
export const deviceModelBody = deviceModelFields.extend({ connectivity: connectivity.default([]), kind: requiredKind });
const deviceModelPatch = deviceModelFields.partial();

/** "unknown" until someone states it: a new version is not declared supported because nobody said otherwise. */
const supportStatus = z.enum(["supported", "limited", "end_of_support", "unknown"]);
const versionFields = z
  .object({
    version: z.string().trim().min(1).max(100),
    releaseDate: isoDate.nullable().optional(),
    supportStatus,
    endOfSupport: isoDate.nullable().optional(),
  })
  .strict();
export const versionBody = versionFields.extend({ supportStatus: supportStatus.default("unknown") });
const versionPatch = versionFields.partial();

const versionView = z.object({
  id: z.string(),
  version: z.string(),
  releaseDate: z.string().nullable(),
  supportStatus: z.string(),
  endOfSupport: z.string().nullable(),
  installedUnits: z.number(),
  sites: z.number(),
  /** The version's current SBOM, if one was uploaded. */
  currentSbom: z.object({ id: z.string(), componentCount: z.number(), uploadedAt: z.string() }).nullable(),
});

const modelView = z.object({
  id: z.string(),
  name: z.string(),
  modelNumber: z.string(),
  udiDi: z.string().nullable(),
  riskClass: z.string().nullable(),
  intendedUse: z.string().nullable(),
  connectivity: z.array(z.string()),
  softwareSafetyClass: z.string().nullable(),
  kind: z.string(),
  craCategory: z.string().nullable(),
  supportPeriodEnd: z.string().nullable(),
  /** Which regulation governs the product's cybersecurity (MDR/IVDR or CRA) and why. */
  regime: regimeView,
  versions: z.array(versionView),
});

const modelPageItem = modelView.omit({ versions: true }).extend({
  versionCount: z.number(),
  installedUnits: z.number(),
  /** Versions past end of support that still have installed units. */
  pastSupportInstalled: z.number(),
});
const versionListItem = versionView.extend({ deviceModelId: z.string(), deviceModelName: z.string() });

async function loadModels(db: VigilApp["services"]["database"]["db"], id?: string) {
  const models = await db.select().from(deviceModels).where(id ? eq(deviceModels.id, id) : undefined).orderBy(asc(deviceModels.name));
  const versions = await db
    .select({
      v: softwareVersions,
      units: sql<number>`coalesce(sum(${installations.units}), 0)::int`,
      sites: sql<number>`count(distinct coalesce(${installations.siteId}, ${installations.customerId}))::int`,
    })
    .from(softwareVersions)
    .leftJoin(installations, eq(installations.softwareVersionId, softwareVersions.id))
    .where(id ? eq(softwareVersions.deviceModelId, id) : undefined)
    .groupBy(softwareVersions.id)
    .orderBy(asc(softwareVersions.releaseDate), asc(softwareVersions.version));
  const current = await db
    .select({ id: sboms.id, versionId: sboms.softwareVersionId, componentCount: sboms.componentCount, uploadedAt: sboms.createdAt })
    .from(sboms)
    .innerJoin(softwareVersions, eq(softwareVersions.id, sboms.softwareVersionId))
    .where(id ? and(eq(sboms.isCurrent, true), eq(softwareVersions.deviceModelId, id)) : eq(sboms.isCurrent, true));
  const currentBy = new Map(current.map((c) => [c.versionId, { id: c.id, componentCount: c.componentCount, uploadedAt: c.uploadedAt.toISOString() }]));
  // Grouped once: filtering every version per model was 900,000 comparisons for 300 models × 3,000 versions.
  const versionsBy = new Map<string, typeof versions>();
  for (const r of versions) {
    const list = versionsBy.get(r.v.deviceModelId);
    if (list) list.push(r);
    else versionsBy.set(r.v.deviceModelId, [r]);
  }
  return models.map((m) => ({
    ...modelFields(m),
    versions: (versionsBy.get(m.id) ?? []).map((r) => ({
      id: r.v.id,
      version: r.v.version,
      releaseDate: r.v.releaseDate,
      supportStatus: r.v.supportStatus,
      endOfSupport: r.v.endOfSupport,
      installedUnits: Number(r.units),
      sites: Number(r.sites),
      currentSbom: currentBy.get(r.v.id) ?? null,
    })),
  }));
}

export async function deviceRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  // The models page's totals, kept a few seconds (dashboard/README.md).
  const keptTotals = keptReads(app);

  const today = () => app.services.now().toISOString().slice(0, 10);

  app.get(
    "/api/devices",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["devices"],
        summary: "Device models with their software versions and installed base; with limit, cursor or page one sorted, filtered page of models with version counts",
        querystring: modelListQuery,
        response: { 200: z.union([z.array(modelView), pageSchema(modelPageItem)]) },
      },
    },
    async (request) => (wantsPage(request.query) ? deviceModelPage(db(), request.query, today(), keptTotals) : loadModels(db())),
  );

  app.get(
    "/api/versions",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["devices"],
        summary: "Software versions across device models, one sorted, filtered page at a time, with installed base and current SBOM",
        querystring: versionListQuery,
        response: { 200: pageSchema(versionListItem) },
      },
    },
    async (request) => versionPage(db(), request.query, today()),
  );

  app.get(
    "/api/devices/:id",
    { config: { access: "workspace:read" }, schema: { tags: ["devices"], summary: "One device model", params: idParams, response: { 200: modelView } } },
    async (request) => {
      const [m] = await loadModels(db(), request.params.id);
      if (!m) throw notFound("Device model");
      return m;
    },
  );

  app.post(
    "/api/devices",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Create a device model", body: deviceModelBody, response: { 201: modelView } } },
    async (request, reply) => {
      const [dup] = await db().select({ id: deviceModels.id }).from(deviceModels).where(eq(deviceModels.modelNumber, request.body.modelNumber)).limit(1);
      if (dup) throw conflict(`A device model with model number ${request.body.modelNumber} already exists`);
      checkRegimeFields({ riskClass: null, craCategory: null, supportPeriodEnd: null, ...request.body });
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.insert(deviceModels).values(request.body).returning();
        return { result: r, changes: [{ action: "create", entityType: "device_model", entityId: r.id, after: r }] };
      });
      const [m] = await loadModels(db(), row.id);
      return reply.status(201).send(m);
    },
  );

  app.patch(
    "/api/devices/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Update a device model", params: idParams, body: deviceModelPatch, response: { 200: modelView } } },
    async (request) => {
      const [before] = await db().select().from(deviceModels).where(eq(deviceModels.id, request.params.id)).limit(1);
      if (!before) throw notFound("Device model");
      checkRegimeFields({ ...before, ...request.body });
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [after] = await tx.update(deviceModels).set({ ...request.body, updatedAt: new Date() }).where(eq(deviceModels.id, before.id)).returning();
        return { result: after, changes: [{ action: "update", entityType: "device_model", entityId: before.id, before, after }] };
      });
      const [m] = await loadModels(db(), before.id);
      return m;
    },
  );

  app.delete(
    "/api/devices/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Delete a device model and its versions", params: idParams } },
    async (request) => {
      const [before] = await db().select().from(deviceModels).where(eq(deviceModels.id, request.params.id)).limit(1);
      if (!before) throw notFound("Device model");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(deviceModels).where(eq(deviceModels.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "device_model", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.post(
    "/api/devices/:id/versions",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Add a software version to a device model", params: idParams, body: versionBody, response: { 201: versionView } } },
    async (request, reply) => {
      const [model] = await db().select({ id: deviceModels.id }).from(deviceModels).where(eq(deviceModels.id, request.params.id)).limit(1);
      if (!model) throw notFound("Device model");
      const [dup] = await db()
        .select({ id: softwareVersions.id })
        .from(softwareVersions)
        .where(and(eq(softwareVersions.deviceModelId, model.id), eq(softwareVersions.version, request.body.version)))
        .limit(1);
      if (dup) throw conflict(`Version ${request.body.version} already exists for this device model`);
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.insert(softwareVersions).values({ ...request.body, deviceModelId: model.id }).returning();
        const inherited = await inheritFromPredecessor(tx, actorOf(request.principal!), r.id, app.services.now());
        return { result: r, changes: [{ action: "create", entityType: "software_version", entityId: r.id, after: r }, ...inherited] };
      });
      return reply.status(201).send({ ...row, installedUnits: 0, sites: 0, currentSbom: null });
    },
  );

  app.get(
    "/api/versions/:id",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["devices"],
        summary: "A software version with its device model, installed base and current SBOM",
        params: idParams,
        response: { 200: versionDetailView },
      },
    },
    async (request) => loadVersionDetail(db(), request.params.id),
  );

  app.patch(
    "/api/versions/:id",
    {
      config: { access: "devices:write" },
      schema: { tags: ["devices"], summary: "Update a software version (support status, end-of-support date, release date, version)", params: idParams, body: versionPatch, response: { 200: versionDetailView } },
    },
    async (request) => {
      const [before] = await db().select().from(softwareVersions).where(eq(softwareVersions.id, request.params.id)).limit(1);
      if (!before) throw notFound("Software version");
      if (request.body.version !== undefined && request.body.version !== before.version) {
        const [dup] = await db()
          .select({ id: softwareVersions.id })
          .from(softwareVersions)
          .where(and(eq(softwareVersions.deviceModelId, before.deviceModelId), eq(softwareVersions.version, request.body.version)))
          .limit(1);
        if (dup) throw conflict(`Version ${request.body.version} already exists for this device model`);
      }
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [after] = await tx.update(softwareVersions).set({ ...request.body, updatedAt: new Date() }).where(eq(softwareVersions.id, before.id)).returning();
        return { result: after, changes: [{ action: "update", entityType: "software_version", entityId: before.id, before, after }] };
      });
      return loadVersionDetail(db(), before.id);
    },
  );

  app.delete(
    "/api/versions/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Delete a software version with its installations and SBOMs", params: idParams } },
    async (request) => {
      const [before] = await db().select().from(softwareVersions).where(eq(softwareVersions.id, request.params.id)).limit(1);
      if (!before) throw notFound("Software version");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(softwareVersions).where(eq(softwareVersions.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "software_version", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  await installedBaseRoutes(app);

  app.get(
    "/api/installations",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["devices"],
        summary: "Installed base: which customer site runs which version, one sorted, filtered page at a time (50 unless limit says otherwise), with the total",
        querystring: installationListQuery,
        response: { 200: pageSchema(installationItem) },
      },
    },
    async (request) => installationPage(db(), request.query, today()),
  );

  app.get(
    "/api/portal/installations",
    {
      config: { access: "portal:read" },
      schema: { tags: ["portal"], summary: "The devices installed at the signed-in customer's sites" },
    },
    async (request) => customerInstallations(db(), request.principal!.customerId ?? "__none__"),
  );
}
