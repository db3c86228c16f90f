import type { NationalVerification } from "../catalog/national-status";
import type { Confidence } from "../catalog/schema";
import type { NationalContext } from "./national";

export type Regime = "nis2" | "mdr" | "ivdr" | "gdpr" | "cra";

export type Stage =
  | "early_warning"
  | "vulnerability_notification"
  | "incident_notification"
  | "intermediate_report"
  | "final_report"
  | "progress_report"
  | "recipient_notification"
  | "end_of_impact_notice"
  | "serious_incident_report"
  | "supervisory_authority_notification"
  | "data_subject_communication"
  | "user_notification";

/**
 * - `waiting`: the clock has not started (e.g. the final report before the incident notification
 *   was submitted); `waitingFor` says what starts it.
 * - `pending` / `overdue`: not submitted; relative to the injected `now`.
 * - `submitted_on_time` / `submitted_late`: submitted; lateness is recorded, never hidden.
 * - `submitted`: submitted where the law sets no fixed deadline to measure against.
 */
export type ObligationStatus =
  | "waiting"
  | "pending"
  | "overdue"
  | "submitted_on_time"
  | "submitted_late"
  | "submitted";

export type Submission = {
  obligationId: string;
  /** ISO 8601 instant with offset. */
  submittedAt: string;
  channel?: string;
  reference?: string;
  by?: string;
};

/** Reminder levels as fractions of the time between start and deadline. */
export const REMINDER_LEVELS = [0.5, 0.8, 1] as const;
export type ReminderLevel = (typeof REMINDER_LEVELS)[number];

export type Progress = {
  /** Elapsed share of the window from `startsAt` to `dueAt` at `now`; above 1 when overdue. */
  fraction: number;
  /** Highest reminder level reached, or null before 50 %. */
  reached: ReminderLevel | null;
  /** Instants at which 50 %, 80 % and 100 % are reached (ISO 8601 UTC). */
  remindAt: { level: ReminderLevel; at: string }[];
};

export type Obligation = {
  /** Stable identifier used to record submissions, e.g. "nis2.early_warning", "nis2.intermediate_report.1". */
  id: string;
  regime: Regime;
  stage: Stage;
  /** "EU" for the Union act's own rule, or the member state whose national rule adds this obligation. */
  jurisdiction: string;
  recipient: string;
  startsAt?: string;
  dueAt?: string;
  /** Set when the deadline cannot be computed yet: what the clock waits for. */
  waitingFor?: string;
  /** Set when the obligation applies only under a condition not yet known. */
  condition?: string;
  /** True when the law says "without undue delay" with no fixed number of hours. */
  noFixedDeadline?: boolean;
  /** True for a clock shown while nobody has said whether its regime applies; it cannot be submitted. */
  provisional?: boolean;
  rule: string;
  basis: string;
  confidence: Confidence;
  status: ObligationStatus;
  submission?: Omit<Submission, "obligationId">;
  /** Milliseconds past the deadline, for late submissions and overdue obligations. */
  lateByMs?: number;
  progress?: Progress;
  notes?: string[];
  /** For an obligation a national law adds: when its catalog record was last verified, and its first source. */
  national?: NationalVerification;
};

export type ObligationsResult = {
  obligations: Obligation[];
  nis2: { reportable: boolean; reason: string };
  /** IANA zone in which calendar-month deadlines were computed. */
  timeZone: string;
  memberState?: string;
  /** The Member State's catalog record as the clocks used it: status at awareness, verification, deviations. */
  national?: NationalContext;
  notes: string[];
};
