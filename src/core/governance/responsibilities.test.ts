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
  test("a role law requires (NIS2 Art. 20) nobody holds is a high gap citing its basis; an optional one is not a gap", () => {
    const holders = allHeld.filter((h) => h.responsibilityKey !== "management_body" && h.responsibilityKey !== "dpo");
    const gaps = governanceGaps(holders, full).filter((g) => g.kind === "mandatory_role_unassigned");
    expect(gaps).toEqual([
      expect.objectContaining({ severity: "high", responsibilityKey: "management_body", basis: ["nis2:art20.1", "nis2:art20.2"] }),
    ]);
    expect(gaps[0].message).toMatch(/\(required by law\)$/);
  });
  test("a missing CISO is no legal gap for a device manufacturer: Reg. 2024/2690 does not bind it and ISO/IEC 27001 is not law", () => {
    const ciso = RESPONSIBILITIES.find((r) => r.key === "ciso")!;
    expect(ciso).toMatchObject({ mandatory: false, obligation: "good_practice" });
    expect(ciso.rationale).toMatch(/Art\. 20\(1\).*management body/);
    expect(ciso.rationale).toMatch(/2024\/2690.*not manufacturers/);
    const holders = allHeld.filter((h) => h.responsibilityKey !== "ciso");
    expect(governanceGaps(holders, full)).toEqual([]);
  });
  test("a role a standard asks for is a medium gap that says it is not law", () => {
    const holders = allHeld.filter((h) => h.responsibilityKey !== "product_security_owner");
    const gaps = governanceGaps(holders, full).filter((g) => g.kind === "mandatory_role_unassigned");
    expect(gaps).toEqual([expect.objectContaining({ severity: "medium", responsibilityKey: "product_security_owner" })]);
    expect(gaps[0].message).toMatch(/not by law/);
  });
  test("only roles NIS2 itself requires are graded as law", () => {
    const law = RESPONSIBILITIES.filter((r) => r.obligation === "law");
    expect(law.map((r) => r.key)).toEqual(["management_body"]);
    for (const r of law) expect(r.basis.every((b) => b.startsWith("nis2:"))).toBe(true);
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
