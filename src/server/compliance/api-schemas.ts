import { z } from "zod";
import { CONTROL_STATUSES, RELATIONSHIPS, REQUIREMENT_STATUSES, STRENGTHS } from "../../core/compliance";

const date = z.iso.date();
export const idParams = z.object({ id: z.string().min(1) }).strict();
export const recordRef = z.object({ kind: z.string().min(1).max(40), id: z.string().min(1).max(100) }).strict();

export const coverageCounts = {
  total: z.number(),
  met: z.number(),
  partial: z.number(),
  notMet: z.number(),
  unmapped: z.number(),
  notApplicable: z.number(),
  needsReview: z.number(),
  percent: z.number().nullable(),
};
export const frameworkCoverageView = z.object({
  id: z.string(),
  name: z.string(),
  optional: z.boolean(),
  custom: z.boolean(),
  ...coverageCounts,
  groups: z.array(z.object({ id: z.string(), title: z.string(), label: z.string(), ...coverageCounts })),
});

const chainStep = z.object({
  from: z.string(),
  to: z.string(),
  relationship: z.string(),
  strength: z.string().optional(),
  source: z.string(),
  note: z.string().optional(),
});
export const contributionView = z.object({
  control: z.string(),
  controlId: z.string().nullable(),
  controlTitle: z.string(),
  controlStatus: z.string(),
  needsReview: z.boolean(),
  relationship: z.string(),
  effect: z.string(),
  chain: z.array(chainStep),
});
export const requirementView = z.object({
  id: z.string(),
  framework: z.string(),
  title: z.string(),
  ref: z.string(),
  group: z.string(),
  groupTitle: z.string(),
  status: z.enum(REQUIREMENT_STATUSES),
  score: z.number(),
  needsReview: z.boolean(),
  explanation: z.string(),
  contributions: z.array(contributionView),
  suggestions: z.array(contributionView),
});

export const mappingView = z.object({
  requirement: z.string(),
  framework: z.string(),
  title: z.string(),
  relationship: z.string(),
  strength: z.string().nullable(),
  source: z.string(),
  origin: z.string(),
  note: z.string().nullable(),
  requirementStatus: z.enum(REQUIREMENT_STATUSES).nullable(),
  effect: z.string(),
});

export const evidenceView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  kind: z.enum(["file", "record"]),
  record: recordRef.nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  expired: z.boolean(),
  currentVersion: z.number(),
  file: z.object({ fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), uploadedBy: z.string(), uploadedAt: z.string() }).nullable(),
  versions: z.array(z.object({ version: z.number(), fileName: z.string(), size: z.number(), sha256: z.string(), uploadedBy: z.string(), uploadedAt: z.string() })),
  controls: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const controlView = z.object({
  id: z.string(),
  code: z.string(),
  libraryId: z.string().nullable(),
  domain: z.string(),
  title: z.string(),
  description: z.string(),
  applicable: z.boolean(),
  exclusionJustification: z.string().nullable(),
  status: z.enum(CONTROL_STATUSES),
  needsReview: z.boolean(),
  /** status, or needs_review when evidence has expired. */
  effectiveStatus: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueDate: z.string().nullable(),
  maturity: z.number(),
  notes: z.string(),
  links: z.array(recordRef),
  evidenceCount: z.number(),
  /** Number of requirements the control is mapped to, per framework. */
  frameworks: z.record(z.string(), z.number()),
  updatedAt: z.string(),
});

export const controlDetailView = controlView.extend({
  evidenceHints: z.array(z.string()),
  mappings: z.array(mappingView),
  /** Custom requirements that map to this control (the reverse direction). */
  mappedFrom: z.array(z.object({ requirement: z.string(), framework: z.string(), title: z.string(), relationship: z.string() })),
  evidence: z.array(evidenceView),
});

