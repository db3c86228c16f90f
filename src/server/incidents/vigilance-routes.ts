import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { audited } from "../audit/store";
import { badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { idParams, instant } from "./api-schemas";
import { incidents, incidentTimeline } from "./schema";
import { checkAffectedIds, findIncident, type IncidentRow, isUniqueViolation, who } from "./store";
import { FSCA_STATUSES, incidentFscas, incidentMirReports, MIR_TYPES } from "./vigilance-schema";

type MirRow = typeof incidentMirReports.$inferSelect;
type FscaRow = typeof incidentFscas.$inferSelect;

const text = (max: number) => z.string().trim().min(1, "required").max(max);

export const mirBody = z
  .object({
    reference: text(200),
    type: z.enum(MIR_TYPES),
    submittedAt: instant,
    competentAuthority: text(500),
    notes: z.string().max(5000).optional(),
  })
  .strict();

const fscaFields = {
  reference: text(200),
  description: z.string().max(20_000),
  startedAt: instant,
  fieldSafetyNoticeSentAt: instant.nullable(),
  affectedVersionIds: z.array(z.string().min(1).max(100)).max(500),
  affectedDevices: z.string().max(5000).nullable(),
  status: z.enum(FSCA_STATUSES),
  completedAt: instant.nullable(),
};
export const fscaBody = z
  .object({
    ...fscaFields,
    description: fscaFields.description.default(""),
    fieldSafetyNoticeSentAt: fscaFields.fieldSafetyNoticeSentAt.optional(),
    affectedVersionIds: fscaFields.affectedVersionIds.default([]),
    affectedDevices: fscaFields.affectedDevices.optional(),
    status: fscaFields.status.default("in_progress"),
    completedAt: fscaFields.completedAt.optional(),
  })
  .strict();
export const fscaUpdateBody = z.object(fscaFields).partial().strict();

export const REFERENCE_KINDS = ["risk", "control", "finding"] as const;
export const lessonsLearnedBody = z
  .object({
    text: text(20_000),
    /** Risks, controls or findings the lessons led to; plain (kind, id) references, as those registers live elsewhere. */
    references: z
      .array(z.object({ kind: z.enum(REFERENCE_KINDS), id: z.string().trim().min(1).max(100) }).strict())
      .max(200)
      .default([]),
  })
  .strict();

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const viewMir = (m: MirRow) => ({ ...m, submittedAt: m.submittedAt.toISOString(), createdAt: m.createdAt.toISOString(), updatedAt: m.updatedAt.toISOString() });
export const viewFsca = (f: FscaRow) => ({
  ...f,
  startedAt: f.startedAt.toISOString(),
  fieldSafetyNoticeSentAt: iso(f.fieldSafetyNoticeSentAt),
  completedAt: iso(f.completedAt),
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
});

const refuse = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);

/** When the manufacturer became aware of the serious incident: the vigilance clock's start, else the incident's. */
function vigilanceAwareAt(incident: IncidentRow): Date {
  const vigilance = incident.deviceVigilance;
  return typeof vigilance === "object" && vigilance?.awareAt ? new Date(vigilance.awareAt) : incident.awareAt;
}

/** MIR sequence: one initial report first, follow-ups after it, one final report last. */
function checkMir(incident: IncidentRow, existing: MirRow[], body: z.output<typeof mirBody>): void {
  if (!incident.deviceVigilance || incident.deviceVigilance === "unknown") {
    throw refuse(
      "body/type",
      `incident ${incident.reference} is not flagged as a (potential) MDR/IVDR serious incident; set its device vigilance category first`,
    );
  }
  const submittedAt = new Date(body.submittedAt);
  const aware = vigilanceAwareAt(incident);
  if (submittedAt < aware) throw refuse("body/submittedAt", `is before awareness of the serious incident (${aware.toISOString()})`);
  const initial = existing.find((m) => m.type === "initial");
  const final = existing.find((m) => m.type === "final");
  if (final) throw refuse("body/type", `the final report (${final.reference}) has already been recorded`);
  if (body.type === "initial" && initial) throw refuse("body/type", `an initial report (${initial.reference}) has already been recorded; add a follow-up`);
  if (body.type !== "initial" && !initial) throw refuse("body/type", "record the initial report first");
  if (initial && submittedAt < initial.submittedAt) {
    throw refuse("body/submittedAt", `is before the initial report was submitted (${initial.submittedAt.toISOString()})`);
  }
}

