import { asc, count, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { tlpIsPublic } from "../../core/csaf-providers";
import { audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { suppliers } from "../suppliers/schema";
import { CSAF_FETCH_QUEUE, queuedFetch } from "./jobs";
import { csafProviderDocuments, csafProviderRevisions, csafProviders } from "./schema";

const tags = ["csaf-providers"];
const idParams = z.object({ id: z.string().min(1).max(100) });
const problem = z.object({ path: z.string(), reason: z.string() });

const providerBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    url: z
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL"),
    supplierId: z.string().min(1).max(100).nullable().optional(),
    intervalHours: z.number().int().min(1).max(24 * 30).default(24),
  })
  .strict();

const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  supplierId: z.string().nullable(),
  supplierName: z.string().nullable(),
  intervalHours: z.number(),
  lastFetchAt: z.string().nullable(),
  lastGoodFetchAt: z.string().nullable(),
  lastError: z.string().nullable(),
  problems: z.array(problem),
  nextFetchAt: z.string().nullable(),
  documentCount: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
});

const revisionSchema = z.object({
  id: z.string(),
  version: z.string(),
  status: z.string(),
  currentReleaseDate: z.string(),
  tlp: z.string().nullable(),
  sha256: z.string(),
  hashChecked: z.string(),
  signature: z.string(),
  /** Software versions whose findings received this revision's statements as suggestions. */
  appliedTo: z.array(z.object({ versionId: z.string(), label: z.string() })),
  fetchedAt: z.string(),
});

