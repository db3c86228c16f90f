import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { notFound } from "../platform/http/errors";
import type { Principal } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { portalExportQuery, versionParams } from "./api-schemas";
import { sendStatement } from "./documents";
import { securityStatementRevisions } from "./schema";
import { currentRevision, type StatementDocument } from "./store";

/**
 * The customer portal's security statements: only published revisions, only of versions installed at the signed-in
 * customer's sites. Anything else does not exist for the customer (404).
 */
export async function portalStatementRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["portal"];
  const customerOf = (p: Principal | null) => p?.customerId ?? "__no_customer__";

  async function publishedFor(principal: Principal | null, versionId: string) {
    const [installed] = await db()
      .select({ id: installations.id })
      .from(installations)
      .where(and(eq(installations.customerId, customerOf(principal)), eq(installations.softwareVersionId, versionId)))
      .limit(1);
    if (!installed) throw notFound("Security statement");
    const revision = await currentRevision(db(), versionId);
    if (!revision) throw notFound("Security statement");
    return revision;
  }

  app.get(
    "/api/portal/security-statements",
    { config: { access: "portal:read" }, schema: { tags, summary: "The latest published security statement of each software version installed at the customer's sites" } },
    async (request) => {
      const installed = await db()
        .selectDistinct({ versionId: softwareVersions.id, deviceModel: deviceModels.name, modelNumber: deviceModels.modelNumber, version: softwareVersions.version })
        .from(installations)
        .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
        .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
        .where(eq(installations.customerId, customerOf(request.principal)))
        .orderBy(asc(deviceModels.name), asc(softwareVersions.version));
      if (installed.length === 0) return [];
      const revisions = await db()
        .select({ versionId: securityStatementRevisions.softwareVersionId, revision: securityStatementRevisions.revision, publishedAt: securityStatementRevisions.publishedAt, sha256: securityStatementRevisions.sha256 })
        .from(securityStatementRevisions)
        .where(inArray(securityStatementRevisions.softwareVersionId, installed.map((i) => i.versionId)))
        .orderBy(desc(securityStatementRevisions.revision));
      return installed.flatMap((i) => {
        const latest = revisions.find((r) => r.versionId === i.versionId);
        return latest ? [{ ...i, revision: latest.revision, publishedAt: latest.publishedAt.toISOString(), sha256: latest.sha256 }] : [];
      });
    },
  );

  app.get(
    "/api/portal/versions/:versionId/security-statement",
    { config: { access: "portal:read" }, schema: { tags, summary: "The published security statement of a software version installed at the customer's sites", params: versionParams } },
    async (request) => {
      const revision = await publishedFor(request.principal, request.params.versionId);
      return { revision: revision.revision, publishedAt: revision.publishedAt.toISOString(), sha256: revision.sha256, statement: JSON.parse(revision.documentJson) as StatementDocument };
    },
  );

  app.get(
    "/api/portal/versions/:versionId/security-statement/export",
    {
      config: { access: "portal:read" },
      schema: { tags, summary: "The published security statement as PDF or JSON", params: versionParams, querystring: portalExportQuery },
    },
    async (request, reply) => {
      const revision = await publishedFor(request.principal, request.params.versionId);
      return sendStatement(reply, JSON.parse(revision.documentJson) as StatementDocument, request.query.format, revision.documentJson);
    },
  );
}
