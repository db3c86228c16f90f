import { asc, count, eq, sql } from "drizzle-orm";
import { users } from "../accounts/schema";
import { z } from "zod";
import { audited } from "../audit/store";
import { customers, sites } from "../customers/schema";
import { AppError, badRequest, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { pastSupport } from "./paging";
import { deviceModels, installations, softwareVersions } from "./schema";

const idParams = z.object({ id: z.string().min(1).max(100) });
const isoDate = z.iso.date({ message: "must be a date YYYY-MM-DD" });
const country = z.string().trim().regex(/^[A-Z]{2}$/, "must be a two-letter country code");

const customerBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    country: country.nullable().optional(),
    contactEmail: z.email().max(200).nullable().optional(),
  })
  .strict();

const siteBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    city: z.string().trim().max(200).nullable().optional(),
    country: country.nullable().optional(),
  })
  .strict();

const installationBody = z
  .object({
    softwareVersionId: z.string().min(1).max(100),
    customerId: z.string().min(1).max(100),
    siteId: z.string().min(1).max(100).nullable().optional(),
    units: z.number().int().min(1).max(1_000_000),
    since: isoDate.nullable().optional(),
  })
  .strict();

const siteView = z.object({ id: z.string(), name: z.string(), city: z.string().nullable(), country: z.string().nullable() });
const customerView = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  contactEmail: z.string().nullable(),
  sites: z.array(siteView),
  installedUnits: z.number(),
});
const installationView = z.object({
  id: z.string(),
  softwareVersionId: z.string(),
  customerId: z.string(),
  siteId: z.string().nullable(),
  units: z.number(),
  since: z.string().nullable(),
});

const endOfSupportView = z.object({
  deviceModelId: z.string(),
  deviceModel: z.string(),
  modelNumber: z.string(),
  versionId: z.string(),
  version: z.string(),
  supportStatus: z.string(),
  endOfSupport: z.string().nullable(),
  sites: z.number(),
  customers: z.number(),
  units: z.number(),
  installations: z.array(z.object({ customerId: z.string(), customer: z.string(), siteId: z.string().nullable(), site: z.string().nullable(), units: z.number(), since: z.string().nullable() })),
});

const exposureTotals = z.object({ versions: z.number(), sites: z.number(), customers: z.number(), units: z.number() });

type Db = VigilApp["services"]["database"]["db"];

async function loadCustomers(db: Db, id?: string) {
  const rows = await db.select().from(customers).where(id ? eq(customers.id, id) : undefined).orderBy(asc(customers.name));
  const siteRows = await db.select().from(sites).where(id ? eq(sites.customerId, id) : undefined).orderBy(asc(sites.name));
  const units = await db
    .select({ customerId: installations.customerId, units: sql<number>`sum(${installations.units})::int` })
    .from(installations)
    .where(id ? eq(installations.customerId, id) : undefined)
    .groupBy(installations.customerId);
  const unitsBy = new Map(units.map((u) => [u.customerId, Number(u.units)]));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    country: c.country,
    contactEmail: c.contactEmail,
    sites: siteRows.filter((s) => s.customerId === c.id).map((s) => ({ id: s.id, name: s.name, city: s.city, country: s.country })),
    installedUnits: unitsBy.get(c.id) ?? 0,
  }));
}

function installationOut(r: typeof installations.$inferSelect): z.infer<typeof installationView> {
  return { id: r.id, softwareVersionId: r.softwareVersionId, customerId: r.customerId, siteId: r.siteId, units: r.units, since: r.since };
}

/** The site must belong to the installation's customer, and the version and customer must exist. */
async function checkInstallationRefs(db: Db, v: { softwareVersionId: string; customerId: string; siteId?: string | null }) {
  const [version] = await db.select({ id: softwareVersions.id }).from(softwareVersions).where(eq(softwareVersions.id, v.softwareVersionId));
  if (!version) throw badRequest("softwareVersionId: no such software version", [{ path: "body/softwareVersionId", message: "no such software version" }]);
  const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, v.customerId));
  if (!customer) throw badRequest("customerId: no such customer", [{ path: "body/customerId", message: "no such customer" }]);
  if (v.siteId) {
    const [site] = await db.select({ customerId: sites.customerId }).from(sites).where(eq(sites.id, v.siteId));
    if (!site) throw badRequest("siteId: no such site", [{ path: "body/siteId", message: "no such site" }]);
    if (site.customerId !== v.customerId) {
      throw badRequest("siteId: the site belongs to another customer", [{ path: "body/siteId", message: "the site belongs to another customer" }]);
    }
  }
}

