import { describe, expect, test } from "vitest";
import { compose, type ControlLink, type ControlState, coverageOf, deriveRequirements, inverse } from "./derive";

const control = (id: string, status: ControlState["status"], extra: Partial<ControlState> = {}): ControlState => ({
  id,
  title: id,
  applicable: true,
  status,
  needsReview: false,
  ...extra,
});
const link = (c: string, requirement: string, relationship: ControlLink["relationship"]): ControlLink => ({
  control: c,
  requirement,
  relationship,
  strength: "high",
  source: "vigil-analysis",
  origin: "library",
});

describe("relationship algebra", () => {
  test("inverse swaps subset and superset only", () => {
    expect(inverse("subset")).toBe("superset");
    expect(inverse("superset")).toBe("subset");
    expect(inverse("equal")).toBe("equal");
    expect(inverse("intersect")).toBe("intersect");
  });
  test("composition keeps only containment that follows from both steps", () => {
    expect(compose("equal", "subset")).toBe("subset");
    expect(compose("superset", "equal")).toBe("superset");
    expect(compose("superset", "superset")).toBe("superset");
    expect(compose("superset", "subset")).toBe("subset");
    expect(compose("subset", "superset")).toBe("intersect");
    expect(compose("intersect", "equal")).toBe("intersect");
    expect(compose("equal", "not_related")).toBe("not_related");
  });
});

describe("requirement status from mapped controls", () => {
  test("equal and superset carry an implemented control across as met", () => {
    const d = deriveRequirements({
      requirements: ["r:1", "r:2"],
      controls: [control("C-01", "implemented")],
      links: [link("C-01", "r:1", "equal"), link("C-01", "r:2", "superset")],
    });
    expect(d.get("r:1")!.status).toBe("met");
    expect(d.get("r:2")!.status).toBe("met");
    expect(d.get("r:1")!.contributions[0].chain).toEqual([
      { from: "C-01", to: "r:1", relationship: "equal", strength: "high", source: "vigil-analysis" },
    ]);
    expect(d.get("r:1")!.explanation).toContain("C-01 [implemented]");
  });

  test("subset counts as partial at most, even when implemented", () => {
    const d = deriveRequirements({ requirements: ["r:1"], controls: [control("C-01", "implemented")], links: [link("C-01", "r:1", "subset")] });
    expect(d.get("r:1")!.status).toBe("partial");
    expect(d.get("r:1")!.score).toBe(0.5);
    expect(d.get("r:1")!.explanation).toMatch(/subset mapping counts as partial/);
  });

  test("intersect only suggests a link: the requirement stays unmapped", () => {
    const d = deriveRequirements({ requirements: ["r:1"], controls: [control("C-01", "implemented")], links: [link("C-01", "r:1", "intersect")] });
    expect(d.get("r:1")!.status).toBe("unmapped");
    expect(d.get("r:1")!.suggestions.map((s) => s.control)).toEqual(["C-01"]);
    expect(d.get("r:1")!.contributions).toEqual([]);
  });

  test("a confirmed link counts with the relationship the person chose", () => {
    const confirmed: ControlLink = { ...link("C-01", "r:1", "equal"), origin: "confirmed", source: "organisation" };
    const d = deriveRequirements({ requirements: ["r:1"], controls: [control("C-01", "implemented")], links: [link("C-01", "r:1", "intersect"), confirmed] });
    expect(d.get("r:1")!.status).toBe("met");
  });

  test("the best contribution wins; planned controls leave a gap; partial full-mapping gives partial", () => {
    const d = deriveRequirements({
      requirements: ["r:1", "r:2", "r:3"],
      controls: [control("A-01", "planned"), control("B-01", "partial"), control("C-01", "not_started")],
      links: [link("A-01", "r:1", "equal"), link("B-01", "r:1", "equal"), link("A-01", "r:2", "equal"), link("C-01", "r:3", "subset")],
    });
    expect(d.get("r:1")!.status).toBe("partial");
    expect(d.get("r:1")!.contributions[0].control).toBe("B-01");
    expect(d.get("r:2")!.status).toBe("not_met");
    expect(d.get("r:3")!.status).toBe("not_met");
  });

  test("expired evidence: an implemented control counts as partial and flags needs review", () => {
    const d = deriveRequirements({ requirements: ["r:1"], controls: [control("C-01", "implemented", { needsReview: true })], links: [link("C-01", "r:1", "equal")] });
    expect(d.get("r:1")).toMatchObject({ status: "partial", needsReview: true });
  });

  test("a requirement whose every control is excluded is not applicable; one applicable control keeps it in scope", () => {
    const d = deriveRequirements({
      requirements: ["r:1", "r:2"],
      controls: [control("A-01", "implemented", { applicable: false }), control("B-01", "not_applicable"), control("C-01", "planned")],
      links: [link("A-01", "r:1", "equal"), link("B-01", "r:1", "subset"), link("A-01", "r:2", "equal"), link("C-01", "r:2", "subset")],
    });
    expect(d.get("r:1")!.status).toBe("not_applicable");
    expect(d.get("r:2")!.status).toBe("not_met");
  });

  test("one hop through a requirement mapping, with the chain; intersect hops are not followed", () => {
    const d = deriveRequirements({
      requirements: ["x:1", "y:1", "z:1", "w:1"],
      controls: [control("C-01", "implemented")],
      links: [link("C-01", "x:1", "equal")],
      requirementLinks: [
        { from: "y:1", to: "x:1", relationship: "subset", source: "custom" }, // y ⊆ x: x covers y fully
        { from: "x:1", to: "z:1", relationship: "subset", source: "custom" }, // x ⊆ z: partial
        { from: "x:1", to: "w:1", relationship: "intersect", source: "enisa" },
      ],
    });
    expect(d.get("y:1")!.status).toBe("met");
    expect(d.get("y:1")!.contributions[0].chain.map((s) => s.to)).toEqual(["x:1", "y:1"]);
    expect(d.get("y:1")!.contributions[0].chain[1].relationship).toBe("superset");
    expect(d.get("z:1")!.status).toBe("partial");
    expect(d.get("w:1")!.status).toBe("unmapped");
  });

  test("links of unknown controls and not_related links are ignored", () => {
    const d = deriveRequirements({ requirements: ["r:1"], controls: [control("C-01", "implemented")], links: [link("X-99", "r:1", "equal"), link("C-01", "r:1", "not_related")] });
    expect(d.get("r:1")!.status).toBe("unmapped");
  });
});

test("coverage: met counts 1, partial ½, not applicable leaves the denominator", () => {
  const d = deriveRequirements({
    requirements: ["r:1", "r:2", "r:3", "r:4", "r:5"],
    controls: [control("A-01", "implemented"), control("B-01", "partial"), control("N-01", "not_applicable")],
    links: [link("A-01", "r:1", "equal"), link("B-01", "r:2", "equal"), link("N-01", "r:3", "equal"), link("B-01", "r:4", "intersect")],
  });
  expect(coverageOf(d.values())).toEqual({ total: 5, met: 1, partial: 1, notMet: 0, unmapped: 2, notApplicable: 1, needsReview: 0, percent: 37.5 });
  expect(coverageOf([]).percent).toBeNull();
});
