import { z } from "zod";
import {
  ACTION_STATUSES,
  ASSET_TYPES,
  AUTHORITIES,
  HARM_SEVERITIES,
  LIFECYCLE_PHASES,
  LINK_KINDS,
  RISK_LEVELS,
  RISK_STATUSES,
  TREATMENTS,
} from "../../core/risks";
import { pagingQuery } from "../platform/paging";

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const isoDate = z.iso.date("must be a date YYYY-MM-DD");
const level = z.number().int().min(1).max(10);
const name = z.string().trim().min(1).max(200);

const ciaSchema = z.object({ confidentiality: z.boolean(), integrity: z.boolean(), availability: z.boolean() }).strict();

const riskFields = {
  title: z.string().trim().min(1, "required").max(300),
  description: z.string().max(20_000),
  asset: z.string().trim().min(1, "required").max(300),
  assetType: z.enum(ASSET_TYPES),
  phase: z.enum(LIFECYCLE_PHASES),
  threat: z.string().max(2000),
  vulnerability: z.string().max(2000),
  cia: ciaSchema,
  patientSafety: z.enum(HARM_SEVERITIES).nullable(),
  inherentLikelihood: level,
  inherentImpact: level,
  residualLikelihood: level.nullable(),
  residualImpact: level.nullable(),
  residualJustification: z.string().max(5000).nullable(),
  treatment: z.enum(TREATMENTS).nullable(),
  treatmentPlan: z.string().max(20_000),
  owner: name.nullable(),
  deviceModelId: z.string().min(1).max(100).nullable(),
  status: z.enum(RISK_STATUSES),
  reviewDate: isoDate.nullable(),
};

export const createRiskBody = z
  .object({
    ...riskFields,
    description: riskFields.description.default(""),
    assetType: riskFields.assetType.default("other"),
    threat: riskFields.threat.default(""),
    vulnerability: riskFields.vulnerability.default(""),
    patientSafety: riskFields.patientSafety.default(null),
    residualLikelihood: riskFields.residualLikelihood.default(null),
    residualImpact: riskFields.residualImpact.default(null),
    residualJustification: riskFields.residualJustification.default(null),
    treatment: riskFields.treatment.default(null),
    treatmentPlan: riskFields.treatmentPlan.default(""),
    owner: riskFields.owner.default(null),
    deviceModelId: riskFields.deviceModelId.default(null),
    status: riskFields.status.default("open"),
    reviewDate: riskFields.reviewDate.default(null),
  })
  .strict();
export const updateRiskBody = z.object(riskFields).partial().strict();

const rating = z.object({ score: z.number(), level: z.enum(RISK_LEVELS) });
const problem = z.object({ path: z.string(), message: z.string() });

export const riskSummarySchema = z.object({
  id: z.string(),
  reference: z.string(),
  ...riskFields,
  description: z.string(),
  templateId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deviceModelName: z.string().nullable(),
  inherent: rating,
  residual: rating.nullable(),
  current: rating,
  openActions: z.number(),
  overdueActions: z.number(),
  reviewOverdue: z.boolean(),
  overdue: z.boolean(),
  requiredAuthority: z.enum(AUTHORITIES),
  warnings: z.array(problem),
});

