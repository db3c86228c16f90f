import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type ClockInput, IncidentInputError } from "./clock-input";
import { computeObligations } from "./obligations";
import type { Obligation, ObligationsResult } from "./types";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EU_MEMBER_STATES, nationalStatus } from "../catalog";
import { inspectCatalogDir } from "../../server/catalog/load";

const records = (await inspectCatalogDir()).catalog.memberStates;
const clocks = (raw: unknown) => computeObligations(raw, records);

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);
// Large fuzz runs (npm run fuzz) need more than the default per-test timeout.
const PROPERTY_TIMEOUT = Math.max(60_000, RUNS * 20);
const H = 3_600_000;

/** A plain assertion for hot property loops (much cheaper than expect()). */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function byId(result: ObligationsResult, id: string): Obligation {
  const found = result.obligations.find((o) => o.id === id);
  if (!found) throw new Error(`no obligation ${id} in ${result.obligations.map((o) => o.id).join(", ")}`);
  return found;
}

const base = (extra: Partial<ClockInput> = {}): ClockInput => ({
  awareAt: "2026-03-02T09:00:00Z",
  significance: "significant",
  now: "2026-03-02T10:00:00Z",
  ...extra,
});

describe("NIS2 early warning and incident notification", () => {
  test.each([
    ["plain", "2026-03-02T09:00:00Z", undefined, "2026-03-03T09:00:00.000Z", "2026-03-05T09:00:00.000Z"],
    ["offset input is normalised to UTC", "2026-03-02T10:00:00+01:00", "DE", "2026-03-03T09:00:00.000Z", "2026-03-05T09:00:00.000Z"],
    ["Berlin, 30 min before the spring switch", "2026-03-29T00:30:00Z", "DE", "2026-03-30T00:30:00.000Z", "2026-04-01T00:30:00.000Z"],
    ["Berlin, 30 min after the spring switch", "2026-03-29T01:30:00Z", "DE", "2026-03-30T01:30:00.000Z", "2026-04-01T01:30:00.000Z"],
    ["Berlin, 30 min before the autumn switch", "2026-10-25T00:30:00Z", "DE", "2026-10-26T00:30:00.000Z", "2026-10-28T00:30:00.000Z"],
    ["Berlin, 30 min after the autumn switch", "2026-10-25T01:30:00Z", "DE", "2026-10-26T01:30:00.000Z", "2026-10-28T01:30:00.000Z"],
    ["Lisbon, 1 min before the spring switch", "2026-03-29T00:59:00Z", "PT", "2026-03-30T00:59:00.000Z", "2026-04-01T00:59:00.000Z"],
    ["Lisbon, 1 min after the spring switch", "2026-03-29T01:01:00Z", "PT", "2026-03-30T01:01:00.000Z", "2026-04-01T01:01:00.000Z"],
    ["Lisbon, during the repeated autumn hour", "2026-10-25T01:30:00Z", "PT", "2026-10-26T01:30:00.000Z", "2026-10-28T01:30:00.000Z"],
  ])("%s", (_name, awareAt, country, earlyWarning, notification) => {
    const r = clocks(base({ awareAt, country, now: awareAt }));
    const ew = byId(r, "nis2.early_warning");
    expect(ew.dueAt).toBe(earlyWarning);
    expect(ew.basis).toBe("NIS2 Art. 23(4)(a)");
    expect(Date.parse(ew.dueAt as string) - Date.parse(awareAt)).toBe(24 * H);
    const n = byId(r, "nis2.incident_notification");
    expect(n.dueAt).toBe(notification);
    expect(n.basis).toBe("NIS2 Art. 23(4)(b)");
  });
});

