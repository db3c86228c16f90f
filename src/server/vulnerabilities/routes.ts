import fastifyMultipart from "@fastify/multipart";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { CLINICAL_QUESTIONS } from "../../core/scoring";
import { audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { AppError, badRequest, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import { keptReads } from "../platform/http/short-cache";
import type { VigilApp } from "../platform/http/types";
import { jobs } from "../platform/jobs/schema";
import { settings } from "../settings/schema";
import {
  analysisBody,
  exploitedBody,
  exploitedWithdrawalBody,
  findingDetailSchema,
  findingListSchema,
  findingsQuery,
  importSchema,
  importUploadBody,
  rescoringBody,
  supportPatchBody,
  supportRecordSchema,
  supportReportSchema,
  versionFindingsQuery,
  vulnerabilitiesQuery,
  vulnerabilityDetailSchema,
  vulnerabilityListSchema,
} from "./api-schemas";
import { markExploited, withdrawExploited } from "./exploited";
import { type FeedFile, InvalidFeedError } from "./feed-files";
import { importVulnerabilityFiles } from "./import";
import { enqueueVulnerabilityImport, JOB_THRESHOLD_BYTES, VULNERABILITY_IMPORT_QUEUE } from "./jobs";
import { rescoreFindings } from "./matching";
import { upsertComponentSupport, versionComponentSupport } from "./component-support";
import { vulnerabilityImports } from "./schema";
import { getRemediationSla, remediationSlaSchema, SLA_KEY } from "./settings";
import { findingDetail, listFindings, listVulnerabilities, resolveVulnerabilityId, vulnerabilityDetail } from "./store";
import { analyseFinding, rescoreFindingClinically } from "./triage";

const tags = ["vulnerabilities"];
const idParams = z.object({ id: z.string().min(1).max(200) });
const versionParams = z.object({ versionId: z.string().min(1).max(100) });
const UPLOAD_LIMIT = 200 * 1024 * 1024;

export const invalidFeed = (err: InvalidFeedError) => new AppError(422, "invalid_feed", err.message, err.issues.slice(0, 200));

function importView(row: typeof vulnerabilityImports.$inferSelect) {
  return { ...row, startedAt: row.startedAt.toISOString(), finishedAt: row.finishedAt.toISOString() };
}

export async function vulnerabilityRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const today = () => app.services.now().toISOString().slice(0, 10);
  // The lists' totals, kept a few seconds: counting every open finding cost as much as reading the page (dashboard/README.md).
  const cachedTotal = keptReads(app);
  const detailOrNotFound = async (id: string) => {
    const finding = await findingDetail(db(), id, today());
    if (!finding) throw notFound("Finding");
    return finding;
  };

  app.get(
    "/api/findings",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Findings (vulnerability × component × software version), highest priority first or by sort; one page (limit with cursor, page or offset) with the total; resolved ones only with includeResolved or status=fixed", querystring: findingsQuery, response: { 200: findingListSchema } } },
    async (request) => listFindings(db(), request.query, today(), { cached: cachedTotal }),
  );

  app.get(
    "/api/findings/rescoring-questions",
    { config: { access: "workspace:read" }, schema: { tags, summary: "The clinical rescoring questions and their options", response: { 200: z.array(z.object({ id: z.string(), question: z.string(), options: z.array(z.object({ value: z.string(), label: z.string() })) })) } } },
    async () => CLINICAL_QUESTIONS.map((q) => ({ id: q.id, question: q.question, options: q.options.map((o) => ({ value: String(o.value), label: o.label })) })),
  );

  app.get(
    "/api/findings/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One finding with ranges, priority explanation, deadlines, clinical rescoring and history", params: idParams, response: { 200: findingDetailSchema } } },
    async (request) => detailOrNotFound(request.params.id),
  );

  app.post(
    "/api/findings/:id/analysis",
    {
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary: "Record a VEX analysis; applyToSameComponent applies it to the same vulnerability in the same component (purl) of other versions and devices",
        params: idParams,
        body: analysisBody,
        response: { 200: z.object({ finding: findingDetailSchema, appliedTo: z.number() }) },
      },
    },
    async (request) => {
      const now = app.services.now();
      const { appliedTo } = await analyseFinding(db(), request.params.id, request.body, actorOf(request.principal!), now);
      return { finding: await detailOrNotFound(request.params.id), appliedTo };
    },
  );

  app.post(
    "/api/findings/:id/rescoring",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Clinical rescoring of the CVSS 3.x vector for the device's context; kept beside the original score", params: idParams, body: rescoringBody, response: { 200: findingDetailSchema } },
    },
    async (request) => {
      await rescoreFindingClinically(db(), request.params.id, request.body, actorOf(request.principal!), app.services.now());
      return detailOrNotFound(request.params.id);
    },
  );

  app.post(
    "/api/findings/:id/exploited",
    {
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary: "Mark the finding's vulnerability actively exploited (awareness time and source); on a product in CRA scope it proposes a CRA Art. 14 case",
        params: idParams,
        body: exploitedBody,
        response: { 200: findingDetailSchema },
      },
    },
    async (request) => {
      await markExploited(db(), request.params.id, request.body, actorOf(request.principal!), app.services.now());
      return detailOrNotFound(request.params.id);
    },
  );

  app.post(
    "/api/findings/:id/exploited/withdrawal",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Withdraw the actively exploited mark with a reason; the history keeps both", params: idParams, body: exploitedWithdrawalBody, response: { 200: findingDetailSchema } },
    },
    async (request) => {
      await withdrawExploited(db(), request.params.id, request.body.reason, actorOf(request.principal!), app.services.now());
      return detailOrNotFound(request.params.id);
    },
  );

  app.get(
    "/api/vulnerabilities",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Vulnerabilities in the database, those with open findings first", querystring: vulnerabilitiesQuery, response: { 200: vulnerabilityListSchema } } },
    async (request) => listVulnerabilities(db(), request.query),
  );

  app.get(
    "/api/vulnerabilities/:id",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "One vulnerability by its id or any alias, with the affected versions across the portfolio and the customers and sites to notify", params: idParams, response: { 200: vulnerabilityDetailSchema } },
    },
    async (request) => {
      const id = await resolveVulnerabilityId(db(), request.params.id);
      const detail = id ? await vulnerabilityDetail(db(), id, today()) : undefined;
      if (!detail) throw notFound("Vulnerability");
      return detail;
    },
  );

  app.get(
    "/api/versions/:versionId/findings",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Findings of one software version", params: versionParams, querystring: versionFindingsQuery, response: { 200: findingListSchema } } },
    async (request) => listFindings(db(), { ...request.query, versionId: request.params.versionId }, today(), { cached: cachedTotal }),
  );

  app.get(
    "/api/versions/:versionId/support-report",
    { config: { access: "workspace:read" }, schema: { tags, summary: "SBOM support report of a version: each component's supplier, level of support and end of support", params: versionParams, response: { 200: supportReportSchema } } },
    async (request) => {
      const [version] = await db()
        .select({ id: softwareVersions.id, version: softwareVersions.version, modelId: deviceModels.id, modelName: deviceModels.name })
        .from(softwareVersions)
        .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
        .where(eq(softwareVersions.id, request.params.versionId))
        .limit(1);
      if (!version) throw notFound("Software version");
      const { sbom, items } = await versionComponentSupport(db(), version.id, today());
      return {
        version: { id: version.id, version: version.version, deviceModel: { id: version.modelId, name: version.modelName } },
        sbom,
        items: items.map((i) => ({
          purl: i.purl,
          name: i.name,
          version: i.version,
          supplier: i.supplier,
          supportLevel: i.levelAsWritten,
          level: i.level,
          endOfSupport: i.endOfSupport ?? i.endOfSupportAsWritten,
          endOfSupportState: i.endOfSupportState,
          endOfSupportPassed: i.endOfSupportState === "past",
          source: i.source,
        })),
      };
    },
  );

  app.patch(
    "/api/components/support",
    { config: { access: "vulnerabilities:write" }, schema: { tags, summary: "Set a component's supplier, level of support and end of support (by purl, wherever it is used)", body: supportPatchBody, response: { 200: supportRecordSchema } } },
    async (request) => {
      const { purl, ...fields } = request.body;
      const now = app.services.now();
      const actor = actorOf(request.principal!);
      const row = await audited(db(), actor, async (tx) => {
        const set = await upsertComponentSupport(tx, purl, fields, actor.label, now);
        if (!set) throw notFound("Component with this purl");
        return { result: set.row, changes: [set.change] };
      });
      return { ...row, updatedAt: row.updatedAt.toISOString() };
    },
  );

  app.get(
    "/api/vulnerability-imports",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Vulnerability data imports, newest first", querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }).strict(), response: { 200: z.object({ items: z.array(importSchema), total: z.number() }) } },
    },
    async (request) => {
      const rows = await db().select().from(vulnerabilityImports).orderBy(desc(vulnerabilityImports.startedAt), desc(vulnerabilityImports.id)).limit(request.query.limit).offset(request.query.offset);
      const [{ n }] = await db().select({ n: sql<number>`count(*)::int` }).from(vulnerabilityImports);
      return { items: rows.map(importView), total: Number(n) };
    },
  );

  app.get(
    "/api/vulnerability-imports/jobs/:id",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Status and progress of an import job; result.ok false carries the invalid_feed error", params: idParams, response: { 200: z.object({ id: z.string(), status: z.string(), progress: z.unknown(), result: z.unknown(), lastError: z.string().nullable(), finishedAt: z.string().nullable() }) } },
    },
    async (request) => {
      const [job] = await db().select().from(jobs).where(and(eq(jobs.id, request.params.id), eq(jobs.queue, VULNERABILITY_IMPORT_QUEUE))).limit(1);
      if (!job) throw notFound("Import job");
      return { id: job.id, status: job.status, progress: job.progress, result: job.result, lastError: job.lastError, finishedAt: job.finishedAt?.toISOString() ?? null };
    },
  );

  await app.register(async (scope) => {
    const s = scope as unknown as VigilApp;
    await s.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT, files: 100, fields: 10 } });
    s.post(
      "/api/vulnerability-imports",
      {
        bodyLimit: UPLOAD_LIMIT,
        config: { access: "vulnerabilities:write" },
        schema: {
          tags,
          summary: "Import vulnerability data files: OSV (JSON, YAML, all.zip), CVE JSON 5, CISA KEV (JSON/CSV), EPSS (CSV, .gz)",
          description:
            "multipart/form-data with one or more files, or JSON {files:[{name, contentBase64}]}. 201 with the import record; " +
            `202 {jobId, statusUrl} above ${JOB_THRESHOLD_BYTES / 1024 / 1024} MB or with ?async=true; 422 invalid_feed with details [{file, path, reason}] (nothing written).`,
          querystring: z.object({ async: z.enum(["true", "false"]).optional() }).strict(),
          // A multipart request reaches validation with a null body; its files are read from the stream below.
          body: importUploadBody.nullish(),
          response: { 201: importSchema, 202: z.object({ jobId: z.string(), status: z.literal("queued"), statusUrl: z.string() }) },
        },
      },
      async (request, reply) => {
        const files: FeedFile[] = [];
        if (request.isMultipart()) {
          for await (const part of request.files()) {
            const content = await part.toBuffer();
            if (content.length === 0) throw badRequest(`The uploaded file ${part.filename || "(unnamed)"} is empty`);
            files.push({ name: part.filename || `upload-${files.length + 1}`, content });
          }
        } else if (request.body) {
          for (const f of request.body.files) files.push({ name: f.name, content: Buffer.from(f.contentBase64, "base64") });
        }
        if (files.length === 0) throw badRequest("Send one or more files as multipart/form-data or JSON {files:[{name, contentBase64}]}");
        const actor = actorOf(request.principal!);
        const size = files.reduce((n, f) => n + f.content.byteLength, 0);
        if (request.query.async === "true" || size > JOB_THRESHOLD_BYTES) {
          const jobId = await enqueueVulnerabilityImport(app.services.jobs, files, actor);
          return reply.status(202).send({ jobId, status: "queued" as const, statusUrl: `/api/vulnerability-imports/jobs/${jobId}` });
        }
        try {
          const row = await importVulnerabilityFiles(db(), files, { actor, now: app.services.now() });
          return reply.status(201).send(importView(row));
        } catch (err) {
          if (err instanceof InvalidFeedError) throw invalidFeed(err);
          throw err;
        }
      },
    );
  });

  app.get(
    "/api/settings/remediation-sla",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Remediation SLA: days per priority, KEV cap, and whether the FDA timers apply", response: { 200: remediationSlaSchema } } },
    async () => getRemediationSla(db()),
  );

  app.put(
    "/api/settings/remediation-sla",
    { config: { access: "settings:manage" }, schema: { tags, summary: "Change the remediation SLA; every finding's due date is recomputed", body: remediationSlaSchema, response: { 200: remediationSlaSchema } } },
    async (request) => {
      const before = await getRemediationSla(db());
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx
          .insert(settings)
          .values({ key: SLA_KEY, value: request.body, updatedAt: app.services.now() })
          .onConflictDoUpdate({ target: settings.key, set: { value: request.body, updatedAt: app.services.now() } });
        await rescoreFindings(tx, { all: true });
        return { result: undefined, changes: [{ action: "update", entityType: "setting", entityId: SLA_KEY, before, after: request.body }] };
      });
      return getRemediationSla(db());
    },
  );
}
