import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { templateRefs } from "../../src/core/suppliers";
import { loadCatalog } from "../../src/server/catalog/load";
import { loadTemplateFiles } from "../../src/server/suppliers/templates";

test("the default MDM supplier questionnaire is valid, versioned and cites only catalog items that exist", async () => {
  const templates = loadTemplateFiles();
  const mdm = templates.find((t) => t.id === "mdm-supplier-security");
  expect(mdm?.version).toMatch(/^\d+\.\d+/);
  const catalog = await loadCatalog();
  const refs = templateRefs(mdm!);
  for (const id of ["nis2:art21.3", "iso27001:A.5.19", "iso27001:A.5.20", "iso27001:A.5.21", "iso27001:A.5.22", "iso27001:A.5.23"]) expect(refs).toContain(id);
  expect(refs.filter((r) => !catalog.items.has(r))).toEqual([]);
  // every scored section has a scored question
  for (const s of mdm!.sections) expect(s.questions.some((q) => q.kind !== "text" && q.weight > 0)).toBe(true);
});

test("a broken template file is named with its problem", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-q-"));
  writeFileSync(path.join(dir, "bad.yaml"), "id: x\nversion: one\ntitle: X\nsections: []\n");
  expect(() => loadTemplateFiles(dir)).toThrow(/bad\.yaml: version/);
});