describe("NIS2 final report", () => {
  test("before the incident notification is submitted it has no dueAt and says what it waits for", () => {
    const fr = byId(clocks(base()), "nis2.final_report");
    expect(fr.dueAt).toBeUndefined();
    expect(fr.status).toBe("waiting");
    expect(fr.waitingFor).toMatch(/submission of the incident notification/);
  });

  test.each([
    ["31 Jan -> 28 Feb (UTC, no country)", undefined, "2026-01-31T12:00:00Z", "2026-02-28T12:00:00.000Z"],
    ["31 Jan -> 29 Feb in a leap year", undefined, "2028-01-31T12:00:00Z", "2028-02-29T12:00:00.000Z"],
    ["29 Feb -> 29 Mar", undefined, "2028-02-29T12:00:00Z", "2028-03-29T12:00:00.000Z"],
    ["31 Mar -> 30 Apr", undefined, "2026-03-31T12:00:00Z", "2026-04-30T12:00:00.000Z"],
    ["30 Apr -> 30 May", undefined, "2026-04-30T12:00:00Z", "2026-05-30T12:00:00.000Z"],
    // 31 Mar 23:30 UTC is 1 Apr 01:30 in Berlin: the authority's date gives 1 May, not 30 Apr.
    ["Berlin calendar date decides", "DE", "2026-03-31T23:30:00Z", "2026-04-30T23:30:00.000Z"],
    ["Lisbon keeps local time across DST", "PT", "2026-03-10T15:00:00Z", "2026-04-10T14:00:00.000Z"],
  ])("one month after the real submission: %s", (_name, country, notifiedAt, expected) => {
    const r = clocks(
      base({
        awareAt: "2026-01-01T00:00:00Z",
        country,
        submissions: [{ obligationId: "nis2.incident_notification", submittedAt: notifiedAt }],
        now: notifiedAt,
      }),
    );
    const fr = byId(r, "nis2.final_report");
    expect(fr.dueAt).toBe(expected);
    expect(fr.startsAt).toBe(new Date(notifiedAt).toISOString());
    expect(fr.basis).toBe("NIS2 Art. 23(4)(d)");
    expect(r.obligations.some((o) => o.stage === "progress_report")).toBe(false);
  });

  test("counts from the real submission, not from the notification deadline", () => {
    const r = clocks(
      base({
        awareAt: "2026-05-01T08:00:00Z",
        submissions: [{ obligationId: "nis2.incident_notification", submittedAt: "2026-05-02T08:00:00Z" }],
        now: "2026-05-02T08:00:00Z",
      }),
    );
    expect(byId(r, "nis2.final_report").dueAt).toBe("2026-06-02T08:00:00.000Z");
  });

  const notified = { obligationId: "nis2.incident_notification", submittedAt: "2026-03-05T09:00:00Z" };

  test("ongoing incident: progress report at the final report's time, final report waits for handling", () => {
    const r = clocks(base({ ongoing: true, submissions: [notified], now: "2026-03-06T00:00:00Z" }));
    const pr = byId(r, "nis2.progress_report");
    expect(pr.dueAt).toBe("2026-04-05T09:00:00.000Z");
    expect(pr.basis).toBe("NIS2 Art. 23(4)(e)");
    expect(pr.condition).toMatch(/still ongoing/);
    const fr = byId(r, "nis2.final_report");
    expect(fr.dueAt).toBeUndefined();
    expect(fr.waitingFor).toMatch(/handled/);
  });

  test("handled after the first month: progress report then final report one month after handling", () => {
    const r = clocks(
      base({ handledAt: "2026-05-31T16:00:00Z", submissions: [notified], now: "2026-06-01T00:00:00Z" }),
    );
    const pr = byId(r, "nis2.progress_report");
    expect(pr.dueAt).toBe("2026-04-05T09:00:00.000Z");
    expect(pr.status).toBe("overdue");
    expect(pr.lateByMs).toBe(Date.parse("2026-06-01T00:00:00Z") - Date.parse("2026-04-05T09:00:00Z"));
    const fr = byId(r, "nis2.final_report");
    expect(fr.startsAt).toBe("2026-05-31T16:00:00.000Z");
    expect(fr.dueAt).toBe("2026-06-30T16:00:00.000Z");
  });

  test("handled within the first month: only the final report, one month after notification", () => {
    const r = clocks(base({ handledAt: "2026-03-20T00:00:00Z", submissions: [notified] }));
    expect(byId(r, "nis2.final_report").dueAt).toBe("2026-04-05T09:00:00.000Z");
    expect(r.obligations.some((o) => o.stage === "progress_report")).toBe(false);
  });
});