const controlEditable = {
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().min(1).max(5000),
  applicable: z.boolean(),
  exclusionJustification: z.string().trim().max(2000).nullable(),
  status: z.enum(CONTROL_STATUSES),
  ownerId: z.string().nullable(),
  dueDate: date.nullable(),
  maturity: z.number().int().min(0).max(5),
  notes: z.string().max(10000),
  links: z.array(recordRef).max(100),
};
export const updateControlBody = z.object(controlEditable).partial().strict();
export const createControlBody = z
  .object({ code: z.string().regex(/^[A-Z]{2,5}-\d{2,3}$/, "must look like ORG-01"), domain: z.string().trim().min(1).max(60), ...controlEditable })
  .partial({ applicable: true, exclusionJustification: true, status: true, ownerId: true, dueDate: true, maturity: true, notes: true, links: true })
  .strict();
export const bulkBody = z
  .object({
    ids: z.array(z.string()).min(1).max(500),
    set: z
      .object({ status: controlEditable.status, ownerId: controlEditable.ownerId, dueDate: controlEditable.dueDate, maturity: controlEditable.maturity, applicable: controlEditable.applicable, exclusionJustification: controlEditable.exclusionJustification })
      .partial()
      .strict()
      .refine((s) => Object.keys(s).length > 0, "set at least one field"),
  })
  .strict();
export const mappingBody = z
  .object({
    requirement: z.string().min(1),
    relationship: z.enum(RELATIONSHIPS).exclude(["intersect"]),
    strength: z.enum(STRENGTHS).optional(),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();

const fileBody = z.object({ fileName: z.string().min(1), mediaType: z.string().min(1).max(200).default("application/octet-stream"), contentBase64: z.string() }).strict();
export const createEvidenceBody = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(5000).optional(),
    validFrom: date.optional(),
    validUntil: date.optional(),
    file: fileBody.optional(),
    record: recordRef.optional(),
    controlIds: z.array(z.string()).max(200).optional(),
  })
  .strict()
  .refine((b) => (b.file === undefined) !== (b.record === undefined), { message: "give exactly one of file or record", path: ["file"] });
export const evidenceVersionBody = fileBody.extend({ validFrom: date.optional(), validUntil: date.optional() }).strict();
export const updateEvidenceBody = z
  .object({ title: z.string().trim().min(1).max(300), description: z.string().trim().max(5000).nullable(), validFrom: date.nullable(), validUntil: date.nullable() })
  .partial()
  .strict();

export const importFrameworkBody = z.object({ fileName: z.string().min(1).max(200), content: z.string().min(1).max(2_000_000), replace: z.boolean().optional() }).strict();

export const snapshotView = z.object({
  id: z.string(),
  name: z.string(),
  takenAt: z.string(),
  takenBy: z.string(),
  contentSha256: z.string(),
  frameworks: z.array(z.object({ id: z.string(), name: z.string(), percent: z.number().nullable(), met: z.number(), partial: z.number(), total: z.number() })),
});

export const approvalBody = z
  .object({
    snapshotId: z.string().min(1),
    approvedBy: z.string().trim().min(1).max(300),
    approverFunction: z.string().trim().min(1).max(300),
    approvedAt: z.iso.datetime({ offset: true }),
    decision: z.string().trim().min(1).max(5000),
    document: z.object({ fileName: z.string().min(1), contentBase64: z.string() }).strict().optional(),
  })
  .strict();
export const approvalView = z.object({
  id: z.string(),
  snapshotId: z.string(),
  snapshotName: z.string(),
  measuresVersion: z.string(),
  approvedBy: z.string(),
  approverFunction: z.string(),
  approvedAt: z.string(),
  decision: z.string(),
  documentName: z.string().nullable(),
  documentSha256: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});

export const soaRowView = z.object({
  id: z.string(),
  control: z.string(),
  title: z.string(),
  theme: z.string(),
  applicable: z.boolean(),
  justification: z.string(),
  implemented: z.string(),
  status: z.string(),
  needsReview: z.boolean(),
  controls: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), relationship: z.string() })),
});