/** Customers (HDOs), their sites, and which site runs which version: the installed base, all audited. */
export async function installedBaseRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const today = () => app.services.now().toISOString().slice(0, 10);

  app.get(
    "/api/devices/end-of-support",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["devices"],
        summary: "Versions past end of support (so marked, or their end-of-support date has passed) that are still installed, with sites and units",
        response: { 200: z.object({ asOf: z.string(), totals: exposureTotals, versions: z.array(endOfSupportView) }) },
      },
    },
    async () => {
      const asOf = today();
      const rows = await db()
        .select({
          v: softwareVersions,
          model: { id: deviceModels.id, name: deviceModels.name, modelNumber: deviceModels.modelNumber },
          inst: installations,
          customer: customers.name,
          site: sites.name,
        })
        .from(installations)
        .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
        .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
        .innerJoin(customers, eq(customers.id, installations.customerId))
        .leftJoin(sites, eq(sites.id, installations.siteId))
        .where(pastSupport(asOf))
        .orderBy(asc(deviceModels.name), asc(softwareVersions.version), asc(customers.name));
      const byVersion = new Map<string, z.infer<typeof endOfSupportView>>();
      const siteKey = (r: (typeof rows)[number]) => `${r.inst.customerId}\u0000${r.inst.siteId ?? ""}`;
      const siteSets = new Map<string, Set<string>>();
      for (const r of rows) {
        let entry = byVersion.get(r.v.id);
        if (!entry) {
          entry = {
            deviceModelId: r.model.id,
            deviceModel: r.model.name,
            modelNumber: r.model.modelNumber,
            versionId: r.v.id,
            version: r.v.version,
            supportStatus: r.v.supportStatus,
            endOfSupport: r.v.endOfSupport,
            sites: 0,
            customers: 0,
            units: 0,
            installations: [],
          };
          byVersion.set(r.v.id, entry);
          siteSets.set(r.v.id, new Set());
        }
        siteSets.get(r.v.id)!.add(siteKey(r));
        entry.units += r.inst.units;
        entry.installations.push({ customerId: r.inst.customerId, customer: r.customer, siteId: r.inst.siteId, site: r.site, units: r.inst.units, since: r.inst.since });
      }
      const versions = [...byVersion.values()].map((e) => ({
        ...e,
        sites: siteSets.get(e.versionId)!.size,
        customers: new Set(e.installations.map((i) => i.customerId)).size,
      }));
      return {
        asOf,
        totals: {
          versions: versions.length,
          sites: new Set(rows.map(siteKey)).size,
          customers: new Set(rows.map((r) => r.inst.customerId)).size,
          units: rows.reduce((n, r) => n + r.inst.units, 0),
        },
        versions,
      };
    },
  );

  app.get(
    "/api/devices/end-of-support/totals",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["devices"],
        summary: "How much of the installed base runs versions past end of support: versions, sites, customers and units, counted by the database",
        response: { 200: z.object({ asOf: z.string(), totals: exposureTotals }) },
      },
    },
    async () => {
      const asOf = today();
      const [totals] = await db()
        .select({
          versions: sql<number>`count(distinct ${installations.softwareVersionId})::int`,
          sites: sql<number>`count(distinct (${installations.customerId}, coalesce(${installations.siteId}, '')))::int`,
          customers: sql<number>`count(distinct ${installations.customerId})::int`,
          units: sql<number>`coalesce(sum(${installations.units}), 0)::int`,
        })
        .from(installations)
        .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
        .where(pastSupport(asOf));
      return { asOf, totals: { versions: Number(totals.versions), sites: Number(totals.sites), customers: Number(totals.customers), units: Number(totals.units) } };
    },
  );

  app.get(
    "/api/customers",
    { config: { access: "workspace:read" }, schema: { tags: ["devices"], summary: "Customers (HDOs) with their sites and installed units", response: { 200: z.array(customerView) } } },
    async () => loadCustomers(db()),
  );

  app.post(
    "/api/customers",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Add a customer", body: customerBody, response: { 201: customerView } } },
    async (request, reply) => {
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.insert(customers).values(request.body).returning();
        return { result: r, changes: [{ action: "create", entityType: "customer", entityId: r.id, after: r }] };
      });
      const [c] = await loadCustomers(db(), row.id);
      return reply.status(201).send(c);
    },
  );

  app.patch(
    "/api/customers/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Update a customer", params: idParams, body: customerBody.partial(), response: { 200: customerView } } },
    async (request) => {
      const [before] = await db().select().from(customers).where(eq(customers.id, request.params.id));
      if (!before) throw notFound("Customer");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [after] = await tx.update(customers).set({ ...request.body, updatedAt: new Date() }).where(eq(customers.id, before.id)).returning();
        return { result: after, changes: [{ action: "update", entityType: "customer", entityId: before.id, before, after }] };
      });
      const [c] = await loadCustomers(db(), before.id);
      return c;
    },
  );

  app.delete(
    "/api/customers/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Delete a customer with its sites and installations", params: idParams } },
    async (request) => {
      const [before] = await db().select().from(customers).where(eq(customers.id, request.params.id));
      if (!before) throw notFound("Customer");
      const [{ accounts }] = await db().select({ accounts: count() }).from(users).where(eq(users.customerId, before.id));
      if (Number(accounts) > 0) throw new AppError(409, "conflict", `${before.name} still has ${accounts} portal user account(s); remove them first`);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(customers).where(eq(customers.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "customer", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.post(
    "/api/customers/:id/sites",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Add a site to a customer", params: idParams, body: siteBody, response: { 201: siteView } } },
    async (request, reply) => {
      const [customer] = await db().select({ id: customers.id }).from(customers).where(eq(customers.id, request.params.id));
      if (!customer) throw notFound("Customer");
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.insert(sites).values({ ...request.body, customerId: customer.id }).returning();
        return { result: r, changes: [{ action: "create", entityType: "site", entityId: r.id, after: r }] };
      });
      return reply.status(201).send({ id: row.id, name: row.name, city: row.city, country: row.country });
    },
  );

  app.patch(
    "/api/sites/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Update a site", params: idParams, body: siteBody.partial(), response: { 200: siteView } } },
    async (request) => {
      const [before] = await db().select().from(sites).where(eq(sites.id, request.params.id));
      if (!before) throw notFound("Site");
      const after = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.update(sites).set({ ...request.body, updatedAt: new Date() }).where(eq(sites.id, before.id)).returning();
        return { result: r, changes: [{ action: "update", entityType: "site", entityId: before.id, before, after: r }] };
      });
      return { id: after.id, name: after.name, city: after.city, country: after.country };
    },
  );

  app.delete(
    "/api/sites/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Delete a site (its installations stay with the customer, without a site)", params: idParams } },
    async (request) => {
      const [before] = await db().select().from(sites).where(eq(sites.id, request.params.id));
      if (!before) throw notFound("Site");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(sites).where(eq(sites.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "site", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.post(
    "/api/installations",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Record that a customer site runs a software version", body: installationBody, response: { 201: installationView } } },
    async (request, reply) => {
      await checkInstallationRefs(db(), request.body);
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.insert(installations).values(request.body).returning();
        return { result: r, changes: [{ action: "create", entityType: "installation", entityId: r.id, after: r }] };
      });
      return reply.status(201).send(installationOut(row));
    },
  );

  app.patch(
    "/api/installations/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Update an installation (units, since, version after an upgrade, site)", params: idParams, body: installationBody.partial(), response: { 200: installationView } } },
    async (request) => {
      const [before] = await db().select().from(installations).where(eq(installations.id, request.params.id));
      if (!before) throw notFound("Installation");
      await checkInstallationRefs(db(), { ...before, ...request.body });
      const after = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.update(installations).set({ ...request.body, updatedAt: new Date() }).where(eq(installations.id, before.id)).returning();
        return { result: r, changes: [{ action: "update", entityType: "installation", entityId: before.id, before, after: r }] };
      });
      return installationOut(after);
    },
  );

  app.delete(
    "/api/installations/:id",
    { config: { access: "devices:write" }, schema: { tags: ["devices"], summary: "Remove an installation (decommissioned)", params: idParams } },
    async (request) => {
      const [before] = await db().select().from(installations).where(eq(installations.id, request.params.id));
      if (!before) throw notFound("Installation");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(installations).where(eq(installations.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "installation", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

}
