import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { formatIssue, type ParseResult, parseAndValidateSbom, parseSbom, type SbomComponent } from "./index";

const haveFixtures = requireFixtures();
const root = fixture("sbom");

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    })
    .filter((f) => !f.endsWith(".md"))
    .sort();
}

function parseFixture(rel: string): ParseResult {
  return parseSbom({ fileName: rel, content: readFileSync(path.join(root, rel)) });
}

/** Files that must be rejected, with the issue code and the place expected (see the fixtures' MANIFEST.md). */
const REJECTED: Record<string, { code: string; pointer?: string; line?: number }> = {
  "cyclonedx/osv-scalibr-fixtures/invalid_sbom.cdxjson": { code: "unknown-format" },
  "spdx/osv-scalibr-fixtures/invalid_sbom.spdx": { code: "unknown-format" },
  // serialNumber is the number 1000000 (Trivy expects a decode error).
  "cyclonedx/trivy-fixtures/invalid-serial.cdx.json": { code: "invalid-value", pointer: "/serialNumber" },
  // relationshipType "DESCRIBE" is not an SPDX relationship type (Trivy expects an error).
  "spdx/trivy-fixtures/invalid-purl.spdx.json": { code: "schema", pointer: "/relationships/0/relationshipType" },
  // Optional SPDX encodings that are not supported, said so cleanly.
  "spdx/spdx-spec-2.3/SPDXXMLExample-v2.3.spdx.xml": { code: "unsupported-format", line: 2 },
  "spdx/spdx-spec-2.3/SPDXYAMLExample-2.3.spdx.yaml": { code: "unsupported-format" },
};

