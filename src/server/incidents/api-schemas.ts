import { z } from "zod";
import { canonicalMemberState, EU_MEMBER_STATES } from "../../core/catalog";
import { DEVICE_CATEGORIES, impactSchema, incidentFactsSchema, QUESTION_IDS } from "../../core/incidents";
import { INCIDENT_STATUSES } from "./schema";
import { DRAFT_STAGES } from "./reports";

export const idParams = z.object({ id: z.string().min(1).max(100) });

/** An instant with its offset; the clocks need to know which moment was meant. */
export const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone offset, e.g. 2026-03-29T08:30:00Z" });

export const memberStateCode = z
  .string()
  .trim()
  .refine((v) => canonicalMemberState(v) !== undefined, {
    message: `unknown EU member state; expected one of ${EU_MEMBER_STATES.join(", ")} (EL for Greece is accepted)`,
  })
  .transform((v) => canonicalMemberState(v) as string);

const ids = z.array(z.string().min(1).max(100)).max(500);
const texts = z.array(z.string().trim().min(1).max(2000)).max(200);

export const deviceVigilanceSchema = z
  .object({ regulation: z.enum(["mdr", "ivdr"]), category: z.enum(DEVICE_CATEGORIES), awareAt: instant.optional() })
  .strict();

/** highRisk stays "unknown" until assessed: a breach is not recorded as low risk because nobody said otherwise. */
export const personalDataBreachSchema = z
  .object({ highRisk: z.union([z.boolean(), z.literal("unknown")]).default("unknown"), awareAt: instant.optional() })
  .strict();

/** "unknown": nobody has said yet whether the regime applies; a provisional clock runs from awareness. */
const notYetKnown = z.literal("unknown");

const iocSchema = z.object({ type: z.string().trim().min(1).max(40), value: z.string().trim().min(1).max(2000), note: z.string().max(500).optional() }).strict();

/** Fields a user may set on an incident. */
const incidentFields = {
  title: z.string().trim().min(1, "required").max(300),
  description: z.string().max(20_000),
  detectedAt: instant,
  awareAt: instant,
  reporter: z.string().trim().min(1).max(200),
  status: z.enum(INCIDENT_STATUSES),
  country: memberStateCode.nullable(),
  affectedDeviceModelIds: ids,
  affectedVersionIds: ids,
  affectedSiteIds: ids,
  affectedSystems: texts,
  suppliersInvolved: z.string().max(5000).nullable(),
  impact: impactSchema.nullable(),
  facts: incidentFactsSchema,
  deviceVigilance: z.union([deviceVigilanceSchema, notYetKnown]).nullable(),
  personalDataBreach: z.union([personalDataBreachSchema, notYetKnown]).nullable(),
  handledAt: instant.nullable(),
  impactEndedAt: instant.nullable(),
  threatType: z.string().max(2000).nullable(),
  rootCause: z.string().max(20_000).nullable(),
  indicatorsOfCompromise: z.array(iocSchema).max(1000),
  mitigationsApplied: texts,
  mitigationsOngoing: texts,
  recipientMeasures: texts,
  lessonsLearned: z.string().max(20_000).nullable(),
  linkedRiskIds: ids,
  linkedControlIds: ids,
  linkedFindingIds: ids,
};

export const createIncidentBody = z
  .object({
    ...incidentFields,
    description: incidentFields.description.default(""),
    reporter: incidentFields.reporter.optional(),
    status: incidentFields.status.default("open"),
    country: incidentFields.country.optional(),
    affectedDeviceModelIds: ids.default([]),
    affectedVersionIds: ids.default([]),
    affectedSiteIds: ids.default([]),
    affectedSystems: texts.default([]),
    suppliersInvolved: incidentFields.suppliersInvolved.optional(),
    impact: incidentFields.impact.optional(),
    facts: incidentFactsSchema.default({ memberStatesAffected: [] }),
    deviceVigilance: incidentFields.deviceVigilance.default("unknown"),
    personalDataBreach: incidentFields.personalDataBreach.default("unknown"),
    handledAt: incidentFields.handledAt.optional(),
    impactEndedAt: incidentFields.impactEndedAt.optional(),
    threatType: incidentFields.threatType.optional(),
    rootCause: incidentFields.rootCause.optional(),
    indicatorsOfCompromise: z.array(iocSchema).max(1000).default([]),
    mitigationsApplied: texts.default([]),
    mitigationsOngoing: texts.default([]),
    recipientMeasures: texts.default([]),
    lessonsLearned: incidentFields.lessonsLearned.optional(),
    linkedRiskIds: ids.default([]),
    linkedControlIds: ids.default([]),
    linkedFindingIds: ids.default([]),
  })
  .strict();

export const updateIncidentBody = z.object(incidentFields).partial().strict();

