import { canonicalMemberState } from "../../core/catalog";
import {
  type ClockInput,
  computeObligations,
  formatDeadline,
  type NationalRecords,
  IncidentInputError,
  type Obligation,
  type ObligationsResult,
} from "../../core/incidents";
import { type AnyColumn, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../platform/db/client";
import { qualified } from "../platform/db/qualified";
import { badRequest } from "../platform/http/errors";
import { incidentIntermediateRequests, incidents, incidentSubmissions } from "./schema";

type IncidentRow = typeof incidents.$inferSelect;
/** What the clocks read of a submission and of an intermediate request. */
type SubmissionRow = Pick<typeof incidentSubmissions.$inferSelect, "obligationId" | "submittedAt" | "channel" | "reference" | "submittedBy">;
type RequestRow = Pick<typeof incidentIntermediateRequests.$inferSelect, "id" | "requestedAt" | "dueAt" | "reference" | "createdAt">;

/** The fields of a stored incident that its classification and clocks are computed from. */
export type ClockRow = Pick<
  IncidentRow,
  "id" | "status" | "detectedAt" | "awareAt" | "handledAt" | "impactEndedAt" | "country" | "deviceVigilance" | "personalDataBreach" | "cra"
> & { significance: Pick<NonNullable<IncidentRow["significance"]>, "outcome"> | null };

export type Classification = "significant" | "not_significant" | "pending";

/** The confirmed significance, or "pending" while nobody has confirmed a decision. */
export function classificationOf(incident: Pick<ClockRow, "significance">): Classification {
  return incident.significance?.outcome ?? "pending";
}

/**
 * The core's clock input for a stored incident. While the significance decision is pending the NIS2 clocks are
 * shown provisionally (as if significant): they already run from awareness, and showing them is the safe side.
 */
export function clockInputOf(
  incident: ClockRow,
  submissions: SubmissionRow[],
  requests: RequestRow[],
  now: Date,
  extra: { submissions?: ClockInput["submissions"]; intermediateRequests?: ClockInput["intermediateRequests"] } = {},
): ClockInput {
  const iso = (d: Date | null) => (d ? d.toISOString() : undefined);
  const handled = iso(incident.handledAt);
  return {
    detectedAt: iso(incident.detectedAt),
    awareAt: incident.awareAt.toISOString(),
    significance: classificationOf(incident) === "not_significant" ? "not_significant" : "significant",
    ongoing: handled === undefined && (incident.status === "open" || incident.status === "contained"),
    handledAt: handled,
    country: incident.country ?? undefined,
    impactEndedAt: iso(incident.impactEndedAt),
    intermediateRequests: [
      ...orderRequests(requests).map((r) => ({
        requestedAt: r.requestedAt.toISOString(),
        dueAt: r.dueAt.toISOString(),
        ...(r.reference ? { reference: r.reference } : {}),
      })),
      ...(extra.intermediateRequests ?? []),
    ],
    device: incident.deviceVigilance ?? undefined,
    personalDataBreach: incident.personalDataBreach ?? undefined,
    ...(incident.cra ? { cra: { case: incident.cra.case, ...(incident.cra.fixAvailableAt ? { fixAvailableAt: incident.cra.fixAvailableAt } : {}) } } : {}),
    submissions: [
      ...submissions.map((s) => ({
        obligationId: s.obligationId,
        submittedAt: s.submittedAt.toISOString(),
        ...(s.channel ? { channel: s.channel } : {}),
        ...(s.reference ? { reference: s.reference } : {}),
        by: s.submittedBy,
      })),
      ...(extra.submissions ?? []),
    ],
    now: now.toISOString(),
  };
}

/** Intermediate requests in the order that numbers their obligations (nis2.intermediate_report.1, .2, …). */
export function orderRequests<R extends RequestRow>(requests: R[]): R[] {
  return [...requests].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.requestedAt.getTime() - b.requestedAt.getTime() || a.id.localeCompare(b.id),
  );
}

/**
 * Runs the core with the catalog's national records and turns its input errors into a 400 whose details name
 * the fields.
 */
export function obligationsOrBadRequest(input: ClockInput, national: NationalRecords, pathPrefix = ""): ObligationsResult {
  try {
    return computeObligations(input, national);
  } catch (err) {
    if (err instanceof IncidentInputError) {
      throw badRequest(err.message, err.issues.map((i) => ({ path: `${pathPrefix}${i.path}`, message: i.message })));
    }
    throw err;
  }
}

export type ObligationView = Obligation & {
  /** Deadline shown in UTC and in the competent authority's zone. */
  due: { utc: string; local: string; zone: string } | null;
  /** Milliseconds until the deadline at `now` (negative when overdue); null without a deadline. */
  timeLeftMs: number | null;
};

