import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { CRA_CASES, type CraCaseRecord, craFixDateProblem } from "../../core/cra";
import { writeWorkingCopy } from "../advisories/save";
import { advisories } from "../advisories/schema";
import { audited } from "../audit/store";
import { notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { idParams, instant, memberStateCode } from "./api-schemas";
import { craAdvisoryDraft } from "./cra-advisory";
import { craDraftRoutes } from "./cra-draft-routes";
import { craCaseView, craFinding, craProduct, craProposalKey, memberStatesOf, openCraProposals, refuse } from "./cra-cases";
import { scheduleReminderRun } from "./reminders";
import { craProposalDismissals, incidents, incidentTimeline } from "./schema";
import { findIncident, incidentView, nextReference, who } from "./store";

const memberStates = z.array(memberStateCode).max(27);

/** Opens an exploited-vulnerability case from a finding: proposed for KEV-listed ones, or the user marks it exploited. */
export const openCraCaseBody = z
  .object({
    findingId: z.string().min(1).max(100),
    /** When the manufacturer became aware that the vulnerability is actively exploited; defaults to now. */
    awareAt: instant.optional(),
    /** Member States where the product is made available; defaults to the installed base's countries. */
    memberStates: memberStates.optional(),
  })
  .strict();

/** Sets (or updates) the CRA case of an existing incident: a severe incident, or the fix date of an exploited vulnerability. */
export const craCaseBody = z
  .object({
    case: z.enum(CRA_CASES),
    productId: z.string().min(1).max(100),
    findingId: z.string().min(1).max(100).optional(),
    fixAvailableAt: instant.nullable().optional(),
    memberStates: memberStates.optional(),
    /** How sensitive the manufacturer considers the notified information (Art. 14(2)(b), 14(4)(b)); null clears it. */
    sensitivity: z.string().trim().min(1).max(2000).nullable().optional(),
  })
  .strict();

const CASE_LABEL = { exploited_vulnerability: "actively exploited vulnerability", severe_incident: "severe incident" } as const;

export async function craRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["incidents"];
  const remindSoon = () => scheduleReminderRun(db(), app.services.jobs, app.services.now());
  await craDraftRoutes(app);

  app.get(
    "/api/cra/proposals",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "CRA Art. 14 cases to open: KEV-listed findings, findings marked actively exploited, and incidents on products in CRA scope that have no case yet" },
    },
    async () => openCraProposals(db(), app.services.now()),
  );

  const dismissalView = z.object({ key: z.string(), summary: z.string(), reason: z.string(), dismissedBy: z.string(), dismissedAt: z.string() });
  app.get(
    "/api/cra/proposals/dismissed",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "CRA case proposals someone decided not to open, with who decided, when and why", response: { 200: z.array(dismissalView) } },
    },
    async () =>
      (await db().select().from(craProposalDismissals).orderBy(desc(craProposalDismissals.dismissedAt))).map((d) => ({
        key: d.key,
        summary: d.summary,
        reason: d.reason,
        dismissedBy: d.dismissedBy,
        dismissedAt: d.dismissedAt.toISOString(),
      })),
  );

  app.post(
    "/api/cra/proposals/dismiss",
    {
      config: { access: "incidents:write" },
      schema: {
        tags,
        summary: "Decide not to open a proposed CRA case, with the reason (e.g. not exploited in this product; not a severe incident under Art. 14(5)); audited and restorable",
        body: z
          .object({
            key: z.string().regex(/^(finding|incident):[\w-]{1,100}$/, "a proposal key: finding:<id> or incident:<id>"),
            reason: z.string().trim().min(20, "say why no report is due, in at least 20 characters").max(2000),
          })
          .strict(),
        response: { 201: dismissalView },
      },
    },
    async (request, reply) => {
      const { key, reason } = request.body;
      const proposal = (await openCraProposals(db(), app.services.now())).find((p) => craProposalKey(p) === key);
      if (!proposal) refuse([{ path: "body/key", message: `no open CRA case proposal ${key}` }]);
      const principal = request.principal!;
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const [created] = await tx
          .insert(craProposalDismissals)
          .values({ key, reason, summary: proposal.reason, dismissedById: principal.userId, dismissedBy: who(principal), dismissedAt: app.services.now() })
          .returning();
        return { result: created, changes: [{ action: "dismiss", entityType: "cra_proposal", entityId: key, after: { reason, proposal: proposal.reason } }] };
      });
      return reply.status(201).send({ key: row.key, summary: row.summary, reason: row.reason, dismissedBy: row.dismissedBy, dismissedAt: row.dismissedAt.toISOString() });
    },
  );

  app.delete(
    "/api/cra/proposals/dismissed/:key",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Restore a dismissed CRA case proposal to the board", params: z.object({ key: z.string().min(1).max(120) }) },
    },
    async (request, reply) => {
      const key = request.params.key;
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [gone] = await tx.delete(craProposalDismissals).where(eq(craProposalDismissals.key, key)).returning();
        if (!gone) throw notFound(`Dismissed proposal ${key}`);
        return { result: null, changes: [{ action: "restore", entityType: "cra_proposal", entityId: key, before: { reason: gone.reason, dismissedBy: gone.dismissedBy } }] };
      });
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/cra/cases",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Open a CRA exploited-vulnerability case (an incident with the cra regime) from a finding", body: openCraCaseBody },
    },
    async (request, reply) => {
      const body = request.body;
      const principal = request.principal!;
      const now = app.services.now();
      const found = await craFinding(db(), body.findingId);
      if (!found) refuse([{ path: "body/findingId", message: `no finding with id "${body.findingId}"` }]);
      const product = await craProduct(db(), found.model.id, "body/findingId");
      const [dup] = await db()
        .select({ reference: incidents.reference })
        .from(incidents)
        .where(sql`${incidents.cra}->>'findingId' = ${found.finding.id}`)
        .limit(1);
      if (dup) refuse([{ path: "body/findingId", message: `the finding already has a CRA case, ${dup.reference}` }]);
      const awareAt = body.awareAt ? new Date(body.awareAt) : now;
      if (awareAt > now) refuse([{ path: "body/awareAt", message: "awareness cannot lie in the future" }]);
      const cra: CraCaseRecord = {
        case: "exploited_vulnerability",
        productId: product.id,
        findingId: found.finding.id,
        trigger: found.kev ? "kev" : "marked_exploited",
        memberStates: body.memberStates ?? (await memberStatesOf(db(), product.id)),
      };
      const mark = found.finding.exploited;
      const basis = found.kev ? `listed in CISA KEV since ${found.kev}` : `marked actively exploited by ${mark ? `${mark.markedBy} (source: ${mark.source})` : who(principal)}`;
      const row = await audited(db(), actorOf(principal), async (tx) => {
        const reference = await nextReference(tx, now.getUTCFullYear());
        const [r] = await tx
          .insert(incidents)
          .values({
            reference,
            title: `Actively exploited vulnerability ${found.vulnerability.id} in ${product.name} ${found.version.version}`,
            description: `${found.vulnerability.id} (${basis}) in ${found.finding.componentName} ${found.finding.componentVersion}.${found.vulnerability.summary ? ` ${found.vulnerability.summary}` : ""}`,
            detectedAt: awareAt,
            awareAt,
            reporter: who(principal),
            country: null,
            affectedDeviceModelIds: [product.id],
            affectedVersionIds: [found.version.id],
            affectedSiteIds: [],
            affectedSystems: [],
            facts: { memberStatesAffected: [] },
            // A product in CRA scope is not a medical device: MDR/IVDR vigilance does not apply to it.
            deviceVigilance: null,
            personalDataBreach: "unknown",
            indicatorsOfCompromise: [],
            mitigationsApplied: [],
            mitigationsOngoing: [],
            recipientMeasures: [],
            linkedRiskIds: [],
            linkedControlIds: [],
            linkedFindingIds: [found.finding.id],
            cra,
            createdBy: principal.userId,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await tx.insert(incidentTimeline).values({
          incidentId: r.id,
          at: now,
          kind: "status",
          text: `CRA case opened: actively exploited vulnerability (${basis}); Art. 14(2) clocks run from ${awareAt.toISOString()}`,
          by: who(principal),
        });
        return { result: r, changes: [{ action: "create", entityType: "incident", entityId: r.id, after: r }] };
      });
      await remindSoon();
      return reply.status(201).send({ ...incidentView(row), ...(await craCaseView(db(), row)) });
    },
  );

  app.get(
    "/api/incidents/:id/cra",
    { config: { access: "workspace:read" }, schema: { tags, summary: "The incident's CRA Art. 14 case with its product and finding (null when none)", params: idParams } },
    async (request) => craCaseView(db(), await findIncident(db(), request.params.id)),
  );

  app.put(
    "/api/incidents/:id/cra",
    {
      config: { access: "incidents:write" },
      schema: { tags, summary: "Make the incident a CRA case (severe incident) or update its case (fix date, Member States)", params: idParams, body: craCaseBody },
    },
    async (request) => {
      const before = await findIncident(db(), request.params.id);
      const body = request.body;
      const principal = request.principal!;
      const now = app.services.now();
      const product = await craProduct(db(), body.productId, "body/productId");
      if (body.findingId) {
        const found = await craFinding(db(), body.findingId);
        if (!found) refuse([{ path: "body/findingId", message: `no finding with id "${body.findingId}"` }]);
        if (found.model.id !== product.id) refuse([{ path: "body/findingId", message: `the finding is in ${found.model.name}, not in ${product.name}` }]);
      }
      if (body.case !== "exploited_vulnerability" && (body.findingId || body.fixAvailableAt)) {
        const path = body.findingId ? "body/findingId" : "body/fixAvailableAt";
        refuse([{ path, message: "a finding and a fix date belong to an exploited vulnerability, not to a severe incident" }]);
      }
      if (before.cra && before.cra.case !== body.case) {
        refuse([{ path: "body/case", message: `the incident is already a CRA ${CASE_LABEL[before.cra.case]} case; its kind cannot change` }]);
      }
      const fix = body.fixAvailableAt === undefined ? before.cra?.fixAvailableAt : (body.fixAvailableAt ?? undefined);
      if (fix) {
        const problem = craFixDateProblem(before.awareAt, new Date(fix), "body/fixAvailableAt");
        if (problem) refuse([problem]);
      }
      const sensitivity = body.sensitivity === undefined ? before.cra?.sensitivity : (body.sensitivity ?? undefined);
      const cra: CraCaseRecord = {
        case: body.case,
        productId: product.id,
        ...((body.findingId ?? before.cra?.findingId) ? { findingId: body.findingId ?? before.cra?.findingId } : {}),
        trigger: before.cra?.trigger ?? "incident",
        ...(fix ? { fixAvailableAt: new Date(fix).toISOString() } : {}),
        memberStates: body.memberStates ?? before.cra?.memberStates ?? (await memberStatesOf(db(), product.id)),
        ...(sensitivity ? { sensitivity } : {}),
      };
      const text = before.cra
        ? `CRA case updated${cra.fixAvailableAt && cra.fixAvailableAt !== before.cra.fixAvailableAt ? `: corrective or mitigating measure available ${cra.fixAvailableAt}` : ""}`
        : `CRA case opened: ${CASE_LABEL[body.case]} on ${product.name}; Art. 14 clocks run from ${before.awareAt.toISOString()}`;
      const after = await audited(db(), actorOf(principal), async (tx) => {
        const [r] = await tx.update(incidents).set({ cra, updatedAt: now }).where(eq(incidents.id, before.id)).returning();
        await tx.insert(incidentTimeline).values({ incidentId: r.id, at: now, kind: before.cra ? "action" : "assessment", text, by: who(principal) });
        return { result: r, changes: [{ action: "update", entityType: "incident", entityId: r.id, before: { cra: before.cra }, after: { cra } }] };
      });
      await remindSoon();
      return craCaseView(db(), after);
    },
  );

  app.post(
    "/api/incidents/:id/cra/advisory",
    {
      config: { access: "advisories:write" },
      schema: { tags, summary: "Create the CSAF advisory draft (TLP:AMBER) that informs the product's users of the CRA case (Art. 14(8))", params: idParams },
    },
    async (request, reply) => {
      const incident = await findIncident(db(), request.params.id);
      if (!incident.cra) refuse([{ path: "incident/cra", message: `${incident.reference} is not a CRA case` }]);
      const body = await craAdvisoryDraft(db(), incident);
      const principal = request.principal!;
      const id = crypto.randomUUID();
      await audited(db(), actorOf(principal), async (tx) => {
        const now = app.services.now();
        const { products: _p, vulnerabilities: _v, ...fields } = body;
        await tx.insert(advisories).values({ ...fields, details: fields.details ?? null, id, createdBy: principal.userId, createdAt: now, updatedAt: now });
        await writeWorkingCopy(tx, id, body);
        await tx.insert(incidentTimeline).values({ incidentId: incident.id, at: now, kind: "draft", text: `CSAF advisory draft ${body.trackingId} (TLP:AMBER) created to inform users (CRA Art. 14(8))`, by: who(principal) });
        return { result: id, changes: [{ action: "create", entityType: "advisory", entityId: id, after: body }] };
      });
      return reply.status(201).send({ id, trackingId: body.trackingId });
    },
  );
}
