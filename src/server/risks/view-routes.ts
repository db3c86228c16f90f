import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import {
  countBy,
  draftFromFinding,
  draftFromIncident,
  heatMap,
  LIFECYCLE_PHASES,
  type RiskMatrix,
} from "../../core/risks";
import { type AuditChange, audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { incidents } from "../incidents/schema";
import { badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import { keptReads } from "../platform/http/short-cache";
import type { VigilApp } from "../platform/http/types";
import { settings } from "../settings/schema";
import { findings, vulnerabilities } from "../vulnerabilities/schema";
import { adoptBody, fromRecordBody, matrixSchema, riskDetailSchema } from "./api-schemas";
import { who } from "./routes";
import { riskLinks, risks } from "./schema";
import { checkDeviceModel, findLinkedRisk, findRisk, getMatrix, keptMatrix, loadRiskSummaries, MATRIX_KEY, matrixOrBadRequest, nextRiskReference, riskDetail, todayOf } from "./store";
import { riskTemplates } from "./templates";

const cellCounts = z.array(z.array(z.number()));

export async function riskViewRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["risks"];
  const today = () => todayOf(app.services.now());
  // What the register's page reads of the matrix, kept a few seconds (dashboard/README.md).
  const kept = keptReads(app);

  app.get(
    "/api/risks/matrix",
    { config: { access: "workspace:read" }, schema: { tags, summary: "The risk matrix in force: levels with definitions, bands, acceptance authority", response: { 200: matrixSchema } } },
    async () => keptMatrix(kept, db()),
  );

  app.put(
    "/api/risks/matrix",
    {
      config: { access: "risks:write" },
      schema: { tags, summary: "Change the risk matrix; refused while risks are rated outside the new scales", body: matrixSchema, response: { 200: matrixSchema } },
    },
    async (request) => {
      const matrix = matrixOrBadRequest(request.body as RiskMatrix);
      const before = await getMatrix(db());
      const rows = await db().select().from(risks);
      const outside = rows.filter(
        (r) =>
          Math.max(r.inherentLikelihood, r.residualLikelihood ?? 0) > matrix.likelihood.length || Math.max(r.inherentImpact, r.residualImpact ?? 0) > matrix.impact.length,
      );
      if (outside.length > 0) {
        throw conflict(
          `${outside.length} risk(s) are rated outside the new matrix: re-rate them first (${outside
            .slice(0, 10)
            .map((r) => r.reference)
            .join(", ")})`,
          outside.map((r) => ({ path: r.reference, message: "rated outside the new matrix" })),
        );
      }
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx
          .insert(settings)
          .values({ key: MATRIX_KEY, value: matrix, updatedAt: app.services.now() })
          .onConflictDoUpdate({ target: settings.key, set: { value: matrix, updatedAt: app.services.now() } });
        return { result: null, changes: [{ action: "update", entityType: "risk_matrix", entityId: MATRIX_KEY, before, after: matrix }] };
      });
      return matrix;
    },
  );

  app.get(
    "/api/risks/heatmap",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Risk counts per matrix cell, inherent and residual side by side (rows: likelihood 1…n, columns: impact 1…n)",
        response: { 200: z.object({ inherent: cellCounts, residual: cellCounts, residualNotRated: z.number(), total: z.number(), matrix: matrixSchema }) },
      },
    },
    async () => {
      const matrix = await keptMatrix(kept, db());
      const rows = await db().select().from(risks);
      return { ...heatMap(matrix, rows.filter((r) => r.status !== "closed")), matrix };
    },
  );

  app.get(
    "/api/risks/owners",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "The owners named in the register with how many risks each owns, for the owner filter", response: { 200: z.array(z.object({ owner: z.string(), risks: z.number() })) } },
    },
    async () =>
      db()
        .select({ owner: sql<string>`${risks.owner}`, risks: sql<number>`count(*)::int` })
        .from(risks)
        .where(isNotNull(risks.owner))
        .groupBy(risks.owner)
        .orderBy(asc(risks.owner)),
  );

  app.get(
    "/api/risks/overview",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Views of the register: by lifecycle phase, by device model and level, overdue treatments, risks without owner",
        response: {
          200: z.object({
            byPhase: z.record(z.string(), z.number()),
            byLevel: z.record(z.string(), z.number()),
            byDeviceModel: z.array(z.object({ deviceModelId: z.string().nullable(), name: z.string(), count: z.number(), highest: z.string() })),
            overdue: z.array(z.object({ id: z.string(), reference: z.string(), title: z.string(), owner: z.string().nullable(), overdueActions: z.number(), reviewOverdue: z.boolean() })),
            withoutOwner: z.array(z.object({ id: z.string(), reference: z.string(), title: z.string(), level: z.string() })),
          }),
        },
      },
    },
    async () => {
      const matrix = await keptMatrix(kept, db());
      const list = (await loadRiskSummaries(db(), matrix, today())).filter((r) => r.status !== "closed");
      const levels = ["low", "medium", "high", "critical"] as const;
      const byModel = new Map<string | null, { name: string; count: number; highest: number }>();
      for (const r of list) {
        const e = byModel.get(r.deviceModelId) ?? { name: r.deviceModelName ?? "No device model", count: 0, highest: 0 };
        e.count += 1;
        e.highest = Math.max(e.highest, levels.indexOf(r.current.level));
        byModel.set(r.deviceModelId, e);
      }
      return {
        byPhase: countBy(list, LIFECYCLE_PHASES, (r) => r.phase),
        byLevel: countBy(list, levels, (r) => r.current.level),
        byDeviceModel: [...byModel.entries()]
          .map(([deviceModelId, e]) => ({ deviceModelId, name: e.name, count: e.count, highest: levels[e.highest] }))
          .sort((a, b) => (a.deviceModelId === null ? 1 : b.deviceModelId === null ? -1 : a.name.localeCompare(b.name))),
        overdue: list
          .filter((r) => r.overdue)
          .map((r) => ({ id: r.id, reference: r.reference, title: r.title, owner: r.owner, overdueActions: r.overdueActions, reviewOverdue: r.reviewOverdue })),
        withoutOwner: list.filter((r) => !r.owner).map((r) => ({ id: r.id, reference: r.reference, title: r.title, level: r.current.level })),
      };
    },
  );

  app.get(
    "/api/risks/templates",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Starter risks per lifecycle phase, each citing the requirements it serves; `adopted` names the risk made from it",
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              phase: z.enum(LIFECYCLE_PHASES),
              title: z.string(),
              description: z.string(),
              asset: z.string(),
              assetType: z.string(),
              threat: z.string(),
              vulnerability: z.string(),
              cia: z.array(z.string()),
              patientSafety: z.string().nullable(),
              likelihood: z.number(),
              impact: z.number(),
              treatment: z.string(),
              measures: z.array(z.string()),
              requirements: z.array(z.object({ id: z.string(), title: z.string() })),
              adopted: z.array(z.object({ id: z.string(), reference: z.string() })),
            }),
          ),
        },
      },
    },
    async () => {
      const templates = await riskTemplates(app.services.catalog);
      const adopted = await db().select({ id: risks.id, reference: risks.reference, templateId: risks.templateId }).from(risks);
      return templates.map((t) => ({
        ...t,
        requirements: t.requirements.map((id) => ({ id, title: app.services.catalog.items.get(id)?.title ?? id })),
        adopted: adopted.filter((r) => r.templateId === t.id).map((r) => ({ id: r.id, reference: r.reference })),
      }));
    },
  );

  app.post(
    "/api/risks/templates/:templateId/adopt",
    {
      config: { access: "risks:write" },
      schema: {
        tags,
        summary: "Adopt a template: a new risk pre-filled from it, linked to the requirements it cites",
        params: z.object({ templateId: z.string().min(1).max(200) }),
        body: adoptBody,
        response: { 201: riskDetailSchema },
      },
    },
    async (request, reply) => {
      const t = (await riskTemplates(app.services.catalog)).find((x) => x.id === request.params.templateId);
      if (!t) throw notFound("Template");
      await checkDeviceModel(db(), request.body.deviceModelId);
      const matrix = await getMatrix(db());
      const clamp = (v: number, n: number) => Math.min(v, n);
      const principal = request.principal!;
      const now = app.services.now();
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const reference = await nextRiskReference(tx);
        const [r] = await tx
          .insert(risks)
          .values({
            reference,
            title: t.title,
            description: t.description,
            asset: t.asset,
            assetType: t.assetType,
            phase: t.phase,
            threat: t.threat,
            vulnerability: t.vulnerability,
            cia: { confidentiality: t.cia.includes("confidentiality"), integrity: t.cia.includes("integrity"), availability: t.cia.includes("availability") },
            patientSafety: t.patientSafety,
            inherentLikelihood: clamp(t.likelihood, matrix.likelihood.length),
            inherentImpact: clamp(t.impact, matrix.impact.length),
            treatment: t.treatment,
            treatmentPlan: t.measures.map((m) => `- ${m}`).join("\n"),
            owner: request.body.owner,
            deviceModelId: request.body.deviceModelId,
            reviewDate: request.body.reviewDate,
            templateId: t.id,
            createdBy: who(principal),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        const links = await tx
          .insert(riskLinks)
          .values(t.requirements.map((refId) => ({ riskId: r.id, kind: "requirement" as const, refId, createdAt: now })))
          .returning();
        return {
          result: r,
          changes: [{ action: "adopt_template", entityType: "risk", entityId: r.id, after: { ...r, links: links.map((l) => l.refId) } }],
        };
      });
      return reply.status(201).send(await riskDetail(db(), row, matrix, todayOf(now)));
    },
  );

  app.post(
    "/api/risks/from-record",
    {
      config: { access: "risks:write" },
      schema: {
        tags,
        summary:
          "Raise a risk from a vulnerability finding or an incident, pre-filled and linked; answers 200 with the risk already linked to that record, or adds the link to `riskId`",
        body: fromRecordBody.extend({ riskId: z.string().min(1).max(100).optional() }),
        response: { 200: z.object({ created: z.literal(false), risk: riskDetailSchema }), 201: z.object({ created: z.literal(true), risk: riskDetailSchema }) },
      },
    },
    async (request, reply) => {
      const { kind, id, riskId } = request.body;
      const matrix = await getMatrix(db());
      const draft = kind === "incident" ? await incidentDraft(id) : await findingDraft(id);
      const principal = request.principal!;
      const now = app.services.now();

      if (riskId) {
        const risk = await findRisk(db(), riskId);
        const [linked] = await db()
          .select({ id: riskLinks.id })
          .from(riskLinks)
          .where(and(eq(riskLinks.riskId, risk.id), eq(riskLinks.kind, kind), eq(riskLinks.refId, id)));
        // The record is new evidence about the risk: likelihood is raised to what the record suggests, never lowered.
        const likelihood = Math.max(risk.inherentLikelihood, Math.min(draft.inherentLikelihood, matrix.likelihood.length));
        const updated = await audited(db(), actorOf(principal), async (tx) => {
          const changes: AuditChange[] = [];
          if (!linked) {
            const [l] = await tx.insert(riskLinks).values({ riskId: risk.id, kind, refId: id, createdAt: now }).returning();
            changes.push({ action: "create", entityType: "risk_link", entityId: l.id, after: l });
          }
          const [r] = await tx.update(risks).set({ inherentLikelihood: likelihood, updatedAt: now }).where(eq(risks.id, risk.id)).returning();
          changes.push({ action: "update", entityType: "risk", entityId: r.id, before: risk, after: r });
          if (kind === "incident") changes.push(...(await linkBackFromIncident(tx, id, r.id)));
          return { result: r, changes };
        });
        return reply.status(200).send({ created: false as const, risk: await riskDetail(db(), updated, matrix, todayOf(now)) });
      }

      const existing = await findLinkedRisk(db(), kind, id);
      if (existing) return reply.status(200).send({ created: false as const, risk: await riskDetail(db(), existing, matrix, todayOf(now)) });

      const row = await audited(db(), actorOf(principal), async (tx) => {
        const reference = await nextRiskReference(tx);
        const [r] = await tx
          .insert(risks)
          .values({
            ...draft,
            inherentLikelihood: Math.min(draft.inherentLikelihood, matrix.likelihood.length),
            inherentImpact: Math.min(draft.inherentImpact, matrix.impact.length),
            reference,
            createdBy: who(principal),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        const [l] = await tx.insert(riskLinks).values({ riskId: r.id, kind, refId: id, createdAt: now }).returning();
        const changes: AuditChange[] = [
          { action: "create", entityType: "risk", entityId: r.id, after: r },
          { action: "create", entityType: "risk_link", entityId: l.id, after: l },
        ];
        if (draft.deviceModelId) {
          const [m] = await tx.insert(riskLinks).values({ riskId: r.id, kind: "device_model", refId: draft.deviceModelId, createdAt: now }).returning();
          changes.push({ action: "create", entityType: "risk_link", entityId: m.id, after: m });
        }
        if (kind === "incident") changes.push(...(await linkBackFromIncident(tx, id, r.id)));
        return { result: r, changes };
      });
      return reply.status(201).send({ created: true as const, risk: await riskDetail(db(), row, matrix, todayOf(now)) });
    },
  );

  /** The incident keeps the link too, in its own list of linked risks. */
  async function linkBackFromIncident(tx: Parameters<Parameters<typeof audited>[2]>[0], incidentId: string, riskId: string): Promise<AuditChange[]> {
    const [inc] = await tx.select().from(incidents).where(eq(incidents.id, incidentId));
    if (!inc || inc.linkedRiskIds.includes(riskId)) return [];
    const [after] = await tx
      .update(incidents)
      .set({ linkedRiskIds: [...inc.linkedRiskIds, riskId] })
      .where(eq(incidents.id, incidentId))
      .returning();
    return [{ action: "update", entityType: "incident", entityId: incidentId, before: { linkedRiskIds: inc.linkedRiskIds }, after: { linkedRiskIds: after.linkedRiskIds } }];
  }

  async function incidentDraft(id: string) {
    const [inc] = await db().select().from(incidents).where(eq(incidents.id, id));
    if (!inc) throw badRequest(`body/id: no incident with id "${id}"`, [{ path: "body/id", message: `no incident with id "${id}"` }]);
    return draftFromIncident(inc, 5);
  }

  async function findingDraft(id: string) {
    const [row] = await db()
      .select({ finding: findings, summary: vulnerabilities.summary, version: softwareVersions.version, modelId: deviceModels.id, modelName: deviceModels.name })
      .from(findings)
      .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
      .leftJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId))
      .leftJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(inArray(findings.id, [id]));
    if (!row) throw badRequest(`body/id: no finding with id "${id}"`, [{ path: "body/id", message: `no finding with id "${id}"` }]);
    return draftFromFinding({
      vulnerabilityId: row.finding.vulnerabilityId,
      summary: row.summary,
      componentName: row.finding.componentName,
      componentVersion: row.finding.componentVersion,
      affectedRange: row.finding.affectedRange,
      priority: row.finding.priority,
      deviceModelId: row.modelId,
      deviceModelName: row.modelName,
      version: row.version,
    });
  }
}

