import { asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { checkPlan, nextVersion, PLAN_KIND_LABELS, type PlanFacts } from "../../core/continuity";
import { audited } from "../audit/store";
import type { DbOrTx } from "../platform/db/client";
import { badRequest } from "../platform/http/errors";
import { actorOf, type Principal } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import {
  approveBody,
  createExerciseBody,
  createPlanBody,
  createRestoreTestBody,
  evidenceParams,
  evidenceSchema,
  exerciseSchema,
  idParams,
  planSchema,
  planVersionSchema,
  restoreTestSchema,
  updateExerciseBody,
  updatePlanBody,
  updateRestoreTestBody,
} from "./api-schemas";
import { backupRestoreTests, bcExercises, bcPlans, bcPlanVersions } from "./schema";
import { exerciseView, findExercise, findPlan, findRestoreTest, nextReference, type PlanRow, planView, restoreTestView } from "./store";

const who = (p: Principal) => (p.name ? `${p.name} <${p.email}>` : p.email);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function problemsOrBadRequest(problems: { path: string; message: string }[]): void {
  if (problems.length === 0) return;
  const details = problems.map((p) => ({ path: `body/${p.path}`, message: p.message }));
  throw badRequest(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
}

/** What a plan version keeps: the plan's content, without bookkeeping. */
function planContent(p: PlanRow): Record<string, unknown> {
  const { id: _i, createdAt: _c, updatedAt: _u, ...content } = p;
  return content;
}

async function planReferences(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: bcPlans.id, reference: bcPlans.reference }).from(bcPlans).where(inArray(bcPlans.id, wanted));
  return new Map(rows.map((r) => [r.id, r.reference]));
}