/** Adds the deadline display and the time left; `zone` is the authority's zone from the result. */
export function viewObligation(o: Obligation, zone: string, now: Date): ObligationView {
  return {
    ...o,
    due: o.dueAt ? formatDeadline(o.dueAt, zone) : null,
    timeLeftMs: o.dueAt && !o.submission ? Date.parse(o.dueAt) - now.getTime() : null,
  };
}

/** A member-state code accepted by the core (EL is Greece), or a 400 naming the field. */
export function checkCountry(code: string | null | undefined, path: string): string | null {
  if (code === null || code === undefined || code === "") return null;
  const state = canonicalMemberState(code);
  if (!state) throw badRequest(`${path}: unknown EU member state "${code}"`, [{ path, message: `unknown EU member state "${code}"` }]);
  return state;
}

export const nextDeadlineSchema = z.object({ obligationId: z.string(), stage: z.string(), dueAt: z.string(), overdue: z.boolean() });
export type NextDeadline = z.infer<typeof nextDeadlineSchema>;

export type IncidentClocks<R extends ClockRow = IncidentRow> = { incident: R; result: ObligationsResult | null; error: IncidentInputError | null };

/** The obligations of several incidents at `now`, with one query; an inconsistent record carries its error instead. */
export async function clocksOfIncidents<R extends ClockRow>(db: DbOrTx, rows: R[], now: Date, national: NationalRecords): Promise<IncidentClocks<R>[]> {
  if (rows.length === 0) return [];
  const { subs, requests } = await clockRecordsOf(
    db,
    rows.map((r) => r.id),
  );
  const recordsOf = byIncident(subs, requests);
  return rows.map((incident) => clocksOf(incident, recordsOf(incident.id), now, national));
}

/** Each incident's share of the records read for several. */
function byIncident(subs: (SubmissionRow & { incidentId: string })[], requests: (RequestRow & { incidentId: string })[]): (id: string) => ClockRecords {
  const grouped = new Map<string, ClockRecords>();
  const of = (id: string) => {
    const records = grouped.get(id) ?? { subs: [], requests: [] };
    grouped.set(id, records);
    return records;
  };
  for (const s of subs) of(s.incidentId).subs.push(s);
  for (const r of requests) of(r.incidentId).requests.push(r);
  return (id) => grouped.get(id) ?? { subs: [], requests: [] };
}

/** What the clocks of one incident read besides the incident: its submissions and intermediate requests. */
export type ClockRecords = { subs: SubmissionRow[]; requests: RequestRow[] };

function clocksOf<R extends ClockRow>(incident: R, records: ClockRecords, now: Date, national: NationalRecords): IncidentClocks<R> {
  const input = clockInputOf(incident, records.subs, records.requests, now);
  try {
    return { incident, result: computeObligations(input, national), error: null };
  } catch (err) {
    if (err instanceof IncidentInputError) return { incident, result: null, error: err };
    throw err;
  }
}

/**
 * An incident's clock records as one column of a query over incidents, so that a page of incidents needs no second
 * query (each costs node about as much as the clocks of the page). Instants travel as epoch milliseconds, truncated
 * as the driver truncates timestamps.
 */
export function clockRecordsColumn() {
  const s = incidentSubmissions;
  const r = incidentIntermediateRequests;
  const ms = (c: SQL | AnyColumn) => sql`floor(extract(epoch from ${c}) * 1000)::float8`;
  return sql<ClockRecordsJson>`json_build_array(
    (select coalesce(json_agg(json_build_array(${s.obligationId}, ${ms(s.submittedAt)}, ${s.channel}, ${s.reference}, ${s.submittedBy})), '[]'::json) from ${s} where ${qualified(s.incidentId)} = ${qualified(incidents.id)}),
    (select coalesce(json_agg(json_build_array(${r.id}, ${ms(r.requestedAt)}, ${ms(r.dueAt)}, ${r.reference}, ${ms(r.createdAt)})), '[]'::json) from ${r} where ${qualified(r.incidentId)} = ${qualified(incidents.id)})
  )`;
}
type ClockRecordsJson = [[string, number, string | null, string | null, string][], [string, number, number, string | null, number][]];

export function clockRecordsFrom([subs, requests]: ClockRecordsJson): ClockRecords {
  return {
    subs: subs.map(([obligationId, at, channel, reference, submittedBy]) => ({ obligationId, submittedAt: new Date(at), channel, reference, submittedBy })),
    requests: requests.map(([id, at, dueAt, reference, createdAt]) => ({ id, requestedAt: new Date(at), dueAt: new Date(dueAt), reference, createdAt: new Date(createdAt) })),
  };
}

/**
 * The submissions and intermediate requests of the incidents in one query, a union of both tables over the columns
 * the clocks read: each query costs node about as much as the clocks of a page of incidents.
 */
