import { describe, expect, test } from "vitest";
import { parseSbom } from "./index";

/** A CycloneDX 1.6 SBOM with n components in a chain-and-fan dependency graph. */
function generate(n: number): string {
  const components = Array.from({ length: n }, (_, i) => ({
    type: "library",
    "bom-ref": `c${i}`,
    name: `package-${i}`,
    group: i % 3 === 0 ? `@scope${i % 50}` : undefined,
    version: `${i % 7}.${i % 11}.${i % 13}`,
    purl: `pkg:npm/package-${i}@${i % 7}.${i % 11}.${i % 13}`,
    hashes: [{ alg: "SHA-256", content: (i.toString(16).padStart(8, "0")).repeat(8) }],
    licenses: [{ license: { id: "MIT" } }],
    properties: [{ name: "cdx:npm:package:path", value: `node_modules/package-${i}` }],
  }));
  const dependencies = [
    { ref: "root", dependsOn: Array.from({ length: 50 }, (_, i) => `c${i}`) },
    ...components.map((_, i) => ({ ref: `c${i}`, dependsOn: i + 50 < n ? [`c${i + 50}`, `c${(i * 7) % n}`] : [] })),
  ];
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    version: 1,
    metadata: { component: { type: "application", name: "generated", "bom-ref": "root" } },
    components,
    dependencies,
  });
}

describe("performance", () => {
  test("a 10,000-component CycloneDX SBOM parses and normalises", () => {
    const content = generate(10_000);
    parseSbom({ fileName: "warm-up.json", content: generate(200) });
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = parseSbom({ fileName: "generated.json", content });
    const cpu = process.cpuUsage(cpuStart);
    const ms = performance.now() - start;
    // CPU time is reported too: wall time on a shared machine says more about the neighbours.
    console.log(
      `10,000-component CycloneDX JSON (${(content.length / 1e6).toFixed(1)} MB): parsed in ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.components).toHaveLength(10_000);
    expect(result.sbom.components.filter((c) => c.direct)).toHaveLength(50);
    expect(result.sbom.components.every((c) => c.depth !== null)).toBe(true);
    expect(result.sbom.dependencies.length).toBeGreaterThan(19_000);
  });
});