const stringArray = z.array(z.string());
const loose = z.record(z.string(), z.unknown());

export const incidentView = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  description: z.string(),
  detectedAt: z.string(),
  awareAt: z.string(),
  reporter: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  classification: z.enum(["significant", "not_significant", "pending"]),
  country: z.string().nullable(),
  affectedDeviceModelIds: stringArray,
  affectedVersionIds: stringArray,
  affectedSiteIds: stringArray,
  affectedSystems: stringArray,
  suppliersInvolved: z.string().nullable(),
  impact: loose.nullable(),
  facts: loose,
  assessment: loose.nullable(),
  significance: loose.nullable(),
  deviceVigilance: z.union([loose, notYetKnown]).nullable(),
  personalDataBreach: z.union([loose, notYetKnown]).nullable(),
  handledAt: z.string().nullable(),
  impactEndedAt: z.string().nullable(),
  threatType: z.string().nullable(),
  rootCause: z.string().nullable(),
  indicatorsOfCompromise: z.array(loose),
  mitigationsApplied: stringArray,
  mitigationsOngoing: stringArray,
  recipientMeasures: stringArray,
  lessonsLearned: z.string().nullable(),
  linkedRiskIds: stringArray,
  linkedControlIds: stringArray,
  linkedFindingIds: stringArray,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  evidenceCount: z.number(),
  draftCount: z.number(),
});

/**
 * What a page of the incident list leaves out: the narrative and the significance assessment with its legal texts
 * (about 10 KB an incident), which the list never shows and the incident page reads one incident at a time.
 */
export const INCIDENT_PAGE_OMITS = {
  description: true,
  suppliersInvolved: true,
  impact: true,
  facts: true,
  assessment: true,
  significance: true,
  rootCause: true,
  indicatorsOfCompromise: true,
  mitigationsApplied: true,
  mitigationsOngoing: true,
  recipientMeasures: true,
  lessonsLearned: true,
} as const;

const answer = z.enum(["yes", "no", "unknown"]);
export const assessmentBody = z
  .object({
    /** Default: from the organisation profile's activities (a Reg. 2024/2690 service type makes it reg_2024_2690_entity). */
    entityType: z.enum(["medical_device_manufacturer", "reg_2024_2690_entity"]).optional(),
    annualTurnoverEur: z.number().nonnegative().optional(),
    answers: z.partialRecord(z.enum(QUESTION_IDS), answer).default({}),
  })
  .strict();

export const confirmBody = z
  .object({ outcome: z.enum(["significant", "not_significant"]).optional(), rationale: z.string().trim().max(5000).optional() })
  .strict();

export const timelineBody = z.object({ at: instant.optional(), text: z.string().trim().min(1, "required").max(5000) }).strict();

export const evidenceBody = z
  .object({
    fileName: z.string().max(1000),
    mediaType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, "must be a media type such as application/pdf")
      .default("application/octet-stream"),
    contentBase64: z.string().min(1, "required"),
    description: z.string().max(2000).optional(),
  })
  .strict();

export const submissionBody = z
  .object({
    obligationId: z.string().min(1).max(100),
    submittedAt: instant,
    channel: z.string().trim().max(200).optional(),
    reference: z.string().trim().max(200).optional(),
    submittedBy: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const intermediateRequestBody = z
  .object({ requestedAt: instant, dueAt: instant, reference: z.string().trim().max(200).optional() })
  .strict();

export const stageParams = z.object({ id: z.string().min(1).max(100), stage: z.enum(DRAFT_STAGES) });
export const versionQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const draftEditBody = z
  .object({
    sections: z.array(z.object({ id: z.string().min(1), text: z.string().max(50_000) }).strict()).max(50).optional(),
    addressee: z
      .object({ authority: z.string().max(500), csirt: z.string().max(500), submissionChannel: z.string().max(500), reference: z.string().max(500) })
      .partial()
      .strict()
      .optional(),
    sender: z.object({ entity: z.string().max(500), address: z.string().max(1000), contact: z.string().max(1000) }).partial().strict().optional(),
  })
  .strict();

const yesFlag = z.enum(["true", "false"]).transform((v) => v === "true");

/** The what-if calculator takes the same inputs as `vigil incident clocks`. */
export const clocksQuery = z
  .object({
    aware: instant,
    detected: instant.optional(),
    notified: instant.optional(),
    handled: instant.optional(),
    impactEnded: instant.optional(),
    ongoing: yesFlag.optional(),
    mdr: z.enum(["serious", "death", "public-health"]).optional(),
    ivdr: z.enum(["serious", "death", "public-health"]).optional(),
    gdpr: yesFlag.optional(),
    gdprHighRisk: yesFlag.optional(),
    country: z.string().optional(),
    zone: z.string().optional(),
    now: instant.optional(),
  })
  .strict();