describe("submissions and statuses", () => {
  test.each([
    ["on time at the very deadline", "2026-03-03T09:00:00Z", "submitted_on_time", undefined],
    ["one minute late", "2026-03-03T09:01:00Z", "submitted_late", 60_000],
    ["25 hours after awareness", "2026-03-03T10:00:00Z", "submitted_late", H],
  ])("early warning %s", (_name, submittedAt, status, lateByMs) => {
    const r = clocks(
      base({
        submissions: [{ obligationId: "nis2.early_warning", submittedAt, channel: "BSI portal", reference: "BSI-123", by: "CISO" }],
        now: "2026-03-04T00:00:00Z",
      }),
    );
    const ew = byId(r, "nis2.early_warning");
    expect(ew.status).toBe(status);
    expect(ew.lateByMs).toBe(lateByMs);
    expect(ew.submission).toEqual({ submittedAt: new Date(submittedAt).toISOString(), channel: "BSI portal", reference: "BSI-123", by: "CISO" });
  });

  test.each([
    ["just started", "2026-03-02T09:00:00Z", "pending", 0, null],
    ["half-way", "2026-03-02T21:00:00Z", "pending", 0.5, 0.5],
    ["at 80 %", "2026-03-03T04:12:00Z", "pending", 0.8, 0.8],
    ["at the deadline", "2026-03-03T09:00:00Z", "pending", 1, 1],
    ["past the deadline", "2026-03-03T15:00:00Z", "overdue", 1.25, 1],
  ])("progress %s", (_name, now, status, fraction, reached) => {
    const ew = byId(clocks(base({ now })), "nis2.early_warning");
    expect(ew.status).toBe(status);
    expect(ew.progress?.fraction).toBeCloseTo(fraction, 9);
    expect(ew.progress?.reached).toBe(reached);
    expect(ew.progress?.remindAt.map((r) => r.at)).toEqual([
      "2026-03-02T21:00:00.000Z",
      "2026-03-03T04:12:00.000Z",
      "2026-03-03T09:00:00.000Z",
    ]);
  });

  test("intermediate report: waiting without a request, due on the date the authority set with one", () => {
    expect(byId(clocks(base()), "nis2.intermediate_report").waitingFor).toMatch(/request/);
    const r = clocks(
      base({
        intermediateRequests: [{ requestedAt: "2026-03-04T10:00:00Z", dueAt: "2026-03-09T12:00:00Z", reference: "CSIRT-77" }],
        submissions: [{ obligationId: "nis2.intermediate_report.1", submittedAt: "2026-03-09T13:00:00Z" }],
      }),
    );
    const ir = byId(r, "nis2.intermediate_report.1");
    expect(ir.dueAt).toBe("2026-03-09T12:00:00.000Z");
    expect(ir.status).toBe("submitted_late");
    expect(ir.basis).toBe("NIS2 Art. 23(4)(c)");
  });

  test("recipient notification has no fixed hours", () => {
    const rn = byId(clocks(base()), "nis2.recipient_notification");
    expect(rn.noFixedDeadline).toBe(true);
    expect(rn.dueAt).toBeUndefined();
    expect(rn.basis).toBe("NIS2 Art. 23(1)");
    expect(rn.status).toBe("pending");
  });
});

