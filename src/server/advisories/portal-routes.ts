import { and, eq, inArray } from "drizzle-orm";
import { gunzipSync } from "node:zlib";
import { AdvisorySchema, productIndex } from "../../core/advisories";
import { highestSeverity, siteNeedsAction } from "../../core/advisories/portal-status";
import { audited } from "../audit/store";
import { sites } from "../customers/schema";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { AppError, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { Principal } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { sboms } from "../sboms/schema";
import { acknowledgementBody, exportQuery, idParams } from "./api-schemas";
import { currentRevisions } from "./published";
import { sendExport } from "./routes";
import { advisoryProducts, advisorySiteAcknowledgements } from "./schema";

/** TLP:RED is for named recipients only; it never reaches the portal. */
const PORTAL_TLPS = ["WHITE", "GREEN", "AMBER"];

/**
 * The customer portal's view of advisories. Every query is bound to the signed-in user's customer
 * organisation; an advisory that does not name a version installed there does not exist for it (404).
 */
export async function portalAdvisoryRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["portal"];
  const customerOf = (p: Principal | null) => p?.customerId ?? "__no_customer__";

  /** The customer's installations of versions named by each visible advisory. */
  async function visible(customerId: string, advisoryIds?: string[]) {
    const installed = await db()
      .select({
        installationId: installations.id,
        softwareVersionId: installations.softwareVersionId,
        siteId: installations.siteId,
        site: sites.name,
        units: installations.units,
        product: deviceModels.name,
        version: softwareVersions.version,
      })
      .from(installations)
      .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .leftJoin(sites, eq(sites.id, installations.siteId))
      .where(eq(installations.customerId, customerId));
    if (installed.length === 0) return [];
    const links = await db()
      .select({ advisoryId: advisoryProducts.advisoryId, softwareVersionId: advisoryProducts.softwareVersionId, productId: advisoryProducts.productId })
      .from(advisoryProducts)
      .where(
        and(
          inArray(advisoryProducts.softwareVersionId, [...new Set(installed.map((i) => i.softwareVersionId))]),
          advisoryIds ? inArray(advisoryProducts.advisoryId, advisoryIds) : undefined,
        ),
      );
    const revisions = await currentRevisions(db(), { tlps: PORTAL_TLPS, advisoryIds: [...new Set(links.map((l) => l.advisoryId))] });
    return revisions
      .map((r) => {
        // The published revision itself must name the installed version, not only the working copy.
        const published = productIndex(AdvisorySchema.parse(r.snapshot));
        const mine = links.filter((l) => l.advisoryId === r.advisoryId && published.has(l.productId));
        const affected = installed.filter((i) => mine.some((l) => l.softwareVersionId === i.softwareVersionId));
        return { revision: r, affected, productIds: mine.map((l) => l.productId), productOf: new Map(mine.map((l) => [l.softwareVersionId, l.productId])) };
      })
      .filter((v) => v.affected.length > 0)
      .sort((a, b) => b.revision.date.getTime() - a.revision.date.getTime());
  }

  async function oneVisible(principal: Principal | null, id: string) {
    const [found] = await visible(customerOf(principal), [id]);
    if (!found) throw notFound("Advisory");
    return found;
  }

  const acksOf = async (customerId: string, advisoryIds: string[]) =>
    advisoryIds.length === 0
      ? []
      : db()
          .select()
          .from(advisorySiteAcknowledgements)
          .where(and(eq(advisorySiteAcknowledgements.customerId, customerId), inArray(advisorySiteAcknowledgements.advisoryId, advisoryIds)));

  const ackView = (a: typeof advisorySiteAcknowledgements.$inferSelect) => ({
    siteId: a.siteId,
    status: a.status,
    unitsPatched: a.unitsPatched,
    comment: a.comment,
    revision: a.revision,
    by: a.acknowledgedByLabel,
    at: a.updatedAt.toISOString(),
  });

  app.get(
    "/api/portal/advisories",
    { config: { access: "portal:read" }, schema: { tags, summary: "Published advisories about devices installed at the customer's sites" } },
    async (request) => {
      const customerId = customerOf(request.principal);
      const list = await visible(customerId);
      const acks = await acksOf(customerId, list.map((v) => v.revision.advisoryId));
      return list.map(({ revision: r, affected, productOf }) => {
        const snapshot = AdvisorySchema.parse(r.snapshot);
        const mine = acks.filter((a) => a.advisoryId === r.advisoryId);
        const statusesOf = (softwareVersionId: string) =>
          snapshot.vulnerabilities.flatMap((v) => v.productStatus.filter((s) => s.productId === productOf.get(softwareVersionId)).map((s) => s.status));
        const siteList = [...new Set(affected.map((i) => i.siteId))].map((siteId) => {
          const here = affected.filter((i) => i.siteId === siteId);
          const ack = mine.find((a) => a.siteId === siteId);
          return {
            siteId,
            site: here[0].site,
            units: here.reduce((a, i) => a + i.units, 0),
            devices: [...new Set(here.map((i) => `${i.product} ${i.version}`))],
            actionNeeded: siteNeedsAction(here.flatMap((i) => statusesOf(i.softwareVersionId)), ack?.status ?? null),
          };
        });
        return {
          id: r.advisoryId,
          trackingId: r.trackingId,
          title: r.title,
          summary: snapshot.summary,
          tlp: r.tlp,
          version: r.number,
          status: r.documentStatus,
          initialReleaseDate: r.initialReleaseDate.toISOString(),
          currentReleaseDate: r.date.toISOString(),
          cves: snapshot.vulnerabilities.map((v) => v.cve).filter(Boolean),
          affectedUnits: affected.reduce((a, i) => a + i.units, 0),
          affectedSites: [...new Set(affected.map((i) => i.site).filter(Boolean))],
          acknowledgements: mine.map(ackView),
          severity: highestSeverity(snapshot.vulnerabilities),
          devices: [...new Set(affected.map((i) => `${i.product} ${i.version}`))],
          installationIds: affected.map((i) => i.installationId),
          sites: siteList,
          actionNeeded: siteList.some((x) => x.actionNeeded),
        };
      });
    },
  );

  app.get(
    "/api/portal/advisories/:id",
    { config: { access: "portal:read" }, schema: { tags, summary: "One advisory as published, with the customer's affected installations", params: idParams } },
    async (request) => {
      const customerId = customerOf(request.principal);
      const { revision: r, affected, productIds } = await oneVisible(request.principal, request.params.id);
      const acks = await acksOf(customerId, [r.advisoryId]);
      const advisory = AdvisorySchema.parse(r.snapshot);
      const bySite = new Map<string, { siteId: string | null; site: string | null; units: number; products: string[] }>();
      for (const i of affected) {
        const key = i.siteId ?? "";
        const entry = bySite.get(key) ?? { siteId: i.siteId, site: i.site, units: 0, products: [] };
        entry.units += i.units;
        entry.products.push(`${i.product} ${i.version}`);
        bySite.set(key, entry);
      }
      return {
        id: r.advisoryId,
        version: r.number,
        sha256: r.sha256,
        advisory,
        yourProductIds: productIds,
        sites: [...bySite.values()].map((s) => {
          const ack = acks.find((a) => a.siteId === s.siteId);
          return { ...s, acknowledgement: ack ? ackView(ack) : null };
        }),
      };
    },
  );

  app.get(
    "/api/portal/advisories/:id/export",
    {
      config: { access: "portal:read" },
      schema: { tags, summary: "The published advisory as CSAF, CSAF VEX, CycloneDX VEX, OpenVEX or PDF", params: idParams, querystring: exportQuery.omit({ revision: true }) },
    },
    async (request, reply) => {
      const { revision: r } = await oneVisible(request.principal, request.params.id);
      const format = request.query.format;
      return sendExport(reply, AdvisorySchema.parse(r.snapshot), format, r.date.toISOString(), format === "csaf" && r.profile === "csaf_security_advisory" ? r.csafJson : undefined);
    },
  );

  app.put(
    "/api/portal/advisories/:id/acknowledgements",
    {
      config: { access: "portal:acknowledge" },
      schema: { tags, summary: "Acknowledge the advisory for one site, with the number of units patched", params: idParams, body: acknowledgementBody },
    },
    async (request) => {
      const principal = request.principal!;
      const customerId = customerOf(principal);
      const { revision: r, affected } = await oneVisible(principal, request.params.id);
      const body = request.body;
      const atSite = affected.filter((i) => i.siteId === body.siteId);
      if (atSite.length === 0) throw notFound("Affected site");
      const units = atSite.reduce((a, i) => a + i.units, 0);
      if (body.unitsPatched > units) {
        throw new AppError(400, "validation_failed", `body/unitsPatched: the site has ${units} affected units`, [
          { path: "body/unitsPatched", message: `at most ${units}` },
        ]);
      }
      const now = app.services.now();
      const [existing] = await db()
        .select()
        .from(advisorySiteAcknowledgements)
        .where(and(eq(advisorySiteAcknowledgements.advisoryId, r.advisoryId), eq(advisorySiteAcknowledgements.siteId, body.siteId)))
        .limit(1);
      const values = {
        status: body.status,
        unitsPatched: body.unitsPatched,
        comment: body.comment ?? null,
        revision: r.number,
        acknowledgedBy: principal.userId,
        acknowledgedByLabel: principal.email,
        updatedAt: now,
      };
      const saved = await audited(db(), actorOf(principal), async (tx) => {
        const [row] = existing
          ? await tx.update(advisorySiteAcknowledgements).set(values).where(eq(advisorySiteAcknowledgements.id, existing.id)).returning()
          : await tx.insert(advisorySiteAcknowledgements).values({ ...values, advisoryId: r.advisoryId, customerId, siteId: body.siteId, createdAt: now }).returning();
        return { result: row, changes: [{ action: existing ? "update" : "create", entityType: "advisory_acknowledgement", entityId: row.id, before: existing ?? null, after: row }] };
      });
      return { ...ackView(saved), affectedUnits: units };
    },
  );

  app.get(
    "/api/portal/versions/:id/sbom",
    {
      config: { access: "portal:read" },
      schema: { tags, summary: "The current SBOM (CycloneDX JSON) of a software version installed at the customer's sites", params: idParams },
    },
    async (request, reply) => {
      const customerId = customerOf(request.principal);
      const [installed] = await db()
        .select({ id: installations.id })
        .from(installations)
        .where(and(eq(installations.customerId, customerId), eq(installations.softwareVersionId, request.params.id)))
        .limit(1);
      if (!installed) throw notFound("Installed software version");
      const [sbom] = await db()
        .select()
        .from(sboms)
        .where(and(eq(sboms.softwareVersionId, request.params.id), eq(sboms.isCurrent, true)))
        .limit(1);
      if (!sbom) throw notFound("SBOM of this version");
      const { sbomAsCycloneDx } = await import("./sbom-export");
      const out = await sbomAsCycloneDx(db(), sbom, gunzipSync(Buffer.from(sbom.fileGzip, "base64")));
      reply.header("content-disposition", `attachment; filename="${out.fileName}"`);
      return reply.type("application/vnd.cyclonedx+json").send(out.body);
    },
  );
}
