import { describe, expect, test } from "vitest";
import { buildCatalog } from "../catalog";
import { type ControlState, deriveRequirements } from "./derive";
import { checkControlLibrary } from "./library";
import { buildFrameworkModels, frameworkCoverage } from "./model";
import { compareSnapshots, type SnapshotContent } from "./snapshots";
import { buildSoaRows } from "./soa";

const catalog = buildCatalog([
  {
    file: "iso.yaml",
    content: {
      version: 1,
      lastReviewed: "2026-11-23",
      framework: { id: "iso27001", name: "ISO", document: "ISO", licence: "titles", reuse: "ids-and-titles-only" },
      items: [
        { id: "iso27001:5", kind: "clause", title: "Leadership", source: { ref: "5" }, confidence: "V2" },
        { id: "iso27001:5.2", kind: "clause", title: "Policy", parent: "iso27001:5", source: { ref: "5.2" }, confidence: "V2" },
        { id: "iso27001:A.5", kind: "theme", title: "Organizational controls", source: { ref: "A.5" }, confidence: "V2" },
        { id: "iso27001:A.5.1", kind: "control", title: "Policies", parent: "iso27001:A.5", source: { ref: "A.5.1" }, confidence: "V2" },
        { id: "iso27001:A.5.2", kind: "control", title: "Roles", parent: "iso27001:A.5", source: { ref: "A.5.2" }, confidence: "V2" },
        { id: "iso27001:A.5.3", kind: "control", title: "Segregation", parent: "iso27001:A.5", source: { ref: "A.5.3" }, confidence: "V2" },
      ],
    },
  },
]);

const libraryData = {
  version: 3,
  lastReviewed: "2026-11-23",
  library: { id: "t", name: "T" },
  mappingDefaults: { source: "vigil-analysis", confidence: "V3" },
  frameworks: [{ id: "iso27001", roots: ["iso27001:5", "iso27001:A.5"] }],
  controls: [
    { id: "GOV-01", domain: "g", title: "Policy", description: "d", mappings: [{ to: "iso27001:A.5.1", relationship: "equal", strength: "high" }, { to: "iso27001:5.2", relationship: "equal", strength: "high" }] },
    { id: "GOV-02", domain: "g", title: "Roles", description: "d", mappings: [{ to: "iso27001:A.5.2", relationship: "subset", strength: "high" }] },
    { id: "GOV-03", domain: "g", title: "SoD", description: "d", mappings: [{ to: "iso27001:A.5.3", relationship: "equal", strength: "high" }] },
  ],
};

describe("control library check", () => {
  test("resolves defaults and scopes", () => {
    const { library, problems } = checkControlLibrary(libraryData, catalog);
    expect(problems).toEqual([]);
    expect(library!.scopes[0].requirements).toEqual(["iso27001:5.2", "iso27001:A.5.1", "iso27001:A.5.2", "iso27001:A.5.3"]);
    expect(library!.controls[0].mappings[0]).toMatchObject({ source: "vigil-analysis", confidence: "V3" });
  });
  test("names unknown targets, out-of-scope targets, duplicates and unsupported ENISA sources", () => {
    const bad = structuredClone(libraryData);
    bad.controls[0].mappings.push({ to: "iso27001:A.9.9", relationship: "equal", strength: "high" });
    bad.controls[1].mappings.push({ to: "iso27001:5", relationship: "equal", strength: "high" });
    bad.controls[2].id = "GOV-01";
    (bad.controls[1].mappings[0] as Record<string, string>).source = "enisa";
    const reasons = checkControlLibrary(bad, catalog).problems.map((p) => p.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        "GOV-01: the catalog has no requirement iso27001:A.9.9",
        "GOV-02: iso27001:5 is outside every framework's assessment scope",
        "duplicate control id GOV-01",
        expect.stringMatching(/^GOV-02: source enisa/),
      ]),
    );
  });
});

describe("coverage model, SoA and snapshots", () => {
  const { library } = checkControlLibrary(libraryData, catalog);
  const states = (overrides: Record<string, Partial<ControlState>>): ControlState[] =>
    library!.controls.map((c) => ({ id: c.id, title: c.title, applicable: true, status: "implemented", needsReview: false, ...overrides[c.id] }));
  const links = library!.controls.flatMap((c) => c.mappings.map((m) => ({ control: c.id, requirement: m.to, relationship: m.relationship, strength: m.strength, source: m.source, origin: "library" as const })));
  const derive = (s: ControlState[]) => deriveRequirements({ requirements: library!.scopes[0].requirements, controls: s, links });

  test("coverage per framework and per clause/theme", () => {
    const [model] = buildFrameworkModels(catalog, library!);
    const cov = frameworkCoverage(model, derive(states({})));
    expect(cov).toMatchObject({ id: "iso27001", total: 4, met: 3, partial: 1, percent: 87.5 });
    expect(cov.groups.map((g) => [g.id, g.percent])).toEqual([
      ["iso27001:5", 100],
      ["iso27001:A.5", 83.3],
    ]);
  });

  test("SoA: one row per Annex A control; excluded with the control's justification", () => {
    const s = states({ "GOV-03": { applicable: false } });
    const controls = new Map(s.map((c) => [c.id, { ...c, justification: c.id === "GOV-03" ? "Two-person company: no separation possible; compensated by external review." : null }]));
    const rows = buildSoaRows(catalog, derive(s), controls);
    expect(rows.map((r) => r.control)).toEqual(["A.5.1", "A.5.2", "A.5.3"]);
    expect(rows[0]).toMatchObject({ applicable: true, implemented: "yes", theme: "Organizational controls" });
    expect(rows[1]).toMatchObject({ implemented: "partly", controls: [{ id: "GOV-02", relationship: "subset" }] });
    expect(rows[2]).toMatchObject({ applicable: false, implemented: "not applicable", justification: expect.stringMatching(/^Two-person company/) });
  });

  test("snapshot comparison lists improved, regressed and rescoped requirements and controls", () => {
    const snap = (s: ControlState[], percent: number): SnapshotContent => ({
      libraryVersion: 3,
      catalogVersion: "c",
      controls: s.map((c) => ({ id: c.id, title: c.title, status: c.status, applicable: c.applicable, needsReview: c.needsReview, maturity: 2 })),
      requirements: Object.fromEntries([...derive(s)].map(([id, d]) => [id, d.status])),
      frameworks: [{ id: "iso27001", name: "ISO", percent, met: 0, partial: 0, total: 4 }],
    });
    const before = snap(states({ "GOV-01": { status: "planned" }, "GOV-02": { status: "implemented" } }), 40);
    const after = snap(states({ "GOV-01": { status: "implemented" }, "GOV-02": { status: "not_started" }, "GOV-03": { applicable: false } }), 55.5);
    const cmp = compareSnapshots(before, after);
    expect(cmp.frameworks).toEqual([{ id: "iso27001", name: "ISO", from: 40, to: 55.5, delta: 15.5 }]);
    expect(cmp.improved.map((c) => c.requirement)).toEqual(["iso27001:5.2", "iso27001:A.5.1"]);
    expect(cmp.regressed).toEqual([{ requirement: "iso27001:A.5.2", from: "partial", to: "not_met" }]);
    expect(cmp.rescoped).toEqual([{ requirement: "iso27001:A.5.3", from: "met", to: "not_applicable" }]);
    expect(cmp.controls.map((c) => [c.id, c.direction])).toEqual([
      ["GOV-01", "improved"],
      ["GOV-02", "regressed"],
      ["GOV-03", "changed"],
    ]);
  });
});
