import type { ObligationSpec } from "./obligations";
import { parseInstant } from "./clock-input";
import { type Obligation, type Progress, REMINDER_LEVELS, type ReminderLevel, type Submission } from "./types";

const iso = (ms: number) => new Date(ms).toISOString();

/** Share of the window elapsed at `nowMs` and the reminder levels (50/80/100 %) reached. */
export function progressAt(startMs: number, dueMs: number, nowMs: number): Progress {
  const span = dueMs - startMs;
  const fraction = span <= 0 ? (nowMs >= dueMs ? 1 : 0) : Math.max(0, (nowMs - startMs) / span);
  let reached: ReminderLevel | null = null;
  for (const level of REMINDER_LEVELS) if (fraction >= level) reached = level;
  return {
    fraction,
    reached,
    remindAt: REMINDER_LEVELS.map((level) => ({ level, at: iso(startMs + Math.round(span * level)) })),
  };
}

/** Turns a spec into an obligation: ISO instants, submission, status and progress at `nowMs`. */
export function applyStatus(spec: ObligationSpec, submission: Submission | undefined, nowMs: number): Obligation {
  const { startMs, dueMs } = spec;
  const obligation: Obligation = {
    id: spec.id,
    regime: spec.regime,
    stage: spec.stage,
    jurisdiction: spec.jurisdiction,
    ...(startMs !== undefined ? { startsAt: iso(startMs) } : {}),
    ...(dueMs !== undefined ? { dueAt: iso(dueMs) } : {}),
    status: "waiting",
    ...(spec.waitingFor !== undefined ? { waitingFor: spec.waitingFor } : {}),
    ...(spec.condition !== undefined ? { condition: spec.condition } : {}),
    ...(spec.noFixedDeadline ? { noFixedDeadline: true } : {}),
    ...(spec.provisional ? { provisional: true } : {}),
    rule: spec.rule,
    basis: spec.basis,
    confidence: spec.confidence,
    recipient: spec.recipient,
    ...(spec.notes ? { notes: spec.notes } : {}),
    ...(spec.national ? { national: spec.national } : {}),
  };

  if (submission) {
    const { obligationId: _id, ...details } = submission;
    const submittedMs = parseInstant(submission.submittedAt) as number;
    obligation.submission = { ...details, submittedAt: iso(submittedMs) };
    if (dueMs === undefined) {
      obligation.status = "submitted";
    } else if (submittedMs <= dueMs) {
      obligation.status = "submitted_on_time";
    } else {
      obligation.status = "submitted_late";
      obligation.lateByMs = submittedMs - dueMs;
    }
    return obligation;
  }

  if (dueMs === undefined) {
    obligation.status = spec.noFixedDeadline ? "pending" : "waiting";
    return obligation;
  }
  if (nowMs > dueMs) {
    obligation.status = "overdue";
    obligation.lateByMs = nowMs - dueMs;
  } else {
    obligation.status = "pending";
  }
  if (startMs !== undefined) obligation.progress = progressAt(startMs, dueMs, nowMs);
  return obligation;
}
