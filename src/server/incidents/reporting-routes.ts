import { and, asc, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { type ClockInput, type DeviceCategory, parseInstant, type ReportDocument } from "../../core/incidents";
import { audited } from "../audit/store";
import { getProfile } from "../organisation/store";
import { badRequest, conflict, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { clocksQuery, draftEditBody, idParams, intermediateRequestBody, stageParams, submissionBody, versionQuery } from "./api-schemas";
import { refuseCraEarlyWarningWithout } from "./cra-cases";
import { classificationOf, clockInputOf, clocksOfIncidents, obligationsOrBadRequest, orderRequests, viewObligation } from "./clocks";
import { contentDisposition } from "./evidence";
import { scheduleReminderRun } from "./reminders";
import { applyDraftEdits, buildAddressedDraft, type DraftStage, incidentRecordOf, reportPdf } from "./reports";
import { incidentIntermediateRequests, incidentReportDrafts, incidents, incidentSubmissions, incidentTimeline } from "./schema";
import { affectedProductNames, affectedRecipients, findIncident, type IncidentRow, isUniqueViolation, loadRelated, who } from "./store";

const loose = z.record(z.string(), z.unknown());
const obligationView = z
  .object({
    id: z.string(),
    regime: z.string(),
    stage: z.string(),
    jurisdiction: z.string(),
    recipient: z.string(),
    startsAt: z.string().optional(),
    dueAt: z.string().optional(),
    due: z.object({ utc: z.string(), local: z.string(), zone: z.string() }).nullable(),
    timeLeftMs: z.number().nullable(),
    waitingFor: z.string().optional(),
    condition: z.string().optional(),
    noFixedDeadline: z.boolean().optional(),
    provisional: z.boolean().optional(),
    rule: z.string(),
    basis: z.string(),
    confidence: z.string(),
    status: z.string(),
    submission: loose.optional(),
    lateByMs: z.number().optional(),
    progress: loose.optional(),
    notes: z.array(z.string()).optional(),
    /** For an obligation a national law adds: its catalog record's verification date and first source. */
    national: z
      .object({ country: z.string(), verifiedOn: z.string().nullable(), source: z.object({ ref: z.string(), url: z.string().optional() }).nullable() })
      .loose()
      .optional(),
  })
  .loose();

const obligationsResponse = z.object({
  incidentId: z.string(),
  classification: z.enum(["significant", "not_significant", "pending"]),
  nis2: z.object({ reportable: z.boolean(), reason: z.string() }),
  timeZone: z.string(),
  memberState: z.string().optional(),
  /** The Member State's record as the clocks used it: status at awareness, verification date, deviations. */
  national: loose.optional(),
  now: z.string(),
  obligations: z.array(obligationView),
  notes: z.array(z.string()),
});

const CATEGORY: Record<string, DeviceCategory> = {
  serious: "serious_incident",
  death: "death_or_serious_deterioration",
  "public-health": "public_health_threat",
};

/** Art. 23(4)(a) asks the early warning to say whether a malicious act is suspected and whether cross-border impact is possible. */
function refuseEarlyWarningWithUnknowns(incident: IncidentRow): void {
  const facts = incident.facts;
  const open = [
    facts.suspectedMalicious === undefined ? "whether an unlawful or malicious act is suspected (facts/suspectedMalicious)" : undefined,
    facts.crossBorderImpact === undefined && facts.memberStatesAffected.length < 2
      ? "whether the incident could have a cross-border impact (facts/crossBorderImpact)"
      : undefined,
  ].filter((x): x is string => x !== undefined);
  if (open.length === 0) return;
  const message = `the early warning must say ${open.join(" and ")} (NIS2 Art. 23(4)(a)); record it on incident ${incident.reference} before marking the early warning submitted`;
  throw badRequest(`body/obligationId: ${message}`, [{ path: "body/obligationId", message }]);
}

function notSignificantYet(incident: IncidentRow, path: string, what: string) {
  const c = classificationOf(incident);
  const why =
    c === "pending"
      ? "its significance has not been confirmed yet; run and confirm the assessment first"
      : "it is not classified significant (NIS2 Art. 23(3)); reclassify it first";
  return badRequest(`${path}: ${what} for incident ${incident.reference}, but ${why}`, [{ path, message: `${what}, but ${why}` }]);
}

export async function reportingRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["incidents"];

  async function obligationsOf(incident: IncidentRow, now = app.services.now()) {
    const related = await loadRelated(db(), incident.id);
    const result = obligationsOrBadRequest(clockInputOf(incident, related.submissions, related.requests, now), app.services.catalog.memberStates);
    const obligations = result.obligations.map((o) => viewObligation(o, result.timeZone, now));
    const notes =
      classificationOf(incident) === "pending"
        ? ["Significance not confirmed yet: the NIS2 clocks are shown provisionally, as they already run from awareness.", ...result.notes]
        : result.notes;
    return { ...result, obligations, notes, related, now };
  }

  app.get(
    "/api/incidents/:id/obligations",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Every reporting obligation with its deadline in UTC and the authority's zone, status and progress",
        params: idParams,
        response: { 200: obligationsResponse },
      },
    },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const r = await obligationsOf(incident);
      return {
        incidentId: incident.id,
        classification: classificationOf(incident),
        nis2: r.nis2,
        timeZone: r.timeZone,
        ...(r.memberState ? { memberState: r.memberState } : {}),
        now: r.now.toISOString(),
        obligations: r.obligations,
        notes: r.notes,
      };
    },
  );

  app.get(
    "/api/incidents/:id/timeline",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Actions, submissions and clocks of an incident in one chronological list", params: idParams },
    },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const r = await obligationsOf(incident);
      const items = [
        { at: incident.detectedAt.toISOString(), kind: "detected", text: "Incident detected", by: incident.reporter },
        { at: incident.awareAt.toISOString(), kind: "aware", text: "Became aware: the reporting clocks start", by: incident.reporter },
        ...r.related.timeline.map((t) => ({ at: t.at.toISOString(), kind: t.kind, text: t.text, by: t.by, id: t.id })),
        ...r.related.submissions.map((s) => ({
          at: s.submittedAt.toISOString(),
          kind: "submission",
          text: `${s.obligationId} submitted${s.channel ? ` via ${s.channel}` : ""}${s.reference ? ` (reference ${s.reference})` : ""}${s.late ? " — late" : ""}`,
          by: s.submittedBy,
          obligationId: s.obligationId,
          late: s.late,
        })),
        ...r.obligations
          .filter((o) => o.dueAt)
          .map((o) => ({
            at: o.dueAt as string,
            kind: "deadline",
            text: `${o.stage.replace(/_/g, " ")} due (${o.basis})`,
            obligationId: o.id,
            status: o.status,
            due: o.due,
          })),
      ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      return { incidentId: incident.id, reference: incident.reference, now: r.now.toISOString(), timeZone: r.timeZone, items };
    },
  );

  app.get(
    "/api/incidents/:id/submissions",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Reports marked as submitted", params: idParams } },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const rows = await db().select().from(incidentSubmissions).where(eq(incidentSubmissions.incidentId, incident.id)).orderBy(asc(incidentSubmissions.submittedAt));
      return rows.map(viewSubmission);
    },
  );

  app.post(
    "/api/incidents/:id/submissions",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Mark an obligation's report as submitted; a late submission is recorded as late", params: idParams, body: submissionBody },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const body = request.body;
      if (body.obligationId.startsWith("nis2.") && classificationOf(incident) !== "significant") {
        throw notSignificantYet(incident, "body/obligationId", `a NIS2 submission (${body.obligationId}) was recorded`);
      }
      const now = app.services.now();
      const related = await loadRelated(db(), incident.id);
      if (related.submissions.some((s) => s.obligationId === body.obligationId)) {
        throw badRequest(`body/obligationId: "${body.obligationId}" is already marked submitted`, [{ path: "body/obligationId", message: "already submitted" }]);
      }
      const submission = { obligationId: body.obligationId, submittedAt: body.submittedAt, by: body.submittedBy ?? who(principal) };
      let result: ReturnType<typeof obligationsOrBadRequest>;
      try {
        result = obligationsOrBadRequest(
          clockInputOf(incident, related.submissions, related.requests, now, { submissions: [submission] }),
          app.services.catalog.memberStates,
        );
      } catch (err) {
        const details = (err as { details?: { path: string; message: string }[] }).details ?? [];
        const mapped = details.map((d) => ({ path: `body/${d.path.replace(/^submissions\[\d+\]\./, "")}`, message: d.message }));
        throw badRequest(mapped.map((d) => `${d.path}: ${d.message}`).join("; ") || (err as Error).message, mapped);
      }
      const o = result.obligations.find((x) => x.id === body.obligationId);
      if (!o) throw notFound("Obligation");
      if (o.stage === "early_warning" && o.regime === "nis2") refuseEarlyWarningWithUnknowns(incident);
      if (o.id === "cra.early_warning") refuseCraEarlyWarningWithout(incident);
      const late = o.status === "submitted_late";
      const save = audited(db(), actorOf(principal), async (tx) => {
        const [s] = await tx
          .insert(incidentSubmissions)
          .values({
            incidentId: incident.id,
            obligationId: body.obligationId,
            submittedAt: new Date(body.submittedAt),
            channel: body.channel ?? null,
            reference: body.reference ?? null,
            submittedBy: submission.by,
            dueAt: o.dueAt ? new Date(o.dueAt) : null,
            late,
            lateByMs: late ? (o.lateByMs ?? null) : null,
            recordedBy: who(principal),
            createdAt: now,
          })
          .returning();
        await tx.insert(incidentTimeline).values({
          incidentId: incident.id,
          at: now,
          kind: "submission",
          text: `Marked submitted: ${body.obligationId}${late ? " (late)" : ""}`,
          by: who(principal),
        });
        return { result: s, changes: [{ action: "submit", entityType: "incident_submission", entityId: s.id, after: s }] };
      });
      const row = await save.catch((err) => {
        if (isUniqueViolation(err)) throw conflict(`"${body.obligationId}" was marked submitted at the same time by someone else`);
        throw err;
      });
      await scheduleReminderRun(db(), app.services.jobs, now);
      return reply.status(201).send({ ...viewSubmission(row), status: o.status, lateByMs: o.lateByMs ?? null });
    },
  );

  app.post(
    "/api/incidents/:id/intermediate-requests",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Record a CSIRT/authority request for an intermediate report with its due date", params: idParams, body: intermediateRequestBody },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      if (classificationOf(incident) !== "significant") {
        throw notSignificantYet(incident, "body", "an intermediate-report deadline was asked");
      }
      const now = app.services.now();
      const related = await loadRelated(db(), incident.id);
      const extra = { requestedAt: request.body.requestedAt, dueAt: request.body.dueAt };
      try {
        obligationsOrBadRequest(
          clockInputOf(incident, related.submissions, related.requests, now, { intermediateRequests: [extra] }),
          app.services.catalog.memberStates,
        );
      } catch (err) {
        const details = (err as { details?: { path: string; message: string }[] }).details ?? [];
        const mapped = details.map((d) => ({ path: `body/${d.path.replace(/^intermediateRequests\[\d+\]\./, "")}`, message: d.message }));
        throw badRequest(mapped.map((d) => `${d.path}: ${d.message}`).join("; ") || (err as Error).message, mapped);
      }
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx
          .insert(incidentIntermediateRequests)
          .values({
            incidentId: incident.id,
            requestedAt: new Date(request.body.requestedAt),
            dueAt: new Date(request.body.dueAt),
            reference: request.body.reference ?? null,
            createdAt: now,
          })
          .returning();
        await tx
          .insert(incidentTimeline)
          .values({ incidentId: incident.id, at: now, kind: "request", text: `Intermediate report requested, due ${request.body.dueAt}`, by: who(principal) });
        return { result: r, changes: [{ action: "create", entityType: "incident_intermediate_request", entityId: r.id, after: r }] };
      });
      await scheduleReminderRun(db(), app.services.jobs, now);
      const index = orderRequests([...related.requests, row]).findIndex((r) => r.id === row.id) + 1;
      return reply.status(201).send({
        id: row.id,
        obligationId: `nis2.intermediate_report.${index}`,
        requestedAt: row.requestedAt.toISOString(),
        dueAt: row.dueAt.toISOString(),
        reference: row.reference,
      });
    },
  );

  // Report drafts: every create or edit is a new version; exports take the latest or ?version=n.

  async function draftVersion(incidentId: string, stage: string, version?: number) {
    const [row] = await db()
      .select()
      .from(incidentReportDrafts)
      .where(
        and(
          eq(incidentReportDrafts.incidentId, incidentId),
          eq(incidentReportDrafts.stage, stage),
          version ? eq(incidentReportDrafts.version, version) : undefined,
        ),
      )
      .orderBy(desc(incidentReportDrafts.version))
      .limit(1);
    if (!row) throw notFound(version ? `Draft version ${version}` : "Draft (create one first)");
    return row;
  }

  const viewDraft = (d: typeof incidentReportDrafts.$inferSelect) => ({
    id: d.id,
    stage: d.stage,
    version: d.version,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    content: d.content,
  });

  async function saveVersion(incident: IncidentRow, stage: DraftStage, content: ReportDocument, by: ReturnType<typeof actorOf>, byLabel: string) {
    const now = app.services.now();
    const save = audited(db(), by, async (tx) => {
      const [last] = await tx
        .select({ version: incidentReportDrafts.version })
        .from(incidentReportDrafts)
        .where(and(eq(incidentReportDrafts.incidentId, incident.id), eq(incidentReportDrafts.stage, stage)))
        .orderBy(desc(incidentReportDrafts.version))
        .limit(1);
      const version = (last?.version ?? 0) + 1;
      const [d] = await tx
        .insert(incidentReportDrafts)
        .values({ incidentId: incident.id, stage, version, content, createdBy: byLabel, createdAt: now })
        .returning();
      await tx
        .insert(incidentTimeline)
        .values({ incidentId: incident.id, at: now, kind: "draft", text: `${content.title}: draft version ${version}`, by: byLabel });
      return { result: d, changes: [{ action: "create", entityType: "incident_report_draft", entityId: d.id, after: { stage, version, missing: content.missing } }] };
    });
    return save.catch((err) => {
      if (isUniqueViolation(err)) throw conflict("Another version of this draft was saved at the same time; reload and try again");
      throw err;
    });
  }

  function checkDraftAllowed(incident: IncidentRow, stage: DraftStage) {
    if (stage !== "recipient_notification" && classificationOf(incident) === "not_significant") {
      throw notSignificantYet(incident, "params/stage", `a NIS2 ${stage.replace(/_/g, " ")} was asked`);
    }
  }

  app.get(
    "/api/incidents/:id/drafts",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Report drafts of an incident: every version, newest first", params: idParams } },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const rows = await db()
        .select()
        .from(incidentReportDrafts)
        .where(eq(incidentReportDrafts.incidentId, incident.id))
        .orderBy(asc(incidentReportDrafts.stage), desc(incidentReportDrafts.version));
      return rows.map((d) => ({ ...viewDraft(d), content: undefined, title: d.content.title, missing: d.content.missing }));
    },
  );

  app.post(
    "/api/incidents/:id/drafts/:stage",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Create a new draft version pre-filled from the incident record, addressed from the catalog", params: stageParams },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const stage = request.params.stage;
      checkDraftAllowed(incident, stage);
      const principal = request.principal!;
      const [related, profile, products] = await Promise.all([loadRelated(db(), incident.id), getProfile(db()), affectedProductNames(db(), incident)]);
      const record = incidentRecordOf(incident, profile, related.timeline, related.submissions, { products });
      const doc = buildAddressedDraft(stage, record, app.services.catalog, app.services.now());
      if (stage === "recipient_notification") {
        const recipients = await affectedRecipients(db(), incident);
        if (recipients.length > 0) doc.addressee.reference = `Affected customers: ${recipients.map((r) => r.name).join(", ")}`;
      }
      const d = await saveVersion(incident, stage, doc, actorOf(principal), who(principal));
      return reply.status(201).send(viewDraft(d));
    },
  );

  app.patch(
    "/api/incidents/:id/drafts/:stage",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Edit the latest draft (sections, addressee, sender); saved as a new version", params: stageParams, body: draftEditBody },
    },
    async (request) => {
      const incident = await findIncident(db(), request.params.id);
      const principal = request.principal!;
      const latest = await draftVersion(incident.id, request.params.stage);
      const { doc, unknownSections } = applyDraftEdits(latest.content, request.body, app.services.now());
      if (unknownSections.length > 0) {
        const known = latest.content.sections.map((s) => s.id).join(", ");
        const details = unknownSections.map((id) => ({ path: "body/sections", message: `no section "${id}" in this draft; known: ${known}` }));
        throw badRequest(details.map((d) => d.message).join("; "), details);
      }
      const d = await saveVersion(incident, request.params.stage, doc, actorOf(principal), who(principal));
      return viewDraft(d);
    },
  );

  app.get(
    "/api/incidents/:id/drafts/:stage",
    { config: { access: "workspace:read" }, schema: { tags, summary: "A draft (latest, or ?version=n)", params: stageParams, querystring: versionQuery } },
    async (request) => viewDraft(await draftVersion(request.params.id, request.params.stage, request.query.version)),
  );

  app.get(
    "/api/incidents/:id/drafts/:stage/json",
    {
      config: { access: "reports:export" },
      schema: { tags, summary: "Export a draft as a JSON document", params: stageParams, querystring: versionQuery },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const d = await draftVersion(incident.id, request.params.stage, request.query.version);
      return reply
        .type("application/json")
        .header("content-disposition", contentDisposition(`${incident.reference}-${d.stage}-v${d.version}.json`))
        .send(JSON.stringify({ ...d.content, version: d.version }, null, 2));
    },
  );

  app.get(
    "/api/incidents/:id/drafts/:stage/pdf",
    {
      config: { access: "reports:export" },
      schema: { tags, summary: "Export a draft as PDF", params: stageParams, querystring: versionQuery },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      const d = await draftVersion(incident.id, request.params.stage, request.query.version);
      const pdf = await reportPdf(d.content, d.version);
      return reply
        .type("application/pdf")
        .header("content-disposition", contentDisposition(`${incident.reference}-${d.stage}-v${d.version}.pdf`))
        .send(pdf);
    },
  );

  app.get(
    "/api/incidents/:id/recipients",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Customers whose installed base the incident affects: who receives the customer notice (Art. 23(1))", params: idParams },
    },
    async (request) => affectedRecipients(db(), await findIncident(db(), request.params.id)),
  );

  app.get(
    "/api/incidents/board",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Every open obligation across incidents, the least time left first (overdue on top)" },
    },
    async () => {
      const now = app.services.now();
      const open = await db().select().from(incidents).where(ne(incidents.status, "closed"));
      const items = [];
      const problems = [];
      for (const { incident, result, error } of await clocksOfIncidents(db(), open, now, app.services.catalog.memberStates)) {
        if (!result) {
          problems.push({ incidentId: incident.id, reference: incident.reference, message: error?.message ?? "inconsistent record" });
          continue;
        }
        for (const o of result.obligations) {
          // A CRA final report waiting for the fix is shown too: its deadline follows as soon as the fix date is recorded.
          const craFinalWaiting = o.regime === "cra" && o.stage === "final_report" && o.status === "waiting";
          if (o.status !== "pending" && o.status !== "overdue" && !craFinalWaiting) continue;
          items.push({
            incident: { id: incident.id, reference: incident.reference, title: incident.title, status: incident.status, classification: classificationOf(incident) },
            ...viewObligation(o, result.timeZone, now),
            overdue: o.status === "overdue",
          });
        }
      }
      // Deadlines first, least time left (most overdue) on top; "without undue delay" obligations after them.
      items.sort((a, b) => (a.timeLeftMs ?? Number.POSITIVE_INFINITY) - (b.timeLeftMs ?? Number.POSITIVE_INFINITY));
      return { now: now.toISOString(), items, problems };
    },
  );

  app.get(
    "/api/incidents/clocks",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "What-if calculator: the obligations for given instants (same inputs as `vigil incident clocks`)",
        querystring: clocksQuery,
        response: { 200: obligationsResponse.omit({ incidentId: true, classification: true }) },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.mdr && q.ivdr) {
        throw badRequest("querystring: give either mdr or ivdr, not both", [{ path: "querystring/ivdr", message: "mdr is given too" }]);
      }
      if (q.gdprHighRisk && !q.gdpr) {
        throw badRequest("querystring/gdprHighRisk: needs gdpr=true (a personal data breach)", [{ path: "querystring/gdprHighRisk", message: "needs gdpr=true" }]);
      }
      const now = q.now ? new Date(parseInstant(q.now) as number) : app.services.now();
      const regulation = q.mdr ? "mdr" : q.ivdr ? "ivdr" : undefined;
      const input: ClockInput = {
        awareAt: q.aware,
        detectedAt: q.detected,
        significance: "significant",
        ongoing: q.ongoing ?? false,
        handledAt: q.handled,
        impactEndedAt: q.impactEnded,
        country: q.country,
        timeZone: q.zone,
        device: regulation ? { regulation, category: CATEGORY[(q.mdr ?? q.ivdr) as string] } : undefined,
        personalDataBreach: q.gdpr ? { highRisk: q.gdprHighRisk ?? false } : undefined,
        submissions: q.notified ? [{ obligationId: "nis2.incident_notification", submittedAt: q.notified }] : [],
        now: now.toISOString(),
      };
      const queryName: Record<string, string> = {
        awareAt: "aware",
        detectedAt: "detected",
        handledAt: "handled",
        impactEndedAt: "impactEnded",
        timeZone: "zone",
        "submissions[0].submittedAt": "notified",
      };
      let result: ReturnType<typeof obligationsOrBadRequest>;
      try {
        result = obligationsOrBadRequest(input, app.services.catalog.memberStates);
      } catch (err) {
        const details = ((err as { details?: { path: string; message: string }[] }).details ?? []).map((d) => ({
          path: `querystring/${queryName[d.path] ?? d.path}`,
          message: d.message,
        }));
        throw badRequest(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
      }
      return {
        nis2: result.nis2,
        timeZone: result.timeZone,
        ...(result.memberState ? { memberState: result.memberState } : {}),
        ...(result.national ? { national: result.national } : {}),
        now: now.toISOString(),
        obligations: result.obligations.map((o) => viewObligation(o, result.timeZone, now)),
        notes: result.notes,
      };
    },
  );
}

function viewSubmission(s: typeof incidentSubmissions.$inferSelect) {
  return {
    id: s.id,
    obligationId: s.obligationId,
    submittedAt: s.submittedAt.toISOString(),
    channel: s.channel,
    reference: s.reference,
    submittedBy: s.submittedBy,
    dueAt: s.dueAt ? s.dueAt.toISOString() : null,
    late: s.late,
    lateByMs: s.lateByMs,
    recordedBy: s.recordedBy,
    createdAt: s.createdAt.toISOString(),
  };
}
