import { expect, test } from "vitest";
import { ACTIVITIES, RESPONSIBILITIES } from "../../src/core/governance";
import { loadCatalog } from "../../src/server/catalog/load";
import { policyTemplates } from "../../src/server/governance/templates";

test("every policy template parses and cites only catalog items that exist", async () => {
  const [catalog, templates] = await Promise.all([loadCatalog(), policyTemplates()]);
  expect(templates.map((t) => t.key).sort()).toEqual([
    "acceptable-use",
    "access-control",
    "backup-business-continuity",
    "cryptography",
    "human-resources-security",
    "incident-response",
    "information-security",
    "secure-development",
    "supplier-security",
    "vulnerability-handling",
  ]);
  const unknown = templates.flatMap((t) => t.requirements.filter((id) => !catalog.items.has(id)).map((id) => `${t.key}: ${id}`));
  expect(unknown).toEqual([]);
  for (const t of templates) expect(t.content, t.key).toMatch(/^# /);
});

test("the basis of every responsibility and activity is in the catalog", async () => {
  const catalog = await loadCatalog();
  const cited = [...RESPONSIBILITIES.flatMap((r) => r.basis), ...ACTIVITIES.flatMap((a) => a.basis)];
  expect(cited.filter((id) => !catalog.items.has(id))).toEqual([]);
});
