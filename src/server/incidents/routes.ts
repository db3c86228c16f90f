import { asc, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { ACTIVITIES, type Activity, significanceEntityType } from "../../core/applicability";
import { assessSignificance, confirmSignificance, IncidentInputError } from "../../core/incidents";
import { type AuditChange, audited } from "../audit/store";
import { getProfile } from "../organisation/store";
import { badRequest, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import { keptReads } from "../platform/http/short-cache";
import type { VigilApp } from "../platform/http/types";
import { pageSchema, wantsPage } from "../platform/paging";
import {
  assessmentBody,
  confirmBody,
  createIncidentBody,
  evidenceBody,
  INCIDENT_PAGE_OMITS,
  idParams,
  incidentView as incidentViewSchema,
  timelineBody,
  updateIncidentBody,
} from "./api-schemas";
import { type ClockRow, clockInputOf, nextDeadlines, nextDeadlinesWith, nextDeadlineSchema, obligationsOrBadRequest } from "./clocks";
import { craRoutes } from "./cra-routes";
import { contentDisposition, decodeBase64, EVIDENCE_BODY_LIMIT, fileNameProblem, MAX_EVIDENCE_BYTES, sha256Hex } from "./evidence";
import { notificationRoutes } from "./notification-routes";
import { incidentFilters, incidentListQuery, incidentPage } from "./paging";
import { scheduleReminderRun } from "./reminders";
import { reportingRoutes } from "./reporting-routes";
import { vigilanceRoutes } from "./vigilance-routes";
import { INCIDENT_STATUSES, incidentEvidence, incidents, incidentTimeline, type IncidentStatus } from "./schema";
import { checkAffectedIds, countsFor, findIncident, type IncidentRow, incidentView, loadRelated, nextReference, who } from "./store";

const isActivity = (a: string): a is Activity => (ACTIVITIES as readonly string[]).includes(a);

const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

/** Core error paths (clock input) as request-body paths. */
function bodyPath(corePath: string): string {
  if (corePath.startsWith("submissions") || corePath.startsWith("intermediateRequests")) return "body/awareAt";
  return `body/${corePath.replace(/^device\b/, "deviceVigilance").replace(/\[(\d+)\]/g, "/$1").replace(/\./g, "/")}`;
}

/** Checks that the record's instants are consistent with each other and with recorded submissions. */
async function checkClockConsistency(app: VigilApp, candidate: IncidentRow): Promise<void> {
  const related = await loadRelated(app.services.database.db, candidate.id);
  try {
    obligationsOrBadRequest(clockInputOf(candidate, related.submissions, related.requests, app.services.now()), app.services.catalog.memberStates);
  } catch (err) {
    const details = (err as { details?: { path: string; message: string }[] }).details;
    if (!details) throw err;
    const mapped = details.map((d) => ({ path: bodyPath(d.path), message: d.message }));
    throw badRequest(mapped.map((d) => `${d.path}: ${d.message}`).join("; "), mapped);
  }
}

function checkStatusChange(from: IncidentStatus, to: IncidentStatus): void {
  if (INCIDENT_STATUSES.indexOf(to) < INCIDENT_STATUSES.indexOf(from)) {
    throw badRequest(`body/status: an incident moves open → contained → resolved → closed; it cannot go back from ${from} to ${to}`, [
      { path: "body/status", message: `cannot go back from ${from} to ${to}` },
    ]);
  }
}

const incidentListItem = incidentViewSchema.extend({ nextDeadline: nextDeadlineSchema.nullable() });
/** A page's item: the response encoding leaves out the fields omitted here (the significance outcome the clocks read). */
const incidentPageItem = incidentListItem.omit(INCIDENT_PAGE_OMITS);

export async function incidentRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  // The list's totals, kept a few seconds (dashboard/README.md).
  const keptTotals = keptReads(app);
  const tags = ["incidents"];
  const remindSoon = () => scheduleReminderRun(db(), app.services.jobs, app.services.now());

  // Queued jobs are not part of backups: after a restore or a fresh start, reminders resume without waiting for a change.
  app.addHook("onReady", async () => {
    try {
      const [open] = await db().select({ id: incidents.id }).from(incidents).where(ne(incidents.status, "closed")).limit(1);
      if (open) await remindSoon();
    } catch (err) {
      app.log.warn({ err: (err as Error).message }, "could not queue incident reminders at start-up");
    }
  });

  app.get(
    "/api/incidents",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary:
          "Incidents, newest first, each with its next open deadline, filtered by status, closed or text; with limit, cursor or page one sorted page with the total, whose items leave out the narrative and the significance assessment (read them with GET /api/incidents/{id})",
        querystring: incidentListQuery,
        response: { 200: z.union([z.array(incidentListItem), pageSchema(incidentPageItem)]) },
      },
    },
    async (request) => {
      const q = request.query;
      const withDeadlines = async <R extends ClockRow & Pick<IncidentRow, "createdAt" | "updatedAt">>(rows: R[]) => {
        const deadlines = await nextDeadlines(db(), rows, app.services.now(), app.services.catalog.memberStates);
        return rows.map((r) => ({ nextDeadline: deadlines.get(r.id) ?? null, ...incidentView(r) }));
      };
      if (wantsPage(q)) {
        const page = await incidentPage(db(), q, keptTotals);
        const deadlines = nextDeadlinesWith(page.rows, app.services.now(), app.services.catalog.memberStates);
        const items = page.rows.map(({ incident }) => ({ nextDeadline: deadlines.get(incident.id) ?? null, ...incidentView(incident) }));
        return { items, total: page.total, nextCursor: page.nextCursor };
      }
      return withDeadlines(await db().select().from(incidents).where(incidentFilters(q)).orderBy(desc(incidents.awareAt)));
    },
  );

  app.get(
    "/api/incidents/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One incident", params: idParams, response: { 200: incidentViewSchema } } },
    async (request) => {
      const row = await findIncident(db(), request.params.id);
      return incidentView(row, await countsFor(db(), row.id));
    },
  );

  app.post(
    "/api/incidents",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Declare an incident", body: createIncidentBody, response: { 201: incidentViewSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      const principal = request.principal!;
      await checkAffectedIds(db(), body);
      const now = app.services.now();
      const profile = await getProfile(db());
      const values = {
        ...body,
        id: crypto.randomUUID(),
        reference: "",
        reporter: body.reporter ?? who(principal),
        country: body.country ?? profile?.mainEstablishment ?? null,
        detectedAt: new Date(body.detectedAt),
        awareAt: new Date(body.awareAt),
        handledAt: toDate(body.handledAt) ?? (body.status === "resolved" || body.status === "closed" ? now : null),
        impactEndedAt: toDate(body.impactEndedAt) ?? null,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      };
      await checkClockConsistency(app, { ...emptyRow(), ...values } as IncidentRow);
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const reference = await nextReference(tx, now.getUTCFullYear());
        const [r] = await tx.insert(incidents).values({ ...values, reference }).returning();
        await tx.insert(incidentTimeline).values({ incidentId: r.id, at: now, kind: "status", text: `Incident declared (${r.status})`, by: who(principal) });
        return { result: r, changes: [{ action: "create", entityType: "incident", entityId: r.id, after: r }] };
      });
      await remindSoon();
      return reply.status(201).send(incidentView(row));
    },
  );

  app.patch(
    "/api/incidents/:id",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Update an incident (status moves forward only)", params: idParams, body: updateIncidentBody, response: { 200: incidentViewSchema } },
    },
    async (request) => {
      const before = await findIncident(db(), request.params.id);
      const body = request.body;
      const principal = request.principal!;
      const now = app.services.now();
      if (body.status) checkStatusChange(before.status, body.status);
      await checkAffectedIds(db(), body);
      const changes = {
        ...body,
        detectedAt: toDate(body.detectedAt) ?? undefined,
        awareAt: toDate(body.awareAt) ?? undefined,
        handledAt: toDate(body.handledAt),
        impactEndedAt: toDate(body.impactEndedAt),
        updatedAt: now,
      };
      const becomesHandled = (body.status === "resolved" || body.status === "closed") && !before.handledAt && changes.handledAt === undefined;
      if (becomesHandled) changes.handledAt = now;
      const candidate = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as IncidentRow;
      await checkClockConsistency(app, candidate);
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx.update(incidents).set(changes).where(eq(incidents.id, before.id)).returning();
        if (body.status && body.status !== before.status) {
          await tx
            .insert(incidentTimeline)
            .values({ incidentId: r.id, at: now, kind: "status", text: `Status ${before.status} → ${body.status}`, by: who(principal) });
        }
        return { result: r, changes: [{ action: "update", entityType: "incident", entityId: r.id, before, after: r }] };
      });
      await remindSoon();
      return incidentView(after, await countsFor(db(), after.id));
    },
  );

  app.delete(
    "/api/incidents/:id",
    { config: { access: "incidents:write" }, schema: { tags, summary: "Delete an incident with its records", params: idParams } },
    async (request) => {
      const before = await findIncident(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.delete(incidents).where(eq(incidents.id, before.id));
        return { result: null, changes: [{ action: "delete", entityType: "incident", entityId: before.id, before }] };
      });
      return { ok: true };
    },
  );

  app.post(
    "/api/incidents/:id/assessment",
    {
      config: { access: "incidents:write" },
      schema: {
        tags,
        summary: "Answer the Art. 23(3) significance questions; returns the proposal to confirm",
        params: idParams,
        body: assessmentBody,
        response: { 200: incidentViewSchema },
      },
    },
    async (request) => {
      const before = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const now = app.services.now();
      const profile = await getProfile(db());
      const annualTurnoverEur = request.body.annualTurnoverEur ?? profile?.annualTurnoverEur ?? undefined;
      const entityType = request.body.entityType ?? significanceEntityType({ activities: (profile?.activities ?? []).filter(isActivity) });
      let proposal: ReturnType<typeof assessSignificance>;
      try {
        proposal = assessSignificance({
          entityType,
          annualTurnoverEur,
          answers: request.body.answers,
          ...(before.impact ? { impact: before.impact } : {}),
          facts: before.facts,
        });
      } catch (err) {
        if (err instanceof IncidentInputError) {
          throw badRequest(err.message, err.issues.map((i) => ({ path: `incident/${i.path.replace(/\./g, "/")}`, message: i.message })));
        }
        throw err;
      }
      const assessment = {
        entityType,
        ...(annualTurnoverEur !== undefined ? { annualTurnoverEur } : {}),
        answers: request.body.answers as Record<string, "yes" | "no" | "unknown">,
        assessedAt: now.toISOString(),
        assessedBy: who(principal),
        proposal,
      };
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx.update(incidents).set({ assessment, updatedAt: now }).where(eq(incidents.id, before.id)).returning();
        await tx
          .insert(incidentTimeline)
          .values({ incidentId: r.id, at: now, kind: "assessment", text: `Significance assessed: ${proposal.label} (to be confirmed)`, by: who(principal) });
        return { result: r, changes: [{ action: "assess", entityType: "incident", entityId: r.id, before: { assessment: before.assessment }, after: { assessment } }] };
      });
      return incidentView(after, await countsFor(db(), after.id));
    },
  );

  app.post(
    "/api/incidents/:id/confirm",
    {
      config: { access: "incidents:write" },
      schema: {
        tags,
        summary: "Confirm (or, with a rationale, override) the significance proposal",
        params: idParams,
        body: confirmBody,
        response: { 200: incidentViewSchema },
      },
    },
    async (request) => {
      const before = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const now = app.services.now();
      if (!before.assessment) {
        throw badRequest("No significance assessment to confirm: answer the questions first (POST …/assessment)", [
          { path: "incident/assessment", message: "missing" },
        ]);
      }
      let decision: ReturnType<typeof confirmSignificance>;
      try {
        decision = confirmSignificance(before.assessment.proposal, { by: who(principal), at: now.toISOString(), ...request.body });
      } catch (err) {
        if (err instanceof IncidentInputError) {
          throw badRequest(err.message, err.issues.map((i) => ({ path: `body/${i.path}`, message: i.message })));
        }
        throw err;
      }
      await checkClockConsistency(app, { ...before, significance: decision });
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx.update(incidents).set({ significance: decision, updatedAt: now }).where(eq(incidents.id, before.id)).returning();
        await tx.insert(incidentTimeline).values({
          incidentId: r.id,
          at: now,
          kind: "assessment",
          text: `Significance confirmed: ${decision.label}${decision.overridden ? ` (proposal overridden: ${decision.rationale})` : ""}`,
          by: who(principal),
        });
        return {
          result: r,
          changes: [{ action: "confirm", entityType: "incident", entityId: r.id, before: { significance: before.significance }, after: { significance: decision } }],
        };
      });
      await remindSoon();
      return incidentView(after, await countsFor(db(), after.id));
    },
  );

  app.post(
    "/api/incidents/:id/timeline",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Add an action to the incident timeline", params: idParams, body: timelineBody },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const at = request.body.at ? new Date(request.body.at) : app.services.now();
      const entry = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx.insert(incidentTimeline).values({ incidentId: incident.id, at, kind: "action", text: request.body.text, by: who(principal) }).returning();
        return { result: r, changes: [{ action: "create", entityType: "incident_timeline", entityId: r.id, after: r }] };
      });
      return reply.status(201).send({ ...entry, at: entry.at.toISOString(), createdAt: entry.createdAt.toISOString() });
    },
  );

  const evidenceView = z.object({
    id: z.string(),
    fileName: z.string(),
    mediaType: z.string(),
    size: z.number(),
    sha256: z.string(),
    description: z.string().nullable(),
    uploadedBy: z.string(),
    createdAt: z.string(),
  });
  const viewEvidence = (e: typeof incidentEvidence.$inferSelect) => {
    const { contentBase64: _c, incidentId: _i, ...rest } = e;
    return { ...rest, createdAt: e.createdAt.toISOString() };
  };

  app.get(
    "/api/incidents/:id/evidence",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Evidence attached to an incident", params: idParams, response: { 200: z.array(evidenceView) } } },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const rows = await db().select().from(incidentEvidence).where(eq(incidentEvidence.incidentId, incident.id)).orderBy(asc(incidentEvidence.createdAt), asc(incidentEvidence.fileName));
      return rows.map(viewEvidence);
    },
  );

  app.post(
    "/api/incidents/:id/evidence",
    {
      config: { access: "incidents:write", bodyLimit: EVIDENCE_BODY_LIMIT },
      bodyLimit: EVIDENCE_BODY_LIMIT,
      schema: {
        tags,
        summary: `Attach evidence (JSON with base64 content, at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB); stored with its SHA-256`,
        params: idParams,
        body: evidenceBody,
        response: { 201: evidenceView },
      },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const problem = fileNameProblem(request.body.fileName);
      if (problem) throw badRequest(`body/fileName: ${problem}`, [{ path: "body/fileName", message: problem }]);
      const bytes = decodeBase64(request.body.contentBase64);
      if (!bytes) throw badRequest("body/contentBase64: not valid base64", [{ path: "body/contentBase64", message: "not valid base64" }]);
      if (bytes.length > MAX_EVIDENCE_BYTES) {
        throw badRequest(`body/contentBase64: the file is larger than ${MAX_EVIDENCE_BYTES} bytes`, [
          { path: "body/contentBase64", message: `larger than ${MAX_EVIDENCE_BYTES} bytes` },
        ]);
      }
      const now = app.services.now();
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx
          .insert(incidentEvidence)
          .values({
            incidentId: incident.id,
            fileName: request.body.fileName,
            mediaType: request.body.mediaType,
            size: bytes.length,
            sha256: sha256Hex(bytes),
            contentBase64: bytes.toString("base64"),
            description: request.body.description ?? null,
            uploadedBy: who(principal),
            createdAt: now,
          })
          .returning();
        await tx
          .insert(incidentTimeline)
          .values({ incidentId: incident.id, at: now, kind: "evidence", text: `Evidence attached: ${r.fileName} (SHA-256 ${r.sha256})`, by: who(principal) });
        const change: AuditChange = { action: "create", entityType: "incident_evidence", entityId: r.id, after: viewEvidence(r) };
        return { result: r, changes: [change] };
      });
      return reply.status(201).send(viewEvidence(row));
    },
  );

  app.get(
    "/api/incidents/:id/evidence/:evidenceId",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Download an evidence file", params: z.object({ id: z.string().min(1).max(100), evidenceId: z.string().min(1).max(100) }) },
    },
    async (request, reply) => {
      const [row] = await db().select().from(incidentEvidence).where(eq(incidentEvidence.id, request.params.evidenceId)).limit(1);
      if (!row || row.incidentId !== request.params.id) throw notFound("Evidence");
      return reply
        .type(row.mediaType)
        .header("content-disposition", contentDisposition(row.fileName))
        .header("x-content-sha256", row.sha256)
        .header("x-content-type-options", "nosniff")
        .send(Buffer.from(row.contentBase64, "base64"));
    },
  );

  await reportingRoutes(app);
  await notificationRoutes(app);
  await vigilanceRoutes(app);
  await craRoutes(app);
}

/** Defaults for columns a candidate row is checked with before it exists. */
function emptyRow(): Partial<IncidentRow> {
  return { status: "open", significance: null, deviceVigilance: null, personalDataBreach: null, country: null, handledAt: null, impactEndedAt: null };
}
