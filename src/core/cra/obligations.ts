import { z } from "zod";
import { addCalendarMonth, addDays, addHours, isValidTimeZone } from "../incidents/calendar";
import { formatIssuePath, IncidentInputError, parseInstant } from "../incidents/clock-input";
import { applyStatus } from "../incidents/obligation-status";
import type { ObligationSpec } from "../incidents/obligations";
import type { Obligation } from "../incidents/types";

import { CRA_CASES, type CraCase } from "./cases";

export { CRA_CASES, type CraCase };

/** Art. 14 applies from this date (Art. 71(2)); earlier awareness gets a note, the clocks are still shown. */
export const CRA_REPORTING_APPLIES_FROM = "2026-09-11T00:00:00Z";

const instant = z.string().refine((v) => parseInstant(v) !== undefined, {
  message: "must be an ISO 8601 date-time with a time zone offset, e.g. 2026-03-29T08:30:00Z",
});

export const craClockInputSchema = z
  .object({
    case: z.enum(CRA_CASES),
    /** When the manufacturer became aware of the exploited vulnerability or the severe incident. */
    awareAt: instant,
    /** Exploited vulnerability: when a corrective or mitigating measure became available. */
    fixAvailableAt: instant.optional(),
    /** Requests of the coordinating CSIRT for an intermediate report (Art. 14(6)), with the due date it set. */
    intermediateRequests: z
      .array(z.object({ requestedAt: instant, dueAt: instant, reference: z.string().optional() }).strict())
      .default([]),
    submissions: z
      .array(
        z
          .object({
            obligationId: z.string().min(1),
            submittedAt: instant,
            channel: z.string().optional(),
            reference: z.string().optional(),
            by: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    /** IANA zone for the one-month final report of a severe incident; defaults to UTC. */
    timeZone: z.string().optional(),
    now: instant,
  })
  .strict()
  .superRefine((input, ctx) => {
    const aware = parseInstant(input.awareAt);
    if (aware === undefined) return;
    const fix = input.fixAvailableAt === undefined ? undefined : parseInstant(input.fixAvailableAt);
    if (input.fixAvailableAt !== undefined && input.case !== "exploited_vulnerability") {
      ctx.addIssue({ code: "custom", path: ["fixAvailableAt"], message: "a fix date belongs to an exploited vulnerability, not to a severe incident" });
    }
    if (fix !== undefined && fix < aware) {
      ctx.addIssue({
        code: "custom",
        path: ["fixAvailableAt"],
        message: `the fix (${input.fixAvailableAt}) lies before awareness (${input.awareAt}); record when the corrective or mitigating measure became available, which cannot precede becoming aware of the vulnerability`,
      });
    }
    input.intermediateRequests.forEach((r, i) => {
      const requested = parseInstant(r.requestedAt);
      const due = parseInstant(r.dueAt);
      if (requested !== undefined && requested < aware) {
        ctx.addIssue({ code: "custom", path: ["intermediateRequests", i, "requestedAt"], message: "a request cannot precede awareness" });
      }
      if (requested !== undefined && due !== undefined && due < requested) {
        ctx.addIssue({ code: "custom", path: ["intermediateRequests", i, "dueAt"], message: "the due date lies before the request" });
      }
    });
    input.submissions.forEach((s, i) => {
      const at = parseInstant(s.submittedAt);
      if (at !== undefined && at < aware) {
        ctx.addIssue({ code: "custom", path: ["submissions", i, "submittedAt"], message: `submission (${s.submittedAt}) lies before awareness (${input.awareAt})` });
      }
    });
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      ctx.addIssue({ code: "custom", path: ["timeZone"], message: `unknown IANA time zone "${input.timeZone}"` });
    }
  });

export type CraClockInput = z.input<typeof craClockInputSchema>;
type Parsed = z.output<typeof craClockInputSchema>;

export type CraObligationsResult = { case: CraCase; obligations: Obligation[]; timeZone: string; notes: string[] };

const RECIPIENT = "CSIRT designated as coordinator (Member State of the main establishment) and ENISA, through the single reporting platform";
const REPORTING_BASIS = "CRA Art. 14(7), Art. 16";

/** What the Art. 14 stages of one case depend on; an incident's clock input carries the same. */
export type CraCaseClocks = Pick<Parsed, "case" | "awareAt" | "fixAvailableAt" | "intermediateRequests">;

/** The Art. 14 obligation specs of one case, before statuses; `submittedAt` gives a recorded submission's instant. */
export function craObligationSpecs(input: CraCaseClocks, zone: string, submittedAt: (id: string) => number | undefined): ObligationSpec[] {
  const aware = parseInstant(input.awareAt) as number;
  const base = { regime: "cra" as const, jurisdiction: "EU", recipient: RECIPIENT, confidence: "V2" as const, awareMs: aware };
  const vulnerability = input.case === "exploited_vulnerability";
  const para = vulnerability ? "14(2)" : "14(4)";
  const subject = vulnerability ? "the actively exploited vulnerability" : "the severe incident having an impact on the security of the product";
  const specs: ObligationSpec[] = [
    {
      ...base,
      id: "cra.early_warning",
      stage: "early_warning",
      startMs: aware,
      dueMs: addHours(aware, 24),
      rule: vulnerability
        ? `Early warning without undue delay and in any event within 24 hours of becoming aware of ${subject} (24 elapsed hours), indicating the Member States where the product is made available.`
        : `Early warning without undue delay and in any event within 24 hours of becoming aware of ${subject} (24 elapsed hours), indicating at least whether the incident is suspected to be caused by unlawful or malicious acts and, where applicable, the Member States where the product is made available.`,
      basis: `CRA Art. ${para}(a)`,
      notes: [`Submitted via the single reporting platform (${REPORTING_BASIS}).`],
    },
    {
      ...base,
      id: vulnerability ? "cra.vulnerability_notification" : "cra.incident_notification",
      stage: vulnerability ? "vulnerability_notification" : "incident_notification",
      startMs: aware,
      dueMs: addHours(aware, 72),
      rule: `${vulnerability ? "Vulnerability" : "Incident"} notification without undue delay and in any event within 72 hours of becoming aware of ${subject} (72 elapsed hours).`,
      basis: `CRA Art. ${para}(b)`,
    },
  ];

  specs.push(...intermediateSpecs(input, base));
  specs.push(vulnerability ? vulnerabilityFinal(input, base) : incidentFinal(base, zone, submittedAt));
  specs.push({
    ...base,
    id: "cra.user_notification",
    stage: "user_notification",
    recipient: "impacted users of the product (and, where appropriate, all users)",
    startMs: aware,
    noFixedDeadline: true,
    rule: `After becoming aware, inform the impacted users of ${subject} and of any risk mitigation and corrective measures they can take, where appropriate in a structured, machine-readable format that is easily automatically processable (e.g. a CSAF advisory). The regulation sets no fixed number of hours.`,
    basis: "CRA Art. 14(8)",
  });
  return specs;
}

function intermediateSpecs(input: CraCaseClocks, base: Omit<ObligationSpec, "id" | "stage" | "rule" | "basis">): ObligationSpec[] {
  const rule = "Where necessary, the CSIRT designated as coordinator may request an intermediate report on relevant status updates; due date as set in the request.";
  if (input.intermediateRequests.length === 0) {
    return [
      {
        ...base,
        id: "cra.intermediate_report",
        stage: "intermediate_report",
        waitingFor: "a request from the CSIRT designated as coordinator (enter its due date)",
        rule,
        basis: "CRA Art. 14(6)",
      },
    ];
  }
  return input.intermediateRequests.map((r, i) => ({
    ...base,
    id: `cra.intermediate_report.${i + 1}`,
    stage: "intermediate_report" as const,
    startMs: parseInstant(r.requestedAt),
    dueMs: parseInstant(r.dueAt),
    rule: r.reference ? `${rule} (${r.reference})` : rule,
    basis: "CRA Art. 14(6)",
  }));
}

function vulnerabilityFinal(input: CraCaseClocks, base: Omit<ObligationSpec, "id" | "stage" | "rule" | "basis">): ObligationSpec {
  const rule =
    "Final report no later than 14 days after a corrective or mitigating measure is available (14 × 24 elapsed hours from that instant).";
  const fix = input.fixAvailableAt === undefined ? undefined : (parseInstant(input.fixAvailableAt) as number);
  if (fix === undefined) {
    return {
      ...base,
      id: "cra.final_report",
      stage: "final_report",
      waitingFor: "a corrective or mitigating measure to be available: the final report is due 14 days after the fix is available (record the fix date)",
      rule,
      basis: "CRA Art. 14(2)(c)",
    };
  }
  return { ...base, id: "cra.final_report", stage: "final_report", startMs: fix, dueMs: addDays(fix, 14), rule, basis: "CRA Art. 14(2)(c)" };
}

function incidentFinal(
  base: Omit<ObligationSpec, "id" | "stage" | "rule" | "basis">,
  zone: string,
  submittedAt: (id: string) => number | undefined,
): ObligationSpec {
  const rule = `Final report within one month after the submission of the incident notification: same calendar date in the following month in ${zone} (last day of that month when the date does not exist), same time of day; no extension for weekends or holidays.`;
  const notified = submittedAt("cra.incident_notification");
  if (notified === undefined) {
    return {
      ...base,
      id: "cra.final_report",
      stage: "final_report",
      waitingFor: "submission of the incident notification: the final report is due one month after its actual submission time",
      rule,
      basis: "CRA Art. 14(4)(c)",
    };
  }
  return { ...base, id: "cra.final_report", stage: "final_report", startMs: notified, dueMs: addCalendarMonth(notified, zone), rule, basis: "CRA Art. 14(4)(c)" };
}

export function parseCraClockInput(raw: unknown): Parsed {
  const result = craClockInputSchema.safeParse(raw);
  if (!result.success) {
    throw new IncidentInputError(result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })));
  }
  return result.data;
}

