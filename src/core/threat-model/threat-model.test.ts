import { describe, expect, it } from "vitest";
import { diffModels, inheritanceCycle, parseThreatModel, suggestThreats, type StrideData, type ThreatModel, threatModelSchema } from ".";

const refs = { harmonisedControls: new Set(["MDM-AC-01"]), capabilities: new Set(["authentication"]) };
const base = (): ThreatModel =>
  threatModelSchema.parse({
    elements: [
      { id: "fw", name: "Pump firmware", type: "software_item" },
      { id: "his", name: "Hospital information system", type: "external_system" },
    ],
    flows: [{ id: "f1", from: "his", to: "fw", data: "infusion orders" }],
    boundaries: [{ id: "b1", name: "Device", elementIds: ["fw"] }],
    controls: [{ id: "c1", kind: "device_capability", ref: "authentication", title: "Mutual TLS" }],
    threats: [{ id: "T-1", target: "f1", category: "tampering", title: "Orders altered", exploitability: 3, controlIds: ["c1"] }],
  });

describe("parseThreatModel", () => {
  const cases: Array<{ name: string; change: (m: Record<string, any>) => void; path: string | null; message?: RegExp }> = [
    { name: "a valid model", change: () => {}, path: null },
    { name: "a flow to an unknown element", change: (m) => (m.flows[0].to = "ghost"), path: "/flows/0/to", message: /unknown element "ghost"/ },
    { name: "a flow from an unknown element", change: (m) => (m.flows[0].from = "nope"), path: "/flows/0/from" },
    { name: "a flow from an element to itself", change: (m) => (m.flows[0].from = "fw"), path: "/flows/0/to" },
    { name: "a threat on an unknown target", change: (m) => (m.threats[0].target = "x"), path: "/threats/0/target" },
    { name: "a threat naming an unknown control", change: (m) => (m.threats[0].controlIds = ["c9"]), path: "/threats/0/controlIds/0" },
    { name: "a control with an unknown capability", change: (m) => (m.controls[0].ref = "telepathy"), path: "/controls/0/ref" },
    { name: "a duplicate element id", change: (m) => m.elements.push({ id: "fw", name: "Again", type: "hardware" }), path: "/elements" },
    { name: "a boundary with an unknown element", change: (m) => m.boundaries[0].elementIds.push("zz"), path: "/boundaries/0/elementIds/1" },
    { name: "an unknown element type", change: (m) => (m.elements[0].type = "cloud"), path: "/elements/0/type" },
    { name: "exploitability out of scale", change: (m) => (m.threats[0].exploitability = 9), path: "/threats/0/exploitability" },
    { name: "an unknown field", change: (m) => (m.extra = 1), path: "/" },
  ];
  it.each(cases)("$name", ({ change, path, message }) => {
    const m = structuredClone(base()) as Record<string, any>;
    change(m);
    const r = parseThreatModel(m, refs);
    if (path === null) return expect(r.ok).toBe(true);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.problems.find((p) => p.path === path);
    expect(hit, JSON.stringify(r.problems)).toBeDefined();
    if (message) expect(hit!.message).toMatch(message);
  });

  it("round-trips through JSON unchanged", () => {
    const r = parseThreatModel(JSON.parse(JSON.stringify(base())), refs);
    expect(r.ok && r.model).toEqual(base());
  });
});

describe("diffModels", () => {
  it("names added, removed and changed items", () => {
    const next = structuredClone(base());
    next.elements.push({ id: "app", name: "Clinician app", type: "software_item", description: "", components: [] });
    next.flows = [];
    next.threats[0].exploitability = 4;
    const d = diffModels(base(), next);
    expect(d.elements.added).toEqual(["app"]);
    expect(d.flows.removed).toEqual(["f1"]);
    expect(d.threats.changed).toEqual([{ id: "T-1", fields: ["exploitability"] }]);
    expect(d.unchanged).toBe(false);
    expect(diffModels(base(), base()).unchanged).toBe(true);
  });
});

describe("inheritanceCycle", () => {
  const parents = new Map<string, string | null>([
    ["v3", "v2"],
    ["v2", "v1"],
    ["v1", null],
  ]);
  it.each([
    { version: "v4", from: "v3", cycle: null },
    { version: "v1", from: "v3", cycle: ["v1", "v3", "v2", "v1"] },
    { version: "v2", from: "v2", cycle: ["v2", "v2"] },
  ])("$version inheriting from $from", ({ version, from, cycle }) => {
    expect(inheritanceCycle(version, from, parents)).toEqual(cycle);
  });
});

describe("suggestThreats", () => {
  const data: StrideData = {
    applies: {
      software_item: ["spoofing", "tampering"],
      hardware: [],
      interface: [],
      data_store: [],
      external_system: ["spoofing"],
      data_flow: ["tampering", "information_disclosure"],
    },
    prompts: Object.fromEntries(
      ["spoofing", "tampering", "repudiation", "information_disclosure", "denial_of_service", "elevation_of_privilege"].map((c) => [c, { title: c, question: `${c}?` }]),
    ) as StrideData["prompts"],
  };
  it("suggests per element type and flow, leaving out the threats already taken", () => {
    const ids = suggestThreats(base(), data).map((s) => s.id);
    expect(ids).toEqual(["fw:spoofing", "fw:tampering", "his:spoofing", "f1:information_disclosure"]);
  });
});