describe("MDR / IVDR vigilance", () => {
  test.each([
    ["mdr", "serious_incident", 15, "MDR Art. 87(3)", "V2"],
    ["mdr", "public_health_threat", 2, "MDR Art. 87(4)", "V2"],
    ["mdr", "death_or_serious_deterioration", 10, "MDR Art. 87(5)", "V2"],
    ["ivdr", "serious_incident", 15, "IVDR Art. 82", "V3"],
    ["ivdr", "public_health_threat", 2, "IVDR Art. 82", "V3"],
    ["ivdr", "death_or_serious_deterioration", 10, "IVDR Art. 82", "V3"],
  ] as const)("%s %s: %i days", (regulation, category, days, basis, confidence) => {
    const r = clocks(base({ awareAt: "2026-03-20T12:00:00Z", country: "DE", device: { regulation, category }, now: "2026-03-20T12:00:00Z" }));
    const o = byId(r, `${regulation}.serious_incident_report`);
    expect(o.regime).toBe(regulation);
    expect(o.stage).toBe("serious_incident_report");
    expect(Date.parse(o.dueAt as string) - Date.parse("2026-03-20T12:00:00Z")).toBe(days * 24 * H);
    expect(o.basis.startsWith(basis)).toBe(true);
    expect(o.confidence).toBe(confidence);
  });

  test("vigilance awareness can differ from NIS2 awareness", () => {
    const r = clocks(
      base({ device: { regulation: "mdr", category: "serious_incident", awareAt: "2026-03-04T09:00:00Z" } }),
    );
    expect(byId(r, "mdr.serious_incident_report").dueAt).toBe("2026-03-19T09:00:00.000Z");
  });

  test("vigilance clocks run even when the incident is not NIS2-significant", () => {
    const r = clocks(base({ significance: "not_significant", device: { regulation: "mdr", category: "serious_incident" } }));
    expect(r.nis2.reportable).toBe(false);
    expect(r.obligations.map((o) => o.id)).toEqual(["mdr.serious_incident_report"]);
  });
});

describe("applicability not yet known", () => {
  test("unknown MDR/IVDR applicability runs a provisional clock from awareness with the shortest MDR period, and says so", () => {
    const o = byId(clocks(base({ device: "unknown" })), "mdr.provisional");
    expect(o.provisional).toBe(true);
    expect(o.startsAt).toBe("2026-03-02T09:00:00.000Z");
    expect(o.dueAt).toBe("2026-03-04T09:00:00.000Z");
    expect(o.condition).toMatch(/^provisional: .*not yet known/);
    expect(o.rule).toMatch(/15 days .*10 days|10 days .*15 days/);
  });

  test("unknown GDPR applicability runs a provisional 72-hour clock from awareness, and says so", () => {
    const o = byId(clocks(base({ personalDataBreach: "unknown" })), "gdpr.provisional");
    expect(o.provisional).toBe(true);
    expect(o.dueAt).toBe("2026-03-05T09:00:00.000Z");
    expect(o.condition).toMatch(/^provisional: whether personal data was breached is not yet known/);
  });

  test("a provisional clock cannot be marked submitted", () => {
    const input = base({ device: "unknown", submissions: [{ obligationId: "mdr.provisional", submittedAt: "2026-03-02T10:00:00Z" }] });
    expect(() => clocks(input)).toThrow(/provisional clock: first decide whether the regime applies/);
  });
});

// Regression: verified texts were tagged as secondary sources and MDR paragraphs as unverified.
test.each([
  ["GDPR Art. 33", { personalDataBreach: { highRisk: true } }, "gdpr.supervisory_authority_notification", "V1"],
  ["GDPR Art. 34", { personalDataBreach: { highRisk: true } }, "gdpr.data_subject_communication", "V1"],
  ["MDR Art. 87(3), notes on 87(6)-(7)", { device: { regulation: "mdr", category: "serious_incident" } }, "mdr.serious_incident_report", "V2"],
] as const)("confidence of %s as verified, no 'unverified' hedge", (_name, extra, id, confidence) => {
  const o = byId(clocks(base(extra)), id);
  expect(o.confidence).toBe(confidence);
  expect((o.notes ?? []).join(" ")).not.toMatch(/unverified|confirm against/i);
});

