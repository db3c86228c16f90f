import { describe, expect, test } from "vitest";
import { acknowledgementRate, approvalRefusal, canMove, daysUntil, nextReviewDate, parsePolicyTemplate, reviewState, TemplateError } from "./policies";

describe("policy workflow", () => {
  test("versions move draft → in review → approved → retired, and back to draft only from review", () => {
    expect(canMove("draft", "in_review")).toBe(true);
    expect(canMove("in_review", "approved")).toBe(true);
    expect(canMove("in_review", "draft")).toBe(true);
    expect(canMove("approved", "retired")).toBe(true);
    expect(canMove("draft", "approved")).toBe(false);
    expect(canMove("approved", "draft")).toBe(false);
    expect(canMove("retired", "approved")).toBe(false);
  });
});

describe("review scheduling", () => {
  test("the next review is the interval after approval, end of month clamped", () => {
    expect(nextReviewDate(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(nextReviewDate(new Date("2026-11-23T09:00:00Z"), 12).toISOString()).toBe("2027-11-23T09:00:00.000Z");
    expect(nextReviewDate(new Date("2028-02-29T00:00:00Z"), 12).toISOString()).toBe("2029-02-28T00:00:00.000Z");
  });
  test("review state: not approved, ok, due within 30 days, overdue from the due instant on", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    expect(reviewState(null, now)).toBe("not_approved");
    expect(reviewState(new Date("2027-06-01T00:00:00Z"), now)).toBe("ok");
    expect(reviewState(new Date("2026-12-20T00:00:00Z"), now)).toBe("due_soon");
    expect(reviewState(now, now)).toBe("overdue");
    expect(reviewState(new Date("2026-10-01T00:00:00Z"), now)).toBe("overdue");
    expect(daysUntil(new Date("2026-10-24T12:00:00Z"), now)).toBe(-30);
  });
});

describe("acknowledgement rate", () => {
  test("counts each expected person once and ignores people outside the audience", () => {
    expect(acknowledgementRate(["a", "b", "c", "d"], ["a", "a", "c", "x"])).toEqual({ acknowledged: 2, expected: 4, rate: 0.5 });
    expect(acknowledgementRate([], ["a"])).toEqual({ acknowledged: 0, expected: 0, rate: 0 });
  });
});

describe("policy templates", () => {
  test("front matter gives title, review interval and requirements; the body is the Markdown", () => {
    const t = parsePolicyTemplate("x", "---\ntitle: Access control\nsummary: Who may access what\nreviewMonths: 12\nrequirements: [nis2:art21.2.i]\n---\n# Access\n\nText\n");
    expect(t).toMatchObject({ key: "x", title: "Access control", reviewMonths: 12, requirements: ["nis2:art21.2.i"], content: "# Access\n\nText\n" });
  });
  test("a template without front matter or requirements is refused with its name", () => {
    expect(() => parsePolicyTemplate("bad", "# no front matter")).toThrow(TemplateError);
    expect(() => parsePolicyTemplate("bad", "---\ntitle: T\nsummary: S\nreviewMonths: 12\nrequirements: []\n---\nx")).toThrow(/bad: requirements/);
  });
});

describe("four-eyes approval", () => {
  test("the submitter is refused only while the rule is on; someone else is not; an id-less version compares e-mail", () => {
    const me = { userId: "u1", email: "me@example.com" };
    const other = { userId: "u2", email: "other@example.com" };
    expect(approvalRefusal({ submittedById: "u1", submittedBy: "me@example.com" }, me, true)).toMatch(/four-eyes/);
    expect(approvalRefusal({ submittedById: "u1", submittedBy: "me@example.com" }, other, true)).toBeNull();
    expect(approvalRefusal({ submittedById: "u1", submittedBy: "me@example.com" }, me, false)).toBeNull();
    expect(approvalRefusal({ submittedById: null, submittedBy: "me@example.com" }, me, true)).toMatch(/four-eyes/);
    expect(approvalRefusal({ submittedById: null, submittedBy: null }, me, true)).toBeNull();
  });
});
