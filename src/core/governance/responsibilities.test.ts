import { describe, expect, test } from "vitest";
import { ACTIVITIES, checkRaciCells, governanceGaps, type RaciCell, RESPONSIBILITIES, validateRaci } from "./responsibilities";

const full: RaciCell[] = ACTIVITIES.flatMap((a) => [
  { activityKey: a.key, responsibilityKey: "management_body", letter: "A" as const },
  { activityKey: a.key, responsibilityKey: "ciso", letter: "R" as const },
]);
const allHeld = RESPONSIBILITIES.map((r) => ({ responsibilityKey: r.key, userId: `u-${r.key}` }));

describe("RACI validation", () => {
  test("a matrix with one A and an R per activity is valid", () => {
    expect(validateRaci(full)).toEqual([]);
  });
  test("two Accountable on one activity are named; a missing A and a missing R are reported per activity", () => {
    const cells: RaciCell[] = [
      ...full.filter((c) => c.activityKey !== "incident_reporting" && c.activityKey !== "training"),
      { activityKey: "incident_reporting", responsibilityKey: "incident_manager", letter: "A" },
      { activityKey: "incident_reporting", responsibilityKey: "ciso", letter: "A" },
      { activityKey: "incident_reporting", responsibilityKey: "psirt_lead", letter: "R" },
      { activityKey: "training", responsibilityKey: "training_coordinator", letter: "C" },
    ];
    const problems = validateRaci(cells);
    expect(problems.map((p) => `${p.activityKey}:${p.code}`).sort()).toEqual([
      "incident_reporting:several_accountable",
      "training:no_accountable",
      "training:no_responsible",
    ]);
    expect(problems.find((p) => p.code === "several_accountable")!.message).toContain("incident_manager, ciso");
  });
  test("unknown keys and duplicate cells are refused", () => {
    expect(
      checkRaciCells([
        { activityKey: "nope", responsibilityKey: "ciso", letter: "R" },
        { activityKey: "training", responsibilityKey: "ciso", letter: "R" },
        { activityKey: "training", responsibilityKey: "ciso", letter: "A" },
      ]),
    ).toEqual(["cells/0/activityKey: unknown activity nope", "cells/2: training × ciso appears twice"]);
  });
});

describe("governance gaps", () => {
  test("none when every role is held and the matrix is valid", () => {
    expect(governanceGaps(allHeld, full)).toEqual([]);
  });
  test("a mandatory role nobody holds is a high gap citing its basis; an optional one is not a gap", () => {
    const holders = allHeld.filter((h) => h.responsibilityKey !== "ciso" && h.responsibilityKey !== "dpo");
    const gaps = governanceGaps(holders, full);
    const high = gaps.filter((g) => g.severity === "high");
    expect(high).toHaveLength(1);
    expect(high[0]).toMatchObject({ kind: "mandatory_role_unassigned", responsibilityKey: "ciso" });
    expect(high[0].basis).toContain("cir2024-2690:annex.1.2.3");
    expect(gaps.some((g) => g.responsibilityKey === "dpo")).toBe(false);
  });
  test("an Accountable role held by no one is flagged on its activity", () => {
    const holders = allHeld.filter((h) => h.responsibilityKey !== "management_body");
    const gaps = governanceGaps(holders, full);
    expect(gaps.filter((g) => g.kind === "raci")).toHaveLength(ACTIVITIES.length);
  });
  test("every mandatory responsibility cites at least one catalog item, good practice says so", () => {
    for (const r of RESPONSIBILITIES) {
      if (r.mandatory) expect(r.basis.length, r.key).toBeGreaterThan(0);
      else expect(r.obligation, r.key).toBe("good_practice");
    }
  });
});
