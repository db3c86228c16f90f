import { describe, expect, test } from "vitest";
import { IncidentInputError } from "../incidents/clock-input";
import { computeCraObligations } from "./obligations";

const NOW = "2026-10-01T06:00:00Z";
const byId = (r: ReturnType<typeof computeCraObligations>) => Object.fromEntries(r.obligations.map((o) => [o.id, o]));

describe("CRA Art. 14 exploited vulnerability", () => {
  test.each([
    // aware, fix available, early warning, vulnerability notification, final report
    ["2026-10-01T00:30:00Z", undefined, "2026-10-02T00:30:00.000Z", "2026-10-04T00:30:00.000Z", undefined],
    ["2026-10-01T00:30:00Z", "2026-10-10T12:00:00Z", "2026-10-02T00:30:00.000Z", "2026-10-04T00:30:00.000Z", "2026-10-24T12:00:00.000Z"],
    // 14 days are exact elapsed time: the end of daylight saving time (25 October) does not move them
    ["2026-10-20T09:00:00+02:00", "2026-10-20T10:00:00+02:00", "2026-10-21T07:00:00.000Z", "2026-10-23T07:00:00.000Z", "2026-11-03T08:00:00.000Z"],
    ["2026-12-30T23:00:00Z", "2027-01-31T23:00:00Z", "2026-12-31T23:00:00.000Z", "2027-01-02T23:00:00.000Z", "2027-02-14T23:00:00.000Z"],
  ])("aware %s, fix %s → 24 h %s, 72 h %s, final %s", (awareAt, fixAvailableAt, ew, vn, final) => {
    const r = computeCraObligations({ case: "exploited_vulnerability", awareAt, fixAvailableAt, now: NOW });
    const o = byId(r);
    expect(r.obligations.map((x) => x.stage)).toEqual(["early_warning", "vulnerability_notification", "intermediate_report", "final_report", "user_notification"]);
    expect(r.obligations.every((x) => x.regime === "cra")).toBe(true);
    expect(o["cra.early_warning"]).toMatchObject({ dueAt: ew, basis: "CRA Art. 14(2)(a)" });
    expect(o["cra.vulnerability_notification"]).toMatchObject({ dueAt: vn, basis: "CRA Art. 14(2)(b)" });
    expect(o["cra.final_report"].dueAt).toBe(final);
    expect(o["cra.final_report"].basis).toBe("CRA Art. 14(2)(c)");
  });

  test("without a fix date the final report has no deadline and says what it waits for", () => {
    const o = byId(computeCraObligations({ case: "exploited_vulnerability", awareAt: "2026-10-01T00:00:00Z", now: NOW }));
    expect(o["cra.final_report"]).toMatchObject({ status: "waiting" });
    expect(o["cra.final_report"].dueAt).toBeUndefined();
    expect(o["cra.final_report"].waitingFor).toMatch(/14 days after the fix is available/);
    expect(o["cra.user_notification"]).toMatchObject({ noFixedDeadline: true, basis: "CRA Art. 14(8)", status: "pending" });
    expect(o["cra.user_notification"].rule).toMatch(/machine-readable/);
  });

  test("regression: a fix date before awareness is refused, naming the field", () => {
    const run = () => computeCraObligations({ case: "exploited_vulnerability", awareAt: "2026-10-05T00:00:00Z", fixAvailableAt: "2026-10-04T00:00:00Z", now: NOW });
    expect(run).toThrow(IncidentInputError);
    try {
      run();
    } catch (err) {
      expect((err as IncidentInputError).issues[0]).toMatchObject({ path: "fixAvailableAt" });
      expect((err as IncidentInputError).issues[0].message).toMatch(/before awareness/);
    }
  });

  test("submissions give on-time and late statuses; an unknown obligation is refused", () => {
    const o = byId(
      computeCraObligations({
        case: "exploited_vulnerability",
        awareAt: "2026-10-01T00:00:00Z",
        submissions: [
          { obligationId: "cra.early_warning", submittedAt: "2026-10-01T20:00:00Z" },
          { obligationId: "cra.vulnerability_notification", submittedAt: "2026-10-05T00:00:00Z" },
        ],
        now: "2026-10-06T00:00:00Z",
      }),
    );
    expect(o["cra.early_warning"].status).toBe("submitted_on_time");
    expect(o["cra.vulnerability_notification"]).toMatchObject({ status: "submitted_late", lateByMs: 24 * 3600_000 });
    expect(() =>
      computeCraObligations({ case: "exploited_vulnerability", awareAt: "2026-10-01T00:00:00Z", submissions: [{ obligationId: "cra.incident_notification", submittedAt: "2026-10-02T00:00:00Z" }], now: NOW }),
    ).toThrow(/no obligation "cra.incident_notification"/);
  });
});

