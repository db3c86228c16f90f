import { describe, expect, test } from "vitest";
import { assignees, completionRates, overdueAssignees, type Person } from "./training";

const people: Person[] = [
  { id: "ceo", role: "admin", active: true },
  { id: "cfo", role: "contributor", active: true },
  { id: "eng1", role: "contributor", active: true },
  { id: "eng2", role: "contributor", active: true },
  { id: "gone", role: "contributor", active: false },
  { id: "sec", role: "security_officer", active: true },
];
const holders = [
  { responsibilityKey: "management_body", userId: "ceo" },
  { responsibilityKey: "management_body", userId: "cfo" },
  { responsibilityKey: "management_body", userId: "gone" },
];

describe("training assignment", () => {
  test("users, access roles and responsibility holders expand to active people, each once", () => {
    const list = assignees([{ responsibilityKey: "management_body" }, { userId: "ceo" }, { role: "security_officer" }], people, holders);
    expect(list.map((p) => p.id).sort()).toEqual(["ceo", "cfo", "sec"]);
  });
  test("completion rate per role counts only assigned people", () => {
    const assigned = assignees([{ role: "contributor" }, { userId: "ceo" }], people, holders);
    const rates = completionRates(assigned, [
      { userId: "eng1", completedAt: new Date() },
      { userId: "ceo", completedAt: new Date() },
      { userId: "sec", completedAt: new Date() },
    ]);
    expect(rates.overall).toEqual({ role: "all", assigned: 4, completed: 2, rate: 0.5 });
    expect(rates.byRole).toEqual([
      { role: "admin", assigned: 1, completed: 1, rate: 1 },
      { role: "contributor", assigned: 3, completed: 1, rate: 1 / 3 },
    ]);
  });
  test("overdue only after the due date and only for those who have not completed", () => {
    const assigned = assignees([{ role: "contributor" }], people, holders);
    const done = [{ userId: "eng1", completedAt: new Date("2026-10-01T00:00:00Z") }];
    const due = new Date("2026-11-01T00:00:00Z");
    expect(overdueAssignees(assigned, done, due, new Date("2026-10-15T00:00:00Z"))).toEqual([]);
    expect(overdueAssignees(assigned, done, due, new Date("2026-11-02T00:00:00Z")).map((p) => p.id)).toEqual(["cfo", "eng2"]);
    expect(overdueAssignees(assigned, done, null, new Date("2030-01-01T00:00:00Z"))).toEqual([]);
  });
});