describe("GDPR", () => {
  test("Art. 33: 72 hours to the supervisory authority", () => {
    const o = byId(clocks(base({ personalDataBreach: {} })), "gdpr.supervisory_authority_notification");
    expect(o.dueAt).toBe("2026-03-05T09:00:00.000Z");
    expect(o.basis).toBe("GDPR Art. 33(1)");
  });

  test("Art. 34 only when high risk, and with no fixed hours", () => {
    expect(clocks(base({ personalDataBreach: { highRisk: false } })).obligations.some((o) => o.stage === "data_subject_communication")).toBe(false);
    const o = byId(clocks(base({ personalDataBreach: { highRisk: true } })), "gdpr.data_subject_communication");
    expect(o.dueAt).toBeUndefined();
    expect(o.noFixedDeadline).toBe(true);
    expect(o.rule).toMatch(/no fixed number of hours/);
  });
});

// Regression: a breach recorded without its risk defaulted to "not high risk", so the Art. 34 duty silently vanished.
test("a breach whose risk nobody assessed shows the Art. 34 communication as to be confirmed, never as no duty", () => {
  const o = byId(clocks(base({ personalDataBreach: {} })), "gdpr.data_subject_communication");
  expect(o.provisional).toBe(true);
  expect(o.condition).toMatch(/^to be confirmed: whether the breach is likely to result in a high risk .* not yet known/);
  expect(o.basis).toBe("GDPR Art. 34(1) (to be confirmed)");
  expect(byId(clocks(base({ personalDataBreach: { highRisk: "unknown" } })), "gdpr.data_subject_communication").provisional).toBe(true);
  expect(byId(clocks(base({ personalDataBreach: { highRisk: true } })), "gdpr.data_subject_communication").provisional).toBeUndefined();
});

