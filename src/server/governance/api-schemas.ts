import { z } from "zod";
import { CAMPAIGN_KINDS, POLICY_VERSION_STATUSES, RACI_LETTERS } from "../../core/governance";

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const versionParams = z.object({ id: z.string().min(1).max(100), version: z.coerce.number().int().min(1) });
export const keyParams = z.object({ key: z.string().min(1).max(100) });

const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-23T09:00:00Z" });
const catalogIds = z.array(z.string().trim().min(1).max(100)).max(100);
const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hexadecimal characters (SHA-256)");

// ---- responsibilities ----

export const holdersBody = z.object({ userIds: z.array(z.string().min(1).max(100)).max(50) }).strict();
export const raciBody = z
  .object({
    cells: z
      .array(z.object({ activityKey: z.string().min(1).max(100), responsibilityKey: z.string().min(1).max(100), letter: z.enum(RACI_LETTERS) }).strict())
      .max(500),
  })
  .strict();

const person = z.object({ userId: z.string(), name: z.string(), email: z.string() });
export const responsibilitiesView = z.object({
  responsibilities: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      description: z.string(),
      mandatory: z.boolean(),
      obligation: z.enum(["law", "standard", "good_practice"]),
      basis: z.array(z.string()),
      rationale: z.string(),
      holders: z.array(person),
    }),
  ),
  activities: z.array(z.object({ key: z.string(), title: z.string(), basis: z.array(z.string()) })),
  cells: z.array(z.object({ activityKey: z.string(), responsibilityKey: z.string(), letter: z.enum(RACI_LETTERS) })),
  problems: z.array(z.object({ activityKey: z.string(), code: z.string(), message: z.string() })),
});

export const gapsView = z.object({
  gaps: z.array(
    z.object({
      kind: z.enum(["mandatory_role_unassigned", "raci", "policy_review_overdue", "training_overdue"]),
      severity: z.enum(["high", "medium"]),
      responsibilityKey: z.string().optional(),
      activityKey: z.string().optional(),
      policyId: z.string().optional(),
      campaignId: z.string().optional(),
      message: z.string(),
      basis: z.array(z.string()),
      link: z.string(),
    }),
  ),
  counts: z.object({ high: z.number(), medium: z.number() }),
});

// ---- policies ----

export const templateSummary = z.object({ key: z.string(), title: z.string(), summary: z.string(), reviewMonths: z.number(), requirements: z.array(z.string()) });
export const templateView = templateSummary.extend({ content: z.string() });

const content = z.string().max(200_000);
export const createPolicyBody = z
  .object({
    title: z.string().trim().min(1, "required").max(300),
    summary: z.string().max(2000).optional(),
    templateKey: z.string().min(1).max(100).optional(),
    content: content.optional(),
    requirementIds: catalogIds.optional(),
    reviewMonths: z.number().int().min(1).max(60).optional(),
    ownerId: z.string().min(1).max(100).nullable().optional(),
  })
  .strict();
export const updatePolicyBody = z
  .object({
    title: z.string().trim().min(1, "required").max(300),
    summary: z.string().max(2000),
    requirementIds: catalogIds,
    reviewMonths: z.number().int().min(1).max(60),
    ownerId: z.string().min(1).max(100).nullable(),
  })
  .partial()
  .strict();
export const versionBody = z.object({ content, changeNote: z.string().max(2000).optional() }).strict();
export const returnBody = z.object({ reason: z.string().trim().min(1, "required").max(2000) }).strict();

export const versionView = z.object({
  id: z.string(),
  version: z.number(),
  status: z.enum(POLICY_VERSION_STATUSES),
  content: z.string().optional(),
  changeNote: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  returnedReason: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  sha256: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
const rate = z.object({ acknowledged: z.number(), expected: z.number(), rate: z.number() });
export const policyView = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  templateKey: z.string().nullable(),
  requirementIds: z.array(z.string()),
  reviewMonths: z.number(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  status: z.enum(POLICY_VERSION_STATUSES),
  currentVersion: versionView.nullable(),
  openVersion: versionView.nullable(),
  latestVersion: z.number(),
  nextReviewAt: z.string().nullable(),
  reviewState: z.enum(["not_approved", "ok", "due_soon", "overdue"]),
  acknowledgement: rate,
  acknowledgedByMe: z.boolean(),
  /** Why the viewer may not approve the version under review (four-eyes rule), or null. */
  approvalRefusal: z.string().nullable(),
  retiredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const policyDetail = policyView.extend({ versions: z.array(versionView) });
export const acknowledgementsView = z.object({
  version: z.number().nullable(),
  rate,
  acknowledgements: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), version: z.number(), acknowledgedAt: z.string() })),
  missing: z.array(person),
});

// ---- training ----

export const campaignBody = z
  .object({
    title: z.string().trim().min(1, "required").max(300),
    description: z.string().max(20_000).optional(),
    kind: z.enum(CAMPAIGN_KINDS),
    requirementIds: catalogIds.optional(),
    dueAt: instant.nullable().optional(),
  })
  .strict();
export const updateCampaignBody = campaignBody.partial().strict();

const target = z.union([
  z.object({ userId: z.string().min(1).max(100) }).strict(),
  z.object({ role: z.string().min(1).max(100) }).strict(),
  z.object({ responsibilityKey: z.string().min(1).max(100) }).strict(),
]);
export const assignmentsBody = z.object({ targets: z.array(target).max(500) }).strict();

export const recordBody = z
  .object({ userId: z.string().min(1).max(100), completedAt: instant, evidenceSha256: sha256.optional(), note: z.string().max(2000).optional() })
  .strict();
export const completeBody = z.object({ completedAt: instant.optional(), evidenceSha256: sha256.optional(), note: z.string().max(2000).optional() }).strict();
export const importBody = z.object({ csv: z.string().max(1_000_000) }).strict();

export const recordView = z.object({
  id: z.string(),
  campaignId: z.string(),
  userId: z.string(),
  completedAt: z.string(),
  evidenceSha256: z.string().nullable(),
  evidenceNote: z.string().nullable(),
  source: z.string(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
const roleRate = z.object({ role: z.string(), assigned: z.number(), completed: z.number(), rate: z.number() });
export const campaignView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  kind: z.string(),
  requirementIds: z.array(z.string()),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  targets: z.array(target),
  rates: z.object({ overall: roleRate, byRole: z.array(roleRate) }),
  assignees: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.string(),
      status: z.enum(["completed", "overdue", "pending"]),
      recordId: z.string().nullable(),
      completedAt: z.string().nullable(),
    }),
  ),
  records: z.array(recordView),
});

export const referenceView = z.object({
  kind: z.enum(["policy", "training_campaign", "training_record"]),
  id: z.string(),
  title: z.string(),
  status: z.string(),
  link: z.string(),
  /** When the record last proved something: approval, due date or completion. */
  at: z.string().nullable(),
  sha256: z.string().nullable(),
});
