import { gunzipSync } from "node:zlib";
import { and, asc, count, desc, eq, getTableColumns, gt, ilike, isNull, or, type SQL } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { DEPENDENCY_RELATIONSHIPS, type DependencyRelationship, diffSboms, parseSbom } from "../../core/sbom";
import { audited } from "../audit/store";
import { softwareVersions } from "../devices/schema";
import { AppError, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { jobs } from "../platform/jobs/schema";
import { matchSoftwareVersion } from "../vulnerabilities/matching";
import { importSbom, loadComponents, type NewVersion, validateSbomFile } from "./import";
import { invalidSbom, issueDetails } from "./issues";
import { sbomQualityRoutes } from "./quality-routes";
import { enqueueSbomImport, JOB_THRESHOLD_COMPONENTS, SBOM_IMPORT_QUEUE } from "./jobs";
import { sbomComponents, sbomDependencies, sboms } from "./schema";
import { resolveSbomTarget, TargetNotFoundError } from "./target";
import { rawUploadScope, readUploadedFile, SBOM_UPLOAD_LIMIT } from "./upload";
import { importVexDocuments, readVexFiles } from "../vex-imports/import";
import { vexImportOutcome } from "../vex-imports/routes";
import { componentOut, componentView, diffComponentOut, diffView, issueView, sbomDetailView, sbomSummary, sbomSummaryView } from "./views";

const idParams = z.object({ id: z.string().min(1).max(100) });
const flag = z.enum(["true", "false"]).transform((v) => v === "true");

const uploadQuery = z.object({
  fileName: z.string().min(1).max(255).optional(),
  /** CycloneDX JSON schema violations reject the file instead of being recorded as warnings. */
  strict: flag.optional(),
  /** Import through a background job whatever the size. */
  async: flag.optional(),
});

const pushQuery = uploadQuery.extend({
  device: z.string().min(1).max(200),
  version: z.string().trim().min(1).max(100),
  createVersion: flag.optional(),
});

const uploadResult = z.object({
  created: z.boolean(),
  sbom: sbomSummaryView,
  diff: sbomSummaryView.shape.diffSummary,
  warnings: z.array(issueView),
  versionCreated: z.boolean(),
  /** The VEX documents sent in parts named vex, as POST /api/versions/{id}/vex reports them. */
  vex: vexImportOutcome.shape.documents.optional(),
});
const queued = z.object({ jobId: z.string(), status: z.literal("queued"), componentCount: z.number(), statusUrl: z.string(), versionCreated: z.boolean() });

/** The SQL form of dependencyRelationship (core/sbom/relationship.ts). */
function relationshipFilter(r: DependencyRelationship): SQL {
  if (r === "unknown") return isNull(sbomComponents.depth);
  if (r === "direct") return eq(sbomComponents.direct, true);
  if (r === "product") return and(eq(sbomComponents.depth, 0), eq(sbomComponents.direct, false))!;
  return and(gt(sbomComponents.depth, 0), eq(sbomComponents.direct, false))!;
}

const contentTypes: Record<string, string> = {
  "cyclonedx/json": "application/vnd.cyclonedx+json",
  "cyclonedx/xml": "application/vnd.cyclonedx+xml",
  "spdx/json": "application/spdx+json",
  "spdx/tag-value": "text/spdx; charset=utf-8",
};

const summaryColumns = (() => {
  const { fileGzip: _f, ...rest } = getTableColumns(sboms);
  return rest;
})();

export async function sbomRoutes(app: VigilApp) {
  await sbomQualityRoutes(app);
  const db = () => app.services.database.db;

  async function summaryOf(id: string) {
    const [row] = await db().select(summaryColumns).from(sboms).where(eq(sboms.id, id)).limit(1);
    if (!row) throw notFound("SBOM");
    return row;
  }

  /**
   * Shared by both upload routes. The file is read and checked for structure first (a rejected file
   * changes nothing, not even a version asked for with createVersion); small files are then validated
   * against the schema and imported within the request, large ones by a job (202).
   */
  async function upload(
    request: FastifyRequest,
    reply: FastifyReply,
    query: z.infer<typeof uploadQuery>,
    target: () => Promise<{ versionId: string | null; newVersion?: NewVersion; versionCreated: boolean }>,
  ) {
    const { vex, ...file } = await readUploadedFile(request, query.fileName);
    const actor = actorOf(request.principal!);
    const options = { strict: query.strict ?? false };
    const structure = parseSbom(file);
    if (!structure.ok) throw invalidSbom(file.fileName, structure.errors);
    // Suppliers' VEX sent with the SBOM is read first: an invalid one refuses both, before anything is written.
    if (vex.length > 0) await readVexFiles(vex);
    const viaJob = vex.length === 0 && (query.async === true || structure.sbom.components.length >= JOB_THRESHOLD_COMPONENTS);
    if (viaJob) {
      const { versionId, newVersion, versionCreated } = await target();
      const jobId = await enqueueSbomImport(app.services.jobs, { versionId, newVersion, fileName: file.fileName, content: file.content, actor, options });
      return reply.status(202).send({ jobId, status: "queued" as const, componentCount: structure.sbom.components.length, statusUrl: `/api/sbom-imports/${jobId}`, versionCreated });
    }
    const parsed = await validateSbomFile(file, options);
    if (!parsed.ok) throw invalidSbom(file.fileName, parsed.errors);
    const { versionId, newVersion, versionCreated } = await target();
    const input = { versionId, newVersion, file, sbom: parsed.sbom, warnings: parsed.warnings, actor };
    // With VEX, the SBOM and the statements on its fresh findings commit together or not at all.
    const { result, vexOutcome } =
      vex.length === 0
        ? { result: await importSbom(db(), input), vexOutcome: undefined }
        : await db().transaction(async (tx) => {
            const imported = await importSbom(tx, input);
            return { result: imported, vexOutcome: await importVexDocuments(tx, { versionId: imported.versionId, files: vex, actor, now: app.services.now() }) };
          });
    const sbom = sbomSummary(await summaryOf(result.sbomId));
    return reply
      .status(result.created ? 201 : 200)
      .send({ created: result.created, sbom, diff: result.diff, warnings: issueDetails(parsed.warnings), versionCreated, vex: vexOutcome?.documents });
  }

  await rawUploadScope(app, (scope) => {
    scope.post(
      "/api/versions/:id/sboms",
      {
        bodyLimit: SBOM_UPLOAD_LIMIT,
        config: { access: "sbom:write" },
        schema: {
          tags: ["sboms"],
          summary: "Upload an SBOM for a software version",
          description:
            "CycloneDX JSON/XML or SPDX JSON/tag-value as the raw body (application/octet-stream; name it with ?fileName=) or as " +
            `multipart/form-data, up to ${SBOM_UPLOAD_LIMIT / 1024 / 1024} MB; a multipart form may add suppliers' VEX documents (CycloneDX VEX, OpenVEX, CSAF) ` +
            "in parts named vex, applied after the SBOM in the same transaction (an invalid one refuses both: 422 invalid_vex naming the file). " +
            `201 with the diff against the previous SBOM; 200 when the ` +
            `file is the current SBOM already; 202 {jobId} for ${JOB_THRESHOLD_COMPONENTS}+ components (follow /api/sbom-imports/{jobId}); ` +
            "422 invalid_sbom with details [{file, pointer|line, message}].",
          params: idParams,
          querystring: uploadQuery,
          response: { 200: uploadResult, 201: uploadResult, 202: queued },
        },
      },
      async (request, reply) => {
        const [version] = await db().select({ id: softwareVersions.id }).from(softwareVersions).where(eq(softwareVersions.id, request.params.id)).limit(1);
        if (!version) throw notFound("Software version");
        return upload(request, reply, request.query, async () => ({ versionId: version.id, versionCreated: false }));
      },
    );

    scope.post(
      "/api/sboms",
      {
        bodyLimit: SBOM_UPLOAD_LIMIT,
        config: { access: "sbom:write" },
        schema: {
          tags: ["sboms"],
          summary: "Push an SBOM for a device model (number or id) and version string, as pipelines do",
          description: "Same body and answers as POST /api/versions/{id}/sboms. createVersion=true adds a missing version to the model.",
          querystring: pushQuery,
          response: { 200: uploadResult, 201: uploadResult, 202: queued },
        },
      },
      async (request, reply) => {
        const q = request.query;
        return upload(request, reply, q, async () => {
          try {
            return await resolveSbomTarget(db(), { device: q.device, version: q.version, create: q.createVersion });
          } catch (err) {
            if (err instanceof TargetNotFoundError) throw new AppError(404, "not_found", err.message);
            throw err;
          }
        });
      },
    );
  });

  app.get(
    "/api/sbom-imports/:id",
    {
      config: { access: "sbom:write" },
      schema: {
        tags: ["sboms"],
        summary: "Status and progress ({done, total}) of an SBOM import job; result.ok false carries the invalid_sbom error",
        params: idParams,
        response: {
          200: z.object({ id: z.string(), status: z.string(), progress: z.unknown(), result: z.unknown(), lastError: z.string().nullable(), finishedAt: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      const [job] = await db().select().from(jobs).where(and(eq(jobs.id, request.params.id), eq(jobs.queue, SBOM_IMPORT_QUEUE))).limit(1);
      if (!job) throw notFound("SBOM import");
      return { id: job.id, status: job.status, progress: job.progress, result: job.result, lastError: job.lastError, finishedAt: job.finishedAt?.toISOString() ?? null };
    },
  );

  app.get(
    "/api/versions/:id/sboms",
    { config: { access: "workspace:read" }, schema: { tags: ["sboms"], summary: "SBOM history of a software version, newest first", params: idParams, response: { 200: z.array(sbomSummaryView) } } },
    async (request) => {
      const [version] = await db().select({ id: softwareVersions.id }).from(softwareVersions).where(eq(softwareVersions.id, request.params.id)).limit(1);
      if (!version) throw notFound("Software version");
      const rows = await db().select(summaryColumns).from(sboms).where(eq(sboms.softwareVersionId, version.id)).orderBy(desc(sboms.sequence));
      return rows.map(sbomSummary);
    },
  );

  app.get(
    "/api/sboms/:id",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["sboms"],
        summary: "An SBOM: metadata, warnings and a page of its components",
        description:
          "q matches name, group or purl (case-insensitive); type, purlType, direct and relationship (direct, transitive, product, unknown) filter; offset/limit page (limit ≤ 1000).",
        params: idParams,
        querystring: z.object({
          q: z.string().max(200).optional(),
          type: z.string().max(50).optional(),
          purlType: z.string().max(50).optional(),
          direct: flag.optional(),
          relationship: z.enum(DEPENDENCY_RELATIONSHIPS).optional(),
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: sbomDetailView },
      },
    },
    async (request) => {
      const row = await summaryOf(request.params.id);
      const q = request.query;
      const filters: SQL[] = [eq(sbomComponents.sbomId, row.id)];
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        filters.push(or(ilike(sbomComponents.name, like), ilike(sbomComponents.group, like), ilike(sbomComponents.purl, like))!);
      }
      if (q.type) filters.push(eq(sbomComponents.type, q.type));
      if (q.purlType) filters.push(eq(sbomComponents.purlType, q.purlType));
      if (q.direct !== undefined) filters.push(eq(sbomComponents.direct, q.direct));
      if (q.relationship) filters.push(relationshipFilter(q.relationship));
      const where = and(...filters);
      const [items, [{ total }]] = await Promise.all([
        db().select().from(sbomComponents).where(where).orderBy(asc(sbomComponents.position)).offset(q.offset).limit(q.limit),
        db().select({ total: count() }).from(sbomComponents).where(where),
      ]);
      return {
        ...sbomSummary(row),
        warnings: row.warnings,
        document: row.document,
        components: { total: Number(total), offset: q.offset, limit: q.limit, items: items.map(componentOut) },
      };
    },
  );

  app.get(
    "/api/sboms/:id/components/:componentId",
    { config: { access: "workspace:read" }, schema: { tags: ["sboms"], summary: "One component with what it depends on and what depends on it", params: idParams.extend({ componentId: z.string().min(1).max(100) }), response: { 200: componentView.extend({ dependsOn: z.array(z.string()), dependedOnBy: z.array(z.string()) }) } } },
    async (request) => {
      const [c] = await db().select().from(sbomComponents).where(and(eq(sbomComponents.id, request.params.componentId), eq(sbomComponents.sbomId, request.params.id))).limit(1);
      if (!c) throw notFound("Component");
      const [out, inbound] = await Promise.all([
        db().select({ ref: sbomDependencies.toRef }).from(sbomDependencies).where(and(eq(sbomDependencies.sbomId, c.sbomId), eq(sbomDependencies.fromRef, c.ref))),
        db().select({ ref: sbomDependencies.fromRef }).from(sbomDependencies).where(and(eq(sbomDependencies.sbomId, c.sbomId), eq(sbomDependencies.toRef, c.ref))),
      ]);
      return { ...componentOut(c), dependsOn: out.map((r) => r.ref), dependedOnBy: inbound.map((r) => r.ref) };
    },
  );

  app.get(
    "/api/sboms/:id/diff",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["sboms"],
        summary: "Components added, removed and changed since another SBOM (by default the one this replaced)",
        params: idParams,
        querystring: z.object({ against: z.string().min(1).max(100).optional() }),
        response: { 200: diffView },
      },
    },
    async (request) => {
      const to = await summaryOf(request.params.id);
      const againstId = request.query.against ?? to.previousSbomId;
      if (!againstId) throw notFound("An earlier SBOM to compare with");
      const from = await summaryOf(againstId);
      const [older, newer] = await Promise.all([loadComponents(db(), from.id), loadComponents(db(), to.id)]);
      const diff = diffSboms({ components: older } as never, { components: newer } as never);
      const ref = (r: typeof from) => ({ id: r.id, sequence: r.sequence, fileName: r.fileName, uploadedAt: r.createdAt.toISOString() });
      return {
        from: ref(from),
        to: ref(to),
        summary: diff.summary,
        added: diff.added.map(diffComponentOut),
        removed: diff.removed.map(diffComponentOut),
        changed: diff.changed.map((c) => ({ key: c.key, changed: c.changed, before: diffComponentOut(c.before), after: diffComponentOut(c.after) })),
      };
    },
  );

  app.get(
    "/api/sboms/:id/download",
    { config: { access: "workspace:read" }, schema: { tags: ["sboms"], summary: "The SBOM file exactly as uploaded", params: idParams } },
    async (request, reply) => {
      const [row] = await db()
        .select({ fileGzip: sboms.fileGzip, fileName: sboms.fileName, format: sboms.format, encoding: sboms.encoding, sha256: sboms.sha256 })
        .from(sboms)
        .where(eq(sboms.id, request.params.id))
        .limit(1);
      if (!row) throw notFound("SBOM");
      const content = gunzipSync(Buffer.from(row.fileGzip, "base64"));
      const safeName = row.fileName.replace(/[^\w.-]+/g, "_");
      return reply
        .header("content-type", contentTypes[`${row.format}/${row.encoding}`] ?? "application/octet-stream")
        .header("content-disposition", `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`)
        .header("x-content-sha256", row.sha256)
        .send(content);
    },
  );

  app.delete(
    "/api/sboms/:id",
    { config: { access: "sbom:write" }, schema: { tags: ["sboms"], summary: "Delete an SBOM; when it was current, the newest remaining one becomes current", params: idParams, response: { 200: z.object({ ok: z.literal(true), currentSbomId: z.string().nullable() }) } } },
    async (request) => {
      const before = await summaryOf(request.params.id);
      const currentSbomId = await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(sboms).where(eq(sboms.id, before.id));
        await tx.update(sboms).set({ previousSbomId: before.previousSbomId }).where(eq(sboms.previousSbomId, before.id));
        let current: string | null = null;
        if (before.isCurrent) {
          const [newest] = await tx.select({ id: sboms.id }).from(sboms).where(eq(sboms.softwareVersionId, before.softwareVersionId)).orderBy(desc(sboms.sequence)).limit(1);
          if (newest) await tx.update(sboms).set({ isCurrent: true }).where(eq(sboms.id, newest.id));
          current = newest?.id ?? null;
          await matchSoftwareVersion(tx, before.softwareVersionId, actorOf(request.principal!));
        }
        const { document: _d, warnings, ...kept } = before;
        return { result: current, changes: [{ action: "delete", entityType: "sbom", entityId: before.id, before: { ...kept, warnings: warnings.length } }] };
      });
      return { ok: true as const, currentSbomId };
    },
  );
}
