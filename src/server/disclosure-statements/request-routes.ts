import { and, asc, desc, eq, gte, inArray, min } from "drizzle-orm";
import { audited } from "../audit/store";
import { customers } from "../customers/schema";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { alertStatementRequest } from "../notifications/events";
import { conflict, forbidden, notFound } from "../platform/http/errors";
import { actorOf, type Principal } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { statementRequestBody, statementRequestQuery, versionParams } from "./api-schemas";
import { securityStatementRequests, securityStatementRevisions } from "./schema";

const requestColumns = {
  id: securityStatementRequests.id,
  versionId: securityStatementRequests.softwareVersionId,
  customer: customers.name,
  deviceModel: deviceModels.name,
  version: softwareVersions.version,
  requestedBy: securityStatementRequests.requestedByLabel,
  message: securityStatementRequests.message,
  requestedAt: securityStatementRequests.requestedAt,
  // A statement published after the request answers it.
  answeredAt: min(securityStatementRevisions.publishedAt),
};

/**
 * Requests for a security statement: a hospital asks from the portal for a version it runs that has none published,
 * the security officers are told, and the request counts as answered once a statement of that version is published.
 */
export async function statementRequestRoutes(app: VigilApp) {
  const db = () => app.services.database.db;

  const requests = () =>
    db()
      .select(requestColumns)
      .from(securityStatementRequests)
      .innerJoin(customers, eq(customers.id, securityStatementRequests.customerId))
      .innerJoin(softwareVersions, eq(softwareVersions.id, securityStatementRequests.softwareVersionId))
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .leftJoin(
        securityStatementRevisions,
        and(eq(securityStatementRevisions.softwareVersionId, securityStatementRequests.softwareVersionId), gte(securityStatementRevisions.publishedAt, securityStatementRequests.requestedAt)),
      )
      .groupBy(securityStatementRequests.id, customers.name, deviceModels.name, softwareVersions.version)
      .$dynamic();
  const view = (r: Awaited<ReturnType<typeof requests>>[number]) => ({
    ...r,
    requestedAt: r.requestedAt.toISOString(),
    answeredAt: r.answeredAt ? new Date(r.answeredAt).toISOString() : null,
    status: r.answeredAt ? ("answered" as const) : ("open" as const),
  });

  app.get(
    "/api/security-statement-requests",
    { config: { access: "workspace:read" }, schema: { tags: ["security-statements"], summary: "Customers' requests for security statements, newest first, open or answered", querystring: statementRequestQuery } },
    async (request) => {
      const { versionId } = request.query;
      const rows = await requests()
        .where(versionId ? eq(securityStatementRequests.softwareVersionId, versionId) : undefined)
        .orderBy(desc(securityStatementRequests.requestedAt));
      return rows.map(view);
    },
  );

  /** The customer's installed versions, each with its published revision count and the customer's request. */
  async function installedFor(principal: Principal | null) {
    const customerId = principal?.customerId ?? "__no_customer__";
    const installed = await db()
      .selectDistinct({ versionId: softwareVersions.id, deviceModel: deviceModels.name, modelNumber: deviceModels.modelNumber, version: softwareVersions.version })
      .from(installations)
      .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(eq(installations.customerId, customerId))
      .orderBy(asc(deviceModels.name), asc(softwareVersions.version));
    if (installed.length === 0) return [];
    const versionIds = installed.map((i) => i.versionId);
    const published = new Set(
      (await db().selectDistinct({ versionId: securityStatementRevisions.softwareVersionId }).from(securityStatementRevisions).where(inArray(securityStatementRevisions.softwareVersionId, versionIds))).map(
        (r) => r.versionId,
      ),
    );
    const asked = await db()
      .select({ versionId: securityStatementRequests.softwareVersionId, requestedAt: securityStatementRequests.requestedAt, requestedBy: securityStatementRequests.requestedByLabel })
      .from(securityStatementRequests)
      .where(and(eq(securityStatementRequests.customerId, customerId), inArray(securityStatementRequests.softwareVersionId, versionIds)));
    return installed.map((i) => {
      const r = asked.find((a) => a.versionId === i.versionId);
      return { ...i, published: published.has(i.versionId), request: r ? { requestedAt: r.requestedAt.toISOString(), requestedBy: r.requestedBy } : null };
    });
  }

  app.get(
    "/api/portal/security-statement-requests",
    {
      config: { access: "portal:read" },
      schema: { tags: ["portal"], summary: "Installed versions without a published security statement, each with the customer's request if it made one" },
    },
    async (request) => (await installedFor(request.principal)).filter((i) => !i.published).map(({ published: _published, ...i }) => i),
  );

  app.post(
    "/api/portal/versions/:versionId/security-statement-request",
    {
      config: { access: "portal:acknowledge" },
      schema: { tags: ["portal"], summary: "Ask the manufacturer for the security statement of a version installed at the customer's sites", params: versionParams, body: statementRequestBody },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const version = (await installedFor(principal)).find((i) => i.versionId === request.params.versionId);
      if (!version) {
        const [exists] = await db().select({ id: softwareVersions.id }).from(softwareVersions).where(eq(softwareVersions.id, request.params.versionId)).limit(1);
        if (!exists) throw notFound("Software version");
        throw forbidden("This version is not installed at your organisation's sites");
      }
      if (version.published) throw conflict("A security statement of this version is published: download it from the portal");
      if (version.request) throw conflict(`Your organisation requested this statement on ${version.request.requestedAt.slice(0, 10)}`);
      const [customer] = await db().select({ name: customers.name }).from(customers).where(eq(customers.id, principal.customerId!)).limit(1);
      const now = app.services.now();
      const actor = actorOf(principal);
      const message = request.body?.message || null;
      const row = await audited(db(), actor, async (tx) => {
        const [r] = await tx
          .insert(securityStatementRequests)
          .values({ softwareVersionId: version.versionId, customerId: principal.customerId!, requestedBy: principal.userId, requestedByLabel: actor.label, message, requestedAt: now })
          .onConflictDoNothing()
          .returning();
        if (!r) throw conflict("Your organisation already requested this statement");
        await alertStatementRequest(tx, actor, { id: r.id, customer: customer.name, version: { id: version.versionId, name: `${version.deviceModel} ${version.version}` }, message }, now);
        return { result: r, changes: [{ action: "create", entityType: "security_statement_request", entityId: r.id, after: r }] };
      });
      return reply.status(201).send({ versionId: row.softwareVersionId, requestedAt: row.requestedAt.toISOString(), requestedBy: row.requestedByLabel, message: row.message });
    },
  );
}
