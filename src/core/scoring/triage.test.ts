import { expect, test } from "vitest";
import { triageFinding } from "./triage";

test("a KEV-listed flaw in an internet-reachable class C pump: critical, 15 days, 524B out of cycle", () => {
  const r = triageFinding({
    cvss: { v31: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N" }, // 6.5
    kev: { listed: true, dueDate: "2026-02-20" },
    safetyClass: "C",
    exposure: "internet_reachable",
    knownSince: "2026-02-01",
    usMarket: true,
    cyberDevice: true,
  });
  if (!r.ok) throw new Error(r.error);
  expect(r.assessment.priority).toBe("critical");
  expect(r.assessment.score).toBe(11);
  expect(r.plan.remediateBy).toBe("2026-02-16");
  expect(r.plan.deadlines.map((d) => d.id)).toEqual(["sla", "kev", "fdca_524b_update"]);
  expect(r.plan.deadlines[2].cadence).toBe("out_of_cycle_as_soon_as_possible");
});

test("a not-affected finding has no deadlines; a bad date is an error", () => {
  const na = triageFinding({ cvss: { v31: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }, vexStatus: "not_affected", knownSince: "2026-02-01" });
  expect(na.ok && [na.assessment.priority, na.plan.deadlines.length]).toEqual(["none", 0]);
  expect(triageFinding({ knownSince: "soon" })).toEqual({ ok: false, error: 'knownSince "soon" is not an ISO 8601 date' });
});
