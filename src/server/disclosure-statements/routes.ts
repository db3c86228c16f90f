import { eq } from "drizzle-orm";
import { deviceModels } from "../devices/schema";
import { actorOf } from "../platform/http/principal";
import { notFound } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import { exportQuery, modelParams, responsibilityBody, publishBody, statementBody, versionParams } from "./api-schemas";
import { sendStatement } from "./documents";
import { portalStatementRoutes } from "./portal-routes";
import { statementRequestRoutes } from "./request-routes";
import { statementReference } from "./reference-data";
import {
  buildDocument,
  currentRevision,
  publishStatement,
  responsibilitiesOf,
  revisionByNumber,
  type StatementDocument,
  saveAnswers,
  saveResponsibilities,
  statementView,
  versionContext,
} from "./store";

/** Security statements (MDS2 structure) per software version and the shared-responsibility matrix per device model. */
export async function disclosureStatementRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["security statements"];
  const reference = await statementReference();
  const sectionIds = reference.sections.sections.map((s) => s.id) as [string, ...string[]];
  const base = "/api/versions/:versionId/security-statement";

  app.get(
    base,
    { config: { access: "workspace:read" }, schema: { tags, summary: "The version's security statement: every section with its answer, the responsibility matrix and the published revisions", params: versionParams } },
    async (request) => statementView(db(), reference, request.params.versionId),
  );

  app.put(
    base,
    {
      config: { access: "advisories:write" },
      schema: {
        tags,
        summary: "Save the answers (the whole set; sections left out stay unanswered). Editing a published statement starts the next revision.",
        params: versionParams,
        body: statementBody(sectionIds),
      },
    },
    async (request) => {
      await saveAnswers(db(), actorOf(request.principal!), reference, request.params.versionId, request.body, app.services.now());
      return statementView(db(), reference, request.params.versionId);
    },
  );

  app.post(
    `${base}/publish`,
    {
      config: { access: "advisories:publish" },
      schema: { tags, summary: "Publish the working copy as its revision; every section must be answered. The published revision never changes.", params: versionParams, body: publishBody },
    },
    async (request) => {
      await publishStatement(db(), actorOf(request.principal!), reference, request.params.versionId, app.services.now());
      return statementView(db(), reference, request.params.versionId);
    },
  );

  app.get(
    `${base}/export`,
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "A published revision (default: the latest) as PDF or JSON; a never-published statement as a draft preview", params: versionParams, querystring: exportQuery },
    },
    async (request, reply) => {
      const { versionId } = request.params;
      const { format, revision } = request.query;
      await versionContext(db(), versionId);
      const stored = revision !== undefined ? await revisionByNumber(db(), versionId, revision) : await currentRevision(db(), versionId);
      if (revision !== undefined && !stored) throw notFound(`Published revision ${revision}`);
      if (stored) return sendStatement(reply, JSON.parse(stored.documentJson) as StatementDocument, format, stored.documentJson);
      return sendStatement(reply, await buildDocument(db(), reference, versionId, { status: "draft", publishedAt: null }), format);
    },
  );

  const matrixPath = "/api/devices/:modelId/shared-responsibility";

  app.get(
    matrixPath,
    { config: { access: "workspace:read" }, schema: { tags, summary: "The device model's shared-responsibility matrix (its own, or the defaults) and the defaults", params: modelParams } },
    async (request) => {
      const [model] = await modelExists(request.params.modelId);
      if (!model) throw notFound("Device model");
      return { ...(await responsibilitiesOf(db(), model.id, reference)), defaults: reference.responsibility.rows };
    },
  );

  app.put(
    matrixPath,
    {
      config: { access: "advisories:write" },
      schema: { tags, summary: "Replace the device model's shared-responsibility matrix; statements published later carry it", params: modelParams, body: responsibilityBody },
    },
    async (request) => {
      await saveResponsibilities(db(), actorOf(request.principal!), request.params.modelId, request.body.rows, app.services.now());
      return { ...(await responsibilitiesOf(db(), request.params.modelId, reference)), defaults: reference.responsibility.rows };
    },
  );

  const modelExists = (modelId: string) => db().select({ id: deviceModels.id }).from(deviceModels).where(eq(deviceModels.id, modelId)).limit(1);

  await portalStatementRoutes(app);
  await statementRequestRoutes(app);
}
