import { describe, expect, it } from "vitest";
import { hrefOf, link, meanDaysToRemediate, obligation, percent, quarterOf, sortObligations, trendSeries } from "./index";

const now = new Date("2026-11-23T12:00:00Z");

describe("dashboard core", () => {
  it("writes a link with its query in a stable order", () => {
    expect(hrefOf(link("/vulnerabilities", { priority: "critical", kev: "true" }))).toBe("/vulnerabilities?kev=true&priority=critical");
    expect(hrefOf(link("/risks"))).toBe("/risks");
  });

  it("reads a calendar day as due at its end and computes days left", () => {
    const today = obligation("policy_review", "p", "2026-11-23", now, link("/x"));
    expect(today.overdue).toBe(false);
    const yesterday = obligation("policy_review", "p", "2026-11-22", now, link("/x"));
    expect(yesterday.overdue).toBe(true);
    expect(yesterday.daysLeft).toBe(-1);
    const instant = obligation("incident_report", "i", "2026-11-24T12:00:00Z", now, link("/x"));
    expect(instant.daysLeft).toBe(1);
  });

  it("sorts the most overdue first", () => {
    const items = [
      obligation("training", "b", "2026-12-01", now, link("/x")),
      obligation("incident_report", "a", "2026-11-20T00:00:00Z", now, link("/x")),
      obligation("risk_action", "c", "2026-11-24", now, link("/x")),
    ];
    expect(sortObligations(items).map((i) => i.title)).toEqual(["a", "c", "b"]);
  });

  it("finds the quarter of a day", () => {
    expect(quarterOf(now)).toEqual({ from: "2026-10-01", to: "2027-01-01", label: "Q4 2026" });
    expect(quarterOf(new Date("2026-02-10T00:00:00Z")).from).toBe("2026-01-01");
  });

  it("groups snapshots into sorted series and computes percentages and remediation time", () => {
    const s = trendSeries([
      { day: "2026-11-23", metric: "overdue_findings", value: 3 },
      { day: "2026-11-22", metric: "overdue_findings", value: 5 },
      { day: "2026-11-22", metric: "unknown", value: 1 },
    ]);
    expect(s.find((x) => x.metric === "overdue_findings")?.points).toEqual([
      { day: "2026-11-22", value: 5 },
      { day: "2026-11-23", value: 3 },
    ]);
    expect(s.some((x) => (x.metric as string) === "unknown")).toBe(false);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBe(0);
    expect(meanDaysToRemediate([{ firstSeenAt: new Date("2026-11-01T00:00:00Z"), resolvedAt: new Date("2026-11-11T00:00:00Z") }])).toBe(10);
    expect(meanDaysToRemediate([])).toBeNull();
  });
});
