import { date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ExerciseType, FollowUp, PlanKind, PlanStatus, RestoreResult, Stakeholder } from "../../core/continuity";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

/** BC/DR plans per critical process or system, the incident response plan and the crisis communication plan. */
export const bcPlans = pgTable(
  "bc_plans",
  {
    id: id(),
    /** Human reference, BCP-001 …; stable, usable as evidence. */
    reference: text("reference").notNull(),
    kind: text("kind").$type<PlanKind>().notNull(),
    title: text("title").notNull(),
    /** The critical process or system the plan keeps running or recovers. */
    scope: text("scope").notNull().default(""),
    rtoMinutes: integer("rto_minutes"),
    rpoMinutes: integer("rpo_minutes"),
    owner: text("owner"),
    deputy: text("deputy"),
    /** Procedures as Markdown. */
    procedures: text("procedures").notNull().default(""),
    stakeholders: jsonb("stakeholders").$type<Stakeholder[]>().notNull(),
    status: text("status").$type<PlanStatus>().notNull().default("draft"),
    version: text("version").notNull(),
    approvedBy: text("approved_by"),
    approvedOn: date("approved_on", { mode: "string" }),
    reviewIntervalMonths: integer("review_interval_months").notNull().default(12),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("bc_plans_reference_idx").on(t.reference)],
);

/** Every saved version of a plan, with the content as it was; approvals are versions too. */
export const bcPlanVersions = pgTable(
  "bc_plan_versions",
  {
    id: id(),
    planId: text("plan_id")
      .notNull()
      .references(() => bcPlans.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    change: text("change").notNull(),
    approvedBy: text("approved_by"),
    savedBy: text("saved_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("bc_plan_versions_idx").on(t.planId, t.version)],
);

/** Exercises of plans: tabletop, simulation, technical recovery … with findings and follow-ups. */
export const bcExercises = pgTable(
  "bc_exercises",
  {
    id: id(),
    reference: text("reference").notNull(),
    title: text("title").notNull(),
    type: text("type").$type<ExerciseType>().notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    planId: text("plan_id").references(() => bcPlans.id, { onDelete: "set null" }),
    scenario: text("scenario").notNull().default(""),
    participants: jsonb("participants").$type<string[]>().notNull(),
    findings: text("findings").notNull().default(""),
    followUps: jsonb("follow_ups").$type<FollowUp[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("bc_exercises_reference_idx").on(t.reference), index("bc_exercises_held_idx").on(t.heldOn)],
);

/** Backup-restore tests: how long a real restore took against the system's RTO. */
export const backupRestoreTests = pgTable(
  "backup_restore_tests",
  {
    id: id(),
    reference: text("reference").notNull(),
    system: text("system").notNull(),
    planId: text("plan_id").references(() => bcPlans.id, { onDelete: "set null" }),
    testedOn: date("tested_on", { mode: "string" }).notNull(),
    result: text("result").$type<RestoreResult>().notNull(),
    minutesToRestore: integer("minutes_to_restore"),
    /** The RTO in force for the test: given, or the plan's at the time of recording. */
    rtoMinutes: integer("rto_minutes"),
    dataLossMinutes: integer("data_loss_minutes"),
    rpoMinutes: integer("rpo_minutes"),
    backupSource: text("backup_source").notNull().default(""),
    performedBy: text("performed_by").notNull(),
    notes: text("notes").notNull().default(""),
    recordedAt: ts("recorded_at").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("backup_restore_tests_reference_idx").on(t.reference), index("backup_restore_tests_tested_idx").on(t.testedOn)],
);