export const actionSchema = z.object({
  id: z.string(),
  riskId: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const riskDetailSchema = riskSummarySchema.extend({
  actions: z.array(actionSchema.extend({ overdue: z.boolean() })),
  reviews: z.array(
    z.object({
      id: z.string(),
      riskId: z.string(),
      reviewedAt: z.string(),
      reviewedBy: z.string(),
      notes: z.string(),
      snapshot: z.record(z.string(), z.unknown()),
      nextReviewDate: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  acceptances: z.array(
    z.object({
      id: z.string(),
      riskId: z.string(),
      acceptedBy: z.string(),
      authority: z.enum(AUTHORITIES),
      statement: z.string(),
      benefitRisk: z.string().nullable(),
      acceptedAt: z.string(),
      validUntil: z.string().nullable(),
      score: z.number(),
      level: z.enum(RISK_LEVELS),
      recordedBy: z.string(),
      createdAt: z.string(),
    }),
  ),
  links: z.array(z.object({ id: z.string(), riskId: z.string(), kind: z.enum(LINK_KINDS), refId: z.string(), note: z.string().nullable(), createdAt: z.string() })),
});

export const RISK_SORTS = ["reference", "title", "phase", "owner", "status", "treatment", "reviewDate", "inherent", "residual", "current"] as const;

export const listQuery = z
  .object({
    phase: z.enum(LIFECYCLE_PHASES).optional(),
    status: z.enum(RISK_STATUSES).optional(),
    deviceModelId: z.string().max(100).optional(),
    owner: z.string().max(200).optional(),
    overdue: z.enum(["true", "false"]).optional(),
    noOwner: z.enum(["true", "false"]).optional(),
    level: z.enum(RISK_LEVELS).optional(),
    /** A heat-map cell: `inherent:4:5` or `residual:2:3` (view:likelihood:impact). */
    cell: z
      .string()
      .regex(/^(inherent|residual):\d{1,2}:\d{1,2}$/, "a cell looks like inherent:4:5 or residual:2:3")
      .optional(),
    /** Risks linked to one record: `finding:<id>`, `incident:<id>`, `control:<code>` … */
    linked: z
      .string()
      .max(250)
      .regex(new RegExp(`^(${LINK_KINDS.join("|")}):.+$`), `linked looks like kind:id with kind one of ${LINK_KINDS.join(", ")}`)
      .optional(),
    /** Text in reference, title, asset, owner or threat. */
    q: z.string().trim().max(200).optional(),
    ...pagingQuery(RISK_SORTS),
  })
  .strict();

export const actionBody = z
  .object({ title: z.string().trim().min(1).max(500), owner: name.nullable().default(null), dueDate: isoDate.nullable().default(null), status: z.enum(ACTION_STATUSES).default("planned") })
  .strict();
export const updateActionBody = z
  .object({ title: z.string().trim().min(1).max(500), owner: name.nullable(), dueDate: isoDate.nullable(), status: z.enum(ACTION_STATUSES) })
  .partial()
  .strict();
export const actionParams = z.object({ id: z.string().min(1).max(100), actionId: z.string().min(1).max(100) });
export const linkParams = z.object({ id: z.string().min(1).max(100), linkId: z.string().min(1).max(100) });

export const reviewBody = z
  .object({ notes: z.string().trim().min(1, "say what the review found").max(5000), nextReviewDate: isoDate.nullable().default(null) })
  .strict();

export const acceptanceBody = z
  .object({
    acceptedBy: z.string().trim().min(1).max(200),
    authority: z.enum(AUTHORITIES),
    statement: z.string().max(5000),
    benefitRisk: z.string().max(5000).nullable().default(null),
    validUntil: isoDate.nullable().default(null),
  })
  .strict();

export const linkBody = z.object({ kind: z.enum(LINK_KINDS), refId: z.string().trim().min(1).max(200), note: z.string().max(1000).nullable().default(null) }).strict();

export const fromRecordBody = z.object({ kind: z.enum(["finding", "incident"]), id: z.string().trim().min(1).max(200) }).strict();

const scaleLevel = z.object({ value: z.number().int(), label: z.string().max(60), definition: z.string().max(1000) }).strict();
export const matrixSchema = z
  .object({
    likelihood: z.array(scaleLevel).max(10),
    impact: z.array(scaleLevel).max(10),
    bands: z.array(z.object({ level: z.enum(RISK_LEVELS), minScore: z.number().int() }).strict()).max(4),
    acceptanceAuthority: z.object({ low: z.enum(AUTHORITIES), medium: z.enum(AUTHORITIES), high: z.enum(AUTHORITIES), critical: z.enum(AUTHORITIES) }).strict(),
    severityImpact: z
      .object({ negligible: z.number().int(), minor: z.number().int(), serious: z.number().int(), critical: z.number().int(), catastrophic: z.number().int() })
      .strict(),
  })
  .strict();

export const adoptBody = z
  .object({ owner: name.nullable().default(null), deviceModelId: z.string().min(1).max(100).nullable().default(null), reviewDate: isoDate.nullable().default(null) })
  .strict();

export const importBody = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    /** The file's bytes in base64. */
    contentBase64: z.string().min(1),
  })
  .strict();
