import { asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { type Advisory, AdvisorySchema } from "../../core/advisories";
import { defaultCpe, defaultPurl, inventoryProductId } from "../../core/advisories/inventory";
import { audited } from "../audit/store";
import { customers, sites } from "../customers/schema";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { baseUrlOf, PUBLIC_URL_REQUIRED, publisherOf } from "../disclosure/settings";
import { AppError, badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { advisoryBody, exportQuery, idParams, publishBody } from "./api-schemas";
import { exportAdvisory } from "./documents";
import { advisoryView, writeWorkingCopy } from "./save";
import { advisories, advisorySiteAcknowledgements } from "./schema";
import { buildCandidate, loadAdvisory, loadProducts, storeRevision, vendorName } from "./store";
import { alertAdvisoryCustomers } from "../notifications/events";

/** Sends one export with a download name. */
export async function sendExport(
  reply: { header(k: string, v: string): unknown; type(t: string): unknown; send(b: unknown): unknown },
  advisory: Advisory,
  format: z.infer<typeof exportQuery>["format"],
  generatedAt: string,
  csafText?: string,
) {
  const out = await exportAdvisory(advisory, format, { generatedAt, csafText });
  reply.header("content-disposition", `attachment; filename="${out.fileName}"`);
  reply.type(out.type);
  return reply.send(out.body);
}

export async function advisoryRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["advisories"];

  app.get(
    "/api/advisories",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Advisories, newest first, with affected products" } },
    async () => {
      const rows = await db().select().from(advisories).orderBy(desc(advisories.createdAt));
      const products = await loadProducts(db(), rows.map((r) => r.id));
      return rows.map((r) => ({
        id: r.id,
        trackingId: r.trackingId,
        title: r.title,
        tlp: r.tlp,
        documentStatus: r.documentStatus,
        published: r.published,
        currentVersion: r.currentVersion,
        publishedAt: r.publishedAt?.toISOString() ?? null,
        changedSincePublication: r.changedSincePublication,
        products: (products.get(r.id) ?? []).map((p) => `${p.product} ${p.version}`),
        updatedAt: r.updatedAt.toISOString(),
      }));
    },
  );

  app.get(
    "/api/advisories/products",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Inventory model versions an advisory can name, with product ids, purl, CPE and installed units" } },
    async () => {
      const vendor = await vendorName(db());
      const rows = await db()
        .select({ softwareVersionId: softwareVersions.id, version: softwareVersions.version, deviceModelId: deviceModels.id, product: deviceModels.name, modelNumber: deviceModels.modelNumber })
        .from(softwareVersions)
        .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
        .orderBy(asc(deviceModels.name), asc(softwareVersions.version));
      const units = await db().select({ v: installations.softwareVersionId, units: installations.units }).from(installations);
      return rows.map((r) => ({
        ...r,
        vendor,
        productId: inventoryProductId(r.modelNumber, r.version),
        purl: defaultPurl(vendor, r.modelNumber, r.version),
        cpe: defaultCpe(vendor, r.modelNumber, r.version),
        installedUnits: units.filter((u) => u.v === r.softwareVersionId).reduce((a, u) => a + u.units, 0),
      }));
    },
  );

  app.post(
    "/api/advisories",
    { config: { access: "advisories:write" }, schema: { tags, summary: "Create an advisory (a working copy, not yet published)", body: advisoryBody } },
    async (request, reply) => {
      const body = request.body;
      const principal = request.principal!;
      const id = crypto.randomUUID();
      await audited(db(), actorOf(principal), async (tx) => {
        const now = app.services.now();
        await tx.insert(advisories).values({
          id,
          trackingId: body.trackingId,
          title: body.title,
          summary: body.summary,
          details: body.details ?? null,
          tlp: body.tlp,
          documentStatus: body.documentStatus,
          profile: body.profile,
          acknowledgments: body.acknowledgments,
          references: body.references,
          linkedFindingIds: body.linkedFindingIds,
          createdBy: principal.userId,
          createdAt: now,
          updatedAt: now,
        });
        await writeWorkingCopy(tx, id, body);
        return { result: id, changes: [{ action: "create", entityType: "advisory", entityId: id, after: body }] };
      });
      return reply.status(201).send(advisoryView(await loadAdvisory(db(), id)));
    },
  );

  app.get(
    "/api/advisories/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One advisory: working copy and published revisions", params: idParams } },
    async (request) => advisoryView(await loadAdvisory(db(), request.params.id)),
  );

  app.put(
    "/api/advisories/:id",
    {
      config: { access: "advisories:write" },
      schema: { tags, summary: "Replace the working copy; a published advisory keeps serving its current revision until it is published again", params: idParams, body: advisoryBody },
    },
    async (request) => {
      const before = await loadAdvisory(db(), request.params.id);
      const body = request.body;
      if (before.row.currentVersion && body.trackingId !== before.row.trackingId) {
        throw badRequest("body/trackingId: a published advisory keeps its tracking id", [{ path: "body/trackingId", message: "cannot change after publication" }]);
      }
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx
          .update(advisories)
          .set({
            trackingId: body.trackingId,
            title: body.title,
            summary: body.summary,
            details: body.details ?? null,
            tlp: body.tlp,
            documentStatus: body.documentStatus,
            profile: body.profile,
            acknowledgments: body.acknowledgments,
            references: body.references,
            linkedFindingIds: body.linkedFindingIds,
            changedSincePublication: before.row.currentVersion !== null,
            updatedAt: app.services.now(),
          })
          .where(eq(advisories.id, before.row.id));
        await writeWorkingCopy(tx, before.row.id, body);
        return { result: null, changes: [{ action: "update", entityType: "advisory", entityId: before.row.id, before: advisoryView(before), after: body }] };
      });
      return advisoryView(await loadAdvisory(db(), before.row.id));
    },
  );

  app.delete(
    "/api/advisories/:id",
    { config: { access: "advisories:write" }, schema: { tags, summary: "Delete an advisory that was never published", params: idParams } },
    async (request) => {
      const before = await loadAdvisory(db(), request.params.id);
      if (before.revisions.length > 0) throw conflict("A published advisory is never deleted; unpublish it instead");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(advisories).where(eq(advisories.id, before.row.id));
        return { result: null, changes: [{ action: "delete", entityType: "advisory", entityId: before.row.id, before: advisoryView(before) }] };
      });
      return { ok: true };
    },
  );

  const candidateOf = async (request: { params: { id: string }; protocol: string; host: string; hostname: string }, summary: string, bump: "major" | "minor" | "patch") => {
    const loaded = await loadAdvisory(db(), request.params.id);
    const publisher = await publisherOf(db(), app.services.config);
    const baseUrl = baseUrlOf(app.services.config, request) ?? undefined;
    const candidate = await buildCandidate(loaded, { now: app.services.now(), publisher, baseUrl, summary, bump });
    return { loaded, candidate };
  };

  app.get(
    "/api/advisories/:id/validation",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "The next revision as CSAF, checked with the strict schema and every mandatory test", params: idParams },
    },
    async (request) => {
      const { candidate } = await candidateOf(request, "Preview.", "minor");
      return { valid: candidate.problems.length === 0, version: candidate.number, problems: candidate.problems, document: candidate.csaf };
    },
  );

  app.post(
    "/api/advisories/:id/publish",
    {
      config: { access: "advisories:publish" },
      schema: { tags, summary: "Publish the working copy as a new immutable revision; refused with the failing rules when the CSAF is invalid", params: idParams, body: publishBody },
    },
    async (request) => {
      // The self URL is baked into immutable bytes: it must come from configuration, never from a Host header.
      if (!app.services.config.publicUrl) throw new AppError(409, "public_url_required", PUBLIC_URL_REQUIRED);
      const summary = request.body.summary ?? "Initial public release.";
      const { loaded, candidate } = await candidateOf(request, summary, request.body.bump);
      if (!request.body.summary && loaded.row.currentVersion) {
        throw badRequest("body/summary: say what changed in this revision", [{ path: "body/summary", message: "required after the first revision" }]);
      }
      const reviewed = request.body.workingCopyUpdatedAt;
      if (reviewed && new Date(reviewed).getTime() !== loaded.row.updatedAt.getTime()) {
        throw conflict("The working copy changed after you reviewed it; reload and check it before publishing", [
          { path: "body/workingCopyUpdatedAt", message: `the saved working copy is of ${loaded.row.updatedAt.toISOString()}` },
        ]);
      }
      if (candidate.problems.length > 0 || !candidate.advisory || !candidate.csaf) {
        throw new AppError(
          422,
          "csaf_invalid",
          `The advisory fails ${candidate.problems.length} rule(s): ${candidate.problems.slice(0, 5).map((p) => `${p.test} ${p.path} ${p.message}`).join("; ")}`,
          candidate.problems,
        );
      }
      if (loaded.row.published && !loaded.row.changedSincePublication) {
        throw conflict("Nothing changed since the current revision was published");
      }
      const principal = request.principal!;
      await audited(db(), actorOf(principal), async (tx) => {
        const { sha256 } = await storeRevision(tx, loaded, candidate, summary, { userId: principal.userId, label: principal.email });
        const { id, trackingId, title, tlp } = loaded.row;
        const versionIds = loaded.products.map((p) => p.softwareVersionId);
        await alertAdvisoryCustomers(tx, { id, trackingId, title, tlp }, candidate.number, versionIds, actorOf(principal), app.services.now());
        return {
          result: null,
          changes: [{ action: "publish", entityType: "advisory", entityId: loaded.row.id, after: { version: candidate.number, sha256, tlp: loaded.row.tlp } }],
        };
      });
      return advisoryView(await loadAdvisory(db(), loaded.row.id));
    },
  );

  app.post(
    "/api/advisories/:id/unpublish",
    { config: { access: "advisories:publish" }, schema: { tags, summary: "Withdraw from the provider and the portal; the revisions are kept", params: idParams } },
    async (request) => {
      const loaded = await loadAdvisory(db(), request.params.id);
      if (!loaded.row.published) throw conflict("The advisory is not published");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.update(advisories).set({ published: false, updatedAt: app.services.now() }).where(eq(advisories.id, loaded.row.id));
        return { result: null, changes: [{ action: "unpublish", entityType: "advisory", entityId: loaded.row.id, before: { version: loaded.row.currentVersion } }] };
      });
      return advisoryView(await loadAdvisory(db(), loaded.row.id));
    },
  );

  app.get(
    "/api/advisories/:id/export",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Download as CSAF 2.0 (security advisory or VEX profile), CycloneDX VEX 1.5/1.6, OpenVEX or PDF: a published revision (`revision`, default the current one) or, when never published, a preview of the working copy",
        params: idParams,
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const { format, revision } = request.query;
      const loaded = await loadAdvisory(db(), request.params.id);
      const wanted = revision ?? loaded.row.currentVersion;
      if (wanted) {
        const rev = loaded.revisions.find((r) => r.number === wanted);
        if (!rev) throw notFound(`Revision ${wanted}`);
        const advisory = AdvisorySchema.parse(rev.snapshot);
        return sendExport(reply, advisory, format, rev.date.toISOString(), format === "csaf" && rev.profile === "csaf_security_advisory" ? rev.csafJson : undefined);
      }
      const { candidate } = await candidateOf(request, "Preview.", "minor");
      if (!candidate.advisory) throw new AppError(422, "advisory_invalid", "The working copy is incomplete; see the validation", candidate.problems);
      return sendExport(reply, candidate.advisory, format, candidate.date);
    },
  );

  app.get(
    "/api/advisories/:id/field-status",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Per customer site: affected units and the customer's acknowledgement (patch status)", params: idParams } },
    async (request) => {
      const loaded = await loadAdvisory(db(), request.params.id);
      const versionIds = loaded.products.map((p) => p.softwareVersionId);
      const installed = versionIds.length
        ? await db()
            .select({ customerId: customers.id, customer: customers.name, siteId: sites.id, site: sites.name, units: installations.units, versionId: installations.softwareVersionId })
            .from(installations)
            .innerJoin(customers, eq(customers.id, installations.customerId))
            .innerJoin(sites, eq(sites.id, installations.siteId))
            .where(inArray(installations.softwareVersionId, versionIds))
        : [];
      const acks = await db().select().from(advisorySiteAcknowledgements).where(eq(advisorySiteAcknowledgements.advisoryId, loaded.row.id));
      const bySite = new Map<string, { customerId: string; customer: string; siteId: string; site: string; affectedUnits: number; products: string[] }>();
      for (const i of installed) {
        const p = loaded.products.find((x) => x.softwareVersionId === i.versionId)!;
        const entry = bySite.get(i.siteId) ?? { customerId: i.customerId, customer: i.customer, siteId: i.siteId, site: i.site, affectedUnits: 0, products: [] };
        entry.affectedUnits += i.units;
        entry.products.push(`${p.product} ${p.version}`);
        bySite.set(i.siteId, entry);
      }
      const sitesOut = [...bySite.values()]
        .sort((a, b) => a.customer.localeCompare(b.customer) || a.site.localeCompare(b.site))
        .map((s) => {
          const ack = acks.find((a) => a.siteId === s.siteId);
          return {
            ...s,
            acknowledgement: ack
              ? { status: ack.status, unitsPatched: ack.unitsPatched, comment: ack.comment, revision: ack.revision, by: ack.acknowledgedByLabel, at: ack.updatedAt.toISOString() }
              : null,
          };
        });
      const affectedUnits = sitesOut.reduce((a, s) => a + s.affectedUnits, 0);
      const patchedUnits = sitesOut.reduce((a, s) => a + Math.min(s.affectedUnits, s.acknowledgement?.unitsPatched ?? 0), 0);
      return {
        published: loaded.row.published,
        currentVersion: loaded.row.currentVersion,
        totals: { sites: sitesOut.length, acknowledged: sitesOut.filter((s) => s.acknowledgement).length, affectedUnits, patchedUnits },
        sites: sitesOut,
      };
    },
  );
}
