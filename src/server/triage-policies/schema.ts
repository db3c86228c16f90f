import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { PolicyAnalysis, PolicyConditions } from "../../core/triage-policies";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";
import { findings } from "../vulnerabilities/schema";

/** A rule that sets the VEX analysis of current and future findings it matches (see core/triage-policies). */
export const triagePolicies = pgTable(
  "triage_policies",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description"),
    conditions: jsonb("conditions").$type<PolicyConditions>().notNull(),
    analysis: jsonb("analysis").$type<PolicyAnalysis>().notNull(),
    /** From this day on the policy no longer applies and what it decided is re-opened. */
    expiresOn: date("expires_on", { mode: "string" }),
    enabled: boolean("enabled").notNull(),
    priority: integer("priority").notNull(),
    createdBy: text("created_by").notNull(),
    updatedBy: text("updated_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("triage_policies_name_idx").on(t.name)],
);

/**
 * The finding whose current analysis a policy set, and when. It stands while the finding's `analysedAt` is
 * that instant; an analysis recorded later by a person makes the finding theirs.
 */
export const triagePolicyDecisions = pgTable(
  "triage_policy_decisions",
  {
    findingId: text("finding_id")
      .primaryKey()
      .references(() => findings.id, { onDelete: "cascade" }),
    policyId: text("policy_id")
      .notNull()
      .references(() => triagePolicies.id, { onDelete: "cascade" }),
    appliedAt: ts("applied_at").notNull(),
  },
  (t) => [index("triage_policy_decisions_policy_idx").on(t.policyId)],
);