const documentSchema = z.object({
  id: z.string(),
  trackingId: z.string(),
  url: z.string(),
  title: z.string(),
  publisher: z.string().nullable(),
  category: z.string(),
  currentVersion: z.string(),
  tlp: z.string().nullable(),
  /** Above TLP:WHITE/CLEAR: for the workspace only, never shared or re-published. */
  internal: z.boolean(),
  status: z.string(),
  initialReleaseDate: z.string(),
  currentReleaseDate: z.string(),
  revisions: z.array(revisionSchema),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function csafProviderRoutes(app: VigilApp) {
  const db = () => app.services.database.db;

  async function view(p: typeof csafProviders.$inferSelect) {
    const [supplier] = p.supplierId ? await db().select({ name: suppliers.name }).from(suppliers).where(eq(suppliers.id, p.supplierId)).limit(1) : [];
    const [docs] = await db().select({ n: count() }).from(csafProviderDocuments).where(eq(csafProviderDocuments.providerId, p.id));
    const next = await queuedFetch(db(), p.id);
    return {
      id: p.id,
      name: p.name,
      url: p.url,
      supplierId: p.supplierId,
      supplierName: supplier?.name ?? null,
      intervalHours: p.intervalHours,
      lastFetchAt: iso(p.lastFetchAt),
      lastGoodFetchAt: iso(p.lastGoodFetchAt),
      lastError: p.lastError,
      problems: p.lastProblems,
      nextFetchAt: iso(next?.runAt ?? null),
      documentCount: docs.n,
      createdBy: p.createdBy,
      createdAt: p.createdAt.toISOString(),
    };
  }
  async function find(id: string) {
    const [p] = await db().select().from(csafProviders).where(eq(csafProviders.id, id)).limit(1);
    if (!p) throw notFound("CSAF provider");
    return p;
  }

  app.get(
    "/api/csaf-providers",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Suppliers' CSAF providers Vigil fetches, with the outcome of their last fetch", response: { 200: z.object({ items: z.array(providerSchema) }) } } },
    async () => ({ items: await Promise.all((await db().select().from(csafProviders).orderBy(asc(csafProviders.name))).map(view)) }),
  );

  app.post(
    "/api/csaf-providers",
    {
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary: "Register a supplier's CSAF provider by its provider-metadata.json URL; a first fetch is queued at once, then one every intervalHours",
        description:
          "Internal addresses (loopback, private ranges) are refused unless allowed in VIGIL_WEBHOOK_ALLOW, the administrator's list of internal targets for server-side requests.",
        body: providerBody,
        response: { 201: providerSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request.principal!);
      const now = app.services.now();
      const { supplierId, ...rest } = request.body;
      const row = await audited(db(), actor, async (tx) => {
        if (supplierId) {
          const [s] = await tx.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.id, supplierId)).limit(1);
          if (!s) throw badRequest("No such supplier", [{ path: "body/supplierId", message: "not a supplier of the register" }]);
        }
        const [same] = await tx.select({ id: csafProviders.id }).from(csafProviders).where(eq(csafProviders.url, rest.url)).limit(1);
        if (same) throw conflict("This provider is already registered", [{ path: "body/url", message: `registered as provider ${same.id}` }]);
        const [created] = await tx
          .insert(csafProviders)
          .values({ ...rest, supplierId: supplierId ?? null, lastProblems: [], createdBy: actor.label, createdAt: now, updatedAt: now })
          .returning();
        return { result: created, changes: [{ action: "create", entityType: "csaf_provider", entityId: created.id, after: created }] };
      });
      await app.services.jobs.enqueue(CSAF_FETCH_QUEUE, { providerId: row.id }, { runAt: now, createdBy: actor.id });
      return reply.status(201).send(await view(row));
    },
  );

  app.get(
    "/api/csaf-providers/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "A CSAF provider: status, last good fetch, last error and the documents or listings it refused, with path and reason", params: idParams, response: { 200: providerSchema } } },
    async (request) => view(await find(request.params.id)),
  );

  app.delete(
    "/api/csaf-providers/:id",
    { config: { access: "vulnerabilities:write" }, schema: { tags, summary: "Stop fetching a provider and remove its stored documents (suggestions already made stay beside the findings)", params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [before] = await tx.delete(csafProviders).where(eq(csafProviders.id, request.params.id)).returning();
        if (!before) throw notFound("CSAF provider");
        return { result: undefined, changes: [{ action: "delete", entityType: "csaf_provider", entityId: before.id, before }] };
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/csaf-providers/:id/fetch",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Fetch a provider now (through the job queue)", params: idParams, body: z.object({}).strict().optional(), response: { 202: z.object({ jobId: z.string() }) } },
    },
    async (request, reply) => {
      const actor = actorOf(request.principal!);
      const provider = await find(request.params.id);
      const jobId = await app.services.jobs.enqueue(CSAF_FETCH_QUEUE, { providerId: provider.id }, { runAt: app.services.now(), createdBy: actor.id });
      await audited(db(), actor, async () => ({ result: undefined, changes: [{ action: "request_fetch", entityType: "csaf_provider", entityId: provider.id, after: { jobId } }] }));
      return reply.status(202).send({ jobId });
    },
  );

  app.get(
    "/api/csaf-providers/:id/documents",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "The provider's documents with their revision history, newest revision first; documents above TLP:WHITE are marked internal", params: idParams, response: { 200: z.object({ items: z.array(documentSchema) }) } },
    },
    async (request) => {
      const provider = await find(request.params.id);
      const docs = await db().select().from(csafProviderDocuments).where(eq(csafProviderDocuments.providerId, provider.id)).orderBy(desc(csafProviderDocuments.currentReleaseDate), asc(csafProviderDocuments.trackingId));
      const revisions =
        docs.length === 0
          ? []
          : await db().select().from(csafProviderRevisions).where(inArray(csafProviderRevisions.documentId, docs.map((d) => d.id))).orderBy(desc(csafProviderRevisions.currentReleaseDate), desc(csafProviderRevisions.fetchedAt));
      const versionIds = [...new Set(revisions.flatMap((r) => r.appliedToVersions))];
      const labels = new Map(
        versionIds.length === 0
          ? []
          : (
              await db()
                .select({ id: softwareVersions.id, version: softwareVersions.version, model: deviceModels.name })
                .from(softwareVersions)
                .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
                .where(inArray(softwareVersions.id, versionIds))
            ).map((v) => [v.id, `${v.model} ${v.version}`]),
      );
      return {
        items: docs.map((d) => ({
          id: d.id,
          trackingId: d.trackingId,
          url: d.url,
          title: d.title,
          publisher: d.publisher,
          category: d.category,
          currentVersion: d.currentVersion,
          tlp: d.tlp,
          internal: !tlpIsPublic(d.tlp),
          status: d.status,
          initialReleaseDate: d.initialReleaseDate,
          currentReleaseDate: d.currentReleaseDate,
          revisions: revisions
            .filter((r) => r.documentId === d.id)
            .map((r) => ({
              id: r.id,
              version: r.version,
              status: r.status,
              currentReleaseDate: r.currentReleaseDate,
              tlp: r.tlp,
              sha256: r.sha256,
              hashChecked: r.hashChecked,
              signature: r.signature,
              appliedTo: r.appliedToVersions.filter((v) => labels.has(v)).map((v) => ({ versionId: v, label: labels.get(v)! })),
              fetchedAt: r.fetchedAt.toISOString(),
            })),
        })),
      };
    },
  );
}
