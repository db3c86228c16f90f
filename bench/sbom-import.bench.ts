import { parseSbom } from "../src/core/sbom";
import { bestOf, mb, table } from "./support";

/** A CycloneDX 1.6 SBOM with `n` npm components and a flat dependency graph, as generators write them. */
export function generateCycloneDx(n: number, seed = 1): string {
  const components = Array.from({ length: n }, (_, i) => {
    const name = `pkg-${seed}-${i}`;
    const version = `${(i % 7) + 1}.${i % 13}.${i % 5}`;
    return {
      type: "library",
      "bom-ref": `pkg:npm/${name}@${version}`,
      name,
      version,
      purl: `pkg:npm/${name}@${version}`,
      hashes: [{ alg: "SHA-256", content: (i * 2654435761).toString(16).padStart(64, "0").slice(0, 64) }],
      licenses: [{ license: { id: "MIT" } }],
    };
  });
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    version: 1,
    metadata: { component: { type: "application", "bom-ref": "root", name: "device-firmware", version: "1.0.0" } },
    components,
    dependencies: [{ ref: "root", dependsOn: components.slice(0, 50).map((c) => c["bom-ref"]) }],
  });
}

export async function run(): Promise<void> {
  const rows = [];
  for (const n of [1_000, 10_000]) {
    const text = generateCycloneDx(n);
    const parse = await bestOf(3, () => JSON.parse(text));
    const sbom = await bestOf(3, () => parseSbom({ fileName: "bench.cdx.json", content: text }));
    if (!sbom.value.ok) throw new Error("generated SBOM did not parse");
    rows.push({
      components: n,
      size: mb(text.length),
      "JSON.parse ms": parse.ms.toFixed(1),
      "parse+normalise ms": sbom.ms.toFixed(1),
      "ratio to JSON.parse": (sbom.ms / parse.ms).toFixed(1),
      "components/s": Math.round(n / (sbom.ms / 1000)),
    });
  }
  table(rows);
}