describe("member-state deviations", () => {
  const inPortugal = { country: "PT", awareAt: "2026-04-27T09:00:00Z", now: "2026-04-27T10:00:00Z" };

  test("Portugal adds an end-of-impact notice and a final report 30 working days after it (V3)", () => {
    const r = clocks(
      base({
        ...inPortugal,
        impactEndedAt: "2026-04-30T10:00:00Z",
        submissions: [{ obligationId: "nis2.pt.end_of_impact_notice", submittedAt: "2026-05-01T09:00:00Z" }],
        now: "2026-05-01T09:00:00Z",
      }),
    );
    const notice = byId(r, "nis2.pt.end_of_impact_notice");
    expect(notice.dueAt).toBe("2026-05-01T10:00:00.000Z");
    expect(notice.status).toBe("submitted_on_time");
    expect(notice.confidence).toBe("V3");
    expect(notice.jurisdiction).toBe("PT");
    expect(notice.basis).toMatch(/^PT Decreto-Lei n\.º 125\/2025/);
    expect(notice.national).toMatchObject({ country: "PT", verifiedOn: "2026-12-06", source: { ref: expect.stringMatching(/CNCS/) } });
    expect(byId(r, "nis2.pt.final_report").dueAt).toBe("2026-06-12T09:00:00.000Z");
    expect(byId(r, "nis2.final_report").jurisdiction).toBe("EU");
  });

  test("Portugal without an end of impact: notice waits for it", () => {
    const r = clocks(base({ ...inPortugal, country: "pt" }));
    expect(byId(r, "nis2.pt.end_of_impact_notice").waitingFor).toMatch(/end of the incident's impact/);
    expect(byId(r, "nis2.pt.final_report").waitingFor).toMatch(/submission of nis2\.pt\.end_of_impact_notice/);
    expect(r.memberState).toBe("PT");
    expect(r.timeZone).toBe("Europe/Lisbon");
  });

  // Decreto-Lei 125/2025 applies from 3 April 2026; awareness is dated in Lisbon (UTC+1 in April).
  test.each([
    ["on 20 March 2026, before the law applied", "2026-03-20T10:00:00Z", false],
    ["at 23:30 UTC on 2 April, already 00:30 on 3 April in Lisbon", "2026-04-02T23:30:00Z", true],
    ["at 22:30 UTC on 2 April, 23:30 in Lisbon", "2026-04-02T22:30:00Z", false],
    ["on 3 April 2026, the day it applied", "2026-04-03T08:00:00Z", true],
    ["on 10 June 2026", "2026-06-10T08:00:00Z", true],
  ])("Portugal, awareness %s: national stages %s", (_label, awareAt, applies) => {
    const r = clocks(base({ country: "PT", awareAt, now: awareAt }));
    const national = r.obligations.filter((o) => o.jurisdiction === "PT").map((o) => o.id);
    expect(national).toEqual(applies ? ["nis2.pt.end_of_impact_notice", "nis2.pt.final_report"] : []);
    expect(r.national?.appliesAtAwareness).toBe(applies);
    expect(r.notes.some((n) => /Portugal: national NIS2 transposition does not apply at awareness/.test(n))).toBe(!applies);
  });

  test("a national stage cannot be recorded as submitted for an incident before that law applied", () => {
    const submissions = [{ obligationId: "nis2.pt.end_of_impact_notice", submittedAt: "2026-03-21T09:00:00Z" }];
    expect(() => clocks(base({ country: "PT", awareAt: "2026-03-20T10:00:00Z", submissions, now: "2026-03-21T10:00:00Z" }))).toThrow(
      /no obligation "nis2\.pt\.end_of_impact_notice"/,
    );
  });

  test("Cyprus: the 6-hour early warning from its catalog record runs beside the Directive's 24 hours", () => {
    const r = clocks(base({ country: "CY" }));
    expect(byId(r, "nis2.cy.early_warning")).toMatchObject({ dueAt: "2026-03-02T15:00:00.000Z", confidence: "V3", jurisdiction: "CY" });
    expect(byId(r, "nis2.early_warning").dueAt).toBe("2026-03-03T09:00:00.000Z");
  });

  test("Germany: no extra obligations; a transposition not in force is flagged; EL is Greece", () => {
    expect(clocks(base({ country: "DE" })).obligations.every((o) => o.jurisdiction === "EU")).toBe(true);
    expect(clocks(base({ country: "FR" })).notes.join(" ")).toMatch(/France: national NIS2 transposition does not apply at awareness .*bill/);
    expect(clocks(base({ country: "EL" })).memberState).toBe("GR");
  });

  test("the Netherlands: the clocks say what applicability says (bill, baseline only) and show its deviation only once in force", () => {
    const r = clocks(base({ country: "NL", awareAt: "2026-12-01T09:00:00Z", now: "2026-12-01T09:00:00Z" }));
    expect(r.obligations.every((o) => o.jurisdiction === "EU")).toBe(true);
    expect(r.national).toMatchObject({ country: "NL", appliesAtAwareness: false, verifiedOn: "2026-12-06" });
    expect(r.national?.statusExplanation).toBe(nationalStatus(records.get("NL")!, "2026-12-01").text);
    expect(r.notes.join(" ")).toMatch(/Netherlands: national NIS2 transposition does not apply at awareness/);
  });

  test("every Member State: national clocks run exactly when the catalog's status for the awareness day is in force", () => {
    for (const [country, record] of records) {
      for (const day of ["2024-06-01", "2025-06-01", "2026-03-20", "2026-04-03", "2026-12-01"]) {
        const r = clocks(base({ country, awareAt: `${day}T12:00:00Z`, now: `${day}T12:00:00Z` }));
        const inForce = nationalStatus(record, day).status === "in_force";
        check(r.national?.appliesAtAwareness === inForce, `${country} on ${day}: clocks say ${r.national?.appliesAtAwareness}, status ${inForce}`);
        const clocksInCatalog = (record.reportingDeviations ?? []).filter((d) => d.clock).length;
        const national = r.obligations.filter((o) => o.jurisdiction === country).length;
        check(national === (inForce ? clocksInCatalog : 0), `${country} on ${day}: ${national} national obligations`);
        const notes = (record.reportingDeviations ?? []).filter((d) => !d.clock && inForce);
        for (const d of notes) check(r.notes.some((n) => n.includes(d.summary)), `${country} on ${day}: deviation "${d.summary}" not shown`);
      }
    }
  });
});

describe("national data lives only in the catalog", () => {
  test("the incident core holds no Member State codes, time zones or national laws of its own", () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const codes = EU_MEMBER_STATES.join("|");
    const nationalFact = new RegExp(`["'\`](${codes}|EL)["'\`]|\\b(Europe|Asia)/[A-Z][a-z]+|Decreto|CNCS|BSI\\b|\\bnis2\\.(${codes.toLowerCase()})\\.`);
    const offending = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .flatMap((f) =>
        readFileSync(path.join(dir, f), "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
          .filter(({ line }) => nationalFact.test(line)),
      );
    expect(offending).toEqual([]);
  });
});

describe("not significant", () => {
  test("gives an explicit not-reportable result with no NIS2 obligations", () => {
    const r = clocks(base({ significance: "not_significant" }));
    expect(r.obligations).toEqual([]);
    expect(r.nis2.reportable).toBe(false);
    expect(r.nis2.reason).toMatch(/keep a record/);
  });
});

describe("validation", () => {
  function issues(input: unknown): string {
    try {
      clocks(input);
    } catch (e) {
      expect(e).toBeInstanceOf(IncidentInputError);
      return (e as Error).message;
    }
    throw new Error("expected an IncidentInputError");
  }

  test.each([
    ["awareness before detection", base({ detectedAt: "2026-03-02T10:00:00Z" }), /awareAt: awareness .* lies before detection/],
    [
      "submission before awareness",
      base({ submissions: [{ obligationId: "nis2.early_warning", submittedAt: "2026-03-02T08:59:00Z" }] }),
      /submissions\[0\]\.submittedAt: submission .* lies before awareness/,
    ],
    [
      "NIS2 submission for a not-significant incident",
      base({ significance: "not_significant", submissions: [{ obligationId: "nis2.early_warning", submittedAt: "2026-03-02T10:00:00Z" }] }),
      /not classified significant/,
    ],
    [
      "intermediate request for a not-significant incident",
      base({ significance: "not_significant", intermediateRequests: [{ requestedAt: "2026-03-03T00:00:00Z", dueAt: "2026-03-04T00:00:00Z" }] }),
      /NIS2 deadlines were asked for an incident not classified significant/,
    ],
    ["unknown member state", base({ country: "XX" }), /country: unknown EU member state "XX"/],
    ["non-EU country", base({ country: "CH" }), /unknown EU member state "CH"/],
    ["unknown zone", base({ timeZone: "Europe/Atlantis" }), /timeZone: unknown IANA time zone/],
    ["date without offset", base({ awareAt: "2026-03-02T09:00:00" }), /awareAt: must be an ISO 8601 date-time with a time zone offset/],
    ["not a date", base({ awareAt: "yesterday" }), /awareAt: must be an ISO 8601/],
    ["missing significance", { awareAt: "2026-03-02T09:00:00Z", now: "2026-03-02T09:00:00Z" }, /significance/],
    [
      "unknown obligation",
      base({ submissions: [{ obligationId: "nis2.final", submittedAt: "2026-03-03T00:00:00Z" }] }),
      /no obligation "nis2.final" for this incident; known: nis2.early_warning/,
    ],
    [
      "duplicate submission",
      base({
        submissions: [
          { obligationId: "nis2.early_warning", submittedAt: "2026-03-03T00:00:00Z" },
          { obligationId: "nis2.early_warning", submittedAt: "2026-03-03T01:00:00Z" },
        ],
      }),
      /submitted twice/,
    ],
    ["handled before awareness", base({ handledAt: "2026-03-01T00:00:00Z" }), /handledAt: the incident cannot be handled before awareness/],
    ["unknown field", { ...base(), awarenes: "x" }, /Unrecognized key/],
  ])("%s", (_name, input, message) => {
    expect(issues(input)).toMatch(message);
  });
});

const ZONES_COUNTRIES = [undefined, "DE", "PT", "FI", "CY", "IE"] as const;
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2034, 11, 31) });