/**
 * The Art. 14 obligations of one CRA case at `input.now`. Hours and days are exact elapsed time; the month of a
 * severe incident's final report is calendar arithmetic in `timeZone` (UTC by default), clamped to the month's end.
 * Throws IncidentInputError naming the field for inconsistent input (e.g. a fix before awareness).
 */
export function computeCraObligations(raw: unknown): CraObligationsResult {
  const input = parseCraClockInput(raw);
  const zone = input.timeZone ?? "UTC";
  const byId = new Map(input.submissions.map((s) => [s.obligationId, s]));
  const specs = craObligationSpecs(input, zone, (id) => {
    const s = byId.get(id);
    return s === undefined ? undefined : parseInstant(s.submittedAt);
  });
  const issues: { path: string; message: string }[] = [];
  input.submissions.forEach((s, i) => {
    if (input.submissions.findIndex((t) => t.obligationId === s.obligationId) !== i) {
      issues.push({ path: `submissions[${i}].obligationId`, message: `"${s.obligationId}" is submitted twice` });
    } else if (!specs.some((o) => o.id === s.obligationId)) {
      issues.push({
        path: `submissions[${i}].obligationId`,
        message: `no obligation "${s.obligationId}" for this CRA case; known: ${specs.map((o) => o.id).join(", ")}`,
      });
    }
  });
  if (issues.length > 0) throw new IncidentInputError(issues);

  const nowMs = parseInstant(input.now) as number;
  const notes = [
    `Art. 14 notifications go simultaneously to the coordinating CSIRT and ENISA through the single reporting platform (${REPORTING_BASIS}).`,
  ];
  if ((parseInstant(input.awareAt) as number) < Date.parse(CRA_REPORTING_APPLIES_FROM)) {
    notes.push("Awareness lies before 11 September 2026, when Art. 14 reporting starts to apply (CRA Art. 71(2)); the clocks are shown as they would run.");
  }
  return {
    case: input.case,
    obligations: specs.map((spec) => applyStatus(spec, byId.get(spec.id), nowMs)),
    timeZone: zone,
    notes,
  };
}
