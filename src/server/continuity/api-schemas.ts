import { z } from "zod";
import { EXERCISE_TYPES, PLAN_KINDS, PLAN_STATUSES, RESTORE_RESULTS, STAKEHOLDER_KINDS } from "../../core/continuity";

export const idParams = z.object({ id: z.string().min(1).max(100) });
const isoDate = z.iso.date("must be a date YYYY-MM-DD");
const minutes = z.number().int().min(0).max(525_600);
const person = z.string().trim().min(1).max(200);

const stakeholder = z
  .object({ kind: z.enum(STAKEHOLDER_KINDS), name: z.string().trim().min(1).max(200), contact: z.string().max(500).default(""), when: z.string().max(500).default("") })
  .strict();
const followUp = z
  .object({ title: z.string().trim().min(1).max(500), owner: person.nullable().default(null), dueDate: isoDate.nullable().default(null), done: z.boolean().default(false) })
  .strict();

const planFields = {
  kind: z.enum(PLAN_KINDS),
  title: z.string().trim().min(1, "required").max(300),
  scope: z.string().max(2000),
  rtoMinutes: minutes.nullable(),
  rpoMinutes: minutes.nullable(),
  owner: person.nullable(),
  deputy: person.nullable(),
  procedures: z.string().max(200_000),
  stakeholders: z.array(stakeholder).max(100),
  reviewIntervalMonths: z.number().int().min(1).max(60),
};
export const createPlanBody = z
  .object({
    ...planFields,
    scope: planFields.scope.default(""),
    rtoMinutes: planFields.rtoMinutes.default(null),
    rpoMinutes: planFields.rpoMinutes.default(null),
    owner: planFields.owner.default(null),
    deputy: planFields.deputy.default(null),
    procedures: planFields.procedures.default(""),
    stakeholders: planFields.stakeholders.default([]),
    reviewIntervalMonths: planFields.reviewIntervalMonths.default(12),
  })
  .strict();
export const updatePlanBody = z.object({ ...planFields, change: z.string().trim().min(1).max(1000) }).partial().strict();
export const approveBody = z
  .object({ approvedBy: z.string().trim().min(3, "name the person who approves").max(200), approvedOn: isoDate.optional(), change: z.string().trim().max(1000).default("Approved") })
  .strict();

const evidenceRef = <K extends string>(kind: K) => z.object({ kind: z.literal(kind), id: z.string() });
const stampsSchema = { createdAt: z.string(), updatedAt: z.string() };

export const planSchema = z.object({
  id: z.string(),
  reference: z.string(),
  ...planFields,
  scope: z.string(),
  procedures: z.string(),
  stakeholders: z.array(z.object({ kind: z.enum(STAKEHOLDER_KINDS), name: z.string(), contact: z.string(), when: z.string() })),
  status: z.enum(PLAN_STATUSES),
  version: z.string(),
  approvedBy: z.string().nullable(),
  approvedOn: z.string().nullable(),
  ...stampsSchema,
  evidence: evidenceRef("bc_plan"),
  reviewDue: z.string().nullable(),
  reviewOverdue: z.boolean(),
});

export const planVersionSchema = z.object({
  id: z.string(),
  planId: z.string(),
  version: z.string(),
  content: z.record(z.string(), z.unknown()),
  change: z.string(),
  approvedBy: z.string().nullable(),
  savedBy: z.string(),
  createdAt: z.string(),
});

const exerciseFields = {
  title: z.string().trim().min(1, "required").max(300),
  type: z.enum(EXERCISE_TYPES),
  heldOn: isoDate,
  planId: z.string().min(1).max(100).nullable(),
  scenario: z.string().max(20_000),
  participants: z.array(person).max(200),
  findings: z.string().max(50_000),
  followUps: z.array(followUp).max(200),
};
export const createExerciseBody = z
  .object({
    ...exerciseFields,
    planId: exerciseFields.planId.default(null),
    scenario: exerciseFields.scenario.default(""),
    participants: exerciseFields.participants.default([]),
    findings: exerciseFields.findings.default(""),
    followUps: exerciseFields.followUps.default([]),
  })
  .strict();
export const updateExerciseBody = z.object(exerciseFields).partial().strict();
export const exerciseSchema = z.object({
  id: z.string(),
  reference: z.string(),
  ...exerciseFields,
  planReference: z.string().nullable(),
  followUps: z.array(z.object({ title: z.string(), owner: z.string().nullable(), dueDate: z.string().nullable(), done: z.boolean() })),
  ...stampsSchema,
  evidence: evidenceRef("exercise"),
  followUpStatus: z.object({ open: z.number(), overdue: z.number() }),
});

const restoreFields = {
  system: z.string().trim().min(1, "required").max(300),
  planId: z.string().min(1).max(100).nullable(),
  testedOn: isoDate,
  result: z.enum(RESTORE_RESULTS),
  minutesToRestore: minutes.nullable(),
  rtoMinutes: minutes.nullable(),
  dataLossMinutes: minutes.nullable(),
  rpoMinutes: minutes.nullable(),
  backupSource: z.string().max(500),
  performedBy: person,
  notes: z.string().max(20_000),
};
export const createRestoreTestBody = z
  .object({
    ...restoreFields,
    planId: restoreFields.planId.default(null),
    minutesToRestore: restoreFields.minutesToRestore.default(null),
    rtoMinutes: restoreFields.rtoMinutes.optional(),
    dataLossMinutes: restoreFields.dataLossMinutes.default(null),
    rpoMinutes: restoreFields.rpoMinutes.optional(),
    backupSource: restoreFields.backupSource.default(""),
    notes: restoreFields.notes.default(""),
  })
  .strict();
export const updateRestoreTestBody = z.object(restoreFields).partial().strict();
export const restoreTestSchema = z.object({
  id: z.string(),
  reference: z.string(),
  ...restoreFields,
  recordedAt: z.string(),
  planReference: z.string().nullable(),
  ...stampsSchema,
  evidence: evidenceRef("backup_restore_test"),
  outcome: z.enum(["met", "missed", "failed"]),
  rpoMet: z.boolean().nullable(),
});

export const evidenceParams = z.object({ kind: z.enum(["bc_plan", "exercise", "backup_restore_test"]), id: z.string().min(1).max(100) });
export const evidenceSchema = z.object({
  kind: z.enum(["bc_plan", "exercise", "backup_restore_test"]),
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  summary: z.string(),
  link: z.string(),
});
