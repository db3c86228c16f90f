import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { assignees, parseCompletionCsv, RESPONSIBILITIES } from "../../core/governance";
import { isRole } from "../../core/access/roles";
import { users } from "../accounts/schema";
import { audited } from "../audit/store";
import { AppError, badRequest, forbidden, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { assignmentsBody, campaignBody, campaignView, completeBody, idParams, importBody, recordBody, recordView, updateCampaignBody } from "./api-schemas";
import { trainingAssignments, trainingCampaigns, trainingRecords } from "./schema";
import { campaignViews, checkRequirementIds, checkUserIds, findCampaign, holders, recordView as toRecordView, staff, targetOf } from "./store";

export async function trainingRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["governance"];
  const view = async (id: string) => (await campaignViews(db(), [await findCampaign(db(), id)], app.services.now()))[0];

  /** Whether `userId` is among a campaign's assignees. */
  const isAssigned = async (campaignId: string, userId: string) => {
    const [targets, people, roleHolders] = await Promise.all([
      db().select().from(trainingAssignments).where(eq(trainingAssignments.campaignId, campaignId)),
      staff(db()),
      holders(db()),
    ]);
    return assignees(targets.map(targetOf), people, roleHolders).some((p) => p.id === userId);
  };

  app.get(
    "/api/governance/training/campaigns",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Training campaigns with assignees, completion and rates per role", response: { 200: z.array(campaignView) } } },
    async () => campaignViews(db(), await db().select().from(trainingCampaigns).orderBy(asc(trainingCampaigns.title)), app.services.now()),
  );

  app.get(
    "/api/governance/training/campaigns/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One training campaign", params: idParams, response: { 200: campaignView } } },
    async (request) => view(request.params.id),
  );

  app.get(
    "/api/governance/training/overdue",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Everyone past a campaign's due date without a completion record",
        response: {
          200: z.array(z.object({ campaignId: z.string(), campaign: z.string(), kind: z.string(), dueAt: z.string(), userId: z.string(), name: z.string(), email: z.string(), role: z.string() })),
        },
      },
    },
    async () => {
      const all = await campaignViews(db(), await db().select().from(trainingCampaigns).orderBy(asc(trainingCampaigns.dueAt)), app.services.now());
      return all.flatMap((c) =>
        c.assignees
          .filter((a) => a.status === "overdue")
          .map((a) => ({ campaignId: c.id, campaign: c.title, kind: c.kind, dueAt: c.dueAt!, userId: a.userId, name: a.name, email: a.email, role: a.role })),
      );
    },
  );

  app.get(
    "/api/governance/training/records/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One completion record", params: idParams, response: { 200: recordView } } },
    async (request) => {
      const [r] = await db().select().from(trainingRecords).where(eq(trainingRecords.id, request.params.id)).limit(1);
      if (!r) throw notFound("Training record");
      return toRecordView(r);
    },
  );

  app.post(
    "/api/governance/training/campaigns",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Create a training campaign", body: campaignBody, response: { 201: campaignView } } },
    async (request, reply) => {
      const body = request.body;
      const requirementIds = body.requirementIds ?? (body.kind === "management_body" ? ["nis2:art20.2"] : []);
      checkRequirementIds(requirementIds, app.services.catalog.items);
      const now = app.services.now();
      const principal = request.principal!;
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const [c] = await tx
          .insert(trainingCampaigns)
          .values({
            title: body.title,
            description: body.description ?? "",
            kind: body.kind,
            requirementIds,
            dueAt: body.dueAt ? new Date(body.dueAt) : null,
            createdBy: principal.email,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        // The management-body training is addressed to the management body by default (NIS2 Art. 20(2)).
        if (body.kind === "management_body") await tx.insert(trainingAssignments).values({ campaignId: c.id, responsibilityKey: "management_body", createdAt: now });
        return { result: c, changes: [{ action: "create", entityType: "training_campaign", entityId: c.id, after: c }] };
      });
      return reply.status(201).send(await view(row.id));
    },
  );

  app.patch(
    "/api/governance/training/campaigns/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Change a training campaign", params: idParams, body: updateCampaignBody, response: { 200: campaignView } } },
    async (request) => {
      const before = await findCampaign(db(), request.params.id);
      const body = request.body;
      if (body.requirementIds) checkRequirementIds(body.requirementIds, app.services.catalog.items);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const { dueAt, ...rest } = body;
        const [after] = await tx
          .update(trainingCampaigns)
          .set({ ...rest, ...(dueAt !== undefined ? { dueAt: dueAt ? new Date(dueAt) : null } : {}), updatedAt: app.services.now() })
          .where(eq(trainingCampaigns.id, before.id))
          .returning();
        return { result: after, changes: [{ action: "update", entityType: "training_campaign", entityId: before.id, before, after }] };
      });
      return view(before.id);
    },
  );

  app.delete(
    "/api/governance/training/campaigns/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Delete a campaign with its assignments and records", params: idParams } },
    async (request) => {
      const before = await findCampaign(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(trainingCampaigns).where(eq(trainingCampaigns.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "training_campaign", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.put(
    "/api/governance/training/campaigns/:id/assignments",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Set who must complete a campaign: users, access roles and/or security responsibilities", params: idParams, body: assignmentsBody, response: { 200: campaignView } },
    },
    async (request) => {
      const c = await findCampaign(db(), request.params.id);
      const targets = request.body.targets;
      const problems: { path: string; message: string }[] = [];
      targets.forEach((t, i) => {
        if ("role" in t && (!isRole(t.role) || t.role === "customer")) problems.push({ path: `body/targets/${i}/role`, message: `unknown staff role ${t.role}` });
        if ("responsibilityKey" in t && !RESPONSIBILITIES.some((r) => r.key === t.responsibilityKey)) {
          problems.push({ path: `body/targets/${i}/responsibilityKey`, message: `unknown responsibility ${t.responsibilityKey}` });
        }
      });
      if (problems.length > 0) throw badRequest(problems.map((p) => `${p.path}: ${p.message}`).join("; "), problems);
      const userIds = targets.flatMap((t) => ("userId" in t ? [t.userId] : []));
      await checkUserIds(db(), userIds, "body/targets");
      const now = app.services.now();
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const before = (await tx.select().from(trainingAssignments).where(eq(trainingAssignments.campaignId, c.id))).map(targetOf);
        await tx.delete(trainingAssignments).where(eq(trainingAssignments.campaignId, c.id));
        if (targets.length > 0) await tx.insert(trainingAssignments).values(targets.map((t) => ({ campaignId: c.id, createdAt: now, ...t })));
        return { result: null, changes: [{ action: "assign", entityType: "training_campaign", entityId: c.id, before: { targets: before }, after: { targets } }] };
      });
      return view(c.id);
    },
  );

  app.post(
    "/api/governance/training/campaigns/:id/records",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Record a completion for an assigned person (updates their earlier record, keeping its id)", params: idParams, body: recordBody, response: { 201: recordView } },
    },
    async (request, reply) => {
      const c = await findCampaign(db(), request.params.id);
      const body = request.body;
      if (new Date(body.completedAt).getTime() > app.services.now().getTime()) throw badRequest("body/completedAt: lies in the future", [{ path: "body/completedAt", message: "lies in the future" }]);
      if (!(await isAssigned(c.id, body.userId))) throw badRequest("body/userId: the person is not assigned to this campaign", [{ path: "body/userId", message: "not assigned" }]);
      const r = await upsertRecords(c.id, [{ userId: body.userId, completedAt: new Date(body.completedAt), evidenceSha256: body.evidenceSha256?.toLowerCase() ?? null, note: body.note ?? null }], "manual", request.principal!);
      return reply.status(201).send(toRecordView(r[0]));
    },
  );

  app.post(
    "/api/governance/training/campaigns/:id/complete",
    {
      config: { access: "assigned:write" },
      schema: { tags, summary: "The signed-in person records their own completion of a campaign assigned to them", params: idParams, body: completeBody, response: { 201: recordView } },
    },
    async (request, reply) => {
      const c = await findCampaign(db(), request.params.id);
      const principal = request.principal!;
      if (!(await isAssigned(c.id, principal.userId))) throw forbidden("This training is not assigned to you");
      const now = app.services.now();
      const completedAt = request.body.completedAt ? new Date(request.body.completedAt) : now;
      if (completedAt.getTime() > now.getTime()) throw badRequest("body/completedAt: lies in the future", [{ path: "body/completedAt", message: "lies in the future" }]);
      const r = await upsertRecords(c.id, [{ userId: principal.userId, completedAt, evidenceSha256: request.body.evidenceSha256?.toLowerCase() ?? null, note: request.body.note ?? null }], "self", principal);
      return reply.status(201).send(toRecordView(r[0]));
    },
  );

  app.post(
    "/api/governance/training/campaigns/:id/records/import",
    {
      config: { access: "compliance:write" },
      schema: {
        tags,
        summary: "Import completion records from CSV (email, completed_at, evidence_sha256, note); any bad row rejects the whole file, every bad row listed",
        params: idParams,
        body: importBody,
        response: { 200: z.object({ imported: z.number(), replaced: z.number() }) },
      },
    },
    async (request) => {
      const c = await findCampaign(db(), request.params.id);
      const { rows, problems } = parseCompletionCsv(request.body.csv, app.services.now());
      // Sound rows are checked against users and assignments too, so that one answer lists every bad line.
      const parsedEmails = rows.map((r) => r.email);
      const lineProblems = [...problems];
      {
        const found = parsedEmails.length ? await db().select().from(users).where(inArray(users.email, parsedEmails)) : [];
        const byEmail = new Map(found.map((u) => [u.email.toLowerCase(), u]));
        const [targets, people, roleHolders] = await Promise.all([
          db().select().from(trainingAssignments).where(eq(trainingAssignments.campaignId, c.id)),
          staff(db()),
          holders(db()),
        ]);
        const assigned = new Set(assignees(targets.map(targetOf), people, roleHolders).map((p) => p.id));
        for (const r of rows) {
          const u = byEmail.get(r.email);
          if (!u || u.role === "customer") lineProblems.push({ line: r.line, message: `no staff user with e-mail ${r.email}` });
          else if (!assigned.has(u.id)) lineProblems.push({ line: r.line, message: `${r.email} is not assigned to "${c.title}"` });
        }
        lineProblems.sort((a, b) => a.line - b.line);
        if (lineProblems.length === 0 && rows.length > 0) {
          const existing = await db().select({ userId: trainingRecords.userId }).from(trainingRecords).where(eq(trainingRecords.campaignId, c.id));
          const had = new Set(existing.map((e) => e.userId));
          const toWrite = rows.map((r) => ({ userId: byEmail.get(r.email)!.id, completedAt: r.completedAt, evidenceSha256: r.evidenceSha256, note: r.note }));
          await upsertRecords(c.id, toWrite, "csv", request.principal!);
          return { imported: toWrite.length, replaced: toWrite.filter((w) => had.has(w.userId)).length };
        }
      }
      throw new AppError(
        400,
        "csv_invalid",
        `The file was not imported: ${lineProblems.length} row(s) with problems (${lineProblems
          .slice(0, 3)
          .map((p) => `line ${p.line}: ${p.message}`)
          .join("; ")}${lineProblems.length > 3 ? "; …" : ""})`,
        lineProblems.map((p) => ({ path: `csv/line/${p.line}`, line: p.line, message: p.message })),
      );
    },
  );

  /** Writes completion records in one audited transaction, replacing each person's earlier record. */
  async function upsertRecords(
    campaignId: string,
    rows: { userId: string; completedAt: Date; evidenceSha256: string | null; note: string | null }[],
    source: "self" | "manual" | "csv",
    principal: NonNullable<import("fastify").FastifyRequest["principal"]>,
  ) {
    const now = app.services.now();
    return audited(db(), actorOf(principal), async (tx) => {
      const changes = [];
      const written = [];
      for (const r of rows) {
        const [before] = await tx
          .select()
          .from(trainingRecords)
          .where(and(eq(trainingRecords.campaignId, campaignId), eq(trainingRecords.userId, r.userId)))
          .limit(1);
        const values = { completedAt: r.completedAt, evidenceSha256: r.evidenceSha256, evidenceNote: r.note, source, recordedBy: principal.email };
        // The record keeps its id when it is replaced, so that evidence pointing at it stays valid.
        const [after] = before
          ? await tx.update(trainingRecords).set(values).where(eq(trainingRecords.id, before.id)).returning()
          : await tx.insert(trainingRecords).values({ campaignId, userId: r.userId, createdAt: now, ...values }).returning();
        written.push(after);
        changes.push({ action: source === "csv" ? "import" : "complete", entityType: "training_record", entityId: after.id, before: before ?? undefined, after });
      }
      return { result: written, changes };
    });
  }
}
