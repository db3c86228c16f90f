import { describe, expect, test } from "vitest";
import { DEFAULT_SLA, remediationPlan } from "./deadlines";

function plan(input: Parameters<typeof remediationPlan>[0]) {
  const r = remediationPlan(input);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

describe("remediationPlan", () => {
  test("SLA per priority from the date the vulnerability became known", () => {
    expect(plan({ priority: "critical", knownSince: "2026-01-10" }).remediateBy).toBe("2026-01-25");
    expect(plan({ priority: "high", knownSince: "2026-01-10T23:30:00Z" }).remediateBy).toBe("2026-02-09");
    expect(plan({ priority: "medium", knownSince: "2026-01-10" }).remediateBy).toBe("2026-04-10");
    expect(plan({ priority: "low", knownSince: "2026-01-10" }).remediateBy).toBe("2026-07-09");
    expect(plan({ priority: "none", knownSince: "2026-01-10" })).toEqual({ remediateBy: null, deadlines: [] });
  });

  test("KEV caps the SLA at 30 days, or the KEV due date when that is sooner", () => {
    const medium = plan({ priority: "medium", knownSince: "2026-03-01", kev: { listed: true } });
    expect(medium.remediateBy).toBe("2026-03-31");
    expect(medium.deadlines.find((d) => d.id === "kev")?.basis).toMatch(/Known Exploited Vulnerabilities/);
    const due = plan({ priority: "medium", knownSince: "2026-03-01", kev: { listed: true, dueDate: "2026-03-15" } });
    expect(due.remediateBy).toBe("2026-03-15");
    // A due date already past when the issue became known is not used.
    const past = plan({ priority: "medium", knownSince: "2026-03-01", kev: { listed: true, dueDate: "2022-01-01" } });
    expect(past.remediateBy).toBe("2026-03-31");
    // A critical SLA is already shorter than the KEV cap.
    expect(plan({ priority: "critical", knownSince: "2026-03-01", kev: { listed: true } }).remediateBy).toBe(
      "2026-03-16",
    );
  });

  test("FDA postmarket guidance timers for uncontrolled risk on the US market, marked unverified", () => {
    const p = plan({ priority: "low", knownSince: "2026-05-01", usMarket: true, uncontrolledRisk: true });
    const communicate = p.deadlines.find((d) => d.id === "fda_postmarket_communicate");
    const remediate = p.deadlines.find((d) => d.id === "fda_postmarket_remediate");
    expect(communicate).toMatchObject({ dueDate: "2026-05-31", verification: "UNVERIFIED" });
    expect(remediate).toMatchObject({ dueDate: "2026-06-30", verification: "UNVERIFIED" });
    expect(p.remediateBy).toBe("2026-06-30");
    expect(plan({ priority: "low", knownSince: "2026-05-01", uncontrolledRisk: true }).deadlines).toHaveLength(1);
  });

  test("FD&C 524B: out of cycle for uncontrolled or unassessed critical findings, regular cycle otherwise", () => {
    const base = { knownSince: "2026-05-01", usMarket: true, cyberDevice: true } as const;
    const of = (p: ReturnType<typeof plan>) => p.deadlines.find((d) => d.id === "fdca_524b_update");
    expect(of(plan({ ...base, priority: "critical" }))).toMatchObject({
      cadence: "out_of_cycle_as_soon_as_possible",
      dueDate: null,
      verification: "V2",
      basis: expect.stringMatching(/524B\(b\)\(2\)\(B\)/),
    });
    expect(of(plan({ ...base, priority: "critical", uncontrolledRisk: false }))?.cadence).toBe("regular_cycle");
    expect(of(plan({ ...base, priority: "medium", uncontrolledRisk: true }))?.cadence).toBe(
      "out_of_cycle_as_soon_as_possible",
    );
    expect(of(plan({ ...base, priority: "medium" }))?.basis).toMatch(/524B\(b\)\(2\)\(A\)/);
    expect(of(plan({ ...base, priority: "high", cyberDevice: false }))).toBeUndefined();
  });

  test("bad dates are reported", () => {
    expect(remediationPlan({ priority: "high", knownSince: "yesterday" })).toEqual({
      ok: false,
      error: 'knownSince "yesterday" is not an ISO 8601 date',
    });
    expect(remediationPlan({ priority: "high", knownSince: "2026-01-01", kev: { listed: true, dueDate: "31/12/2026" } }))
      .toMatchObject({ ok: false, error: expect.stringMatching(/kev.dueDate/) });
  });

  test("custom SLA", () => {
    const r = remediationPlan(
      { priority: "high", knownSince: "2026-01-01" },
      { ...DEFAULT_SLA, days: { ...DEFAULT_SLA.days, high: 7 } },
    );
    expect(r.ok && r.plan.remediateBy).toBe("2026-01-08");
  });
});