describe("CRA Art. 14 severe incident", () => {
  test.each([
    // aware, notified, zone, final report (one month after the notification, clamped to the month's end)
    ["2026-10-01T08:00:00Z", undefined, undefined, undefined],
    ["2026-10-01T08:00:00Z", "2026-10-03T08:00:00Z", undefined, "2026-11-03T08:00:00.000Z"],
    ["2027-01-29T08:00:00Z", "2027-01-31T12:00:00Z", undefined, "2027-02-28T12:00:00.000Z"],
    ["2028-01-30T08:00:00Z", "2028-01-31T12:00:00Z", undefined, "2028-02-29T12:00:00.000Z"],
    ["2026-10-29T08:00:00Z", "2026-10-31T10:00:00+01:00", "Europe/Berlin", "2026-11-30T09:00:00.000Z"],
  ])("aware %s, notified %s (%s) → final %s", (awareAt, notified, timeZone, final) => {
    const r = computeCraObligations({
      case: "severe_incident",
      awareAt,
      timeZone,
      submissions: notified ? [{ obligationId: "cra.incident_notification", submittedAt: notified }] : [],
      now: NOW,
    });
    const o = byId(r);
    expect(r.obligations.map((x) => x.stage)).toEqual(["early_warning", "incident_notification", "intermediate_report", "final_report", "user_notification"]);
    const aware = Date.parse(awareAt);
    expect(o["cra.early_warning"]).toMatchObject({ dueAt: new Date(aware + 24 * 3600_000).toISOString(), basis: "CRA Art. 14(4)(a)" });
    expect(o["cra.early_warning"].rule).toMatch(/malicious/);
    // regression: Art. 14(4)(a) asks for the Member States where the product is made available, not NIS2's cross-border impact
    expect(o["cra.early_warning"].rule).toMatch(/Member States where the product is made available/);
    expect(o["cra.early_warning"].rule).not.toMatch(/cross-border/);
    expect(o["cra.incident_notification"]).toMatchObject({ dueAt: new Date(aware + 72 * 3600_000).toISOString(), basis: "CRA Art. 14(4)(b)" });
    expect(o["cra.final_report"].dueAt).toBe(final);
    if (!final) expect(o["cra.final_report"].waitingFor).toMatch(/incident notification/);
  });

  test("an intermediate report requested by the CSIRT gets the due date of the request", () => {
    const o = byId(
      computeCraObligations({
        case: "severe_incident",
        awareAt: "2026-10-01T08:00:00Z",
        intermediateRequests: [{ requestedAt: "2026-10-02T08:00:00Z", dueAt: "2026-10-09T08:00:00Z", reference: "CSIRT-1" }],
        now: NOW,
      }),
    );
    expect(o["cra.intermediate_report.1"]).toMatchObject({ dueAt: "2026-10-09T08:00:00.000Z", basis: "CRA Art. 14(6)" });
    expect(o["cra.intermediate_report"]).toBeUndefined();
  });

  test("a fix date belongs to an exploited vulnerability", () => {
    expect(() => computeCraObligations({ case: "severe_incident", awareAt: "2026-10-01T08:00:00Z", fixAvailableAt: "2026-10-02T08:00:00Z", now: NOW })).toThrow(
      /fixAvailableAt/,
    );
  });

  test("awareness before 11 September 2026 gets a note that Art. 14 did not yet apply", () => {
    const r = computeCraObligations({ case: "severe_incident", awareAt: "2026-09-10T08:00:00Z", now: NOW });
    expect(r.notes.join(" ")).toMatch(/Art. 71\(2\)/);
  });
});
