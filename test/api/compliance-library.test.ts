import { expect, test } from "vitest";
import { ANNEX_A_ID } from "../../src/core/compliance";
import { loadCatalog } from "../../src/server/catalog/load";
import { loadControlLibrary } from "../../src/server/compliance/library";

const catalog = await loadCatalog();
const library = await loadControlLibrary(catalog);
const mapped = new Set(library.controls.flatMap((c) => c.mappings.filter((m) => m.relationship !== "not_related").map((m) => m.to)));

test("the control library is sound against the catalog and sized for the field", () => {
  expect(library.controls.length).toBeGreaterThanOrEqual(60);
  expect(library.controls.length).toBeLessThanOrEqual(125);
  for (const c of library.controls) {
    for (const m of c.mappings) {
      expect(catalog.items.has(m.to), `${c.id} → ${m.to}`).toBe(true);
      expect(["vigil-analysis", "enisa"]).toContain(m.source);
      expect(["low", "medium", "high"]).toContain(m.strength);
    }
  }
});

test("every one of the 93 ISO/IEC 27001 Annex A controls is covered by at least one control (not only suggested)", () => {
  const annexA = catalog.itemsByFramework.get("iso27001")!.filter((i) => ANNEX_A_ID.test(i.id));
  expect(annexA).toHaveLength(93);
  const carried = new Set(library.controls.flatMap((c) => c.mappings.filter((m) => ["equal", "superset", "subset"].includes(m.relationship)).map((m) => m.to)));
  expect(annexA.filter((i) => !carried.has(i.id)).map((i) => i.id)).toEqual([]);
});

test("every requirement in every framework's scope is mapped, and the issue's NIS2 provisions are in scope", () => {
  for (const s of library.scopes) expect(s.requirements.filter((r) => !mapped.has(r)), s.id).toEqual([]);
  const nis2 = library.scopes.find((s) => s.id === "nis2")!.requirements;
  for (const id of ["nis2:art20.1", "nis2:art20.2", "nis2:art21.2.a", "nis2:art21.2.j", "nis2:art21.3", "nis2:art21.4", "nis2:art23.4.a", "nis2:art3.4"]) expect(nis2).toContain(id);
  // Regression: the ENISA registry (Art. 27) counted towards a device maker's NIS2 readiness.
  expect(nis2).not.toContain("nis2:art27");
  expect(library.scopes.map((s) => s.id)).toEqual(["nis2", "iso27001", "mdr", "ivdr", "iec81001-5-1", "imdrf-n60", "fda524b", "cra", "cir2024-2690"]);
});

test("field-specific controls exist and map where they should", () => {
  const to = (id: string) => library.controls.find((c) => c.id === id)!.mappings.map((m) => `${m.to} ${m.relationship}`);
  expect(to("SDL-11")).toContain("fda524b:b.3 subset");
  expect(to("INC-04")).toContain("nis2:art23.4.a equal");
  expect(to("GOV-03")).toContain("nis2:art20.2 subset");
  expect(to("OPS-05")).toContain("iso27001:A.8.13 equal");
  expect(to("INC-09")).toContain("cra:art14.2.c equal");
  expect(to("SDL-11")).toContain("cra:annexI.II.1 subset");
});