async function clockRecordsOf(db: DbOrTx, ids: string[]) {
  const s = incidentSubmissions;
  const r = incidentIntermediateRequests;
  const rows = await db
    .select({
      kind: sql<"submission" | "request">`'submission'`,
      id: s.id,
      incidentId: s.incidentId,
      obligationId: sql<string | null>`${s.obligationId}`,
      at: s.submittedAt,
      dueAt: sql<Date | null>`null::timestamptz`.mapWith(r.dueAt),
      channel: s.channel,
      reference: s.reference,
      submittedBy: sql<string | null>`${s.submittedBy}`,
      createdAt: s.createdAt,
    })
    .from(s)
    .where(inArray(s.incidentId, ids))
    .unionAll(
      db
        .select({
          kind: sql<"submission" | "request">`'request'`,
          id: r.id,
          incidentId: r.incidentId,
          obligationId: sql<string | null>`null::text`,
          at: r.requestedAt,
          dueAt: sql<Date | null>`${r.dueAt}`.mapWith(r.dueAt),
          channel: sql<string | null>`null::text`,
          reference: r.reference,
          submittedBy: sql<string | null>`null::text`,
          createdAt: r.createdAt,
        })
        .from(r)
        .where(inArray(r.incidentId, ids)),
    );
  const subs: (SubmissionRow & { incidentId: string })[] = [];
  const requests: (RequestRow & { incidentId: string })[] = [];
  for (const x of rows) {
    if (x.kind === "request") requests.push({ id: x.id, incidentId: x.incidentId, requestedAt: x.at, dueAt: x.dueAt as Date, reference: x.reference, createdAt: x.createdAt });
    else subs.push({ incidentId: x.incidentId, obligationId: x.obligationId as string, submittedAt: x.at, channel: x.channel, reference: x.reference, submittedBy: x.submittedBy as string });
  }
  return { subs, requests };
}

/** Per incident (not closed), its earliest deadline not yet met; incidents with none or with inconsistent records are left out. */
export async function nextDeadlines(db: DbOrTx, rows: ClockRow[], now: Date, national: NationalRecords): Promise<Map<string, NextDeadline>> {
  const open = rows.filter((i) => i.status !== "closed");
  if (open.length === 0) return new Map();
  const { subs, requests } = await clockRecordsOf(
    db,
    open.map((r) => r.id),
  );
  const recordsOf = byIncident(subs, requests);
  return nextDeadlinesWith(
    open.map((incident) => ({ incident, records: recordsOf(incident.id) })),
    now,
    national,
  );
}

/** The same for incidents read with their clock records (clockRecordsColumn). */
export function nextDeadlinesWith(rows: { incident: ClockRow; records: ClockRecords }[], now: Date, national: NationalRecords): Map<string, NextDeadline> {
  const result = new Map<string, NextDeadline>();
  for (const { incident, records } of rows) {
    if (incident.status === "closed") continue;
    const next = earliestOpenDeadline(clockInputOf(incident, records.subs, records.requests, now), national);
    if (next) result.set(incident.id, { obligationId: next.obligationId, stage: next.stage, dueAt: next.dueAt, overdue: now.getTime() > next.dueMs });
  }
  return result;
}

type OpenDeadline = { obligationId: string; stage: string; dueAt: string; dueMs: number };

/**
 * Earliest open deadlines by clock input without `now`, per set of national records. The core applies `now` last
 * (applyStatus): which obligations have a due date and no submission, and so the earliest of them, follow from the
 * incident and its records alone, and `now` decides only whether it is overdue (after its due instant). Lists ask
 * for the same incidents again and again, and their clocks were half of a page's cost.
 */
const openDeadlines = new WeakMap<NationalRecords, Map<string, OpenDeadline | null>>();
const OPEN_DEADLINES_KEPT = 5_000;

function earliestOpenDeadline(input: ClockInput, national: NationalRecords): OpenDeadline | null {
  let kept = openDeadlines.get(national);
  if (!kept) {
    kept = new Map();
    openDeadlines.set(national, kept);
  }
  const key = JSON.stringify({ ...input, now: null });
  const hit = kept.get(key);
  if (hit !== undefined) return hit;
  let next: OpenDeadline | null = null;
  try {
    for (const o of computeObligations(input, national).obligations) {
      if (!o.dueAt || (o.status !== "pending" && o.status !== "overdue")) continue;
      const dueMs = Date.parse(o.dueAt);
      if (next === null || dueMs < next.dueMs) next = { obligationId: o.id, stage: o.stage, dueAt: o.dueAt, dueMs };
    }
  } catch (err) {
    if (!(err instanceof IncidentInputError)) throw err;
  }
  if (kept.size >= OPEN_DEADLINES_KEPT) kept.clear();
  kept.set(key, next);
  return next;
}
