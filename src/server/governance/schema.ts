import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { PolicyVersionStatus } from "../../core/governance";
import { users } from "../accounts/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

/** Who holds a security responsibility (keys from core/governance RESPONSIBILITIES). */
export const governanceRoleHolders = pgTable(
  "governance_role_holders",
  {
    id: id(),
    responsibilityKey: text("responsibility_key").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("governance_role_holders_idx").on(t.responsibilityKey, t.userId)],
);

/** One cell of the RACI matrix: activity × responsibility → R, A, C or I. */
export const governanceRaci = pgTable(
  "governance_raci",
  {
    id: id(),
    activityKey: text("activity_key").notNull(),
    responsibilityKey: text("responsibility_key").notNull(),
    letter: text("letter").$type<"R" | "A" | "C" | "I">().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("governance_raci_cell_idx").on(t.activityKey, t.responsibilityKey)],
);

export const policies = pgTable("policies", {
  id: id(),
  title: text("title").notNull(),
  summary: text("summary").notNull().default(""),
  /** The template it started from (data/policies/<key>.md), if any. */
  templateKey: text("template_key"),
  /** Catalog item IDs the policy serves. */
  requirementIds: jsonb("requirement_ids").$type<string[]>().notNull(),
  reviewMonths: integer("review_months").notNull(),
  ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
  /** Set when a version is approved: approval time + review interval. */
  nextReviewAt: ts("next_review_at"),
  retiredAt: ts("retired_at"),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Every version of a policy's Markdown text; an approved version is frozen with its SHA-256. */
export const policyVersions = pgTable(
  "policy_versions",
  {
    id: id(),
    policyId: text("policy_id")
      .notNull()
      .references(() => policies.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    content: text("content").notNull(),
    changeNote: text("change_note"),
    status: text("status").$type<PolicyVersionStatus>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    submittedById: text("submitted_by_id").references(() => users.id, { onDelete: "set null" }),
    submittedBy: text("submitted_by"),
    submittedAt: ts("submitted_at"),
    returnedReason: text("returned_reason"),
    approvedById: text("approved_by_id").references(() => users.id, { onDelete: "set null" }),
    approvedBy: text("approved_by"),
    approvedAt: ts("approved_at"),
    /** SHA-256 (hex) of the UTF-8 content at approval. */
    sha256: text("sha256"),
    retiredAt: ts("retired_at"),
  },
  (t) => [uniqueIndex("policy_versions_version_idx").on(t.policyId, t.version), index("policy_versions_status_idx").on(t.status)],
);

/** A person's acknowledgement of one approved version. */
export const policyAcknowledgements = pgTable(
  "policy_acknowledgements",
  {
    id: id(),
    policyId: text("policy_id")
      .notNull()
      .references(() => policies.id, { onDelete: "cascade" }),
    versionId: text("version_id")
      .notNull()
      .references(() => policyVersions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    acknowledgedAt: ts("acknowledged_at").notNull(),
  },
  (t) => [uniqueIndex("policy_acknowledgements_idx").on(t.versionId, t.userId), index("policy_acknowledgements_policy_idx").on(t.policyId)],
);

export const trainingCampaigns = pgTable("training_campaigns", {
  id: id(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  /** management_body | awareness | role_specific | onboarding */
  kind: text("kind").notNull(),
  requirementIds: jsonb("requirement_ids").$type<string[]>().notNull(),
  dueAt: ts("due_at"),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Exactly one of userId, role (access role) or responsibilityKey is set. */
export const trainingAssignments = pgTable(
  "training_assignments",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => trainingCampaigns.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    role: text("role"),
    responsibilityKey: text("responsibility_key"),
    createdAt: createdAt(),
  },
  (t) => [index("training_assignments_campaign_idx").on(t.campaignId)],
);

export const trainingRecords = pgTable(
  "training_records",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => trainingCampaigns.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    completedAt: ts("completed_at").notNull(),
    evidenceSha256: text("evidence_sha256"),
    evidenceNote: text("evidence_note"),
    /** self | manual | csv */
    source: text("source").notNull(),
    recordedBy: text("recorded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("training_records_campaign_user_idx").on(t.campaignId, t.userId)],
);
