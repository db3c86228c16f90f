/**
 * Coordinated vulnerability disclosure: the triage workflow, the acknowledgement deadline in
 * working days, the published policy, and the checks applied to what the public submits.
 */

export const DISCLOSURE_STATUSES = [
  "received",
  "acknowledged",
  "validated",
  "fix_in_progress",
  "advisory_published",
  "closed",
] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

export const disclosureStatusLabels: Record<DisclosureStatus, string> = {
  received: "Received",
  acknowledged: "Acknowledged",
  validated: "Validated",
  fix_in_progress: "Fix in progress",
  advisory_published: "Advisory published",
  closed: "Closed",
};

/**
 * Status moves forward one or more steps; "closed" can be reached from any status (a report that
 * is out of scope, a duplicate or not reproducible is closed with a resolution). Nothing moves back.
 */
export function transitionProblem(from: DisclosureStatus, to: DisclosureStatus): string | null {
  if (from === to) return null;
  if (from === "closed") return "a closed report cannot change status";
  if (to === "closed") return null;
  if (DISCLOSURE_STATUSES.indexOf(to) < DISCLOSURE_STATUSES.indexOf(from)) {
    return `a report moves received → acknowledged → validated → fix in progress → advisory published → closed; it cannot go back from ${from} to ${to}`;
  }
  return null;
}

/** `start` plus `days` working days (Monday to Friday, UTC), keeping the time of day. */
export function addWorkingDays(start: Date, days: number): Date {
  const d = new Date(start.getTime());
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return d;
}

export interface DisclosurePolicy {
  organisation: string;
  contactEmail: string;
  /** The organisation's web address: the CSAF publisher namespace. */
  website: string;
  scope: string;
  outOfScope: string;
  safeHarbour: string;
  /** Working days until the reporter receives an acknowledgement. */
  acknowledgeWithinDays: number;
  /** Calendar days until the report is triaged (validated or closed). */
  triageWithinDays: number;
  /** Target days between the report and public disclosure, unless agreed otherwise. */
  disclosureWithinDays: number;
  /** RFC 9116 Expires of security.txt (ISO 8601); when empty, one year from today. */
  securityTxtExpires?: string;
}

export function defaultDisclosurePolicy(organisation: string, contactEmail: string, website: string): DisclosurePolicy {
  return {
    organisation,
    contactEmail,
    website,
    scope: "All medical devices, software versions and services of the organisation that are listed in its product catalogue.",
    outOfScope: "Denial-of-service and load tests, social engineering, physical attacks, and tests against devices in clinical use.",
    safeHarbour:
      "We will not pursue legal action against researchers who act in good faith under this policy, avoid harm to patients and privacy, and give us reasonable time to fix an issue before disclosing it.",
    acknowledgeWithinDays: 5,
    triageWithinDays: 30,
    disclosureWithinDays: 90,
  };
}

/** The policy as plain-text sections, the same on the public page and in its API. */
export function policySections(policy: DisclosurePolicy): Array<{ title: string; text: string }> {
  return [
    { title: "Scope", text: policy.scope },
    { title: "Out of scope", text: policy.outOfScope },
    { title: "Safe harbour", text: policy.safeHarbour },
    {
      title: "What to expect",
      text:
        `We acknowledge your report within ${policy.acknowledgeWithinDays} working days, complete triage within ` +
        `${policy.triageWithinDays} days, and aim to publish an advisory within ${policy.disclosureWithinDays} days ` +
        "of the report, on a date agreed with you. You can follow the status and write to us with your tracking token.",
    },
    { title: "Contact", text: `Use the report form, or write to ${policy.contactEmail}.` },
  ];
}

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const MAX_ATTACHMENTS = 3;

/**
 * A file name safe to store and to send back in Content-Disposition: the last path segment only,
 * no control characters, no leading dots, at most 100 characters. Returns null when nothing is left.
 */
export function sanitiseFileName(name: string): string | null {
  const last = name.split(/[\\/]/).pop() ?? "";
  const cleaned = last
    .normalize("NFKC")
    .replace(/[\u0000-\u001f\u007f"<>:|?*%]/g, "_")
    .replace(/^[.\s]+/, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
  return cleaned.length > 0 && cleaned !== "_" ? cleaned : null;
}

/** Why a public submission is treated as automated, or null. */
export function spamSignal(input: { honeypot?: string; elapsedMs: number; minimumMs: number }): string | null {
  if (input.honeypot && input.honeypot.trim().length > 0) return "honeypot";
  if (input.elapsedMs < input.minimumMs) return "too_fast";
  return null;
}