function checkFscaDates(f: { startedAt: Date; fieldSafetyNoticeSentAt: Date | null; completedAt: Date | null; status: string }): void {
  if (f.fieldSafetyNoticeSentAt && f.fieldSafetyNoticeSentAt < f.startedAt) {
    throw refuse("body/fieldSafetyNoticeSentAt", `is before the corrective action started (${f.startedAt.toISOString()})`);
  }
  if (f.completedAt && f.completedAt < f.startedAt) throw refuse("body/completedAt", `is before the corrective action started (${f.startedAt.toISOString()})`);
  if (f.completedAt && f.status !== "completed") throw refuse("body/status", "has a completion date, so the status must be completed");
}

export async function vigilanceRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["incidents"];

  const loadVigilance = async (incidentId: string) => {
    const [mirs, fscas] = await Promise.all([
      db().select().from(incidentMirReports).where(eq(incidentMirReports.incidentId, incidentId)).orderBy(asc(incidentMirReports.submittedAt), asc(incidentMirReports.createdAt)),
      db().select().from(incidentFscas).where(eq(incidentFscas.incidentId, incidentId)).orderBy(asc(incidentFscas.startedAt), asc(incidentFscas.reference)),
    ]);
    return { mirs, fscas };
  };

  app.get(
    "/api/incidents/:id/vigilance",
    { config: { access: "workspace:read" }, schema: { tags, summary: "MDR/IVDR vigilance: manufacturer incident reports and field safety corrective actions", params: idParams } },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const { mirs, fscas } = await loadVigilance(incident.id);
      return { deviceVigilance: incident.deviceVigilance, mirs: mirs.map(viewMir), fscas: fscas.map(viewFsca) };
    },
  );

  app.post(
    "/api/incidents/:id/mir-reports",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Record a manufacturer incident report (initial, follow-up, final) sent to a competent authority", params: idParams, body: mirBody },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const body = request.body;
      const now = app.services.now();
      checkMir(incident, (await loadVigilance(incident.id)).mirs, body);
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const [m] = await tx
          .insert(incidentMirReports)
          .values({
            incidentId: incident.id,
            reference: body.reference,
            type: body.type,
            submittedAt: new Date(body.submittedAt),
            competentAuthority: body.competentAuthority,
            notes: body.notes ?? null,
            recordedBy: who(principal),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await tx.insert(incidentTimeline).values({
          incidentId: incident.id,
          at: m.submittedAt,
          kind: "vigilance",
          text: `Manufacturer incident report (${body.type.replace("_", "-")}) ${m.reference} sent to ${m.competentAuthority}`,
          by: who(principal),
        });
        return { result: m, changes: [{ action: "create", entityType: "incident_mir_report", entityId: m.id, after: m }] };
      });
      return reply.status(201).send(viewMir(row));
    },
  );

  app.post(
    "/api/incidents/:id/fscas",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Record a field safety corrective action with its start and field safety notice dates", params: idParams, body: fscaBody },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const body = request.body;
      const now = app.services.now();
      const values = {
        incidentId: incident.id,
        reference: body.reference,
        description: body.description,
        startedAt: new Date(body.startedAt),
        fieldSafetyNoticeSentAt: body.fieldSafetyNoticeSentAt ? new Date(body.fieldSafetyNoticeSentAt) : null,
        affectedVersionIds: body.affectedVersionIds,
        affectedDevices: body.affectedDevices ?? null,
        status: body.status,
        completedAt: body.completedAt ? new Date(body.completedAt) : null,
        recordedBy: who(principal),
        createdAt: now,
        updatedAt: now,
      };
      checkFscaDates(values);
      await checkAffectedIds(db(), { affectedVersionIds: body.affectedVersionIds });
      const save = audited(db(), actorOf(principal), async (tx) => {
        const [f] = await tx.insert(incidentFscas).values(values).returning();
        await tx.insert(incidentTimeline).values({
          incidentId: incident.id,
          at: f.startedAt,
          kind: "vigilance",
          text: `Field safety corrective action ${f.reference} started (${f.status.replace("_", " ")})`,
          by: who(principal),
        });
        return { result: f, changes: [{ action: "create", entityType: "incident_fsca", entityId: f.id, after: f }] };
      });
      const row = await save.catch((err) => {
        if (isUniqueViolation(err)) throw conflict(`A corrective action with reference "${body.reference}" already exists for this incident`);
        throw err;
      });
      return reply.status(201).send(viewFsca(row));
    },
  );

  app.patch(
    "/api/incidents/:id/fscas/:fscaId",
    {
      config: { access: "incidents:write" },
      schema: {
        tags,
        summary: "Update a field safety corrective action (notice sent, status, completion)",
        params: z.object({ id: z.string().min(1).max(100), fscaId: z.string().min(1).max(100) }),
        body: fscaUpdateBody,
      },
    },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const [before] = await db()
        .select()
        .from(incidentFscas)
        .where(and(eq(incidentFscas.id, request.params.fscaId), eq(incidentFscas.incidentId, incident.id)))
        .limit(1);
      if (!before) throw notFound("Field safety corrective action");
      const body = request.body;
      const now = app.services.now();
      const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));
      const changes = {
        ...body,
        startedAt: toDate(body.startedAt) ?? undefined,
        fieldSafetyNoticeSentAt: toDate(body.fieldSafetyNoticeSentAt),
        completedAt: toDate(body.completedAt) ?? (body.status === "completed" && !before.completedAt ? now : undefined),
        updatedAt: now,
      };
      const merged = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as FscaRow;
      checkFscaDates(merged);
      if (body.affectedVersionIds) await checkAffectedIds(db(), { affectedVersionIds: body.affectedVersionIds });
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const [f] = await tx.update(incidentFscas).set(changes).where(eq(incidentFscas.id, before.id)).returning();
        const events = [
          !before.fieldSafetyNoticeSentAt && f.fieldSafetyNoticeSentAt ? { at: f.fieldSafetyNoticeSentAt, text: `Field safety notice for ${f.reference} sent` } : null,
          before.status !== f.status ? { at: now, text: `Field safety corrective action ${f.reference}: ${before.status.replace("_", " ")} → ${f.status.replace("_", " ")}` } : null,
        ].filter((e) => e !== null);
        for (const e of events) await tx.insert(incidentTimeline).values({ incidentId: incident.id, kind: "vigilance", by: who(principal), ...e });
        return { result: f, changes: [{ action: "update", entityType: "incident_fsca", entityId: f.id, before, after: f }] };
      });
      return viewFsca(after);
    },
  );

  app.put(
    "/api/incidents/:id/lessons-learned",
    {
      config: { access: "incidents:write" },
      schema: {
        tags,
        summary: "After closing: record the lessons learned and the risks, controls or findings they led to (Art. 21 continual improvement)",
        params: idParams,
        body: lessonsLearnedBody,
      },
    },
    async (request) => {
      const before = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      if (before.status !== "closed") {
        throw refuse("body/text", `lessons learned are recorded once the incident is closed; ${before.reference} is ${before.status}`);
      }
      const ofKind = (kind: (typeof REFERENCE_KINDS)[number]) => [...new Set(request.body.references.filter((r) => r.kind === kind).map((r) => r.id))];
      const now = app.services.now();
      const changes = {
        lessonsLearned: request.body.text,
        linkedRiskIds: ofKind("risk"),
        linkedControlIds: ofKind("control"),
        linkedFindingIds: ofKind("finding"),
        updatedAt: now,
      };
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx.update(incidents).set(changes).where(eq(incidents.id, before.id)).returning();
        const linked = request.body.references.length;
        await tx.insert(incidentTimeline).values({
          incidentId: r.id,
          at: now,
          kind: "action",
          text: `Lessons learned recorded${linked ? ` (${linked} linked risk/control/finding reference${linked === 1 ? "" : "s"})` : ""}`,
          by: who(principal),
        });
        const pick = (x: IncidentRow) => ({ lessonsLearned: x.lessonsLearned, linkedRiskIds: x.linkedRiskIds, linkedControlIds: x.linkedControlIds, linkedFindingIds: x.linkedFindingIds });
        return { result: r, changes: [{ action: "lessons_learned", entityType: "incident", entityId: r.id, before: pick(before), after: pick(r) }] };
      });
      return {
        text: after.lessonsLearned,
        references: [
          ...after.linkedRiskIds.map((id) => ({ kind: "risk", id })),
          ...after.linkedControlIds.map((id) => ({ kind: "control", id })),
          ...after.linkedFindingIds.map((id) => ({ kind: "finding", id })),
        ],
      };
    },
  );
}
