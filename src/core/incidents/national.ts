import { countryName } from "../catalog/countries";
import { type NationalVerification, nationalStatus, verificationOf } from "../catalog/national-status";
import type { NationalClock } from "../catalog/schema";
import type { MemberStateRecord } from "../catalog/types";
import { addHours, addWorkingDays, localDate } from "./calendar";
import { parseInstant } from "./clock-input";
import type { ObligationSpec } from "./obligations";
import type { ParsedClockInput } from "./clock-input";

/** The catalog's national transposition records by country (`catalog.memberStates`): the clocks' only national data. */
export type NationalRecords = ReadonlyMap<string, MemberStateRecord>;

/** What the clocks took from a Member State's record, shown beside the obligations. */
export type NationalContext = NationalVerification & {
  name: string;
  law: string;
  /** Whether the national law applied on the day of awareness (in the authority's zone). */
  appliesAtAwareness: boolean;
  statusExplanation: string;
  deviations: { summary: string; computed: boolean }[];
};

type Input = { input: ParsedClockInput; awareMs: number; submittedAt: (id: string) => number | undefined };

export const nationalObligationId = (country: string, clockId: string) => `nis2.${country.toLowerCase()}.${clockId}`;

export function nationalContext(record: MemberStateRecord, awareMs: number): NationalContext {
  const awareDay = localDate(awareMs, record.timeZone);
  const { status, text } = nationalStatus(record, awareDay);
  return {
    ...verificationOf(record),
    name: countryName(record.country),
    law: record.law,
    appliesAtAwareness: status === "in_force",
    statusExplanation: text,
    deviations: (record.reportingDeviations ?? []).map((d) => ({ summary: d.summary, computed: d.clock !== undefined })),
  };
}

function startOf(clock: NationalClock, record: MemberStateRecord, ctx: Input): { ms?: number; waitingFor?: string } {
  if (clock.startsAt === "awareness") return { ms: ctx.awareMs };
  if (clock.startsAt === "impact_ended") {
    const ended = ctx.input.impactEndedAt;
    return ended === undefined ? { waitingFor: "the end of the incident's impact" } : { ms: parseInstant(ended) };
  }
  const id = nationalObligationId(record.country, clock.startsAt.submissionOf);
  const ms = ctx.submittedAt(id);
  return ms === undefined ? { waitingFor: `submission of ${id}` } : { ms };
}

function ruleOf(summary: string, clock: NationalClock, zone: string): string {
  if ("hours" in clock.within) return `${summary} Counted as ${clock.within.hours} elapsed hours.`;
  return `${summary} Working days are Monday to Friday in ${zone}, public holidays NOT skipped (so never later than the legal date), same time of day.`;
}

/**
 * The obligations a Member State's law adds, read from its catalog record, for an incident whose awareness falls
 * on or after that law's in-force date. They never replace a Directive stage.
 */
export function nationalSpecs(record: MemberStateRecord, context: NationalContext, ctx: Input): ObligationSpec[] {
  if (!context.appliesAtAwareness) return [];
  const notes = [
    `National deviation (${record.confidence}), record verified on ${context.verifiedOn ?? "an unrecorded date"}${context.source ? ` against ${context.source.ref}` : ""}: confirm against the national text before relying on it.`,
  ];
  return (record.reportingDeviations ?? []).flatMap((deviation): ObligationSpec[] => {
    const clock = deviation.clock;
    if (!clock) return [];
    const start = startOf(clock, record, ctx);
    const base: ObligationSpec = {
      id: nationalObligationId(record.country, clock.id),
      regime: "nis2",
      stage: clock.stage,
      jurisdiction: record.country,
      recipient: clock.recipient ?? record.csirt,
      rule: ruleOf(deviation.summary, clock, record.timeZone),
      basis: `${record.country} ${record.law} (national transposition; ${deviation.affects.join(", ")})`,
      confidence: record.confidence,
      awareMs: ctx.awareMs,
      notes,
      national: { country: context.country, verifiedOn: context.verifiedOn, source: context.source, confidence: context.confidence },
    };
    if (start.ms === undefined) return [{ ...base, waitingFor: start.waitingFor }];
    const dueMs =
      "hours" in clock.within ? addHours(start.ms, clock.within.hours) : addWorkingDays(start.ms, clock.within.workingDays, record.timeZone);
    return [{ ...base, startMs: start.ms, dueMs }];
  });
}

/** Notes beside the clocks: whether the national law applied at awareness, and deviations not computed as clocks. */
export function nationalNotes(context: NationalContext): string[] {
  const verified = `record verified on ${context.verifiedOn ?? "an unrecorded date"}`;
  if (!context.appliesAtAwareness) {
    return [
      `${context.name}: national NIS2 transposition does not apply at awareness (${context.statusExplanation}; ${context.confidence}, ${verified}); the clocks shown are the Directive's Art. 23 baseline.`,
    ];
  }
  return context.deviations
    .filter((d) => !d.computed)
    .map((d) => `${context.name} (${context.confidence}, ${verified}): ${d.summary} Shown for information; the clocks above run from awareness.`);
}
