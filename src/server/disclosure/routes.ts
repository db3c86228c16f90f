import { and, asc, desc, eq, like, sql } from "drizzle-orm";
import { z } from "zod";
import {
  addWorkingDays,
  DISCLOSURE_STATUSES,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  policySections,
  sanitiseFileName,
  spamSignal,
  transitionProblem,
} from "../../core/advisories/disclosure";
import { hitRateLimit } from "../accounts/rate-limit";
import { randomToken, sha256 } from "../accounts/secrets";
import { audited, systemActor } from "../audit/store";
import { contentDisposition, decodeBase64, sha256Hex } from "../incidents/evidence";
import type { DbOrTx } from "../platform/db/client";
import { AppError, badRequest, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { loadServerSecret, signIssuedToken, verifyIssuedToken } from "../platform/server-secret";
import { settings } from "../settings/schema";
import { disclosureAttachments, disclosureMessages, disclosureReports } from "./schema";
import { getPolicy, POLICY_KEY, policySchema } from "./settings";
import { alertDisclosureReport } from "../notifications/events";

/** Seconds a person needs at least to fill in the form; faster submissions are automated. */
export const MINIMUM_FILL_SECONDS = 3;
const FORM_TOKEN_TTL_MS = 24 * 3600 * 1000;
const FORM_TOKEN_PURPOSE = "cvd-form";
const REPORTS_PER_HOUR = 5;
const TRACK_PER_10_MIN = 60;
export const REPORT_BODY_LIMIT = Math.ceil((MAX_ATTACHMENT_BYTES * MAX_ATTACHMENTS * 4) / 3) + 128 * 1024;

/** NUL cannot be stored in PostgreSQL text; everything else is kept as typed and only ever shown as text. */
const plain = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.replace(/\u0000/g, "").trim());
const required = (max: number) => plain(max).refine((s) => s.length > 0, "required");
const optional = (max: number) =>
  plain(max)
    .optional()
    .transform((s) => (s ? s : null));

const attachmentInput = z.object({ fileName: z.string().max(1000), contentBase64: z.string() }).strict();

