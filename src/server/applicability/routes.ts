import { z } from "zod";
import { ACTIVITIES, assessApplicability, DESIGNATIONS, parseProfile, profileSchema } from "../../core/applicability";
import { AppError } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { getProfile, type OrganisationProfile } from "../organisation/store";
import { listAssessments, type SavedAssessment, saveAssessment } from "./assessments";
import { applicabilityMemo } from "./memo";
import { productRegimes, productRegimeView } from "./products";

const basis = z.object({ citation: z.string(), confidence: z.string(), items: z.array(z.object({ id: z.string(), ref: z.string(), title: z.string() }).loose()) }).loose();

/** The documented shape of an assessment (more fields are present; see the core's Assessment type). */
export const assessmentSchema = z
  .object({
    schema: z.literal("vigil.applicability/1"),
    assessedOn: z.string(),
    catalog: z.object({ version: z.string(), lastReviewed: z.string() }),
    sizeCategory: z.enum(["micro", "small", "medium", "large"]),
    size: z.object({ rule: z.string(), basis, notes: z.array(z.string()) }).loose(),
    classification: z.enum(["essential", "important", "out_of_scope"]),
    basis: z.object({ rule: z.string(), explanation: z.string(), basis, notes: z.array(z.object({ text: z.string() }).loose()) }).loose(),
    supervision: z.object({ regime: z.string(), summary: z.string(), enforcementMeasures: z.array(z.string()) }).loose(),
    maxFineEur: z.number().nullable(),
    maxFine: z.object({ formula: z.string() }).loose(),
    memberStates: z.array(
      z
        .object({
          country: z.string(),
          status: z.string(),
          competentAuthority: z.string().nullable(),
          csirt: z.string().nullable(),
          verifiedOn: z.string().nullable(),
          source: z.object({ ref: z.string(), url: z.string().optional() }).nullable(),
        })
        .loose(),
    ),
    obligations: z.array(z.object({ id: z.string(), title: z.string(), feature: z.string(), basis }).loose()),
    keyDates: z.array(z.object({ date: z.string(), title: z.string() }).loose()),
  })
  .loose();

type AssessmentDocument = z.infer<typeof assessmentSchema>;
const asDocument = (a: ReturnType<typeof assessApplicability>) => a as unknown as AssessmentDocument;

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

const savedAssessmentSchema = z.object({
  id: z.string(),
  answers: z.record(z.string(), z.unknown()),
  classification: z.string(),
  catalogVersion: z.string(),
  assessedAt: z.string(),
  approvedBy: z.string(),
  result: assessmentSchema,
});

function savedView(row: SavedAssessment) {
  const { approvedById: _id, ...rest } = row;
  return { ...rest, assessedAt: row.assessedAt.toISOString(), result: row.result as unknown as AssessmentDocument };
}

/** The stored organisation profile in the applicability engine's terms. */
export function profileInputFrom(p: OrganisationProfile | null) {
  return {
    establishments: p ? [p.mainEstablishment, ...p.otherMemberStates].filter((c): c is string => !!c) : [],
    staffHeadcount: p?.staffHeadcount ?? undefined,
    annualTurnoverEur: p?.annualTurnoverEur ?? undefined,
    balanceSheetTotalEur: p?.balanceSheetTotalEur ?? undefined,
    activities: p?.activities ?? [],
    designations: p?.designations ?? [],
  };
}

export async function applicabilityRoutes(app: VigilApp) {
  const { services } = app;

  app.get(
    "/api/applicability/options",
    {
      config: { access: "workspace:read" },
      schema: { tags: ["applicability"], summary: "The activity and designation identifiers the engine knows" },
    },
    async () => ({ activities: ACTIVITIES, designations: DESIGNATIONS }),
  );

  app.post(
    "/api/applicability/assess",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["applicability"],
        summary: "Assess NIS2 applicability of a profile (stateless: nothing is stored)",
        body: profileSchema,
        response: { 200: assessmentSchema },
      },
    },
    async (request) => asDocument(assessApplicability(request.body, services.catalog, { today: today(services.now()) })),
  );

  app.post(
    "/api/applicability/memo",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["applicability"],
        summary: "The NIS2 applicability memo (PDF) for a profile",
        body: profileSchema.and(z.object({ organisation: z.string().max(300).optional() })),
      },
    },
    async (request, reply) => {
      const { organisation, ...input } = request.body as z.infer<typeof profileSchema> & { organisation?: string };
      const parsed = parseProfile(input);
      if (!parsed.ok) throw new AppError(400, "validation_failed", "Invalid profile", parsed.errors);
      const assessment = assessApplicability(parsed.profile, services.catalog, { today: today(services.now()) });
      const pdf = await applicabilityMemo(assessment, organisation ?? (await getProfile(services.database.db))?.legalName ?? "");
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="nis2-applicability-memo-${assessment.assessedOn}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    "/api/applicability",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["applicability"],
        summary: "Assessment of the organisation's stored profile, or what is missing to compute it",
        response: {
          200: z.object({
            ready: z.boolean(),
            errors: z.array(z.object({ path: z.string(), message: z.string() })),
            assessment: assessmentSchema.nullable(),
            /** Which of the organisation's products fall under which regime (MDR/IVDR or the CRA), and why. */
            products: z.array(productRegimeView),
          }),
        },
      },
    },
    async () => {
      const products = await productRegimes(services.database.db);
      const parsed = parseProfile(profileInputFrom(await getProfile(services.database.db)));
      if (!parsed.ok) return { ready: false, errors: parsed.errors, assessment: null, products };
      const assessment = assessApplicability(parsed.profile, services.catalog, { today: today(services.now()) });
      return { ready: true, errors: [], assessment: asDocument(assessment), products };
    },
  );

  app.get(
    "/api/applicability/assessments",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["applicability"],
        summary: "Approved applicability assessments, newest first: answers, result, date and approver",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: { 200: z.object({ items: z.array(savedAssessmentSchema) }) },
      },
    },
    async (request) => ({ items: (await listAssessments(services.database.db, request.query.limit)).map(savedView) }),
  );

  app.post(
    "/api/applicability/assessments",
    {
      config: { access: "org:write" },
      schema: {
        tags: ["applicability"],
        summary: "Assess the answers and save the result, approved by the caller today",
        body: profileSchema,
        response: { 201: savedAssessmentSchema },
      },
    },
    async (request, reply) => {
      const now = services.now();
      const assessment = assessApplicability(request.body, services.catalog, { today: today(now) });
      const row = await saveAssessment(services.database.db, actorOf(request.principal!), request.body, assessment, now);
      return reply.status(201).send(savedView(row));
    },
  );
}