describe("obligation properties", () => {
  test("property: no deadline lies before its start, nor before awareness", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 200 * H }),
        fc.option(fc.integer({ min: 0, max: 120 * 24 * H }), { nil: undefined }),
        fc.constantFrom(...ZONES_COUNTRIES),
        fc.boolean(),
        fc.constantFrom("serious_incident", "death_or_serious_deterioration", "public_health_threat"),
        (aware, notifiedAfter, handledAfter, country, ongoing, category) => {
          const r = clocks({
            awareAt: new Date(aware).toISOString(),
            significance: "significant",
            country,
            ongoing: handledAfter === undefined && ongoing,
            handledAt: handledAfter === undefined ? undefined : new Date(aware + handledAfter).toISOString(),
            impactEndedAt: new Date(aware + notifiedAfter).toISOString(),
            device: { regulation: "mdr", category },
            personalDataBreach: { highRisk: true },
            submissions: [
              { obligationId: "nis2.incident_notification", submittedAt: new Date(aware + notifiedAfter).toISOString() },
              ...(country === "PT" && nationalStatus(records.get("PT")!, new Date(aware).toISOString().slice(0, 10)).status === "in_force"
                ? [{ obligationId: "nis2.pt.end_of_impact_notice", submittedAt: new Date(aware + notifiedAfter + H).toISOString() }]
                : []),
            ],
            now: new Date(aware + 10 * H).toISOString(),
          });
          for (const o of r.obligations) {
            if (o.dueAt === undefined) {
              check(o.waitingFor !== undefined || o.noFixedDeadline === true, `${o.id} has neither dueAt nor waitingFor`);
              continue;
            }
            const due = Date.parse(o.dueAt);
            check(due > aware, `${o.id} due ${o.dueAt} is not after awareness`);
            if (o.startsAt) check(due > Date.parse(o.startsAt), `${o.id} due ${o.dueAt} is not after its start ${o.startsAt}`);
            check(o.rule.length > 10 && o.basis.length > 5, `${o.id} lacks rule or basis`);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT);

  test("property: DST-invariance: hour- and day-based deadlines are the same elapsed time in every zone", () => {
    const nominal: Record<string, number> = {
      "nis2.early_warning": 24 * H,
      "nis2.incident_notification": 72 * H,
      "mdr.serious_incident_report": 15 * 24 * H,
      "gdpr.supervisory_authority_notification": 72 * H,
    };
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES_COUNTRIES), fc.integer({ min: -48 * H, max: 48 * H }), (aware, country, shift) => {
        const run = (a: number) =>
          clocks({
            awareAt: new Date(a).toISOString(),
            significance: "significant",
            country,
            device: { regulation: "mdr", category: "serious_incident" },
            personalDataBreach: {},
            now: new Date(a).toISOString(),
          });
        const first = run(aware);
        const shifted = run(aware + shift);
        for (const [id, span] of Object.entries(nominal)) {
          const due = Date.parse(byId(first, id).dueAt as string);
          check(due - aware === span, `${id}: ${due - aware} ms after awareness instead of ${span}`);
          // Moving awareness by any amount (e.g. across a switch) moves the deadline by exactly that amount.
          const moved = Date.parse(byId(shifted, id).dueAt as string) - due;
          check(moved === shift, `${id}: shifting awareness by ${shift} ms moved the deadline by ${moved} ms`);
        }
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT);
});
