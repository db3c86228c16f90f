import fastifyMultipart from "@fastify/multipart";
import { asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { tlpIsPublic } from "../../core/csaf-providers";
import { audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { AppError, badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { CSAF_FETCH_QUEUE } from "./jobs";
import { CSAF_UPLOAD_LIMIT, type UploadedFile, uploadProviderDocuments } from "./upload";
import { csafProviderDocuments, csafProviderRevisions, csafProviders } from "./schema";
import { listProviders, providerView, registerProvider } from "./store";

const tags = ["csaf-providers"];
const idParams = z.object({ id: z.string().min(1).max(100) });
const problem = z.object({ path: z.string(), reason: z.string() });

const providerBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** "upload": the supplier sends its documents as a zip or files instead of running a provider. */
    kind: z.enum(["metadata", "upload"]).default("metadata"),
    url: z
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL")
      .optional(),
    supplierId: z.string().min(1).max(100).nullable().optional(),
    intervalHours: z.number().int().min(1).max(24 * 30).default(24),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === "metadata" && !b.url) ctx.addIssue({ code: "custom", path: ["url"], message: "required: the provider-metadata.json URL (or kind upload)" });
    if (b.kind === "upload" && b.url) ctx.addIssue({ code: "custom", path: ["url"], message: "an upload provider has no URL" });
  });

const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["metadata", "upload"]),
  url: z.string().nullable(),
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

export async function csafProviderRoutes(app: VigilApp) {
  const db = () => app.services.database.db;

  async function find(id: string) {
    const [p] = await db().select().from(csafProviders).where(eq(csafProviders.id, id)).limit(1);
    if (!p) throw notFound("CSAF provider");
    return p;
  }

  app.get(
    "/api/csaf-providers",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Suppliers' CSAF providers Vigil fetches, with the outcome of their last fetch", response: { 200: z.object({ items: z.array(providerSchema) }) } } },
    async () => ({ items: await listProviders(db()) }),
  );

  app.post(
    "/api/csaf-providers",
    {
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary:
          "Register a supplier's CSAF provider by its provider-metadata.json URL (a first fetch is queued at once, then one every intervalHours), or of kind upload: its documents are uploaded to /api/csaf-providers/{id}/documents",
        description:
          "Internal addresses (loopback, private ranges) are refused unless allowed in VIGIL_WEBHOOK_ALLOW, the administrator's list of internal targets for server-side requests.",
        body: providerBody,
        response: { 201: providerSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request.principal!);
      const now = app.services.now();
      const row = await registerProvider(db(), request.body, actor, now);
      if (row.kind === "metadata") await app.services.jobs.enqueue(CSAF_FETCH_QUEUE, { providerId: row.id }, { runAt: now, createdBy: actor.id });
      return reply.status(201).send(await providerView(db(), row));
    },
  );

  app.get(
    "/api/csaf-providers/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "A CSAF provider: status, last good fetch, last error and the documents or listings it refused, with path and reason", params: idParams, response: { 200: providerSchema } } },
    async (request) => providerView(db(), await find(request.params.id)),
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
      if (provider.kind === "upload") throw conflict("An upload provider has nothing to fetch; upload its documents instead", [{ path: "params/id", message: "an upload provider" }]);
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

  await app.register(async (scope) => {
    const s = scope as unknown as VigilApp;
    await s.register(fastifyMultipart, { limits: { fileSize: CSAF_UPLOAD_LIMIT, files: 100, fields: 10 } });
    s.post(
      "/api/csaf-providers/:id/documents",
      {
        bodyLimit: CSAF_UPLOAD_LIMIT,
        config: { access: "vulnerabilities:write" },
        schema: {
          tags,
          summary: "Upload an upload provider's CSAF documents: zip archives (a provider directory as it is, .sha256/.sha512 files checked) or .json documents, as multipart/form-data",
          description:
            "Every document is validated with the strict schema and every mandatory test before anything is stored; one invalid document refuses the whole upload " +
            "(400 invalid_csaf, details [{path: '<file>: <JSON path>', message}]). New revisions are kept with their hashes and TLP and their VEX statements become suggestions; " +
            "a revision already stored is counted unchanged.",
          params: idParams,
          response: { 201: z.object({ documents: z.number(), added: z.number(), unchanged: z.number(), skipped: z.array(z.string()) }) },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw badRequest("Send the documents as multipart/form-data (zip archives or .json files)");
        const files: UploadedFile[] = [];
        try {
          for await (const part of request.files()) files.push({ name: part.filename || `upload-${files.length + 1}`, content: await part.toBuffer() });
        } catch (err) {
          if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new AppError(413, "payload_too_large", `A file is larger than ${CSAF_UPLOAD_LIMIT / 1024 / 1024} MB`);
          throw err;
        }
        const empty = files.find((f) => f.content.length === 0);
        if (files.length === 0 || empty) throw badRequest(empty ? `The uploaded file ${empty.name} is empty` : "The multipart form contains no file", [{ path: "body/files", message: empty ? "empty file" : "at least one file" }]);
        const outcome = await uploadProviderDocuments(db(), request.params.id, files, { actor: actorOf(request.principal!), now: app.services.now() });
        return reply.status(201).send(outcome);
      },
    );
  });
}
