import type { Tier } from "./tier";

/** Months between assessments by tier: critical suppliers yearly, important every two years, standard every three. */
export const REASSESSMENT_MONTHS: Record<Tier, number> = { 1: 12, 2: 24, 3: 36 };

/** Certificates expiring within this many days are flagged. */
export const CERTIFICATE_WARNING_DAYS = 60;

const DAY_MS = 86_400_000;

/** Parses a calendar date `YYYY-MM-DD` (or the date part of an ISO instant) as midnight UTC. */
export function parseDay(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) throw new Error(`not a date: ${value}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function formatDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `day` plus `months` calendar months; the 31st of a shorter month becomes its last day. */
export function addMonths(day: string, months: number): string {
  const d = parseDay(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return formatDay(target);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / DAY_MS);
}

/**
 * When the next assessment is due: the tier's interval after the last completed one; with none, the day the
 * supplier was registered (it is due at once).
 */
export function nextAssessmentDue(tier: Tier, lastCompleted: string | null, registered: string): string {
  return lastCompleted ? addMonths(lastCompleted, REASSESSMENT_MONTHS[tier]) : formatDay(parseDay(registered));
}

export type ScheduleState = "current" | "due_soon" | "overdue";

/** Overdue after the due day; due soon within 30 days of it. */
export function scheduleState(due: string, today: string): ScheduleState {
  const left = daysBetween(today, due);
  if (left < 0) return "overdue";
  return left <= 30 ? "due_soon" : "current";
}

export type CertificateState = "valid" | "expiring" | "expired";

/** Expired from the day after its expiry date; expiring within CERTIFICATE_WARNING_DAYS days. */
export function certificateState(expires: string | null, today: string): CertificateState {
  if (!expires) return "valid";
  const left = daysBetween(today, expires);
  if (left < 0) return "expired";
  return left <= CERTIFICATE_WARNING_DAYS ? "expiring" : "valid";
}
