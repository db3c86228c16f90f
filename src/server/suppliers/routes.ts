import { and, asc, eq, like, or, sql } from "drizzle-orm";
import { CONTRACT_CLAUSES, certificateState, REASSESSMENT_MONTHS, scoreQuestionnaire, TIER_LABELS, templateRefs } from "../../core/suppliers";
import { type AuditChange, audited } from "../audit/store";
import { sbomComponents, sboms } from "../sboms/schema";
import { softwareVersions, deviceModels } from "../devices/schema";
import { contentDisposition } from "../incidents/evidence";
import { badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { wantsPage } from "../platform/paging";
import {
  assessmentParams,
  certificationBody,
  certificationPatch,
  childParams,
  componentBody,
  contractBody,
  contractPatch,
  followUpBody,
  followUpPatch,
  idParams,
  reviewBody,
  sendBody,
  supplierBody,
  supplierPatch,
} from "./api-schemas";
import { importExportRoutes } from "./import-routes";
import { supplierFilters, supplierListQuery, supplierPage } from "./paging";
import { publicQuestionnaireRoutes } from "./public-routes";
import { supplierReminderRoutes } from "./reminders";
import {
  questionnaireTemplates,
  supplierAssessmentAttachments,
  supplierAssessments,
  supplierCertifications,
  supplierComponents,
  supplierContracts,
  supplierFollowUps,
  suppliers,
} from "./schema";
import {
  assessmentsOf,
  dayOf,
  derive,
  dueDayFor,
  findAssessment,
  findSupplier,
  isUniqueViolation,
  supplierBase,
  supplierSummaries,
  tierOf,
} from "./store";
import { ensureTemplateRow, templateFiles } from "./templates";
import { newQuestionnaireToken } from "./tokens";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function assessmentSummary(a: typeof supplierAssessments.$inferSelect, templateTitle?: string) {
  return {
    id: a.id,
    status: a.status,
    template: templateTitle,
    recipientEmail: a.recipientEmail,
    sentBy: a.sentBy,
    sentAt: a.sentAt.toISOString(),
    expiresAt: a.expiresAt.toISOString(),
    submittedAt: iso(a.submittedAt),
    reviewedAt: iso(a.reviewedAt),
    reviewedBy: a.reviewedBy,
    overallScore: a.overallScore,
  };
}

export async function supplierRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const today = () => dayOf(app.services.now());
  const tags = ["suppliers"];

  const detail = async (id: string) => {
    const s = await findSupplier(db(), id);
    const [contracts, certifications, components, assessments] = await Promise.all([
      db().select().from(supplierContracts).where(eq(supplierContracts.supplierId, id)).orderBy(asc(supplierContracts.startDate), asc(supplierContracts.title)),
      db().select().from(supplierCertifications).where(eq(supplierCertifications.supplierId, id)).orderBy(asc(supplierCertifications.expiresOn)),
      db().select().from(supplierComponents).where(eq(supplierComponents.supplierId, id)).orderBy(asc(supplierComponents.purl)),
      assessmentsOf(db(), id),
    ]);
    const templates = await db().select({ id: questionnaireTemplates.id, title: questionnaireTemplates.title, version: questionnaireTemplates.version }).from(questionnaireTemplates);
    const titleOf = (tid: string) => {
      const t = templates.find((x) => x.id === tid);
      return t ? `${t.title} (v${t.version})` : undefined;
    };
    const now = today();
    return {
      ...supplierBase(s),
      ...derive(s, { contracts, certifications, assessments, components: components.length }, now),
      contracts: contracts.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(), current: (!c.startDate || c.startDate <= now) && (!c.endDate || c.endDate >= now) })),
      certifications: certifications.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), state: certificateState(c.expiresOn, now) })),
      components: components.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
      assessments: assessments.map((a) => assessmentSummary(a, titleOf(a.templateId))),
    };
  };

  /** Recomputes the stored next due day after the tier or the assessments changed. */
  const refreshDue = async (tx: Parameters<Parameters<typeof audited>[2]>[0], supplierId: string) => {
    const [s] = await tx.select().from(suppliers).where(eq(suppliers.id, supplierId));
    const assessments = await tx.select().from(supplierAssessments).where(eq(supplierAssessments.supplierId, supplierId));
    const due = dueDayFor(s, assessments);
    if (due !== s.nextAssessmentDue) await tx.update(suppliers).set({ nextAssessmentDue: due }).where(eq(suppliers.id, supplierId));
  };

  app.get(
    "/api/suppliers/reference",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Tier labels, contract clauses with their sources, re-assessment intervals" } },
    async () => ({ tiers: TIER_LABELS, clauses: CONTRACT_CLAUSES, reassessmentMonths: REASSESSMENT_MONTHS }),
  );

  app.get(
    "/api/suppliers",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary:
          "The supplier register with tier, risk, missing clauses and certificate flags, filtered by tier, missing clauses, certificates or text; with limit, cursor or page one sorted page with the total",
        querystring: supplierListQuery,
      },
    },
    async (request) => {
      const q = request.query;
      if (wantsPage(q)) return supplierPage(db(), q, today());
      return supplierSummaries(db(), today(), supplierFilters(q, today()));
    },
  );

  app.get(
    "/api/suppliers/portfolio",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Portfolio: critical suppliers without a current assessment, missing clauses, expiring certificates, risk" } },
    async () => {
      const now = today();
      const rows = await supplierSummaries(db(), now);
      const certs = rows.length
        ? await db()
            .select({ supplierId: supplierCertifications.supplierId, name: supplierCertifications.name, type: supplierCertifications.type, expiresOn: supplierCertifications.expiresOn })
            .from(supplierCertifications)
            .orderBy(asc(supplierCertifications.expiresOn))
        : [];
        const name = new Map(rows.map((r) => [r.id, r.name]));
      const pick = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, tier: r.tier, risk: r.risk, nextAssessmentDue: r.nextAssessmentDue, schedule: r.schedule, lastAssessment: r.lastAssessment, openAssessment: r.openAssessment });
      return {
        totals: {
          suppliers: rows.length,
          byTier: { 1: rows.filter((r) => r.tier === 1).length, 2: rows.filter((r) => r.tier === 2).length, 3: rows.filter((r) => r.tier === 3).length },
          byRisk: Object.fromEntries((["critical", "high", "medium", "low"] as const).map((l) => [l, rows.filter((r) => r.risk.level === l).length])),
        },
        criticalWithoutCurrentAssessment: rows.filter((r) => r.tier === 1 && !r.hasCurrentAssessment).map(pick),
        missingClauses: rows.filter((r) => r.missingClauses.length > 0).map((r) => ({ ...pick(r), missingClauses: r.missingClauses })),
        certificates: certs
          .map((c) => ({ ...c, supplier: name.get(c.supplierId) ?? "", state: certificateState(c.expiresOn, now) }))
          .filter((c) => c.state !== "valid"),
        assessmentsDue: rows.filter((r) => r.schedule !== "current").map(pick),
        highestRisk: [...rows].sort((a, b) => b.risk.score - a.risk.score).slice(0, 10).map(pick),
      };
    },
  );

  app.get(
    "/api/suppliers/by-purl",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Suppliers that provide a component, by package URL (exact or prefix match)", querystring: componentBody.pick({ purl: true }).strict() },
    },
    async (request) => {
      const purl = request.query.purl;
      const base = purl.split(/[@?#]/)[0];
      const rows = await db()
        .select({ supplierId: suppliers.id, name: suppliers.name, tier: suppliers.tier, purl: supplierComponents.purl, match: supplierComponents.match })
        .from(supplierComponents)
        .innerJoin(suppliers, eq(suppliers.id, supplierComponents.supplierId))
        .where(
          or(
            and(eq(supplierComponents.match, "exact"), or(eq(supplierComponents.purl, purl), eq(supplierComponents.purl, base))),
            and(eq(supplierComponents.match, "prefix"), sql`${purl} LIKE replace(replace(replace(${supplierComponents.purl}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`),
          ),
        )
        .orderBy(asc(suppliers.name));
      return rows;
    },
  );

  app.post(
    "/api/suppliers",
    { config: { access: "suppliers:write" }, schema: { tags, summary: "Register a supplier; its tier is derived from the inputs", body: supplierBody } },
    async (request, reply) => {
      const body = request.body;
      const now = app.services.now();
      const tier = tierOf(body);
      const registeredOn = body.registeredOn ?? dayOf(now);
      try {
        const row = await audited(db(), actorOf(request.principal!), async (tx) => {
          const [r] = await tx
            .insert(suppliers)
            .values({ ...body, registeredOn, tier: tier.tier, tierReasons: tier.reasons, nextAssessmentDue: registeredOn, createdAt: now, updatedAt: now })
            .returning();
          return { result: r, changes: [{ action: "create", entityType: "supplier", entityId: r.id, after: r }] };
        });
        return reply.status(201).send(await detail(row.id));
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`A supplier named "${body.name}" exists already`, [{ path: "body/name", message: "already in the register" }]);
        throw err;
      }
    },
  );

  app.get(
    "/api/suppliers/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One supplier with contracts, certifications, components and assessments", params: idParams } },
    async (request) => detail(request.params.id),
  );

  app.patch(
    "/api/suppliers/:id",
    { config: { access: "suppliers:write" }, schema: { tags, summary: "Change a supplier; the tier follows the inputs", params: idParams, body: supplierPatch } },
    async (request) => {
      const before = await findSupplier(db(), request.params.id);
      const merged = { ...before, ...request.body };
      const tier = tierOf(merged);
      try {
        await audited(db(), actorOf(request.principal!), async (tx) => {
          const [r] = await tx
            .update(suppliers)
            .set({ ...request.body, tier: tier.tier, tierReasons: tier.reasons, updatedAt: app.services.now() })
            .where(eq(suppliers.id, before.id))
            .returning();
          await refreshDue(tx, r.id);
          return { result: r, changes: [{ action: "update", entityType: "supplier", entityId: r.id, before, after: r }] };
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`A supplier named "${request.body.name}" exists already`, [{ path: "body/name", message: "already in the register" }]);
        throw err;
      }
      return detail(before.id);
    },
  );

  app.delete(
    "/api/suppliers/:id",
    { config: { access: "suppliers:write" }, schema: { tags, summary: "Remove a supplier with its contracts, certifications, components and assessments", params: idParams } },
    async (request) => {
      const before = await findSupplier(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(suppliers).where(eq(suppliers.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "supplier", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  /* ---- contracts, certifications, components ---- */

  type Child = typeof supplierContracts | typeof supplierCertifications | typeof supplierComponents;
  const childCrud = (
    segment: string,
    table: Child,
    entityType: string,
    body: typeof contractBody | typeof certificationBody | typeof componentBody,
    patch: typeof contractPatch | typeof certificationPatch | null,
    what: string,
  ) => {
    app.post(
      `/api/suppliers/:id/${segment}`,
      { config: { access: "suppliers:write" }, schema: { tags, summary: `Add a ${what}`, params: idParams, body } },
      async (request, reply) => {
        const s = await findSupplier(db(), request.params.id);
        try {
          await audited(db(), actorOf(request.principal!), async (tx) => {
            const [r] = await tx
              .insert(table)
              .values({ ...(request.body as object), supplierId: s.id } as never)
              .returning();
            return { result: r, changes: [{ action: "create", entityType, entityId: (r as { id: string }).id, after: r }] };
          });
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(`This ${what} is recorded already`);
          throw err;
        }
        return reply.status(201).send(await detail(s.id));
      },
    );
    if (patch) {
      app.patch(
        `/api/suppliers/:id/${segment}/:childId`,
        { config: { access: "suppliers:write" }, schema: { tags, summary: `Change a ${what}`, params: childParams, body: patch } },
        async (request) => {
          const { id, childId } = request.params;
          await audited(db(), actorOf(request.principal!), async (tx) => {
            const [before] = await tx.select().from(table).where(and(eq(table.id, childId), eq(table.supplierId, id)));
            if (!before) throw notFound(what);
            const [r] = await tx
              .update(table)
              .set({ ...(request.body as object), ...(segment === "contracts" ? { updatedAt: app.services.now() } : {}) } as never)
              .where(eq(table.id, childId))
              .returning();
            return { result: r, changes: [{ action: "update", entityType, entityId: childId, before, after: r }] };
          });
          return detail(id);
        },
      );
    }
    app.delete(
      `/api/suppliers/:id/${segment}/:childId`,
      { config: { access: "suppliers:write" }, schema: { tags, summary: `Remove a ${what}`, params: childParams } },
      async (request) => {
        const { id, childId } = request.params;
        await audited(db(), actorOf(request.principal!), async (tx) => {
          const [before] = await tx.delete(table).where(and(eq(table.id, childId), eq(table.supplierId, id))).returning();
          if (!before) throw notFound(what);
          return { result: null, changes: [{ action: "delete", entityType, entityId: childId, before }] };
        });
        return detail(id);
      },
    );
  };
  childCrud("contracts", supplierContracts, "supplier_contract", contractBody, contractPatch, "contract");
  childCrud("certifications", supplierCertifications, "supplier_certification", certificationBody, certificationPatch, "certification");
  childCrud("components", supplierComponents, "supplier_component", componentBody, null, "component");

  app.get(
    "/api/suppliers/:id/sbom-components",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Components of current SBOMs that this supplier provides (matched by purl)", params: idParams } },
    async (request) => {
      const s = await findSupplier(db(), request.params.id);
      const mine = await db().select().from(supplierComponents).where(eq(supplierComponents.supplierId, s.id));
      if (mine.length === 0) return [];
      const conditions = mine.map((c) =>
        c.match === "exact" ? or(eq(sbomComponents.purl, c.purl), like(sbomComponents.purl, `${c.purl.replace(/[\\%_]/g, "\\$&")}@%`)) : like(sbomComponents.purl, `${c.purl.replace(/[\\%_]/g, "\\$&")}%`),
      );
      return db()
        .select({ name: sbomComponents.name, version: sbomComponents.version, purl: sbomComponents.purl, deviceModel: deviceModels.name, softwareVersion: softwareVersions.version })
        .from(sbomComponents)
        .innerJoin(sboms, and(eq(sboms.id, sbomComponents.sbomId), eq(sboms.isCurrent, true)))
        .innerJoin(softwareVersions, eq(softwareVersions.id, sboms.softwareVersionId))
        .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
        .where(or(...conditions))
        .orderBy(asc(deviceModels.name), asc(softwareVersions.version), asc(sbomComponents.name))
        .limit(1000);
    },
  );

  /* ---- questionnaires ---- */

  app.get(
    "/api/questionnaire-templates",
    { config: { access: "workspace:read" }, schema: { tags, summary: "The questionnaire template library (data/questionnaires)" } },
    async () => templateFiles().map((t) => ({ id: t.id, version: t.version, title: t.title, description: t.description, sources: t.sources, refs: templateRefs(t), sections: t.sections })),
  );

  app.post(
    "/api/suppliers/:id/assessments",
    {
      config: { access: "suppliers:write" },
      schema: { tags, summary: "Send a questionnaire: returns the link once (only its hash is stored)", params: idParams, body: sendBody },
    },
    async (request, reply) => {
      const s = await findSupplier(db(), request.params.id);
      const template = templateFiles().find((t) => t.id === request.body.template);
      if (!template) throw badRequest(`body/template: no template "${request.body.template}"`, [{ path: "body/template", message: "unknown template" }]);
      const now = app.services.now();
      const { token, hash } = newQuestionnaireToken();
      const principal = request.principal!;
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const changes: AuditChange[] = [];
        const t = await ensureTemplateRow(tx, template);
        if (t.created) changes.push({ action: "create", entityType: "questionnaire_template", entityId: t.row.id, after: { key: t.row.key, version: t.row.version } });
        const [r] = await tx
          .insert(supplierAssessments)
          .values({
            supplierId: s.id,
            templateId: t.row.id,
            status: "sent",
            tokenHash: hash,
            expiresAt: new Date(now.getTime() + request.body.expiresInDays * 86_400_000),
            recipientEmail: request.body.recipientEmail ?? null,
            sentBy: principal.email,
            sentAt: now,
            answers: {},
            reviewComments: [],
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        changes.push({ action: "send_questionnaire", entityType: "supplier_assessment", entityId: r.id, after: r });
        return { result: r, changes };
      });
      const path = `/q/${token}`;
      return reply.status(201).send({
        assessment: assessmentSummary(row, `${template.title} (v${template.version})`),
        token,
        path,
        url: app.services.config.publicUrl ? `${app.services.config.publicUrl}${path}` : null,
      });
    },
  );

  app.get(
    "/api/suppliers/:id/assessments/:assessmentId",
    { config: { access: "workspace:read" }, schema: { tags, summary: "An assessment with questions, answers, score, attachments, comments and follow-ups", params: assessmentParams } },
    async (request) => {
      const a = await findAssessment(db(), request.params.id, request.params.assessmentId);
      const [[template], attachments, followUps] = await Promise.all([
        db().select().from(questionnaireTemplates).where(eq(questionnaireTemplates.id, a.templateId)),
        db()
          .select({ id: supplierAssessmentAttachments.id, questionId: supplierAssessmentAttachments.questionId, fileName: supplierAssessmentAttachments.fileName, mediaType: supplierAssessmentAttachments.mediaType, size: supplierAssessmentAttachments.size, sha256: supplierAssessmentAttachments.sha256, createdAt: supplierAssessmentAttachments.createdAt })
          .from(supplierAssessmentAttachments)
          .where(eq(supplierAssessmentAttachments.assessmentId, a.id))
          .orderBy(asc(supplierAssessmentAttachments.createdAt)),
        db().select().from(supplierFollowUps).where(eq(supplierFollowUps.assessmentId, a.id)).orderBy(asc(supplierFollowUps.createdAt)),
      ]);
      return {
        ...assessmentSummary(a, `${template.title} (v${template.version})`),
        expired: a.expiresAt.getTime() <= app.services.now().getTime(),
        template: template.definition,
        answers: a.answers,
        draftSavedAt: iso(a.draftSavedAt),
        score: a.score ?? (Object.keys(a.answers).length ? scoreQuestionnaire(template.definition, a.answers) : null),
        reviewComments: a.reviewComments,
        attachments: attachments.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() })),
        followUps: followUps.map((f) => ({ ...f, createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString() })),
      };
    },
  );

  app.get(
    "/api/suppliers/:id/assessments/:assessmentId/attachments/:attachmentId",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Download an attachment (X-Content-SHA256 header)", params: assessmentParams.extend({ attachmentId: idParams.shape.id }) },
    },
    async (request, reply) => {
      const a = await findAssessment(db(), request.params.id, request.params.assessmentId);
      const [f] = await db()
        .select()
        .from(supplierAssessmentAttachments)
        .where(and(eq(supplierAssessmentAttachments.id, request.params.attachmentId), eq(supplierAssessmentAttachments.assessmentId, a.id)));
      if (!f) throw notFound("Attachment");
      return reply
        .type("application/octet-stream")
        .header("content-disposition", contentDisposition(f.fileName))
        .header("x-content-sha256", f.sha256)
        .send(Buffer.from(f.contentBase64, "base64"));
    },
  );

  app.post(
    "/api/suppliers/:id/assessments/:assessmentId/review",
    {
      config: { access: "suppliers:write" },
      schema: { tags, summary: "Add reviewer comments; `complete` marks a submitted assessment reviewed and restarts the schedule", params: assessmentParams, body: reviewBody },
    },
    async (request) => {
      const before = await findAssessment(db(), request.params.id, request.params.assessmentId);
      const { comments, complete } = request.body;
      if (complete && before.status !== "submitted") throw conflict(`Only a submitted assessment can be completed (this one is ${before.status})`);
      const now = app.services.now();
      const by = request.principal!.email;
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx
          .update(supplierAssessments)
          .set({
            reviewComments: [...before.reviewComments, ...comments.map((c) => ({ questionId: c.questionId, text: c.text, by, at: now.toISOString() }))],
            ...(complete ? { status: "reviewed" as const, reviewedAt: now, reviewedBy: by } : {}),
            updatedAt: now,
          })
          .where(eq(supplierAssessments.id, before.id))
          .returning();
        if (complete) await refreshDue(tx, r.supplierId);
        return { result: r, changes: [{ action: complete ? "review" : "comment", entityType: "supplier_assessment", entityId: r.id, before, after: r }] };
      });
      return detail(before.supplierId);
    },
  );

  app.post(
    "/api/suppliers/:id/assessments/:assessmentId/revoke",
    { config: { access: "suppliers:write" }, schema: { tags, summary: "Withdraw a questionnaire link that has not been submitted", params: assessmentParams } },
    async (request) => {
      const before = await findAssessment(db(), request.params.id, request.params.assessmentId);
      if (before.status !== "sent" && before.status !== "in_progress") throw conflict(`A ${before.status} questionnaire cannot be withdrawn`);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.update(supplierAssessments).set({ status: "revoked", updatedAt: app.services.now() }).where(eq(supplierAssessments.id, before.id)).returning();
        return { result: r, changes: [{ action: "revoke", entityType: "supplier_assessment", entityId: r.id, before: { status: before.status }, after: { status: "revoked" } }] };
      });
      return detail(before.supplierId);
    },
  );

  app.post(
    "/api/suppliers/:id/assessments/:assessmentId/follow-ups",
    { config: { access: "suppliers:write" }, schema: { tags, summary: "Add a follow-up action to an assessment", params: assessmentParams, body: followUpBody } },
    async (request, reply) => {
      const a = await findAssessment(db(), request.params.id, request.params.assessmentId);
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.insert(supplierFollowUps).values({ ...request.body, assessmentId: a.id, status: "open" }).returning();
        return { result: r, changes: [{ action: "create", entityType: "supplier_follow_up", entityId: r.id, after: r }] };
      });
      return reply.status(201).send(row);
    },
  );

  app.patch(
    "/api/suppliers/:id/assessments/:assessmentId/follow-ups/:childId",
    {
      config: { access: "suppliers:write" },
      schema: { tags, summary: "Change or close a follow-up action", params: assessmentParams.extend({ childId: idParams.shape.id }), body: followUpPatch },
    },
    async (request) => {
      const a = await findAssessment(db(), request.params.id, request.params.assessmentId);
      return audited(db(), actorOf(request.principal!), async (tx) => {
        const [before] = await tx.select().from(supplierFollowUps).where(and(eq(supplierFollowUps.id, request.params.childId), eq(supplierFollowUps.assessmentId, a.id)));
        if (!before) throw notFound("Follow-up");
        const [r] = await tx.update(supplierFollowUps).set({ ...request.body, updatedAt: app.services.now() }).where(eq(supplierFollowUps.id, before.id)).returning();
        return { result: r, changes: [{ action: "update", entityType: "supplier_follow_up", entityId: r.id, before, after: r }] };
      });
    },
  );

  await importExportRoutes(app);
  await publicQuestionnaireRoutes(app);
  await supplierReminderRoutes(app);
}
