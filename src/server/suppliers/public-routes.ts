import { and, asc, count, eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { answerProblem, type Answers, type QuestionnaireTemplate, scoreQuestionnaire } from "../../core/suppliers";
import { hitRateLimit } from "../accounts/rate-limit";
import { type Actor, audited } from "../audit/store";
import { decodeBase64, sha256Hex } from "../incidents/evidence";
import { getProfile } from "../organisation/store";
import { AppError, badRequest, notFound } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import { answersBody, attachmentBody, publicQuestionnaire, tokenParams } from "./api-schemas";
import { questionnaireTemplates, supplierAssessmentAttachments, supplierAssessments, suppliers } from "./schema";
import { hashQuestionnaireToken, sanitiseFileName } from "./tokens";

/** Largest attachment a supplier may upload, and how many per questionnaire. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;
const ATTACHMENT_BODY_LIMIT = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 64 * 1024;
/** Requests per client address to the public questionnaire routes in a window. */
export const PUBLIC_LIMIT_PER_IP = 120;
export const PUBLIC_WINDOW_MS = 10 * 60_000;

const unknownLink = () => new AppError(404, "link_unknown", "This questionnaire link is not valid. Ask the person who sent it for a new link.");

/** The questionnaire behind a link, or a clear refusal: unknown, revoked, expired or already submitted. */
async function openLink(app: VigilApp, request: FastifyRequest, token: string) {
  const db = app.services.database.db;
  const now = app.services.now();
  const verdict = await hitRateLimit(db, `questionnaire:ip:${request.ip}`, PUBLIC_LIMIT_PER_IP, PUBLIC_WINDOW_MS, now);
  if (!verdict.allowed) {
    throw new AppError(429, "too_many_requests", `Too many requests from this address; try again in ${verdict.retryAfterSeconds} s`, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  if (!/^q_[A-Za-z0-9_-]{43}$/.test(token)) throw unknownLink();
  const [row] = await db
    .select({ assessment: supplierAssessments, supplierName: suppliers.name, template: questionnaireTemplates.definition })
    .from(supplierAssessments)
    .innerJoin(suppliers, eq(suppliers.id, supplierAssessments.supplierId))
    .innerJoin(questionnaireTemplates, eq(questionnaireTemplates.id, supplierAssessments.templateId))
    .where(eq(supplierAssessments.tokenHash, hashQuestionnaireToken(token)))
    .limit(1);
  if (!row) throw unknownLink();
  const a = row.assessment;
  if (a.status === "revoked") throw new AppError(410, "link_revoked", "This questionnaire link was withdrawn by the sender. Ask them for a new link.");
  if (a.status === "submitted" || a.status === "reviewed") {
    throw new AppError(410, "already_submitted", `This questionnaire was submitted on ${a.submittedAt?.toISOString().slice(0, 10)}; the link no longer opens it.`);
  }
  if (a.expiresAt.getTime() <= now.getTime()) {
    throw new AppError(410, "link_expired", `This questionnaire link expired on ${a.expiresAt.toISOString().slice(0, 10)}. Ask the person who sent it for a new link.`);
  }
  return { ...row, now };
}

function supplierActor(supplierName: string): Actor {
  return { id: null, label: `${supplierName} (questionnaire link)` };
}

function checkAnswers(template: QuestionnaireTemplate, answers: Answers) {
  const questions = new Map(template.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  const issues: { path: string; message: string }[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const q = questions.get(id);
    if (!q) issues.push({ path: `body/answers/${id}`, message: "no such question in this questionnaire" });
    else {
      const problem = answerProblem(q, answer);
      if (problem) issues.push({ path: `body/answers/${id}`, message: problem });
    }
  }
  if (issues.length) throw badRequest(issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues);
}

/**
 * Routes a supplier reaches without an account, through the link it was sent. The token selects one
 * questionnaire; answers never carry ids of the register, scores or reviewer comments.
 */
export async function publicQuestionnaireRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["public questionnaires"];

  const view = async (opened: Awaited<ReturnType<typeof openLink>>) => {
    const a = opened.assessment;
    const [profile, attachments] = await Promise.all([
      getProfile(db()),
      db()
        .select({
          id: supplierAssessmentAttachments.id,
          fileName: supplierAssessmentAttachments.fileName,
          questionId: supplierAssessmentAttachments.questionId,
          size: supplierAssessmentAttachments.size,
          sha256: supplierAssessmentAttachments.sha256,
        })
        .from(supplierAssessmentAttachments)
        .where(eq(supplierAssessmentAttachments.assessmentId, a.id))
        .orderBy(asc(supplierAssessmentAttachments.createdAt)),
    ]);
    const t = opened.template;
    return {
      requestedBy: profile?.legalName ?? "Your customer",
      addressedTo: opened.supplierName,
      title: t.title,
      description: t.description,
      version: t.version,
      status: "open" as const,
      expiresAt: a.expiresAt.toISOString(),
      submittedAt: null,
      draftSavedAt: a.draftSavedAt?.toISOString() ?? null,
      sections: t.sections.map((s) => ({
        id: s.id,
        title: s.title,
        questions: s.questions.map((q) => ({
          id: q.id,
          text: q.text,
          help: q.help,
          kind: q.kind,
          options: q.options?.map((o) => ({ value: o.value, label: o.label })),
          evidence: q.evidence,
        })),
      })),
      answers: a.answers,
      attachments,
      maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
    };
  };

  app.get(
    "/api/public/questionnaires/:token",
    {
      config: { access: "public" },
      schema: { tags, summary: "The questionnaire behind a link, with the answers saved so far", params: tokenParams, response: { 200: publicQuestionnaire } },
    },
    async (request) => view(await openLink(app, request, request.params.token)),
  );

  app.put(
    "/api/public/questionnaires/:token",
    {
      config: { access: "public" },
      schema: { tags, summary: "Save draft answers (replaces the saved answers)", params: tokenParams, body: answersBody, response: { 200: publicQuestionnaire } },
    },
    async (request) => {
      const opened = await openLink(app, request, request.params.token);
      const answers = request.body.answers as Answers;
      checkAnswers(opened.template, answers);
      const before = opened.assessment;
      await audited(db(), supplierActor(opened.supplierName), async (tx) => {
        const [after] = await tx
          .update(supplierAssessments)
          .set({ answers, draftSavedAt: opened.now, status: "in_progress", updatedAt: opened.now })
          .where(and(eq(supplierAssessments.id, before.id), eq(supplierAssessments.status, before.status)))
          .returning();
        if (!after) throw new AppError(409, "conflict", "The questionnaire changed meanwhile; reload the page");
        return { result: after, changes: [{ action: "save_draft", entityType: "supplier_assessment", entityId: before.id, before: { answers: before.answers }, after: { answers } }] };
      });
      return view({ ...opened, assessment: { ...before, answers, draftSavedAt: opened.now } });
    },
  );

  app.post(
    "/api/public/questionnaires/:token/submit",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Submit the answers; the link stops working afterwards",
        params: tokenParams,
        body: answersBody.partial(),
      },
    },
    async (request) => {
      const opened = await openLink(app, request, request.params.token);
      const before = opened.assessment;
      const answers = (request.body?.answers as Answers | undefined) ?? before.answers;
      checkAnswers(opened.template, answers);
      const score = scoreQuestionnaire(opened.template, answers);
      await audited(db(), supplierActor(opened.supplierName), async (tx) => {
        const [after] = await tx
          .update(supplierAssessments)
          .set({ answers, status: "submitted", submittedAt: opened.now, score, overallScore: score.overall, updatedAt: opened.now })
          .where(and(eq(supplierAssessments.id, before.id), eq(supplierAssessments.status, before.status)))
          .returning();
        if (!after) throw new AppError(409, "conflict", "The questionnaire changed meanwhile; reload the page");
        return { result: after, changes: [{ action: "submit", entityType: "supplier_assessment", entityId: before.id, before: { status: before.status }, after: { status: "submitted", answers } }] };
      });
      return { status: "submitted", submittedAt: opened.now.toISOString(), unanswered: score.unanswered.length };
    },
  );

  app.post(
    "/api/public/questionnaires/:token/attachments",
    {
      config: { access: "public" },
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: { tags, summary: `Attach a file (at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB, JSON with base64 content)`, params: tokenParams, body: attachmentBody },
    },
    async (request, reply) => {
      const opened = await openLink(app, request, request.params.token);
      const a = opened.assessment;
      const body = request.body;
      const bytes = decodeBase64(body.contentBase64);
      if (!bytes) throw badRequest("body/contentBase64: not valid base64", [{ path: "body/contentBase64", message: "not valid base64" }]);
      if (bytes.length === 0) throw badRequest("body/contentBase64: the file is empty", [{ path: "body/contentBase64", message: "the file is empty" }]);
      if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError(413, "payload_too_large", `Attachments may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`);
      const questionIds = new Set(opened.template.sections.flatMap((s) => s.questions.map((q) => q.id)));
      if (body.questionId && !questionIds.has(body.questionId)) {
        throw badRequest("body/questionId: no such question in this questionnaire", [{ path: "body/questionId", message: "no such question in this questionnaire" }]);
      }
      const [{ n }] = await db().select({ n: count() }).from(supplierAssessmentAttachments).where(eq(supplierAssessmentAttachments.assessmentId, a.id));
      if (Number(n) >= MAX_ATTACHMENTS) throw new AppError(409, "conflict", `At most ${MAX_ATTACHMENTS} attachments per questionnaire`);
      const values = {
        assessmentId: a.id,
        questionId: body.questionId ?? null,
        fileName: sanitiseFileName(body.fileName),
        mediaType: /^[\w.+-]+\/[\w.+-]+$/.test(body.mediaType) ? body.mediaType : "application/octet-stream",
        size: bytes.length,
        sha256: sha256Hex(bytes),
        contentBase64: bytes.toString("base64"),
        createdAt: opened.now,
      };
      const row = await audited(db(), supplierActor(opened.supplierName), async (tx) => {
        const [r] = await tx.insert(supplierAssessmentAttachments).values(values).returning();
        const { contentBase64: _omit, ...meta } = r;
        return { result: r, changes: [{ action: "attach", entityType: "supplier_assessment", entityId: a.id, after: meta }] };
      });
      return reply.status(201).send({ id: row.id, fileName: row.fileName, questionId: row.questionId, size: row.size, sha256: row.sha256 });
    },
  );

  app.delete(
    "/api/public/questionnaires/:token/attachments/:attachmentId",
    { config: { access: "public" }, schema: { tags, summary: "Remove an attachment of this questionnaire", params: tokenParams.extend({ attachmentId: tokenParams.shape.token }) } },
    async (request) => {
      const opened = await openLink(app, request, request.params.token);
      const a = opened.assessment;
      await audited(db(), supplierActor(opened.supplierName), async (tx) => {
        // Scoped to this questionnaire: another questionnaire's attachment id is simply not found.
        const [r] = await tx
          .delete(supplierAssessmentAttachments)
          .where(and(eq(supplierAssessmentAttachments.id, request.params.attachmentId), eq(supplierAssessmentAttachments.assessmentId, a.id)))
          .returning();
        if (!r) throw notFound("Attachment");
        const { contentBase64: _omit, ...meta } = r;
        return { result: null, changes: [{ action: "detach", entityType: "supplier_assessment", entityId: a.id, before: meta }] };
      });
      return { ok: true };
    },
  );
}
