import { DateTime } from "luxon";
import { z } from "zod";
import { isValidTimeZone } from "./calendar";
import { canonicalMemberState, EU_MEMBER_STATES } from "../catalog/countries";
import { CRA_CASES } from "../cra/cases";

/** Raised for input that cannot yield trustworthy deadlines; `issues` name the field and the reason. */
export class IncidentInputError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "));
    this.name = "IncidentInputError";
  }
}

const EXPLICIT_OFFSET = /(?:Z|[+-]\d\d(?::?\d\d)?)$/i;

/** The form `Date.prototype.toISOString` writes, in which the server passes every stored instant. */
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Parses an ISO 8601 date-time that names its offset; returns epoch ms or undefined. */
export function parseInstant(value: string): number | undefined {
  // Luxon's parser costs about 6 µs, and an incident's clocks parse a dozen instants: the canonical form is read
  // directly when it reads back unchanged (which also refuses dates such as 30 February that Date.parse rolls over).
  if (CANONICAL_UTC.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && new Date(ms).toISOString() === value) return ms;
  }
  if (!EXPLICIT_OFFSET.test(value.trim())) return undefined;
  const dt = DateTime.fromISO(value.trim(), { setZone: true });
  return dt.isValid ? dt.toMillis() : undefined;
}

const instant = z
  .string()
  .refine((v) => parseInstant(v) !== undefined, {
    message: "must be an ISO 8601 date-time with a time zone offset, e.g. 2026-03-29T08:30:00Z",
  });

/** The value of a fact nobody has stated yet. */
export const UNKNOWN = "unknown" as const;

export const DEVICE_CATEGORIES = ["serious_incident", "death_or_serious_deterioration", "public_health_threat"] as const;
export type DeviceCategory = (typeof DEVICE_CATEGORIES)[number];

const submissionSchema = z
  .object({
    obligationId: z.string().min(1),
    submittedAt: instant,
    channel: z.string().optional(),
    reference: z.string().optional(),
    by: z.string().optional(),
  })
  .strict();

