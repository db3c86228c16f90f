import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { type NormalisedSbom, parseSbom, type SbomComponent } from "./index";

const haveFixtures = requireFixtures();

function read(rel: string): NormalisedSbom {
  const result = parseSbom({ fileName: rel, content: readFileSync(fixture("sbom", rel)) });
  if (!result.ok) throw new Error(`${rel} rejected: ${JSON.stringify(result.errors)}`);
  return result.sbom;
}

function parsed(content: string): NormalisedSbom {
  const result = parseSbom({ fileName: "inline", content });
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.errors)}`);
  return result.sbom;
}

function byName(sbom: NormalisedSbom, name: string): SbomComponent {
  const c = sbom.components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
}

describe.skipIf(!haveFixtures)("normalisation of real SBOMs", () => {
  test("a dependency cycle terminates and yields shortest depths", () => {
    const sbom = read("cyclonedx/trivy-fixtures/cyclic-dependencies.cdx.json");
    expect(sbom.components).toHaveLength(3);
    const libc = byName(sbom, "libc6");
    const crypt = byName(sbom, "libcrypt1");
    expect(sbom.dependencies).toEqual(
      expect.arrayContaining([
        { from: libc.ref, to: crypt.ref, kind: "depends-on" },
        { from: crypt.ref, to: libc.ref, kind: "depends-on" },
      ]),
    );
    // The product is not in the graph, so the OS component nothing depends on stands in as direct.
    const os = sbom.components.find((c) => c.type === "operating-system")!;
    expect(os).toMatchObject({ direct: true, depth: 1 });
    expect(libc).toMatchObject({ direct: false, depth: 2, purl: "pkg:deb/ubuntu/libc6@2.35-0ubuntu3.1?distro=ubuntu-22.04" });
  });

  test("direct and transitive follow the primary component's edges", () => {
    const sbom = read("cyclonedx/trivy-fixtures/nested-go-packages.cdx.json");
    expect(sbom.document.primaryComponent?.name).toBe("/test");
    expect(sbom.document.rootRefs).toEqual([sbom.document.primaryComponent?.ref]);
    const app = sbom.components.find((c) => c.ref === "4021d631-e242-4e69-8a93-928665810a27")!;
    expect(app).toMatchObject({ direct: true, depth: 1 });
    expect(byName(sbom, "stdlib")).toMatchObject({ direct: false, depth: 3, version: "v1.15.2" });
  });

  test("nested CycloneDX components are flattened with their parent kept", () => {
    const sbom = read("cyclonedx/osv-scalibr-fixtures/sbom-with-nested-comps.cdx.json");
    expect(sbom.components.map((c) => [c.name, c.parent])).toEqual([
      ["openssl", null],
      ["Nginx", null],
      ["rustls", "nginx-1.21.1"],
    ]);
    expect(byName(sbom, "rustls").purl).toBe("pkg:cargo/rustls@0.23.13");
  });

  test("SPDX packages: purl and CPE external refs, checksums, supplier, DESCRIBES and linking", () => {
    const sbom = read("spdx/spdx-examples/oss-na-2023/04-SBOMwSecurity.spdx.json");
    expect(sbom.document.primaryComponent).toMatchObject({ ref: "SPDXRef-Package", name: "tools-java", supplier: "SPDX (Spdx-tech@lists.spdx.org)" });
    expect(byName(sbom, "xlsx")).toMatchObject({
      purl: "pkg:maven/org.webjars.npm/xlsx@0.16.6",
      supplier: "Webjar",
      hashes: [{ alg: "SHA-1", value: "8f2715fa4ea3619b08615aa8f57828a80e6eb703" }],
      direct: true,
    });
    const withCpe = read("spdx/osv-scalibr-fixtures/purl_and_cpe.spdx.json");
    expect(withCpe.document.primaryComponent?.cpe ?? withCpe.components[0]?.cpe).toBe("cpe:2.3:a:nginx:nginx:1.21.1");
  });

  test("CycloneDX 1.7 with mixed ecosystems and the Go module graph of proton-bridge", () => {
    const fluentd = read("cyclonedx/trivy-fixtures/fluentd-multiple-lockfiles.cdx.json");
    expect(fluentd.specVersion).toBe("1.7");
    const types = fluentd.components.flatMap((c) => (c.purl ? [c.purl.split("/")[0]] : []));
    expect(types.filter((t) => t === "pkg:deb")).toHaveLength(105);
    expect(types.filter((t) => t === "pkg:gem")).toHaveLength(55);
    const proton = read("cyclonedx/bom-examples/proton-bridge/proton-bridge-v1.8.0.bom.json");
    expect(proton.components).toHaveLength(201);
    expect(proton.components.filter((c) => c.direct)).toHaveLength(56);
    expect(proton.document.tools[0]).toMatchObject({ name: "cyclonedx-gomod", version: "v0.6.1" });
  });

  test("SPDX document metadata", () => {
    const sbom = read("spdx/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json");
    expect(sbom.document).toMatchObject({
      name: "SPDX-Tools-v2.0",
      namespace: "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301",
      created: "2010-01-29T18:30:22Z",
      tools: [{ vendor: null, name: "LicenseFind", version: "1.0" }],
      authors: ["ExampleCodeInspect ()", "Jane Doe ()"],
    });
    expect(sbom.document.primaryComponent?.ref).toBe("SPDXRef-Package");
    // validUntilDate is SPDX 2.3's end of the supplier's support period.
    expect(sbom.document.primaryComponent?.support).toEqual({ level: null, endOfSupport: "2014-01-29T18:30:22Z", sources: ["validUntilDate"] });
    const tagValue = read("spdx/spdx-spec-2.3/SPDXTagExample-v2.3.spdx");
    expect(tagValue.document.primaryComponent?.support?.endOfSupport).toBe("2014-01-29T18:30:22Z");
    expect(sbom.document.primaryComponent?.licenses).toEqual(["(LGPL-2.0-only OR LicenseRef-3)"]);
  });
});

describe("normalisation details", () => {
  test("licences, hashes, tools (1.5 object form), scope and support properties", () => {
    const sbom = parsed(
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        version: 3,
        metadata: {
          timestamp: "2024-05-01T10:00:00Z",
          tools: { components: [{ type: "application", group: "@cyclonedx", name: "cyclonedx-npm", version: "1.19.0" }] },
          authors: [{ name: "Product Security" }],
          component: { type: "device", name: "Infusion pump", version: "4.2", "bom-ref": "pump" },
        },
        components: [
          {
            type: "library",
            name: "openssl",
            version: "3.0.13",
            "bom-ref": "openssl",
            supplier: { name: "OpenSSL Software Foundation" },
            authors: [{ name: "A" }, { name: "B" }],
            scope: "required",
            hashes: [{ alg: "SHA-256", content: "AB".repeat(32) }],
            licenses: [{ license: { id: "Apache-2.0" } }, { license: { name: "Custom licence" } }],
            cpe: "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
            properties: [
              { name: "acme:support:level", value: "security-fixes-only" },
              { name: "acme:end-of-support", value: "2026-09-07" },
              { name: "other", value: "x" },
            ],
          },
          { type: "library", name: "zlib", "bom-ref": "zlib", licenses: [{ expression: "Zlib OR MIT" }] },
        ],
        dependencies: [{ ref: "pump", dependsOn: ["openssl"] }, { ref: "openssl", dependsOn: ["zlib"] }],
      }),
    );
    expect(sbom.document).toMatchObject({
      serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
      version: 3,
      created: "2024-05-01T10:00:00Z",
      tools: [{ vendor: "@cyclonedx", name: "cyclonedx-npm", version: "1.19.0" }],
      authors: ["Product Security"],
      hasDependencyGraph: true,
    });
    expect(sbom.components[0]).toMatchObject({
      supplier: "OpenSSL Software Foundation",
      author: "A, B",
      scope: "required",
      hashes: [{ alg: "SHA-256", value: "ab".repeat(32) }],
      licenses: ["Apache-2.0"],
      licenseNames: ["Custom licence"],
      support: { level: "security-fixes-only", endOfSupport: "2026-09-07", sources: ["acme:support:level", "acme:end-of-support"] },
      direct: true,
      depth: 1,
    });
    expect(sbom.components[1]).toMatchObject({ licenses: ["Zlib OR MIT"], support: null, direct: false, depth: 2 });
  });

  test("without any dependency information nothing is marked direct", () => {
    const sbom = parsed(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.4", components: [{ type: "library", name: "a" }, { type: "library", name: "b" }] }));
    expect(sbom.document.hasDependencyGraph).toBe(false);
    expect(sbom.components.map((c) => [c.ref, c.direct, c.depth])).toEqual([
      ["vigil:component/1", false, null],
      ["vigil:component/2", false, null],
    ]);
  });

  test("SPDX relationship types map onto dependency and containment edges", () => {
    const pkg = (id: string) => ({ SPDXID: id, name: id.slice(8), downloadLocation: "NOASSERTION" });
    const sbom = parsed(
      JSON.stringify({
        spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT", dataLicense: "CC0-1.0", name: "d", documentNamespace: "https://x/d",
        creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: trivy-0.50.1"] },
        documentDescribes: ["SPDXRef-app"],
        packages: ["SPDXRef-app", "SPDXRef-os", "SPDXRef-libc", "SPDXRef-jest", "SPDXRef-lodash"].map(pkg),
        relationships: [
          { spdxElementId: "SPDXRef-app", relationshipType: "CONTAINS", relatedSpdxElement: "SPDXRef-os" },
          { spdxElementId: "SPDXRef-libc", relationshipType: "CONTAINED_BY", relatedSpdxElement: "SPDXRef-os" },
          { spdxElementId: "SPDXRef-jest", relationshipType: "DEV_DEPENDENCY_OF", relatedSpdxElement: "SPDXRef-app" },
          { spdxElementId: "SPDXRef-lodash", relationshipType: "DEPENDENCY_OF", relatedSpdxElement: "SPDXRef-jest" },
          { spdxElementId: "SPDXRef-lodash", relationshipType: "DEPENDS_ON", relatedSpdxElement: "SPDXRef-jest" },
          { spdxElementId: "SPDXRef-app", relationshipType: "GENERATED_FROM", relatedSpdxElement: "NOASSERTION" },
        ],
      }),
    );
    expect(sbom.document.tools).toEqual([{ vendor: null, name: "trivy", version: "0.50.1" }]);
    expect(sbom.dependencies).toEqual([
      { from: "SPDXRef-app", to: "SPDXRef-os", kind: "contains" },
      { from: "SPDXRef-os", to: "SPDXRef-libc", kind: "contains" },
      { from: "SPDXRef-app", to: "SPDXRef-jest", kind: "depends-on" },
      { from: "SPDXRef-jest", to: "SPDXRef-lodash", kind: "depends-on" },
      { from: "SPDXRef-lodash", to: "SPDXRef-jest", kind: "depends-on" },
    ]);
    expect(sbom.components.map((c) => [c.name, c.depth])).toEqual([
      ["os", 1],
      ["libc", 2],
      ["jest", 1],
      ["lodash", 2],
    ]);
  });
});

describe("support stated in a component's release notes", () => {
  const withReleaseNotes = (notes: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
  <components>
    <component type="operating-system" bom-ref="rtos">
      <name>rtos</name>
      <version>5.2</version>
      <purl>pkg:generic/acme/rtos@5.2</purl>
      ${notes}
    </component>
  </components>
</bom>`;

  test("CycloneDX releaseNotes properties give level and end of support, named as their source, and stay out of the component's properties", () => {
    const json = parsed(
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.5",
        version: 1,
        components: [
          {
            type: "operating-system",
            "bom-ref": "rtos",
            name: "rtos",
            version: "5.2",
            purl: "pkg:generic/acme/rtos@5.2",
            properties: [{ name: "acme:build", value: "release" }],
            releaseNotes: { type: "minor", properties: [{ name: "acme:support:level", value: "actively maintained" }, { name: "endOfSupport", value: "2031-12-31" }] },
          },
        ],
      }),
    );
    const [rtos] = json.components;
    expect(rtos.support).toEqual({ level: "actively maintained", endOfSupport: "2031-12-31", sources: ["releaseNotes:acme:support:level", "releaseNotes:endOfSupport"] });
    expect(rtos.properties).toEqual([{ name: "acme:build", value: "release" }]);

    const xml = parsed(withReleaseNotes('<releaseNotes><type>minor</type><properties><property name="acme:eol">2030-06-30</property></properties></releaseNotes>'));
    expect(xml.components[0].support).toEqual({ level: null, endOfSupport: "2030-06-30", sources: ["releaseNotes:acme:eol"] });
  });

  test("release notes that say nothing about support leave it unknown", () => {
    expect(parsed(withReleaseNotes("<releaseNotes><type>patch</type><title>Fixes</title></releaseNotes>")).components[0].support).toBeNull();
  });
});
