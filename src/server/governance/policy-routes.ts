import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { acknowledgementRate, approvalRefusal, canMove, nextReviewDate, type PolicyVersionStatus } from "../../core/governance";
import { audited } from "../audit/store";
import { badRequest, conflict, forbidden, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import {
  acknowledgementsView,
  createPolicyBody,
  idParams,
  keyParams,
  policyDetail,
  policyView,
  returnBody,
  templateSummary,
  templateView,
  updatePolicyBody,
  versionBody,
  versionParams,
} from "./api-schemas";
import { fourEyesPolicyApproval, setFourEyesPolicyApproval } from "./four-eyes";
import { policies, policyAcknowledgements, policyVersions } from "./schema";
import { checkRequirementIds, checkUserIds, findPolicy, findVersion, policyViews, sha256Text, staff, versionsOf, versionView } from "./store";
import { policyTemplates } from "./templates";

export async function policyRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["governance"];
  const known = () => app.services.catalog.items;

  const detail = async (id: string, viewer: { userId: string; email: string }) => {
    const row = await findPolicy(db(), id);
    const [view] = await policyViews(db(), [row], app.services.now(), viewer);
    return { ...view, versions: (await versionsOf(db(), id)).map((v) => versionView(v)) };
  };

  const fourEyesView = z.object({ policyApproval: z.boolean() });
  app.get(
    "/api/governance/four-eyes",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Whether a policy version must be approved by someone other than its submitter (on by default)", response: { 200: fourEyesView } },
    },
    async () => ({ policyApproval: await fourEyesPolicyApproval(db()) }),
  );
  app.put(
    "/api/governance/four-eyes",
    {
      config: { access: "settings:manage" },
      schema: { tags, summary: "Turn the four-eyes rule for policy approval on or off (audited)", body: fourEyesView.strict(), response: { 200: fourEyesView } },
    },
    async (request) => ({
      policyApproval: await setFourEyesPolicyApproval(db(), actorOf(request.principal!), request.body.policyApproval, app.services.now()),
    }),
  );

  app.get(
    "/api/governance/policy-templates",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Policy templates (data/policies) with the requirements they serve", response: { 200: z.array(templateSummary) } } },
    async () => (await policyTemplates()).map(({ content: _c, ...t }) => t),
  );

  app.get(
    "/api/governance/policy-templates/:key",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One policy template with its Markdown", params: keyParams, response: { 200: templateView } } },
    async (request) => {
      const t = (await policyTemplates()).find((x) => x.key === request.params.key);
      if (!t) throw notFound(`Policy template ${request.params.key}`);
      return t;
    },
  );

  app.get(
    "/api/governance/policies",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Policies with status, current version, review state and acknowledgement rate",
        querystring: z.object({ review: z.enum(["overdue", "due_soon"]).optional() }).strict(),
        response: { 200: z.array(policyView) },
      },
    },
    async (request) => {
      const rows = await db().select().from(policies).orderBy(asc(policies.title));
      const views = await policyViews(db(), rows, app.services.now(), request.principal!);
      const review = request.query.review;
      if (review === "overdue") return views.filter((v) => v.reviewState === "overdue");
      if (review === "due_soon") return views.filter((v) => v.reviewState === "overdue" || v.reviewState === "due_soon");
      return views;
    },
  );

  app.get(
    "/api/governance/policies/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One policy with every version", params: idParams, response: { 200: policyDetail } } },
    async (request) => detail(request.params.id, request.principal!),
  );

  app.post(
    "/api/governance/policies",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Create a policy (from a template or own text) with version 1 as a draft", body: createPolicyBody, response: { 201: policyDetail } },
    },
    async (request, reply) => {
      const body = request.body;
      const template = body.templateKey ? (await policyTemplates()).find((t) => t.key === body.templateKey) : undefined;
      if (body.templateKey && !template) {
        throw badRequest(`body/templateKey: unknown template ${body.templateKey}`, [{ path: "body/templateKey", message: "unknown template" }]);
      }
      const requirementIds = body.requirementIds ?? template?.requirements ?? [];
      checkRequirementIds(requirementIds, known());
      if (body.ownerId) await checkUserIds(db(), [body.ownerId], "body/ownerId");
      const content = body.content ?? template?.content ?? "";
      const principal = request.principal!;
      const now = app.services.now();
      const id = await audited(db(), actorOf(principal), async (tx) => {
        const [p] = await tx
          .insert(policies)
          .values({
            title: body.title,
            summary: body.summary ?? template?.summary ?? "",
            templateKey: template?.key ?? null,
            requirementIds,
            reviewMonths: body.reviewMonths ?? template?.reviewMonths ?? 12,
            ownerId: body.ownerId ?? null,
            createdBy: principal.email,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        const [v] = await tx
          .insert(policyVersions)
          .values({ policyId: p.id, version: 1, content, status: "draft", createdBy: principal.email, createdAt: now, updatedAt: now })
          .returning();
        return {
          result: p.id,
          changes: [
            { action: "create", entityType: "policy", entityId: p.id, after: p },
            { action: "create", entityType: "policy_version", entityId: v.id, after: { policyId: p.id, version: 1, status: "draft" } },
          ],
        };
      });
      return reply.status(201).send(await detail(id, principal));
    },
  );

  app.patch(
    "/api/governance/policies/:id",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Change a policy's title, summary, requirements, review interval or owner", params: idParams, body: updatePolicyBody, response: { 200: policyDetail } },
    },
    async (request) => {
      const before = await findPolicy(db(), request.params.id);
      const body = request.body;
      if (body.requirementIds) checkRequirementIds(body.requirementIds, known());
      if (body.ownerId) await checkUserIds(db(), [body.ownerId], "body/ownerId");
      const now = app.services.now();
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const changes: Partial<typeof policies.$inferInsert> = { ...body, updatedAt: now };
        // A new interval moves the next review, counted from the current version's approval.
        if (body.reviewMonths && body.reviewMonths !== before.reviewMonths) {
          const [current] = await tx
            .select()
            .from(policyVersions)
            .where(and(eq(policyVersions.policyId, before.id), eq(policyVersions.status, "approved")))
            .limit(1);
          if (current?.approvedAt) changes.nextReviewAt = nextReviewDate(current.approvedAt, body.reviewMonths);
        }
        const [after] = await tx.update(policies).set(changes).where(eq(policies.id, before.id)).returning();
        return { result: after, changes: [{ action: "update", entityType: "policy", entityId: before.id, before, after }] };
      });
      return detail(before.id, request.principal!);
    },
  );

  app.delete(
    "/api/governance/policies/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Delete a policy that was never approved (approved policies are retired instead)", params: idParams } },
    async (request) => {
      const before = await findPolicy(db(), request.params.id);
      const versions = await versionsOf(db(), before.id);
      if (versions.some((v) => v.approvedAt)) throw conflict("An approved policy is kept as a record; retire it instead of deleting it");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(policies).where(eq(policies.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "policy", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.post(
    "/api/governance/policies/:id/versions",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Start a new draft version (one open draft or review at a time)", params: idParams, body: versionBody, response: { 201: policyDetail } },
    },
    async (request, reply) => {
      const p = await findPolicy(db(), request.params.id);
      if (p.retiredAt) throw conflict("The policy is retired");
      const versions = await versionsOf(db(), p.id);
      const open = versions.find((v) => v.status === "draft" || v.status === "in_review");
      if (open) throw conflict(`Version ${open.version} is still ${open.status.replace("_", " ")}; finish it first`);
      const now = app.services.now();
      const principal = request.principal!;
      const version = (versions.at(-1)?.version ?? 0) + 1;
      await audited(db(), actorOf(principal), async (tx) => {
        const [v] = await tx
          .insert(policyVersions)
          .values({
            policyId: p.id,
            version,
            content: request.body.content,
            changeNote: request.body.changeNote ?? null,
            status: "draft",
            createdBy: principal.email,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return { result: v, changes: [{ action: "create", entityType: "policy_version", entityId: v.id, after: v }] };
      });
      return reply.status(201).send(await detail(p.id, principal));
    },
  );

  app.patch(
    "/api/governance/policies/:id/versions/:version",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Edit a draft version's text", params: versionParams, body: versionBody, response: { 200: policyDetail } },
    },
    async (request) => {
      const before = await findVersion(db(), request.params.id, request.params.version);
      if (before.status !== "draft") throw conflict(`Only a draft can be edited; version ${before.version} is ${before.status.replace("_", " ")}`);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [after] = await tx
          .update(policyVersions)
          .set({ content: request.body.content, changeNote: request.body.changeNote ?? before.changeNote, updatedAt: app.services.now() })
          .where(eq(policyVersions.id, before.id))
          .returning();
        return { result: after, changes: [{ action: "update", entityType: "policy_version", entityId: before.id, before, after }] };
      });
      return detail(request.params.id, request.principal!);
    },
  );

  /** Moves one version along the workflow, with the audit entry named after the verb. */
  const move = async (policyId: string, version: number, to: PolicyVersionStatus, verb: string, principal: NonNullable<import("fastify").FastifyRequest["principal"]>, extra: { reason?: string } = {}) => {
    const p = await findPolicy(db(), policyId);
    const before = await findVersion(db(), policyId, version);
    if (!canMove(before.status, to)) {
      throw conflict(`Version ${version} is ${before.status.replace("_", " ")}; it cannot be ${verb === "return" ? "returned to draft" : `${verb}d`}`);
    }
    if (to === "in_review" && before.content.trim() === "") throw badRequest("The draft is empty", [{ path: "content", message: "empty" }]);
    if (to === "approved") {
      const refusal = approvalRefusal(before, principal, await fourEyesPolicyApproval(db()));
      if (refusal) throw forbidden(refusal);
    }
    const now = app.services.now();
    await audited(db(), actorOf(principal), async (tx) => {
      const changes = [];
      const set: Partial<typeof policyVersions.$inferInsert> = { status: to, updatedAt: now };
      if (to === "in_review") Object.assign(set, { submittedById: principal.userId, submittedBy: principal.email, submittedAt: now, returnedReason: null });
      if (to === "draft") set.returnedReason = extra.reason ?? null;
      if (to === "approved") {
        Object.assign(set, { approvedById: principal.userId, approvedBy: principal.email, approvedAt: now, sha256: sha256Text(before.content) });
        const previous = await tx
          .update(policyVersions)
          .set({ status: "retired", retiredAt: now, updatedAt: now })
          .where(and(eq(policyVersions.policyId, policyId), eq(policyVersions.status, "approved")))
          .returning();
        for (const r of previous) changes.push({ action: "retire", entityType: "policy_version", entityId: r.id, after: { version: r.version, status: "retired" } });
        const [pAfter] = await tx
          .update(policies)
          .set({ nextReviewAt: nextReviewDate(now, p.reviewMonths), retiredAt: null, updatedAt: now })
          .where(eq(policies.id, policyId))
          .returning();
        changes.push({ action: "update", entityType: "policy", entityId: policyId, before: { nextReviewAt: p.nextReviewAt }, after: { nextReviewAt: pAfter.nextReviewAt } });
      }
      const [after] = await tx.update(policyVersions).set(set).where(eq(policyVersions.id, before.id)).returning();
      changes.unshift({ action: verb, entityType: "policy_version", entityId: before.id, before: { status: before.status }, after: { ...after, content: undefined } });
      return { result: after, changes };
    });
    return detail(policyId, principal);
  };

  const workflow = (path: string, to: PolicyVersionStatus, verb: string, summary: string) =>
    app.post(
      `/api/governance/policies/:id/versions/:version/${path}`,
      { config: { access: "compliance:write" }, schema: { tags, summary, params: versionParams, response: { 200: policyDetail } } },
      async (request) => move(request.params.id, request.params.version, to, verb, request.principal!),
    );
  workflow("submit", "in_review", "submit", "Submit a draft for review");
  workflow("approve", "approved", "approve", "Approve a version under review: records approver, time and the content's SHA-256; the previous approved version is retired and the next review is scheduled");

  app.post(
    "/api/governance/policies/:id/versions/:version/return",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Send a version under review back to draft with a reason", params: versionParams, body: returnBody, response: { 200: policyDetail } },
    },
    async (request) => move(request.params.id, request.params.version, "draft", "return", request.principal!, { reason: request.body.reason }),
  );

  app.post(
    "/api/governance/policies/:id/retire",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Retire a policy and its approved version", params: idParams, response: { 200: policyDetail } } },
    async (request) => {
      const p = await findPolicy(db(), request.params.id);
      if (p.retiredAt) throw conflict("The policy is already retired");
      const now = app.services.now();
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const retired = await tx
          .update(policyVersions)
          .set({ status: "retired", retiredAt: now, updatedAt: now })
          .where(and(eq(policyVersions.policyId, p.id), eq(policyVersions.status, "approved")))
          .returning();
        const [after] = await tx.update(policies).set({ retiredAt: now, nextReviewAt: null, updatedAt: now }).where(eq(policies.id, p.id)).returning();
        return {
          result: after,
          changes: [
            { action: "retire", entityType: "policy", entityId: p.id, before: p, after },
            ...retired.map((r) => ({ action: "retire", entityType: "policy_version", entityId: r.id, after: { version: r.version, status: "retired" } })),
          ],
        };
      });
      return detail(p.id, request.principal!);
    },
  );

  app.post(
    "/api/governance/policies/:id/acknowledge",
    {
      config: { access: "assigned:write" },
      schema: {
        tags,
        summary: "The signed-in person acknowledges the current approved version (idempotent)",
        params: idParams,
        response: { 200: z.object({ version: z.number(), acknowledgedAt: z.string() }) },
      },
    },
    async (request) => {
      const p = await findPolicy(db(), request.params.id);
      const principal = request.principal!;
      const [current] = await db()
        .select()
        .from(policyVersions)
        .where(and(eq(policyVersions.policyId, p.id), eq(policyVersions.status, "approved")))
        .limit(1);
      if (!current || p.retiredAt) throw conflict("The policy has no approved version to acknowledge");
      const [existing] = await db()
        .select()
        .from(policyAcknowledgements)
        .where(and(eq(policyAcknowledgements.versionId, current.id), eq(policyAcknowledgements.userId, principal.userId)))
        .limit(1);
      if (existing) return { version: current.version, acknowledgedAt: existing.acknowledgedAt.toISOString() };
      const now = app.services.now();
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const [a] = await tx
          .insert(policyAcknowledgements)
          .values({ policyId: p.id, versionId: current.id, userId: principal.userId, acknowledgedAt: now })
          .returning();
        return { result: a, changes: [{ action: "acknowledge", entityType: "policy", entityId: p.id, after: { version: current.version, userId: principal.userId, sha256: current.sha256 } }] };
      });
      return { version: current.version, acknowledgedAt: row.acknowledgedAt.toISOString() };
    },
  );

  app.get(
    "/api/governance/policies/:id/acknowledgements",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Who acknowledged which version and when; who has not acknowledged the current one", params: idParams, response: { 200: acknowledgementsView } },
    },
    async (request) => {
      const p = await findPolicy(db(), request.params.id);
      const [versions, acks, people] = await Promise.all([
        versionsOf(db(), p.id),
        db().select().from(policyAcknowledgements).where(eq(policyAcknowledgements.policyId, p.id)).orderBy(desc(policyAcknowledgements.acknowledgedAt)),
        staff(db()),
      ]);
      const current = versions.find((v) => v.status === "approved");
      const versionNo = new Map(versions.map((v) => [v.id, v.version]));
      const byId = new Map(people.map((u) => [u.id, u]));
      const active = people.filter((u) => u.active);
      const currentAckers = new Set(current ? acks.filter((a) => a.versionId === current.id).map((a) => a.userId) : []);
      return {
        version: current?.version ?? null,
        rate: acknowledgementRate(active.map((u) => u.id), [...currentAckers]),
        acknowledgements: acks.map((a) => ({
          userId: a.userId,
          name: byId.get(a.userId)?.name ?? a.userId,
          email: byId.get(a.userId)?.email ?? "",
          version: versionNo.get(a.versionId) ?? 0,
          acknowledgedAt: a.acknowledgedAt.toISOString(),
        })),
        missing: current ? active.filter((u) => !currentAckers.has(u.id)).map((u) => ({ userId: u.id, name: u.name, email: u.email })) : [],
      };
    },
  );
}