export const clockInputSchema = z
  .object({
    /** When the event was first detected (before it was recognised as a significant incident). */
    detectedAt: instant.optional(),
    /** When the entity became aware of the significant incident: the NIS2 clocks start here. */
    awareAt: instant,
    /**
     * The confirmed significance decision. NIS2 Art. 23 stages apply only to significant incidents;
     * "not_significant" gives an explicit not-reportable result for NIS2 (MDR and GDPR clocks still run).
     */
    significance: z.enum(["significant", "not_significant"]),
    /** Still ongoing now (not yet handled). */
    ongoing: z.boolean().default(false),
    /** When the incident was handled (resolved); drives the final report when it outlasts the first month. */
    handledAt: instant.optional(),
    /** Member state whose national rules and authority zone apply (ISO 3166 alpha-2; EL accepted for Greece). */
    country: z.string().optional(),
    /** IANA zone for calendar-month arithmetic; defaults to the member state's zone, else UTC. */
    timeZone: z.string().optional(),
    /** Requests for an intermediate report, with the due date set by the CSIRT or authority. */
    intermediateRequests: z
      .array(z.object({ requestedAt: instant, dueAt: instant, reference: z.string().optional() }).strict())
      .default([]),
    /**
     * A (potentially) serious incident involving a device: MDR Art. 87 / IVDR Art. 82 vigilance.
     * "unknown" while nobody has said whether it is one: a provisional clock runs from awareness.
     */
    device: z
      .union([
        z
          .object({
            regulation: z.enum(["mdr", "ivdr"]),
            category: z.enum(DEVICE_CATEGORIES),
            /** Awareness for vigilance purposes when it differs from the NIS2 awareness. */
            awareAt: instant.optional(),
          })
          .strict(),
        z.literal(UNKNOWN),
      ])
      .optional(),
    /**
     * A personal data breach: GDPR Art. 33 (and Art. 34 when high risk); "unknown" runs a provisional clock.
     * highRisk stays "unknown" until someone assesses it: the Art. 34 duty then shows as to be confirmed.
     */
    personalDataBreach: z
      .union([
        z.object({ highRisk: z.union([z.boolean(), z.literal(UNKNOWN)]).default(UNKNOWN), awareAt: instant.optional() }).strict(),
        z.literal(UNKNOWN),
      ])
      .optional(),
    /** A CRA Art. 14 case on a product in CRA scope: its clocks run from the same awareness. */
    cra: z.object({ case: z.enum(CRA_CASES), fixAvailableAt: instant.optional() }).strict().optional(),
    /** When the impact ended (Portugal's end-of-impact notice). */
    impactEndedAt: instant.optional(),
    submissions: z.array(submissionSchema).default([]),
    /** The instant statuses are computed for (injected; the core never reads a clock). */
    now: instant,
  })
  .strict()
  .superRefine((input, ctx) => {
    const at = (v: string | undefined) => (v === undefined ? undefined : parseInstant(v));
    const aware = at(input.awareAt);
    if (aware === undefined) return;
    const detected = at(input.detectedAt);
    if (detected !== undefined && aware < detected) {
      ctx.addIssue({
        code: "custom",
        path: ["awareAt"],
        message: `awareness (${input.awareAt}) lies before detection (${input.detectedAt}); one cannot become aware of an incident before it is detected`,
      });
    }
    const handled = at(input.handledAt);
    if (handled !== undefined && handled < aware) {
      ctx.addIssue({ code: "custom", path: ["handledAt"], message: "the incident cannot be handled before awareness" });
    }
    if (handled !== undefined && input.ongoing) {
      ctx.addIssue({ code: "custom", path: ["ongoing"], message: "an incident with handledAt is no longer ongoing" });
    }
    const fix = at(input.cra?.fixAvailableAt);
    if (fix !== undefined && input.cra?.case !== "exploited_vulnerability") {
      ctx.addIssue({ code: "custom", path: ["cra", "fixAvailableAt"], message: "a fix date belongs to an exploited vulnerability, not to a severe incident" });
    }
    if (fix !== undefined && fix < aware) {
      ctx.addIssue({ code: "custom", path: ["cra", "fixAvailableAt"], message: `the fix (${input.cra?.fixAvailableAt}) lies before awareness (${input.awareAt})` });
    }
    const ended = at(input.impactEndedAt);
    if (ended !== undefined && ended < aware) {
      ctx.addIssue({ code: "custom", path: ["impactEndedAt"], message: "the impact cannot end before awareness" });
    }
    input.intermediateRequests.forEach((r, i) => {
      const requested = at(r.requestedAt);
      const due = at(r.dueAt);
      if (requested !== undefined && requested < aware) {
        ctx.addIssue({
          code: "custom",
          path: ["intermediateRequests", i, "requestedAt"],
          message: "a request cannot precede awareness",
        });
      }
      if (requested !== undefined && due !== undefined && due < requested) {
        ctx.addIssue({
          code: "custom",
          path: ["intermediateRequests", i, "dueAt"],
          message: "the due date lies before the request",
        });
      }
    });
    if (input.significance === "not_significant") {
      if (input.intermediateRequests.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["intermediateRequests"],
          message: "NIS2 deadlines were asked for an incident not classified significant (Art. 23(3)); reclassify it first",
        });
      }
      input.submissions.forEach((s, i) => {
        if (s.obligationId.startsWith("nis2.")) {
          ctx.addIssue({
            code: "custom",
            path: ["submissions", i, "obligationId"],
            message: `NIS2 submission "${s.obligationId}" recorded for an incident not classified significant; reclassify it first`,
          });
        }
      });
    }
    if (input.country !== undefined && !canonicalMemberState(input.country)) {
      ctx.addIssue({
        code: "custom",
        path: ["country"],
        message: `unknown EU member state "${input.country}"; expected one of ${EU_MEMBER_STATES.join(", ")} (EL for Greece is accepted)`,
      });
    }
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      ctx.addIssue({ code: "custom", path: ["timeZone"], message: `unknown IANA time zone "${input.timeZone}"` });
    }
  });

export type ClockInput = z.input<typeof clockInputSchema>;
export type ParsedClockInput = z.output<typeof clockInputSchema>;

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

export function parseClockInput(input: unknown): ParsedClockInput {
  const result = clockInputSchema.safeParse(input);
  if (!result.success) {
    throw new IncidentInputError(result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })));
  }
  return result.data;
}
