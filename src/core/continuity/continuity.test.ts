import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkPlan, nextVersion, openFollowUps, planReviewDue, type PlanFacts, restoreOutcome, rpoMet } from ".";

const runs = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);

const plan: PlanFacts = { kind: "bc_dr", rtoMinutes: 240, rpoMinutes: 60, owner: "Head of IT", procedures: "1. Declare the disaster. 2. Restore from the immutable backup.", stakeholders: [] };

describe("plans", () => {
  test("an approved continuity plan states RTO, RPO, owner and procedures", () => {
    expect(checkPlan(plan, true)).toEqual([]);
    expect(checkPlan({ ...plan, rtoMinutes: null, rpoMinutes: null, owner: " ", procedures: "" }, true).map((p) => p.path)).toEqual([
      "rtoMinutes",
      "rpoMinutes",
      "owner",
      "procedures",
    ]);
    expect(checkPlan({ ...plan, rtoMinutes: null, owner: null, procedures: "" }, false)).toEqual([]);
    expect(checkPlan({ ...plan, rtoMinutes: 0 }, false)).toEqual([{ path: "rtoMinutes", message: "must be a positive number of minutes" }]);
  });

  test("a crisis communication plan names authorities, customers, patients, the notified body and the media", () => {
    const crisis: PlanFacts = { ...plan, kind: "crisis_communication", rtoMinutes: null, rpoMinutes: null, stakeholders: [{ kind: "authority", name: "BSI", contact: "portal", when: "24 h" }] };
    expect(checkPlan(crisis, true)).toEqual([{ path: "stakeholders", message: "name how to reach: customers, patients, notified_body, media" }]);
  });

  test("versions step minor for drafts and major for approvals; reviews fall due after the interval", () => {
    expect(nextVersion(null, false)).toBe("0.1");
    expect(nextVersion("0.3", true)).toBe("1.0");
    expect(nextVersion("1.0", false)).toBe("1.1");
    expect(nextVersion("1.4", true)).toBe("2.0");
    expect(planReviewDue("2025-02-28", 12)).toBe("2026-02-28");
    expect(planReviewDue("2024-02-29", 12)).toBe("2025-02-28");
    expect(planReviewDue(null, 12)).toBeNull();
  });

  test("follow-ups: open and overdue counts", () => {
    expect(
      openFollowUps(
        [
          { title: "a", owner: null, dueDate: "2026-11-01", done: false },
          { title: "b", owner: null, dueDate: "2026-12-01", done: false },
          { title: "c", owner: null, dueDate: "2026-01-01", done: true },
        ],
        "2026-11-23",
      ),
    ).toEqual({ open: 2, overdue: 1 });
  });
});

describe("restore tests", () => {
  test("met within the RTO, missed above it or when partial, failed when the restore failed", () => {
    expect(restoreOutcome({ result: "success", minutesToRestore: 240, rtoMinutes: 240 })).toBe("met");
    expect(restoreOutcome({ result: "success", minutesToRestore: 241, rtoMinutes: 240 })).toBe("missed");
    expect(restoreOutcome({ result: "partial", minutesToRestore: 10, rtoMinutes: 240 })).toBe("missed");
    expect(restoreOutcome({ result: "failed", minutesToRestore: null, rtoMinutes: 240 })).toBe("failed");
    expect(restoreOutcome({ result: "success", minutesToRestore: null, rtoMinutes: 240 })).toBe("missed");
    expect(restoreOutcome({ result: "success", minutesToRestore: 900, rtoMinutes: null })).toBe("met");
    expect(rpoMet(30, 60)).toBe(true);
    expect(rpoMet(90, 60)).toBe(false);
    expect(rpoMet(null, 60)).toBeNull();
  });

  test("property: a successful restore meets the RTO exactly when it took no longer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (took, rto) => {
        expect(restoreOutcome({ result: "success", minutesToRestore: took, rtoMinutes: rto }) === "met").toBe(took <= rto);
      }),
      { numRuns: runs },
    );
  });
});