export async function continuityRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["continuity"];
  const today = () => dayOf(app.services.now());
  const checkPlanId = async (id: string | null | undefined) => {
    if (id) {
      const [p] = await db().select({ id: bcPlans.id }).from(bcPlans).where(eq(bcPlans.id, id));
      if (!p) throw badRequest(`body/planId: no plan with id "${id}"`, [{ path: "body/planId", message: `no plan with id "${id}"` }]);
    }
  };

  // ---- Plans ----
  app.get(
    "/api/continuity/plans",
    { config: { access: "workspace:read" }, schema: { tags, summary: "BC/DR, incident response and crisis communication plans", response: { 200: z.array(planSchema) } } },
    async () => (await db().select().from(bcPlans).orderBy(asc(bcPlans.reference))).map((p) => planView(p, today())),
  );

  app.get(
    "/api/continuity/plans/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One plan", params: idParams, response: { 200: planSchema } } },
    async (request) => planView(await findPlan(db(), request.params.id), today()),
  );

  app.get(
    "/api/continuity/plans/:id/versions",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Every saved version of a plan, newest first", params: idParams, response: { 200: z.array(planVersionSchema) } } },
    async (request) => {
      const plan = await findPlan(db(), request.params.id);
      const rows = await db().select().from(bcPlanVersions).where(eq(bcPlanVersions.planId, plan.id));
      const rank = (v: string) => v.split(".").map((n) => Number.parseInt(n, 10) || 0);
      rows.sort((a, b) => rank(b.version)[0] - rank(a.version)[0] || rank(b.version)[1] - rank(a.version)[1]);
      return rows.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }));
    },
  );

  app.post(
    "/api/continuity/plans",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Create a plan (a draft, version 0.1)", body: createPlanBody, response: { 201: planSchema } } },
    async (request, reply) => {
      problemsOrBadRequest(checkPlan(request.body as PlanFacts, false));
      const principal = request.principal!;
      const now = app.services.now();
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const reference = await nextReference(tx, bcPlans, "BCP");
        const [p] = await tx.insert(bcPlans).values({ ...request.body, reference, status: "draft", version: nextVersion(null, false), createdAt: now, updatedAt: now }).returning();
        const [v] = await tx.insert(bcPlanVersions).values({ planId: p.id, version: p.version, content: planContent(p), change: "Created", savedBy: who(principal), createdAt: now }).returning();
        return {
          result: p,
          changes: [
            { action: "create", entityType: "bc_plan", entityId: p.id, after: p },
            { action: "create", entityType: "bc_plan_version", entityId: v.id, after: { planId: p.id, version: v.version } },
          ],
        };
      });
      return reply.status(201).send(planView(row, dayOf(now)));
    },
  );

  app.patch(
    "/api/continuity/plans/:id",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Edit a plan: a new minor version; an approved plan returns to draft until approved again", params: idParams, body: updatePlanBody, response: { 200: planSchema } },
    },
    async (request) => {
      const before = await findPlan(db(), request.params.id);
      const { change, ...fields } = request.body;
      const candidate = { ...before, ...fields };
      problemsOrBadRequest(checkPlan(candidate, false));
      const principal = request.principal!;
      const now = app.services.now();
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const version = nextVersion(before.version, false);
        const [p] = await tx
          .update(bcPlans)
          .set({ ...fields, version, status: before.status === "retired" ? "retired" : "draft", updatedAt: now })
          .where(eq(bcPlans.id, before.id))
          .returning();
        await tx.insert(bcPlanVersions).values({ planId: p.id, version, content: planContent(p), change: change ?? "Edited", savedBy: who(principal), createdAt: now });
        return { result: p, changes: [{ action: "update", entityType: "bc_plan", entityId: p.id, before, after: p }] };
      });
      return planView(after, dayOf(now));
    },
  );

  app.post(
    "/api/continuity/plans/:id/approve",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Approve a plan: checks it is complete, records the approver, and makes a new major version", params: idParams, body: approveBody, response: { 200: planSchema } },
    },
    async (request) => {
      const before = await findPlan(db(), request.params.id);
      problemsOrBadRequest(checkPlan(before, true).map((p) => ({ ...p, message: `${PLAN_KIND_LABELS[before.kind]}: ${p.message}` })));
      const principal = request.principal!;
      const now = app.services.now();
      const approvedOn = request.body.approvedOn ?? dayOf(now);
      if (approvedOn > dayOf(now)) throw badRequest("body/approvedOn: cannot be in the future", [{ path: "body/approvedOn", message: "cannot be in the future" }]);
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const version = nextVersion(before.version, true);
        const [p] = await tx
          .update(bcPlans)
          .set({ status: "approved", version, approvedBy: request.body.approvedBy, approvedOn, updatedAt: now })
          .where(eq(bcPlans.id, before.id))
          .returning();
        await tx
          .insert(bcPlanVersions)
          .values({ planId: p.id, version, content: planContent(p), change: request.body.change, approvedBy: request.body.approvedBy, savedBy: who(principal), createdAt: now });
        return { result: p, changes: [{ action: "approve", entityType: "bc_plan", entityId: p.id, before, after: p }] };
      });
      return planView(after, dayOf(now));
    },
  );

  app.delete(
    "/api/continuity/plans/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Delete a plan and its versions (exercises and restore tests keep their record)", params: idParams } },
    async (request) => {
      const before = await findPlan(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(bcPlans).where(eq(bcPlans.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "bc_plan", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  // ---- Exercises ----
  app.get(
    "/api/continuity/exercises",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Exercises, newest first", response: { 200: z.array(exerciseSchema) } } },
    async () => {
      const rows = await db().select().from(bcExercises).orderBy(desc(bcExercises.heldOn), asc(bcExercises.reference));
      const refs = await planReferences(db(), rows.map((r) => r.planId));
      return rows.map((e) => exerciseView(e, today(), e.planId ? (refs.get(e.planId) ?? null) : null));
    },
  );

  app.get(
    "/api/continuity/exercises/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One exercise", params: idParams, response: { 200: exerciseSchema } } },
    async (request) => {
      const e = await findExercise(db(), request.params.id);
      const refs = await planReferences(db(), [e.planId]);
      return exerciseView(e, today(), e.planId ? (refs.get(e.planId) ?? null) : null);
    },
  );

  app.post(
    "/api/continuity/exercises",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Record an exercise", body: createExerciseBody, response: { 201: exerciseSchema } } },
    async (request, reply) => {
      await checkPlanId(request.body.planId);
      if (request.body.heldOn > today()) throw badRequest("body/heldOn: an exercise is recorded once held", [{ path: "body/heldOn", message: "cannot be in the future" }]);
      const now = app.services.now();
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const reference = await nextReference(tx, bcExercises, "EX");
        const [e] = await tx.insert(bcExercises).values({ ...request.body, reference, createdAt: now, updatedAt: now }).returning();
        return { result: e, changes: [{ action: "create", entityType: "exercise", entityId: e.id, after: e }] };
      });
      const refs = await planReferences(db(), [row.planId]);
      return reply.status(201).send(exerciseView(row, dayOf(now), row.planId ? (refs.get(row.planId) ?? null) : null));
    },
  );

  app.patch(
    "/api/continuity/exercises/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Update an exercise (findings, follow-ups…)", params: idParams, body: updateExerciseBody, response: { 200: exerciseSchema } } },
    async (request) => {
      const before = await findExercise(db(), request.params.id);
      await checkPlanId(request.body.planId);
      const now = app.services.now();
      const after = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [e] = await tx.update(bcExercises).set({ ...request.body, updatedAt: now }).where(eq(bcExercises.id, before.id)).returning();
        return { result: e, changes: [{ action: "update", entityType: "exercise", entityId: e.id, before, after: e }] };
      });
      const refs = await planReferences(db(), [after.planId]);
      return exerciseView(after, dayOf(now), after.planId ? (refs.get(after.planId) ?? null) : null);
    },
  );

  app.delete(
    "/api/continuity/exercises/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Delete an exercise", params: idParams } },
    async (request) => {
      const before = await findExercise(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(bcExercises).where(eq(bcExercises.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "exercise", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  // ---- Backup-restore tests ----
  app.get(
    "/api/continuity/restore-tests",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Backup-restore tests, newest first, each met/missed/failed against its RTO", response: { 200: z.array(restoreTestSchema) } } },
    async () => {
      const rows = await db().select().from(backupRestoreTests).orderBy(desc(backupRestoreTests.testedOn), asc(backupRestoreTests.reference));
      const refs = await planReferences(db(), rows.map((r) => r.planId));
      return rows.map((t) => restoreTestView(t, t.planId ? (refs.get(t.planId) ?? null) : null));
    },
  );

  app.get(
    "/api/continuity/restore-tests/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One restore test", params: idParams, response: { 200: restoreTestSchema } } },
    async (request) => {
      const t = await findRestoreTest(db(), request.params.id);
      const refs = await planReferences(db(), [t.planId]);
      return restoreTestView(t, t.planId ? (refs.get(t.planId) ?? null) : null);
    },
  );

  app.post(
    "/api/continuity/restore-tests",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Record a restore test; RTO and RPO default to the plan's", body: createRestoreTestBody, response: { 201: restoreTestSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      const plan = body.planId ? await findPlanOrBadRequest(body.planId) : null;
      if (body.testedOn > today()) throw badRequest("body/testedOn: a test is recorded once done", [{ path: "body/testedOn", message: "cannot be in the future" }]);
      if (body.result !== "failed" && body.minutesToRestore === null) {
        throw badRequest("body/minutesToRestore: say how long the restore took", [{ path: "body/minutesToRestore", message: "required unless the restore failed" }]);
      }
      const now = app.services.now();
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const reference = await nextReference(tx, backupRestoreTests, "BRT");
        const [t] = await tx
          .insert(backupRestoreTests)
          .values({ ...body, rtoMinutes: body.rtoMinutes ?? plan?.rtoMinutes ?? null, rpoMinutes: body.rpoMinutes ?? plan?.rpoMinutes ?? null, reference, recordedAt: now, createdAt: now, updatedAt: now })
          .returning();
        return { result: t, changes: [{ action: "create", entityType: "backup_restore_test", entityId: t.id, after: t }] };
      });
      return reply.status(201).send(restoreTestView(row, plan?.reference ?? null));
    },
  );

  async function findPlanOrBadRequest(id: string) {
    await checkPlanId(id);
    return findPlan(db(), id);
  }

  app.patch(
    "/api/continuity/restore-tests/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Correct a restore test", params: idParams, body: updateRestoreTestBody, response: { 200: restoreTestSchema } } },
    async (request) => {
      const before = await findRestoreTest(db(), request.params.id);
      await checkPlanId(request.body.planId);
      const now = app.services.now();
      const after = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [t] = await tx.update(backupRestoreTests).set({ ...request.body, updatedAt: now }).where(eq(backupRestoreTests.id, before.id)).returning();
        return { result: t, changes: [{ action: "update", entityType: "backup_restore_test", entityId: t.id, before, after: t }] };
      });
      const refs = await planReferences(db(), [after.planId]);
      return restoreTestView(after, after.planId ? (refs.get(after.planId) ?? null) : null);
    },
  );

  app.delete(
    "/api/continuity/restore-tests/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Delete a restore test", params: idParams } },
    async (request) => {
      const before = await findRestoreTest(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(backupRestoreTests).where(eq(backupRestoreTests.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "backup_restore_test", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  // ---- Evidence references ----
  app.get(
    "/api/continuity/evidence/:kind/:id",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "A plan, exercise or restore test as an evidence reference (kind, id) for the compliance workspace", params: evidenceParams, response: { 200: evidenceSchema } },
    },
    async (request) => {
      const { kind, id } = request.params;
      if (kind === "bc_plan") {
        const p = await findPlan(db(), id);
        return {
          kind,
          id,
          reference: p.reference,
          title: p.title,
          date: p.approvedOn,
          summary: `${PLAN_KIND_LABELS[p.kind]} v${p.version}, ${p.status}${p.approvedBy ? ` by ${p.approvedBy}` : ""}`,
          link: `/continuity/plans?plan=${p.id}`,
        };
      }
      if (kind === "exercise") {
        const e = await findExercise(db(), id);
        return { kind, id, reference: e.reference, title: e.title, date: e.heldOn, summary: `${e.type} exercise with ${e.participants.length} participant(s)`, link: `/continuity/exercises?exercise=${e.id}` };
      }
      const t = restoreTestView(await findRestoreTest(db(), id));
      return {
        kind,
        id,
        reference: t.reference,
        title: `Restore test of ${t.system}`,
        date: t.testedOn,
        summary: `${t.result}, ${t.minutesToRestore ?? "?"} min against an RTO of ${t.rtoMinutes ?? "—"} min: ${t.outcome}`,
        link: `/continuity/restore-tests?test=${t.id}`,
      };
    },
  );
}
