import { beforeAll, describe, expect, test } from "vitest";
import { computeObligations, IncidentInputError, type NationalRecords, type Obligation } from "../../core/incidents";
import { loadCatalog } from "../catalog/load";
import { type ClockRecords, type ClockRow, clockInputOf, nextDeadlinesWith } from "./clocks";

const HOUR = 3_600_000;
const aware = Date.UTC(2026, 2, 2, 8, 15);

function row(id: string, over: Partial<ClockRow> = {}): ClockRow {
  return {
    id,
    status: "open",
    detectedAt: new Date(aware - HOUR),
    awareAt: new Date(aware),
    handledAt: null,
    impactEndedAt: null,
    country: "DE",
    deviceVigilance: null,
    personalDataBreach: null,
    cra: null,
    significance: { outcome: "significant" },
    ...over,
  } as ClockRow;
}

const none: ClockRecords = { subs: [], requests: [] };
const submitted = (...ids: string[]): ClockRecords => ({
  subs: ids.map((obligationId, i) => ({ obligationId, submittedAt: new Date(aware + (i + 1) * HOUR), channel: null, reference: null, submittedBy: "someone" })),
  requests: [],
});

/** What the list showed before it kept anything: every obligation at `now`, the open one due first. */
function reference(r: { incident: ClockRow; records: ClockRecords }, now: Date, national: NationalRecords) {
  let obligations: Obligation[];
  try {
    obligations = computeObligations(clockInputOf(r.incident, r.records.subs, r.records.requests, now), national).obligations;
  } catch (err) {
    if (err instanceof IncidentInputError) return undefined;
    throw err;
  }
  const next = obligations.filter((o) => o.dueAt && (o.status === "pending" || o.status === "overdue")).sort((a, b) => Date.parse(a.dueAt as string) - Date.parse(b.dueAt as string))[0];
  return next ? { obligationId: next.id, stage: next.stage, dueAt: next.dueAt, overdue: next.status === "overdue" } : undefined;
}

describe("next deadlines of a list of incidents", () => {
  let national: NationalRecords;
  beforeAll(async () => {
    national = (await loadCatalog()).memberStates;
  });

  test("are the obligations' own at every instant, kept per incident and records while only now moves: due at the instant, overdue a millisecond after", () => {
    const rows = [
      { incident: row("plain"), records: none },
      { incident: row("warned"), records: submitted("nis2.early_warning") },
      { incident: row("notified"), records: submitted("nis2.early_warning", "nis2.incident_notification") },
      { incident: row("pending-significance", { significance: null }), records: none },
      { incident: row("not-significant", { significance: { outcome: "not_significant" } }), records: none },
      { incident: row("device", { deviceVigilance: { regulation: "mdr", category: "serious_incident" } as ClockRow["deviceVigilance"] }), records: none },
      { incident: row("breach", { personalDataBreach: { highRisk: true } as ClockRow["personalDataBreach"] }), records: none },
      { incident: row("elsewhere", { country: "PT" }), records: none },
      {
        incident: row("asked"),
        records: { subs: [], requests: [{ id: "rq", requestedAt: new Date(aware + 5 * HOUR), dueAt: new Date(aware + 9 * HOUR), reference: "RQ", createdAt: new Date(aware + 5 * HOUR) }] },
      },
      // Submitted before awareness: the core refuses it, and the list leaves the incident out.
      { incident: row("inconsistent"), records: { ...none, subs: [{ obligationId: "nis2.early_warning", submittedAt: new Date(aware - 2 * HOUR), channel: null, reference: null, submittedBy: "x" }] } },
    ];
    const dues = rows.flatMap((r) => {
      const d = reference(r, new Date(aware), national);
      return d ? [Date.parse(d.dueAt as string)] : [];
    });
    const nows = [aware, aware + HOUR, ...dues, ...dues.map((d) => d + 1), aware + 40 * 24 * HOUR, aware + 400 * 24 * HOUR];
    let overdueSeen = 0;
    for (const at of [...nows, ...nows.reverse()]) {
      const now = new Date(at);
      const listed = nextDeadlinesWith(rows, now, national);
      for (const r of rows) {
        const expected = reference(r, now, national);
        expect(listed.get(r.incident.id), `${r.incident.id} at ${now.toISOString()}`).toEqual(expected);
        if (expected?.overdue) overdueSeen++;
      }
    }
    expect(overdueSeen).toBeGreaterThan(0);
    expect(nextDeadlinesWith(rows, new Date(aware), national).has("inconsistent")).toBe(false);
  });

  test("a closed incident has none", () => {
    expect(nextDeadlinesWith([{ incident: row("closed", { status: "closed" }), records: none }], new Date(aware), national).size).toBe(0);
  });
});
