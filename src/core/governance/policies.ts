import { DateTime } from "luxon";
import { parse as parseYaml } from "yaml";

export const POLICY_VERSION_STATUSES = ["draft", "in_review", "approved", "retired"] as const;
export type PolicyVersionStatus = (typeof POLICY_VERSION_STATUSES)[number];

/** Allowed moves of one version: draft → in_review → approved → retired; a reviewer may send a version back. */
const TRANSITIONS: Record<PolicyVersionStatus, readonly PolicyVersionStatus[]> = {
  draft: ["in_review"],
  in_review: ["approved", "draft"],
  approved: ["retired"],
  retired: [],
};

export function canMove(from: PolicyVersionStatus, to: PolicyVersionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The next review falls `months` after approval (end-of-month safe: 31 Jan + 1 month = 28/29 Feb). */
/**
 * Why a person may not approve a version under review, or null when they may: under the four-eyes rule
 * (ISO/IEC 27001 A.5.3 segregation of duties) the person who submitted it may not also approve it.
 */
export function approvalRefusal(
  version: { submittedById: string | null; submittedBy: string | null },
  approver: { userId: string; email: string },
  fourEyes: boolean,
): string | null {
  // Versions submitted before submitters were kept by id are compared by e-mail address.
  const same = version.submittedById !== null ? version.submittedById === approver.userId : version.submittedBy !== null && version.submittedBy === approver.email;
  return fourEyes && same ? "You submitted this version for review; under the four-eyes rule another person approves it" : null;
}

export function nextReviewDate(approvedAt: Date, months: number): Date {
  return DateTime.fromJSDate(approvedAt, { zone: "utc" }).plus({ months }).toJSDate();
}

export type ReviewState = "not_approved" | "ok" | "due_soon" | "overdue";

/** Where a policy stands in its review cycle at `now`; "due soon" within `soonDays`. */
export function reviewState(nextReviewAt: Date | null, now: Date, soonDays = 30): ReviewState {
  if (!nextReviewAt) return "not_approved";
  if (nextReviewAt.getTime() <= now.getTime()) return "overdue";
  if (nextReviewAt.getTime() - now.getTime() <= soonDays * 86_400_000) return "due_soon";
  return "ok";
}

/** Whole days from `now` until the review (negative when overdue). */
export function daysUntil(at: Date, now: Date): number {
  return Math.floor((at.getTime() - now.getTime()) / 86_400_000);
}

export type AcknowledgementRate = { acknowledged: number; expected: number; rate: number };

/** Share of the expected staff who acknowledged the current version (acknowledgements of others do not count). */
export function acknowledgementRate(expectedUserIds: readonly string[], acknowledgedUserIds: readonly string[]): AcknowledgementRate {
  const expected = new Set(expectedUserIds);
  const acknowledged = new Set(acknowledgedUserIds.filter((u) => expected.has(u)));
  return { acknowledged: acknowledged.size, expected: expected.size, rate: expected.size === 0 ? 0 : acknowledged.size / expected.size };
}

export type PolicyTemplate = {
  key: string;
  title: string;
  summary: string;
  reviewMonths: number;
  /** Catalog item IDs the policy serves. */
  requirements: string[];
  content: string;
};

export class TemplateError extends Error {}

/** Reads one template file: YAML front matter between `---` lines, then the Markdown body. */
export function parsePolicyTemplate(key: string, text: string): PolicyTemplate {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new TemplateError(`${key}: no front matter (--- … ---) at the top`);
  const meta = parseYaml(m[1]) as Record<string, unknown> | null;
  if (!meta || typeof meta !== "object") throw new TemplateError(`${key}: front matter is not a mapping`);
  const { title, summary, reviewMonths, requirements } = meta;
  if (typeof title !== "string" || title.trim() === "") throw new TemplateError(`${key}: title missing`);
  if (typeof summary !== "string") throw new TemplateError(`${key}: summary missing`);
  if (typeof reviewMonths !== "number" || !Number.isInteger(reviewMonths) || reviewMonths < 1 || reviewMonths > 60) {
    throw new TemplateError(`${key}: reviewMonths must be a whole number of months between 1 and 60`);
  }
  if (!Array.isArray(requirements) || requirements.length === 0 || !requirements.every((r) => typeof r === "string")) {
    throw new TemplateError(`${key}: requirements must list catalog IDs`);
  }
  return { key, title, summary, reviewMonths, requirements: requirements as string[], content: m[2].trim() + "\n" };
}
