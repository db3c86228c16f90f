import { z } from "zod";
import { CLAUSE_IDS, DATA_ACCESS, DEVICE_IMPACT, SUBSTITUTABILITY, SYSTEM_ACCESS } from "../../core/suppliers";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");
const text = (max: number) => z.string().trim().max(max);

export const idParams = z.object({ id: z.uuid() }).strict();
export const childParams = z.object({ id: z.uuid(), childId: z.uuid() }).strict();
export const assessmentParams = z.object({ id: z.uuid(), assessmentId: z.uuid() }).strict();

export const contactSchema = z
  .object({ name: text(200).min(1), email: z.email().nullish(), phone: text(50).nullish(), role: text(100).nullish() })
  .strict();

export const tierInputsSchema = z.object({
  systemAccess: z.enum(SYSTEM_ACCESS),
  dataAccess: z.enum(DATA_ACCESS),
  deviceImpact: z.enum(DEVICE_IMPACT),
  patientSafetyImpact: z.boolean(),
  substitutability: z.enum(SUBSTITUTABILITY),
});

export const supplierBody = z
  .object({
    name: text(200).min(1),
    supplies: text(2000).default(""),
    suppliesDeviceComponents: z.boolean().default(false),
    country: z.string().regex(/^[A-Z]{2}$/, "ISO 3166 alpha-2 code").nullish(),
    website: z.url().max(500).nullish(),
    contacts: z.array(contactSchema).max(20).default([]),
    notes: text(5000).nullish(),
    registeredOn: day.optional(),
  })
  .extend(tierInputsSchema.shape)
  .strict();

export const supplierPatch = supplierBody.partial().strict();

const contractFields = z
  .object({
    title: text(300).min(1),
    reference: text(200).nullish(),
    startDate: day.nullish(),
    endDate: day.nullish(),
    clauses: z.array(z.enum(CLAUSE_IDS as [string, ...string[]])).max(20).default([]),
    notes: text(5000).nullish(),
  })
  .strict();
const datesInOrder = (c: { startDate?: string | null; endDate?: string | null }) => !c.startDate || !c.endDate || c.startDate <= c.endDate;
export const contractBody = contractFields.refine(datesInOrder, { message: "the end date is before the start date", path: ["endDate"] });
export const contractPatch = contractFields.partial().refine(datesInOrder, { message: "the end date is before the start date", path: ["endDate"] });

export const certificationBody = z
  .object({
    type: z.enum(["iso27001", "soc2", "other"]),
    name: text(300).min(1),
    issuer: text(200).nullish(),
    scope: text(2000).nullish(),
    issuedOn: day.nullish(),
    expiresOn: day.nullish(),
  })
  .strict();
export const certificationPatch = certificationBody.partial().strict();

export const componentBody = z
  .object({
    purl: z
      .string()
      .trim()
      .regex(/^pkg:[a-z0-9.+-]+\/\S+$/i, "a package URL such as pkg:generic/acme-rtos or pkg:npm/%40acme/sdk@2.1.0")
      .max(1000),
    match: z.enum(["exact", "prefix"]).default("prefix"),
    description: text(500).nullish(),
  })
  .strict();

export const sendBody = z
  .object({
    template: z.string().default("mdm-supplier-security"),
    expiresInDays: z.number().int().min(1).max(90).default(30),
    recipientEmail: z.email().nullish(),
  })
  .strict();

export const reviewBody = z
  .object({
    comments: z.array(z.object({ questionId: z.string().max(100).nullable().default(null), text: text(5000).min(1) }).strict()).max(200).default([]),
    complete: z.boolean().default(false),
  })
  .strict();

export const followUpBody = z.object({ title: text(500).min(1), owner: text(200).nullish(), dueDate: day.nullish() }).strict();
export const followUpPatch = z.object({ title: text(500).min(1).optional(), owner: text(200).nullish(), dueDate: day.nullish(), status: z.enum(["open", "done"]).optional() }).strict();

export const importBody = z.object({ fileName: z.string().min(1).max(200), contentBase64: z.string().min(1) }).strict();

/* ---- public questionnaire ---- */

export const tokenParams = z.object({ token: z.string().min(1).max(200) }).strict();

export const answersBody = z
  .object({ answers: z.record(z.string().max(100), z.object({ value: z.string().max(10_000).nullish(), comment: z.string().max(5000).nullish() }).strict()) })
  .strict();

export const attachmentBody = z
  .object({
    fileName: z.string().min(1).max(500),
    mediaType: z.string().max(200).default("application/octet-stream"),
    questionId: z.string().max(100).nullish(),
    contentBase64: z.string().min(1),
  })
  .strict();

const publicQuestion = z.object({
  id: z.string(),
  text: z.string(),
  help: z.string().optional(),
  kind: z.enum(["yes_no", "choice", "text"]),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  evidence: z.string().optional(),
});

/** Exactly what a link holder sees: no ids of the register, no scores, no reviewer comments. */
export const publicQuestionnaire = z.object({
  requestedBy: z.string(),
  addressedTo: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.string(),
  status: z.enum(["open", "submitted"]),
  expiresAt: z.string(),
  submittedAt: z.string().nullable(),
  draftSavedAt: z.string().nullable(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), questions: z.array(publicQuestion) })),
  answers: z.record(z.string(), z.object({ value: z.string().nullish(), comment: z.string().nullish() })),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), questionId: z.string().nullable(), size: z.number(), sha256: z.string() })),
  maxAttachmentBytes: z.number(),
});
