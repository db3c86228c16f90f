import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { checkAcceptance, inCell, type LinkKind, nextReviewDate, rateRisk } from "../../core/risks";
import { audited } from "../audit/store";
import { findings } from "../vulnerabilities/schema";
import { incidents } from "../incidents/schema";
import { deviceModels } from "../devices/schema";
import { badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf, type Principal } from "../platform/http/principal";
import { keptReads } from "../platform/http/short-cache";
import type { VigilApp } from "../platform/http/types";
import { pageSchema, wantsPage } from "../platform/paging";
import { riskPage } from "./paging";
import {
  acceptanceBody,
  actionBody,
  actionParams,
  actionSchema,
  createRiskBody,
  idParams,
  linkBody,
  linkParams,
  listQuery,
  reviewBody,
  riskDetailSchema,
  riskSummarySchema,
  updateActionBody,
  updateRiskBody,
} from "./api-schemas";
import { riskAcceptances, riskActions, riskLinks, riskReviews, risks } from "./schema";
import {
  actionView,
  checkDeviceModel,
  checkRiskOrBadRequest,
  findRisk,
  getMatrix,
  keptMatrix,
  loadRiskSummaries,
  nextRiskReference,
  type RiskRow,
  riskDetail,
  todayOf,
} from "./store";

export const who = (p: Principal) => (p.name ? `${p.name} <${p.email}>` : p.email);
const bad = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);

/** Linked records that live in tables of this workspace must exist; other kinds are kept as references. */
async function checkLinkTarget(app: VigilApp, kind: string, refId: string): Promise<void> {
  const db = app.services.database.db;
  const table = kind === "incident" ? incidents : kind === "device_model" ? deviceModels : kind === "finding" ? findings : null;
  if (table) {
    const [row] = await db.select({ id: table.id }).from(table).where(eq(table.id, refId)).limit(1);
    if (!row) throw bad("body/refId", `no ${kind.replace("_", " ")} with id "${refId}"`);
  }
  if (kind === "requirement" && !app.services.catalog.items.has(refId)) throw bad("body/refId", `no catalog item ${refId}`);
}

