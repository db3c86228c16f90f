import { describe, expect, it } from "vitest";
import { groupRepeated, isLegalClock, link, obligation } from "./index";

const now = new Date("2026-12-06T12:00:00Z");
const supplier = (name: string, due: string) => obligation("supplier_reassessment", `Re-assess supplier ${name}`, due, now, link(`/suppliers/${name}`));
const report = (ref: string, due: string) => obligation("incident_report", `${ref}: early warning to CSIRT`, due, now, link(`/incidents/${ref}`));

describe("dashboard grouping", () => {
  it("counts hours left on a reporting clock, negative once overdue", () => {
    expect(report("INC-1", "2026-12-07T06:30:00Z").hoursLeft).toBe(18);
    expect(report("INC-1", "2026-12-06T11:30:00Z")).toMatchObject({ overdue: true, hoursLeft: -1 });
  });

  it("folds six supplier reminders into one row linked to that kind, and keeps each legal clock on its own", () => {
    const items = [
      ...["a", "b", "c", "d", "e", "f"].map((n, i) => supplier(n, i < 2 ? "2026-12-01" : "2026-12-20")),
      report("INC-1", "2026-12-07T06:00:00Z"),
      report("INC-2", "2026-12-06T20:00:00Z"),
      report("INC-3", "2026-12-09T20:00:00Z"),
      obligation("policy_review", "Review policy \"Access\"", "2026-12-10", now, link("/governance/policies/p")),
    ];
    const rows = groupRepeated(items);
    expect(rows.map((r) => [r.title, r.count])).toEqual([
      ["6 suppliers to re-assess (2 overdue)", 6],
      ["INC-2: early warning to CSIRT", 1],
      ["INC-1: early warning to CSIRT", 1],
      ["INC-3: early warning to CSIRT", 1],
      ['Review policy "Access"', 1],
    ]);
    expect(rows[0]).toMatchObject({ dueAt: "2026-12-01", overdue: true, link: { route: "/obligations", query: { kind: "supplier_reassessment" } } });
    expect(rows.filter(isLegalClock)).toHaveLength(3);
  });

  it("leaves fewer than three of a kind as they are", () => {
    const rows = groupRepeated([supplier("a", "2026-12-20"), supplier("b", "2026-12-21")]);
    expect(rows.map((r) => r.title)).toEqual(["Re-assess supplier a", "Re-assess supplier b"]);
  });

  it("folds thousands of reminders given in any order into rows ordered by the earliest due of each kind", () => {
    const days = (n: number) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString().slice(0, 10);
    const items = [
      ...Array.from({ length: 3000 }, (_, i) => obligation("finding_remediation", `Finding ${i}`, days(5 + ((i * 7) % 40)), now, link("/vulnerabilities"))),
      ...Array.from({ length: 500 }, (_, i) => supplier(String(i), days(3 + (i % 40)))),
      report("INC-1", "2026-11-02T06:00:00Z"),
    ].reverse();
    const rows = groupRepeated(items);
    expect(rows.map((r) => [r.kind, r.count, r.dueAt])).toEqual([
      ["incident_report", 1, "2026-11-02T06:00:00Z"],
      ["supplier_reassessment", 500, "2026-11-04"],
      ["finding_remediation", 3000, "2026-11-06"],
    ]);
    expect(rows[1].title).toBe(`500 suppliers to re-assess (${items.filter((o) => o.kind === "supplier_reassessment" && o.overdue).length} overdue)`);
  });
});