describe.skipIf(!haveFixtures)("every SBOM in the shared fixtures", () => {
  const files = haveFixtures ? listFiles(root).map((f) => path.relative(root, f)) : [];

  test("is accepted or rejected as expected, never crashes", () => {
    const counts = { accepted: 0, rejected: 0, crashed: 0 };
    const unexpected: string[] = [];
    for (const rel of files) {
      let result: ParseResult;
      try {
        result = parseFixture(rel);
      } catch (err) {
        counts.crashed++;
        unexpected.push(`${rel}: crashed: ${String(err)}`);
        continue;
      }
      const expected = REJECTED[rel];
      if (result.ok) {
        counts.accepted++;
        if (expected) unexpected.push(`${rel}: accepted, expected ${expected.code}`);
        continue;
      }
      counts.rejected++;
      if (!expected) {
        unexpected.push(`${rel}: rejected: ${result.errors.map(formatIssue).join("; ")}`);
        continue;
      }
      const match = result.errors.find(
        (e) =>
          e.code === expected.code &&
          e.file === rel &&
          (expected.pointer === undefined || e.pointer === expected.pointer) &&
          (expected.line === undefined || e.line === expected.line),
      );
      if (!match) unexpected.push(`${rel}: errors ${result.errors.map(formatIssue).join("; ")} lack ${JSON.stringify(expected)}`);
    }
    console.log(`shared SBOM fixtures: ${files.length} files, ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.crashed} crashed`);
    expect(unexpected).toEqual([]);
    expect(counts.crashed).toBe(0);
    expect(counts.rejected).toBe(Object.keys(REJECTED).length);
    expect(files.length).toBeGreaterThan(60);
  });

  test("CycloneDX JSON fixtures against the official schema: real generators slip, strictly or as warnings", async () => {
    const cdxJson = files.filter((f) => f.startsWith("cyclonedx/") && f.endsWith(".json") && !REJECTED[f]);
    const failing: Record<string, string | undefined> = {};
    for (const rel of cdxJson) {
      const input = { fileName: rel, content: readFileSync(path.join(root, rel)) };
      const strict = await parseAndValidateSbom(input);
      if (strict.ok) continue;
      failing[rel] = strict.errors[0].pointer;
      const lenient = await parseAndValidateSbom(input, { schemaViolations: "warn" });
      expect(lenient.ok, rel).toBe(true);
      if (lenient.ok) expect(lenient.warnings.some((w) => w.code === "schema" && w.pointer === failing[rel])).toBe(true);
    }
    console.log(`CycloneDX JSON fixtures: ${cdxJson.length} read, ${cdxJson.length - Object.keys(failing).length} schema-valid`);
    expect(failing).toEqual({
      // CycloneDX 1.5 evidence.occurrences in a document declaring 1.4.
      "cyclonedx/osv-scalibr-fixtures/sbom-with-locations.cdx.json": "/components/0/evidence",
      // metadata.component.type is "".
      "cyclonedx/osv-scanner-fixtures/alpine-zlib-16.cdx.json": "/metadata/component/type",
    });
  });

  /** Drops fields in which the twin files themselves differ. */
  function without(components: SbomComponent[], fields: Array<keyof SbomComponent>): unknown[] {
    return components.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => !fields.includes(k as keyof SbomComponent))));
  }

  test("CycloneDX JSON and XML twins normalise to the same components and graph", () => {
    const twins: Array<[string, string, Array<keyof SbomComponent>]> = [
      // The XML edition states <scope>required</scope> for 168 components, the JSON edition no scope,
      // and the editions disagree on some licences (osgi-resource-locator: none in XML).
      ["cyclonedx/bom-examples/dropwizard-1.3.15/bom.json", "cyclonedx/bom-examples/dropwizard-1.3.15/bom.xml", ["scope", "licenses"]],
      ["cyclonedx/bom-examples/laravel-7.12.0/bom.1.4.json", "cyclonedx/bom-examples/laravel-7.12.0/bom.1.4.xml", []],
      ["cyclonedx/bom-examples/proton-bridge/proton-bridge-v1.8.0.bom.json", "cyclonedx/bom-examples/proton-bridge/proton-bridge-v1.8.0.bom.xml", []],
      ["cyclonedx/bom-examples/cern-lhc-vdm-editor/bom.json", "cyclonedx/bom-examples/cern-lhc-vdm-editor/bom.xml", []],
    ];
    for (const [json, xml, differing] of twins) {
      const a = parseFixture(json);
      const b = parseFixture(xml);
      if (!a.ok || !b.ok) throw new Error(`${json} or ${xml} was rejected`);
      expect(b.sbom.encoding).toBe("xml");
      expect(b.sbom.specVersion).toBe(a.sbom.specVersion);
      expect(a.sbom.components.length).toBeGreaterThan(40);
      expect(without(b.sbom.components, differing)).toEqual(without(a.sbom.components, differing));
      expect(b.sbom.dependencies).toEqual(a.sbom.dependencies);
      const primary = (x: SbomComponent | null) => (x ? without([x], differing) : []);
      expect(primary(b.sbom.document.primaryComponent)).toEqual(primary(a.sbom.document.primaryComponent));
    }
  });

  test("SPDX JSON and tag-value twins normalise to the same packages and relationships", () => {
    const twins: Array<[string, string, Array<keyof SbomComponent>]> = [
      ["spdx/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json", "spdx/spdx-spec-2.3/SPDXTagExample-v2.3.spdx", []],
      // The tag-value edition gives openssl-libs PackageVersion 1.0.2k, the JSON edition 1:1.0.2k-19.el7.
      ["spdx/trivy-fixtures/centos-7.spdx.json", "spdx/trivy-fixtures/centos-7.spdx", ["version"]],
    ];
    for (const [json, tv, differing] of twins) {
      const a = parseFixture(json);
      const b = parseFixture(tv);
      if (!a.ok || !b.ok) throw new Error(`${json} or ${tv} was rejected`);
      expect(b.sbom.encoding).toBe("tag-value");
      const key = (c: { ref: string }) => c.ref;
      const sorted = (list: SbomComponent[]) => without([...list].sort((x, y) => key(x).localeCompare(key(y))), differing);
      expect(sorted(b.sbom.components)).toEqual(sorted(a.sbom.components));
      expect(a.sbom.components.length).toBeGreaterThanOrEqual(3);
      // Same edges; the centos-7 editions differ in calling them CONTAINS (JSON) or DEPENDS_ON (tag-value).
      const ends = (edges: Array<{ from: string; to: string }>) => new Set(edges.map((e) => `${e.from} -> ${e.to}`));
      expect(ends(b.sbom.dependencies)).toEqual(ends(a.sbom.dependencies));
      expect(b.sbom.document.primaryComponent?.ref).toBe(a.sbom.document.primaryComponent?.ref);
      expect(b.sbom.document.name).toBe(a.sbom.document.name);
    }
  });
});