export const reportBody = z
  .object({
    formToken: z.string().min(1).max(200),
    /** Honeypot: hidden from people, filled in by bots. */
    website: z.string().max(500).optional(),
    name: optional(200),
    email: z.email().max(300),
    organisation: optional(300),
    product: required(300),
    productVersion: optional(100),
    title: required(300),
    description: required(50_000),
    attachments: z.array(attachmentInput).max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files`).default([]),
  })
  .strict();

const trackHeaders = z.object({ "x-tracking-token": z.string().max(200).optional() });
const messageBody = z.object({ body: required(20_000) }).strict();
const idParams = z.object({ id: z.string().min(1).max(100) });

const patchBody = z
  .object({
    status: z.enum(DISCLOSURE_STATUSES).optional(),
    resolution: optional(2000).nullable(),
    cveId: z.string().trim().regex(/^CVE-\d{4}-\d{4,}$/, "must look like CVE-2026-12345").nullable().optional(),
    agreedDisclosureDate: z.iso.date().nullable().optional(),
    linkedFindingIds: z.array(z.string().min(1).max(100)).max(200).optional(),
    advisoryIds: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict();

const teamMessageBody = z.object({ body: required(20_000), internal: z.boolean().default(false) }).strict();

function clientKey(request: { ip: string }) {
  return request.ip || "unknown";
}

const formRejected = () => new AppError(400, "form_rejected", "The form could not be accepted. Reload the page, fill it in again and send it.");

/** A form token is good for one report: the first submission marks it spent; marks older than a token live are purged. */
async function spendFormToken(tx: DbOrTx, token: string, at: Date): Promise<void> {
  await tx.execute(sql`DELETE FROM rate_limits WHERE key LIKE 'cvd-form:%' AND window_start < ${new Date(at.getTime() - FORM_TOKEN_TTL_MS).toISOString()}`);
  const spent = await hitRateLimit(tx, `cvd-form:${sha256(token)}`, 1, FORM_TOKEN_TTL_MS, at);
  if (!spent.allowed) throw formRejected();
}

async function nextReference(db: DbOrTx, year: number): Promise<string> {
  const prefix = `VR-${year}-`;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(disclosureReports).where(like(disclosureReports.reference, `${prefix}%`));
  return `${prefix}${String(Number(n) + 1).padStart(4, "0")}`;
}

/** What the reporter may see of a report: status, dates, and the conversation without internal notes. */
async function reporterView(db: DbOrTx, report: typeof disclosureReports.$inferSelect) {
  const messages = await db
    .select()
    .from(disclosureMessages)
    .where(and(eq(disclosureMessages.reportId, report.id), eq(disclosureMessages.internal, false)))
    .orderBy(asc(disclosureMessages.createdAt));
  const files = await db
    .select({ fileName: disclosureAttachments.fileName, sizeBytes: disclosureAttachments.sizeBytes })
    .from(disclosureAttachments)
    .where(eq(disclosureAttachments.reportId, report.id));
  return {
    reference: report.reference,
    status: report.status,
    title: report.title,
    product: report.product,
    receivedAt: report.receivedAt.toISOString(),
    acknowledgeDueAt: report.acknowledgeDueAt.toISOString(),
    acknowledgedAt: report.acknowledgedAt?.toISOString() ?? null,
    agreedDisclosureDate: report.agreedDisclosureDate,
    cveId: report.cveId,
    messages: messages.map((m) => ({ author: m.author, body: m.body, at: m.createdAt.toISOString() })),
    attachments: files,
  };
}

/** Public CVD form and reporter tracking (no account), and the team's triage inbox. */
export async function disclosureRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["disclosure"];
  const now = () => app.services.now();
  // Created when the app is ready (not while routes register, so building the app needs no database) and before any
  // request, so that a refused request never writes it.
  let secret: Buffer | undefined;
  app.addHook("onReady", async () => {
    secret = await loadServerSecret(db());
  });
  const serverSecret = async () => (secret ??= await loadServerSecret(db()));

  app.get(
    "/api/public/disclosure/policy",
    { config: { access: "public" }, schema: { tags, summary: "The coordinated vulnerability disclosure policy" } },
    async () => {
      const policy = await getPolicy(db(), app.services.config);
      return {
        organisation: policy.organisation,
        contactEmail: policy.contactEmail,
        acknowledgeWithinDays: policy.acknowledgeWithinDays,
        triageWithinDays: policy.triageWithinDays,
        disclosureWithinDays: policy.disclosureWithinDays,
        sections: policySections(policy),
      };
    },
  );

  app.get(
    "/api/public/disclosure/form",
    { config: { access: "public" }, schema: { tags, summary: "A single-use form token; a report sent sooner than a person could write it is refused" } },
    async () => {
      // Signed, not stored: an anonymous GET must not write to the database.
      return { formToken: signIssuedToken(await serverSecret(), FORM_TOKEN_PURPOSE, now()), minimumSeconds: MINIMUM_FILL_SECONDS, maxAttachments: MAX_ATTACHMENTS, maxAttachmentBytes: MAX_ATTACHMENT_BYTES };
    },
  );

  app.post(
    "/api/public/disclosure/reports",
    {
      config: { access: "public", bodyLimit: REPORT_BODY_LIMIT },
      bodyLimit: REPORT_BODY_LIMIT,
      schema: { tags, summary: "Report a vulnerability; the answer carries the tracking token, shown once", body: reportBody },
    },
    async (request, reply) => {
      const verdict = await hitRateLimit(db(), `cvd-report:${clientKey(request)}`, REPORTS_PER_HOUR, 3600_000, now());
      if (!verdict.allowed) {
        reply.header("retry-after", String(verdict.retryAfterSeconds));
        throw new AppError(429, "rate_limited", `Too many reports from this address; try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes`);
      }
      const body = request.body;
      const issued = verifyIssuedToken(await serverSecret(), FORM_TOKEN_PURPOSE, body.formToken);
      const elapsedMs = issued ? now().getTime() - issued.getTime() : -1;
      const signal = !issued || elapsedMs > FORM_TOKEN_TTL_MS ? "form_token" : spamSignal({ honeypot: body.website, elapsedMs, minimumMs: MINIMUM_FILL_SECONDS * 1000 });
      if (signal) {
        request.log.info({ signal }, "vulnerability report refused as automated");
        throw formRejected();
      }
      const files: Array<{ fileName: string; bytes: Buffer }> = [];
      const problems: Array<{ path: string; message: string }> = [];
      body.attachments.forEach((a, i) => {
        const fileName = sanitiseFileName(a.fileName);
        const bytes = decodeBase64(a.contentBase64);
        if (!fileName) problems.push({ path: `body/attachments/${i}/fileName`, message: "not a usable file name" });
        if (!bytes) problems.push({ path: `body/attachments/${i}/contentBase64`, message: "not valid base64" });
        else if (bytes.length === 0) problems.push({ path: `body/attachments/${i}/contentBase64`, message: "the file is empty" });
        else if (bytes.length > MAX_ATTACHMENT_BYTES) problems.push({ path: `body/attachments/${i}/contentBase64`, message: `larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB` });
        if (fileName && bytes) files.push({ fileName, bytes });
      });
      if (problems.length > 0) throw badRequest(problems.map((p) => `${p.path}: ${p.message}`).join("; "), problems);

      const token = `vrt_${randomToken(24)}`;
      const policy = await getPolicy(db(), app.services.config);
      const receivedAt = now();
      const report = await audited(db(), systemActor, async (tx) => {
        await spendFormToken(tx, body.formToken, now());
        const [row] = await tx
          .insert(disclosureReports)
          .values({
            reference: await nextReference(tx, receivedAt.getUTCFullYear()),
            tokenHash: sha256(token),
            status: "received",
            reporterName: body.name,
            reporterEmail: body.email,
            reporterOrganisation: body.organisation,
            product: body.product,
            productVersion: body.productVersion,
            title: body.title,
            description: body.description,
            receivedAt,
            acknowledgeDueAt: addWorkingDays(receivedAt, policy.acknowledgeWithinDays),
            linkedFindingIds: [],
            advisoryIds: [],
            createdAt: receivedAt,
            updatedAt: receivedAt,
          })
          .returning();
        for (const f of files) {
          await tx.insert(disclosureAttachments).values({
            reportId: row.id,
            fileName: f.fileName,
            sizeBytes: f.bytes.length,
            sha256: sha256Hex(f.bytes),
            contentBase64: f.bytes.toString("base64"),
            createdAt: receivedAt,
          });
        }
        await alertDisclosureReport(tx, row, receivedAt);
        const { tokenHash: _t, ...logged } = row;
        return { result: row, changes: [{ action: "create", entityType: "disclosure_report", entityId: row.id, after: { ...logged, attachments: files.map((f) => f.fileName) } }] };
      });
      return reply.status(201).send({
        reference: report.reference,
        trackingToken: token,
        status: report.status,
        acknowledgeDueAt: report.acknowledgeDueAt.toISOString(),
      });
    },
  );

  async function reportByToken(request: { headers: { "x-tracking-token"?: string }; ip: string }) {
    const verdict = await hitRateLimit(db(), `cvd-track:${clientKey(request)}`, TRACK_PER_10_MIN, 600_000, now());
    if (!verdict.allowed) throw new AppError(429, "rate_limited", "Too many requests; try again later");
    const token = request.headers["x-tracking-token"];
    if (!token) throw notFound("Report");
    const [row] = await db().select().from(disclosureReports).where(eq(disclosureReports.tokenHash, sha256(token))).limit(1);
    if (!row) throw notFound("Report");
    return row;
  }

  app.get(
    "/api/public/disclosure/track",
    { config: { access: "public" }, schema: { tags, summary: "The reporter's view of a report (tracking token in X-Tracking-Token)", headers: trackHeaders } },
    async (request) => reporterView(db(), await reportByToken(request)),
  );

  app.post(
    "/api/public/disclosure/track/messages",
    { config: { access: "public" }, schema: { tags, summary: "The reporter writes to the team", headers: trackHeaders, body: messageBody } },
    async (request, reply) => {
      const report = await reportByToken(request);
      if (report.status === "closed") throw new AppError(409, "conflict", "This report is closed; send a new report for a new issue");
      await audited(db(), systemActor, async (tx) => {
        const [m] = await tx
          .insert(disclosureMessages)
          .values({ reportId: report.id, author: "reporter", authorLabel: "reporter", body: request.body.body, createdAt: now() })
          .returning();
        return { result: m, changes: [{ action: "create", entityType: "disclosure_message", entityId: m.id, after: { reportId: report.id, author: "reporter" } }] };
      });
      return reply.status(201).send(await reporterView(db(), report));
    },
  );

  // --- the team's inbox ---

  const internalView = async (id: string) => {
    const [row] = await db().select().from(disclosureReports).where(eq(disclosureReports.id, id)).limit(1);
    if (!row) throw notFound("Report");
    const messages = await db().select().from(disclosureMessages).where(eq(disclosureMessages.reportId, id)).orderBy(asc(disclosureMessages.createdAt));
    const files = await db()
      .select({ id: disclosureAttachments.id, fileName: disclosureAttachments.fileName, sizeBytes: disclosureAttachments.sizeBytes, sha256: disclosureAttachments.sha256 })
      .from(disclosureAttachments)
      .where(eq(disclosureAttachments.reportId, id));
    const { tokenHash: _t, ...rest } = row;
    return {
      ...rest,
      acknowledgeOverdue: row.status === "received" && now() > row.acknowledgeDueAt,
      messages: messages.map((m) => ({ id: m.id, author: m.author, by: m.authorLabel, body: m.body, internal: m.internal, at: m.createdAt.toISOString() })),
      attachments: files,
    };
  };

  app.get(
    "/api/disclosure/reports",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Vulnerability reports, newest first, with the acknowledgement deadline" } },
    async () => {
      const rows = await db().select().from(disclosureReports).orderBy(desc(disclosureReports.receivedAt));
      return rows.map(({ tokenHash: _t, description: _d, ...r }) => ({ ...r, acknowledgeOverdue: r.status === "received" && now() > r.acknowledgeDueAt }));
    },
  );

  app.get(
    "/api/disclosure/reports/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One report with the conversation (internal notes included) and attachments", params: idParams } },
    async (request) => internalView(request.params.id),
  );

  app.patch(
    "/api/disclosure/reports/:id",
    { config: { access: "advisories:write" }, schema: { tags, summary: "Triage: move the status forward, set the CVE ID, agreed disclosure date and links", params: idParams, body: patchBody } },
    async (request) => {
      const [before] = await db().select().from(disclosureReports).where(eq(disclosureReports.id, request.params.id)).limit(1);
      if (!before) throw notFound("Report");
      const body = request.body;
      const at = now();
      const changes: Partial<typeof disclosureReports.$inferInsert> = { updatedAt: at };
      if (body.status && body.status !== before.status) {
        const problem = transitionProblem(before.status, body.status);
        if (problem) throw badRequest(`body/status: ${problem}`, [{ path: "body/status", message: problem }]);
        changes.status = body.status;
        const reached = (s: string) => DISCLOSURE_STATUSES.indexOf(body.status!) >= DISCLOSURE_STATUSES.indexOf(s as never) && body.status !== "closed";
        if (!before.acknowledgedAt && (reached("acknowledged") || body.status === "closed")) changes.acknowledgedAt = at;
        if (!before.validatedAt && reached("validated")) changes.validatedAt = at;
        if (body.status === "closed") changes.closedAt = at;
      }
      if (body.resolution !== undefined) changes.resolution = body.resolution;
      if (body.cveId !== undefined) changes.cveId = body.cveId;
      if (body.agreedDisclosureDate !== undefined) changes.agreedDisclosureDate = body.agreedDisclosureDate;
      if (body.linkedFindingIds) changes.linkedFindingIds = body.linkedFindingIds;
      if (body.advisoryIds) changes.advisoryIds = body.advisoryIds;
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.update(disclosureReports).set(changes).where(eq(disclosureReports.id, before.id));
        const { tokenHash: _t, ...logged } = before;
        return { result: null, changes: [{ action: "update", entityType: "disclosure_report", entityId: before.id, before: logged, after: changes }] };
      });
      return internalView(before.id);
    },
  );

  app.post(
    "/api/disclosure/reports/:id/messages",
    { config: { access: "advisories:write" }, schema: { tags, summary: "Write to the reporter, or add an internal note", params: idParams, body: teamMessageBody } },
    async (request, reply) => {
      const view = await internalView(request.params.id);
      const principal = request.principal!;
      await audited(db(), actorOf(principal), async (tx) => {
        const [m] = await tx
          .insert(disclosureMessages)
          .values({ reportId: view.id, author: "team", authorUserId: principal.userId, authorLabel: principal.name, body: request.body.body, internal: request.body.internal, createdAt: now() })
          .returning();
        return { result: m, changes: [{ action: "create", entityType: "disclosure_message", entityId: m.id, after: { reportId: view.id, internal: m.internal } }] };
      });
      return reply.status(201).send(await internalView(view.id));
    },
  );

  app.get(
    "/api/disclosure/reports/:id/attachments/:attachmentId",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Download an attachment (always as a file, never rendered)", params: z.object({ id: z.string().max(100), attachmentId: z.string().max(100) }) },
    },
    async (request, reply) => {
      const [file] = await db()
        .select()
        .from(disclosureAttachments)
        .where(and(eq(disclosureAttachments.id, request.params.attachmentId), eq(disclosureAttachments.reportId, request.params.id)))
        .limit(1);
      if (!file) throw notFound("Attachment");
      return reply
        .header("content-disposition", contentDisposition(file.fileName))
        .header("x-content-sha256", file.sha256)
        .header("content-security-policy", "sandbox")
        .type("application/octet-stream")
        .send(Buffer.from(file.contentBase64, "base64"));
    },
  );

  app.get(
    "/api/disclosure/policy",
    { config: { access: "workspace:read" }, schema: { tags, summary: "The CVD policy settings" } },
    async () => getPolicy(db(), app.services.config),
  );

  app.put(
    "/api/disclosure/policy",
    { config: { access: "advisories:publish" }, schema: { tags, summary: "Change the CVD policy (scope, safe harbour, timelines, contact); the public page follows", body: policySchema } },
    async (request) => {
      const before = await getPolicy(db(), app.services.config);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx
          .insert(settings)
          .values({ key: POLICY_KEY, value: request.body, updatedAt: now() })
          .onConflictDoUpdate({ target: settings.key, set: { value: request.body, updatedAt: now() } });
        return { result: null, changes: [{ action: "update", entityType: "setting", entityId: POLICY_KEY, before, after: request.body }] };
      });
      return getPolicy(db(), app.services.config);
    },
  );
}
