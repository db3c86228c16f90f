import { readFileSync } from "node:fs";
import { fixture } from "../support/fixtures";

/** A real SBOM from the shared fixtures, read in place. */
export function realSbom(...parts: string[]): Buffer {
  return readFileSync(fixture("sbom", ...parts));
}

/** A CycloneDX 1.6 JSON SBOM with n npm components, 50 of them direct, in a chain-and-fan graph. */
export function generatedCycloneDx(n: number): string {
  const components = Array.from({ length: n }, (_, i) => ({
    type: "library",
    "bom-ref": `c${i}`,
    name: `package-${i}`,
    version: `${i % 7}.${i % 11}.${i % 13}`,
    purl: `pkg:npm/package-${i}@${i % 7}.${i % 11}.${i % 13}`,
    hashes: [{ alg: "SHA-256", content: i.toString(16).padStart(8, "0").repeat(8) }],
    licenses: [{ license: { id: "MIT" } }],
  }));
  const dependencies = [
    { ref: "root", dependsOn: Array.from({ length: Math.min(50, n) }, (_, i) => `c${i}`) },
    ...components.map((_, i) => ({ ref: `c${i}`, dependsOn: i + 50 < n ? [`c${i + 50}`] : [] })),
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

/** A small hand-made CycloneDX 1.5 JSON document with the given components. */
export function smallCycloneDx(components: Array<Record<string, unknown>>): string {
  return JSON.stringify(
    {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      version: 1,
      metadata: { component: { type: "firmware", name: "pump-firmware", version: "3.1.0", "bom-ref": "root" } },
      components,
      dependencies: [{ ref: "root", dependsOn: components.map((c) => c["bom-ref"] as string) }],
    },
    null,
    2,
  );
}

export function npmLib(name: string, version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "library", "bom-ref": `${name}@${version}`, name, version, purl: `pkg:npm/${name}@${version}`, ...extra };
}
