import { describe, expect, test } from "vitest";
import { parseAndValidateSbom, parseSbom } from "./index";

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
    ...components.map((_, i) => ({ ref: `c${i}`, dependsOn: i + 50 < n ? [...new Set([`c${i + 50}`, `c${(i * 7) % n}`])] : [] })),
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

/** The same shape as CycloneDX 1.6 XML: nested <dependency> elements instead of dependsOn arrays. */
function generateXml(n: number): string {
  const component = (i: number) =>
    `<component type="library" bom-ref="c${i}"><name>package-${i}</name><version>1.${i % 11}.0</version>` +
    `<hashes><hash alg="SHA-256">${i.toString(16).padStart(8, "0").repeat(8)}</hash></hashes>` +
    `<licenses><license><id>MIT</id></license></licenses><purl>pkg:npm/package-${i}@1.${i % 11}.0</purl></component>`;
  const dependency = (i: number) => `<dependency ref="c${i}">${i + 50 < n ? `<dependency ref="c${i + 50}"/>` : ""}</dependency>`;
  const rootDeps = Array.from({ length: 50 }, (_, i) => `<dependency ref="c${i}"/>`).join("");
  return [
    '<?xml version="1.0"?>',
    '<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">',
    '<metadata><component type="application" bom-ref="root"><name>generated</name></component></metadata>',
    `<components>\n${Array.from({ length: n }, (_, i) => component(i)).join("\n")}\n</components>`,
    `<dependencies>\n<dependency ref="root">${rootDeps}</dependency>\n${Array.from({ length: n }, (_, i) => dependency(i)).join("\n")}\n</dependencies>`,
    "</bom>",
  ].join("\n");
}

function measure(label: string, fileName: string, content: string) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = parseSbom({ fileName, content });
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  // CPU time is reported too: wall time on a shared machine says more about the neighbours.
  console.log(
    `${label} (${(content.length / 1e6).toFixed(1)} MB): parsed in ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
  );
  return result;
}

describe("performance", () => {
  test("a 10,000-component CycloneDX SBOM parses and normalises", () => {
    const content = generate(10_000);
    parseSbom({ fileName: "warm-up.json", content: generate(200) });
    const result = measure("10,000-component CycloneDX JSON", "generated.json", content);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.components).toHaveLength(10_000);
    expect(result.sbom.components.filter((c) => c.direct)).toHaveLength(50);
    expect(result.sbom.components.every((c) => c.depth !== null)).toBe(true);
    expect(result.sbom.dependencies.length).toBeGreaterThan(19_000);
  });

  test("a 10,000-component CycloneDX XML SBOM parses and normalises", () => {
    const result = measure("10,000-component CycloneDX XML", "generated.xml", generateXml(10_000));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.components).toHaveLength(10_000);
    expect(result.sbom.components.filter((c) => c.direct)).toHaveLength(50);
    expect(result.sbom.components[9_999]).toMatchObject({ depth: 200, purl: "pkg:npm/package-9999@1.0.0", licenses: ["MIT"] });
  });

  test("schema validation of the 10,000-component JSON SBOM stays linear", async () => {
    const content = generate(10_000);
    await parseAndValidateSbom({ fileName: "warm-up.json", content: generate(60) });
    const start = performance.now();
    const result = await parseAndValidateSbom({ fileName: "generated.json", content });
    console.log(`10,000-component CycloneDX JSON: parsed and schema-validated in ${(performance.now() - start).toFixed(0)} ms wall`);
    expect(result.ok).toBe(true);
  });
});
