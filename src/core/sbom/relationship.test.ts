import { expect, test } from "vitest";
import { parseSbom } from "./parse";
import { dependencyRelationship } from "./relationship";

const bom = (dependencies?: unknown[]) =>
  JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    metadata: { component: { type: "firmware", name: "pump-firmware", version: "3.1.0", "bom-ref": "root" } },
    components: [
      { type: "library", "bom-ref": "a", name: "a", version: "1" },
      { type: "library", "bom-ref": "b", name: "b", version: "1" },
    ],
    ...(dependencies ? { dependencies } : {}),
  });

function relationships(content: string) {
  const parsed = parseSbom({ fileName: "bom.cdx.json", content });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.sbom.components.map((c) => [c.name, dependencyRelationship(c)]);
}

// Regression: every component of an SBOM without a dependency graph was shown as transitive.
test("components of an SBOM that states no dependency graph have an unknown relationship, never transitive", () => {
  expect(relationships(bom())).toEqual([
    ["a", "unknown"],
    ["b", "unknown"],
  ]);
});

test("with a graph, direct and transitive come from it", () => {
  expect(relationships(bom([{ ref: "root", dependsOn: ["a"] }, { ref: "a", dependsOn: ["b"] }]))).toEqual([
    ["a", "direct"],
    ["b", "transitive"],
  ]);
});