export async function riskRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["risks"];
  const today = () => todayOf(app.services.now());
  // The list's matrix and totals, kept a few seconds (dashboard/README.md); writes read the matrix afresh.
  const kept = keptReads(app);

  app.get(
    "/api/risks",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary:
          "The risk register, filtered by phase, status, device model, owner, level, overdue, missing owner, heat-map cell, linked record or text; with limit, cursor or page one sorted page with the total",
        querystring: listQuery,
        response: { 200: z.union([z.array(riskSummarySchema), pageSchema(riskSummarySchema)]) },
      },
    },
    async (request) => {
      const q = request.query;
      const matrix = await keptMatrix(kept, db());
      if (wantsPage(q)) return riskPage(db(), q, matrix, today(), kept);
      let list = await loadRiskSummaries(db(), matrix, today());
      if (q.phase) list = list.filter((r) => r.phase === q.phase);
      if (q.status) list = list.filter((r) => r.status === q.status);
      if (q.deviceModelId) list = list.filter((r) => r.deviceModelId === q.deviceModelId);
      if (q.owner) list = list.filter((r) => r.owner?.toLowerCase() === q.owner?.toLowerCase());
      if (q.noOwner === "true") list = list.filter((r) => !r.owner);
      if (q.overdue === "true") list = list.filter((r) => r.overdue);
      if (q.overdue === "false") list = list.filter((r) => !r.overdue);
      if (q.level) list = list.filter((r) => r.current.level === q.level);
      if (q.cell) {
        const [view, l, i] = q.cell.split(":");
        // The same risks the heat map counts: closed risks are not on it.
        list = list.filter((r) => r.status !== "closed" && inCell(r, view as "inherent" | "residual", Number(l), Number(i)));
      }
      if (q.linked) {
        const colon = q.linked.indexOf(":");
        const kind = q.linked.slice(0, colon) as LinkKind;
        const linkedIds = new Set(
          (await db().select({ riskId: riskLinks.riskId }).from(riskLinks).where(and(eq(riskLinks.kind, kind), eq(riskLinks.refId, q.linked.slice(colon + 1))))).map((r) => r.riskId),
        );
        list = list.filter((r) => linkedIds.has(r.id));
      }
      if (q.q) {
        const text = q.q.toLowerCase();
        list = list.filter((r) => [r.reference, r.title, r.asset, r.owner, r.threat].join(" ").toLowerCase().includes(text));
      }
      return list;
    },
  );

  app.get(
    "/api/risks/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One risk with actions, reviews, acceptances and links", params: idParams, response: { 200: riskDetailSchema } } },
    async (request) => riskDetail(db(), await findRisk(db(), request.params.id), await getMatrix(db()), today()),
  );

  app.post(
    "/api/risks",
    { config: { access: "risks:write" }, schema: { tags, summary: "Record a risk", body: createRiskBody, response: { 201: riskDetailSchema } } },
    async (request, reply) => {
      const body = request.body;
      const matrix = await getMatrix(db());
      if (body.status === "accepted") throw bad("body/status", "a risk becomes accepted when an acceptance is recorded");
      checkRiskOrBadRequest(matrix, body);
      await checkDeviceModel(db(), body.deviceModelId);
      const principal = request.principal!;
      const now = app.services.now();
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const reference = await nextRiskReference(tx);
        const [r] = await tx.insert(risks).values({ ...body, reference, createdBy: who(principal), createdAt: now, updatedAt: now }).returning();
        return { result: r, changes: [{ action: "create", entityType: "risk", entityId: r.id, after: r }] };
      });
      return reply.status(201).send(await riskDetail(db(), row, matrix, today()));
    },
  );

  app.patch(
    "/api/risks/:id",
    { config: { access: "risks:write" }, schema: { tags, summary: "Update a risk", params: idParams, body: updateRiskBody, response: { 200: riskDetailSchema } } },
    async (request) => {
      const before = await findRisk(db(), request.params.id);
      const body = request.body;
      const matrix = await getMatrix(db());
      const candidate = { ...before, ...body } as RiskRow;
      if (body.status === "accepted" && before.status !== "accepted") {
        const [acc] = await db().select({ id: riskAcceptances.id }).from(riskAcceptances).where(eq(riskAcceptances.riskId, before.id)).limit(1);
        if (!acc) throw bad("body/status", "a risk becomes accepted when an acceptance is recorded");
      }
      checkRiskOrBadRequest(matrix, candidate);
      await checkDeviceModel(db(), body.deviceModelId);
      const after = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.update(risks).set({ ...body, updatedAt: app.services.now() }).where(eq(risks.id, before.id)).returning();
        return { result: r, changes: [{ action: "update", entityType: "risk", entityId: r.id, before, after: r }] };
      });
      return riskDetail(db(), after, matrix, today());
    },
  );

  app.delete(
    "/api/risks/:id",
    { config: { access: "risks:write" }, schema: { tags, summary: "Delete a risk with its actions, reviews, acceptances and links", params: idParams } },
    async (request) => {
      const before = await findRisk(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(risks).where(eq(risks.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "risk", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.post(
    "/api/risks/:id/actions",
    { config: { access: "risks:write" }, schema: { tags, summary: "Add a treatment action with owner and due date", params: idParams, body: actionBody, response: { 201: actionSchema } } },
    async (request, reply) => {
      const risk = await findRisk(db(), request.params.id);
      const now = app.services.now();
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [a] = await tx
          .insert(riskActions)
          .values({ ...request.body, riskId: risk.id, completedAt: request.body.status === "done" ? now : null, createdAt: now, updatedAt: now })
          .returning();
        return { result: a, changes: [{ action: "create", entityType: "risk_action", entityId: a.id, after: a }] };
      });
      return reply.status(201).send(actionView(row));
    },
  );

  app.patch(
    "/api/risks/:id/actions/:actionId",
    { config: { access: "risks:write" }, schema: { tags, summary: "Update a treatment action", params: actionParams, body: updateActionBody, response: { 200: actionSchema } } },
    async (request) => {
      const [before] = await db()
        .select()
        .from(riskActions)
        .where(and(eq(riskActions.id, request.params.actionId), eq(riskActions.riskId, request.params.id)));
      if (!before) throw notFound("Action");
      const now = app.services.now();
      const done = request.body.status === "done" && before.status !== "done";
      const reopened = request.body.status !== undefined && request.body.status !== "done";
      const after = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [a] = await tx
          .update(riskActions)
          .set({ ...request.body, ...(done ? { completedAt: now } : reopened ? { completedAt: null } : {}), updatedAt: now })
          .where(eq(riskActions.id, before.id))
          .returning();
        return { result: a, changes: [{ action: "update", entityType: "risk_action", entityId: a.id, before, after: a }] };
      });
      return actionView(after);
    },
  );

  app.delete(
    "/api/risks/:id/actions/:actionId",
    { config: { access: "risks:write" }, schema: { tags, summary: "Delete a treatment action", params: actionParams } },
    async (request) => {
      const [before] = await db()
        .select()
        .from(riskActions)
        .where(and(eq(riskActions.id, request.params.actionId), eq(riskActions.riskId, request.params.id)));
      if (!before) throw notFound("Action");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(riskActions).where(eq(riskActions.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "risk_action", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.post(
    "/api/risks/:id/reviews",
    {
      config: { access: "risks:write" },
      schema: { tags, summary: "Record a review: keeps the ratings of the moment and sets the next review date", params: idParams, body: reviewBody, response: { 201: riskDetailSchema } },
    },
    async (request, reply) => {
      const risk = await findRisk(db(), request.params.id);
      const matrix = await getMatrix(db());
      const now = app.services.now();
      const rating = rateRisk(matrix, risk);
      const level = rating.current.level;
      // Without a date given, riskier risks come back sooner: critical quarterly, high half-yearly, else yearly.
      const next = request.body.nextReviewDate ?? nextReviewDate(todayOf(now), level === "critical" ? 3 : level === "high" ? 6 : 12);
      if (next <= todayOf(now)) throw bad("body/nextReviewDate", "the next review must be after today");
      const principal = request.principal!;
      const updated = await audited(db(), actorOf(principal), async (tx) => {
        const [review] = await tx
          .insert(riskReviews)
          .values({
            riskId: risk.id,
            reviewedAt: now,
            reviewedBy: who(principal),
            notes: request.body.notes,
            nextReviewDate: next,
            snapshot: {
              inherent: { likelihood: risk.inherentLikelihood, impact: risk.inherentImpact, ...rating.inherent },
              residual: rating.residual && risk.residualLikelihood !== null && risk.residualImpact !== null ? { likelihood: risk.residualLikelihood, impact: risk.residualImpact, ...rating.residual } : null,
              treatment: risk.treatment,
              status: risk.status,
            },
            createdAt: now,
          })
          .returning();
        const [r] = await tx.update(risks).set({ reviewDate: next, updatedAt: now }).where(eq(risks.id, risk.id)).returning();
        return {
          result: r,
          changes: [
            { action: "create", entityType: "risk_review", entityId: review.id, after: review },
            { action: "update", entityType: "risk", entityId: r.id, before: risk, after: r },
          ],
        };
      });
      return reply.status(201).send(await riskDetail(db(), updated, matrix, todayOf(now)));
    },
  );

  app.post(
    "/api/risks/:id/acceptances",
    {
      config: { access: "risks:write" },
      schema: { tags, summary: "Record acceptance of the residual risk by a named person with authority", params: idParams, body: acceptanceBody, response: { 201: riskDetailSchema } },
    },
    async (request, reply) => {
      const risk = await findRisk(db(), request.params.id);
      const matrix = await getMatrix(db());
      const problems = checkAcceptance(matrix, risk, request.body);
      if (problems.length > 0) {
        const details = problems.map((p) => ({ path: p.path === "treatment" ? "treatment" : `body/${p.path}`, message: p.message }));
        throw badRequest(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
      }
      const now = app.services.now();
      if (request.body.validUntil !== null && request.body.validUntil <= todayOf(now)) throw bad("body/validUntil", "must be after today");
      const current = rateRisk(matrix, risk).current;
      const principal = request.principal!;
      const updated = await audited(db(), actorOf(principal), async (tx) => {
        const [a] = await tx
          .insert(riskAcceptances)
          .values({ ...request.body, riskId: risk.id, acceptedAt: now, score: current.score, level: current.level, recordedBy: who(principal), createdAt: now })
          .returning();
        const [r] = await tx.update(risks).set({ status: "accepted", updatedAt: now }).where(eq(risks.id, risk.id)).returning();
        return {
          result: r,
          changes: [
            { action: "accept", entityType: "risk_acceptance", entityId: a.id, after: a },
            { action: "update", entityType: "risk", entityId: r.id, before: risk, after: r },
          ],
        };
      });
      return reply.status(201).send(await riskDetail(db(), updated, matrix, todayOf(now)));
    },
  );

  app.post(
    "/api/risks/:id/links",
    {
      config: { access: "risks:write" },
      schema: { tags, summary: "Link the risk to a control, finding, incident, device model, supplier, plan or requirement", params: idParams, body: linkBody, response: { 201: riskDetailSchema } },
    },
    async (request, reply) => {
      const risk = await findRisk(db(), request.params.id);
      await checkLinkTarget(app, request.body.kind, request.body.refId);
      const [existing] = await db()
        .select({ id: riskLinks.id })
        .from(riskLinks)
        .where(and(eq(riskLinks.riskId, risk.id), eq(riskLinks.kind, request.body.kind), eq(riskLinks.refId, request.body.refId)));
      if (existing) throw conflict(`the risk is already linked to ${request.body.kind} ${request.body.refId}`);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [l] = await tx.insert(riskLinks).values({ ...request.body, riskId: risk.id, createdAt: app.services.now() }).returning();
        return { result: l, changes: [{ action: "create", entityType: "risk_link", entityId: l.id, after: l }] };
      });
      return reply.status(201).send(await riskDetail(db(), risk, await getMatrix(db()), today()));
    },
  );

  app.delete(
    "/api/risks/:id/links/:linkId",
    { config: { access: "risks:write" }, schema: { tags, summary: "Remove a link", params: linkParams } },
    async (request) => {
      const [before] = await db()
        .select()
        .from(riskLinks)
        .where(and(eq(riskLinks.id, request.params.linkId), eq(riskLinks.riskId, request.params.id)));
      if (!before) throw notFound("Link");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(riskLinks).where(eq(riskLinks.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "risk_link", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );
}
