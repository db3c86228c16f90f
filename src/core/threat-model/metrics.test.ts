import { describe, expect, it } from "vitest";
import { lifecycleMetrics, quarterOf, weightedMedian } from "./metrics";

describe("weightedMedian", () => {
  it.each([
    { values: [], median: null },
    { values: [{ value: 5, weight: 1 }], median: 5 },
    { values: [{ value: 1, weight: 1 }, { value: 9, weight: 1 }], median: 5 },
    { values: [{ value: 10, weight: 3 }, { value: 1, weight: 1 }], median: 10 },
    { values: [{ value: 2, weight: 2 }, { value: 4, weight: 2 }], median: 3 },
    { values: [{ value: 7, weight: 0 }], median: null },
  ])("$values → $median", ({ values, median }) => expect(weightedMedian(values)).toBe(median));
});

describe("lifecycleMetrics", () => {
  it.each([
    { iso: "2026-01-01", q: "2026-Q1" },
    { iso: "2026-03-31T23:00:00Z", q: "2026-Q1" },
    { iso: "2026-04-01", q: "2026-Q2" },
    { iso: "2026-12-31", q: "2026-Q4" },
  ])("quarter of $iso is $q", ({ iso, q }) => expect(quarterOf(iso)).toBe(q));

  it("computes the share on time, median time to patch and time to reach the installed base per quarter", () => {
    const rows = lifecycleMetrics(
      [
        { firstSeenAt: "2026-01-05T10:00:00Z", dueAt: "2026-02-04", remediatedAt: "2026-02-01T09:00:00Z" }, // on time, 27 days
        { firstSeenAt: "2026-01-10T10:00:00Z", dueAt: "2026-02-09", remediatedAt: "2026-02-20T09:00:00Z" }, // late, 41 days
        { firstSeenAt: "2026-02-01T10:00:00Z", dueAt: "2026-03-03", remediatedAt: null }, // open, past due
        { firstSeenAt: "2026-02-01T10:00:00Z", dueAt: "2026-05-01", remediatedAt: "2026-05-01T23:59:00Z" }, // on time on the day, 89 days
        { firstSeenAt: "2026-03-01T00:00:00Z", dueAt: null, remediatedAt: null }, // no deadline: not counted
      ],
      [
        { releaseDate: "2026-02-15", installations: [{ since: "2026-02-25", units: 3 }, { since: "2026-03-17", units: 1 }, { since: "2025-12-01", units: 50 }, { since: null, units: 9 }] },
        { releaseDate: null, installations: [{ since: "2026-01-01", units: 4 }] },
      ],
    );
    expect(rows).toEqual([
      { period: "2026-Q1", findingsDue: 3, remediatedOnTime: 1, shareOnTime: 1 / 3, remediated: 2, medianDaysToPatch: 34, releases: 1, unitsUpdated: 4, medianDaysToInstalledBase: 10 },
      { period: "2026-Q2", findingsDue: 1, remediatedOnTime: 1, shareOnTime: 1, remediated: 1, medianDaysToPatch: 89, releases: 0, unitsUpdated: 0, medianDaysToInstalledBase: null },
    ]);
  });

  it("is empty without data", () => expect(lifecycleMetrics([], [])).toEqual([]));
});
