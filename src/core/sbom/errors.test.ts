import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatIssue, type ParseResult, parseSbom, type SbomIssue } from "./index";

function cdx(components: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { bomFormat: "CycloneDX", specVersion: "1.6", version: 1, metadata: { component: { type: "application", name: "app", "bom-ref": "app" } }, components, ...extra },
    null,
    2,
  );
}

function lib(i: number, extra: Record<string, unknown> = {}) {
  return { type: "library", name: `lib${i}`, version: "1.0.0", "bom-ref": `ref-${i}`, purl: `pkg:npm/lib${i}@1.0.0`, ...extra };
}

function errorsOf(result: ParseResult): SbomIssue[] {
  if (result.ok) throw new Error("expected the SBOM to be rejected");
  return result.errors;
}

const SPDX_TV = `SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: demo
DocumentNamespace: https://example.com/demo
Creator: Tool: demo-1.0
Created: 2024-01-01T00:00:00Z

PackageName: app
SPDXID: SPDXRef-app
PackageDownloadLocation: NOASSERTION

PackageName: zlib
SPDXID: SPDXRef-zlib
PackageVersion: 1.2.13
PackageDownloadLocation: NOASSERTION
ExternalRef: PACKAGE-MANAGER purl pkg:deb/debian/zlib@1.2.13
ExternalRef: SECURITY cpe23Type cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app
Relationship: SPDXRef-app DEPENDS_ON SPDXRef-zlib
`;

describe("errors name the file and the exact place", () => {
  test("broken JSON reports line and column", () => {
    const [e] = errorsOf(parseSbom({ fileName: "bom.json", content: '{\n  "bomFormat": "CycloneDX",\n  "specVersion" "1.6"\n}' }));
    expect(e).toMatchObject({ file: "bom.json", code: "syntax", line: 3, column: 17 });
    expect(formatIssue(e)).toMatch(/^bom\.json:3:17: invalid JSON: /);
  });

  test("broken XML reports the line", () => {
    const xml = '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5">\n  <components>\n    <component type="library"><name>a</name>\n  </components>\n</bom>';
    const [e] = errorsOf(parseSbom({ fileName: "bom.xml", content: xml }));
    expect(e).toMatchObject({ file: "bom.xml", code: "syntax", line: 5 });
  });

  test("unsupported versions say which are supported", () => {
    const [a] = errorsOf(parseSbom({ fileName: "a.json", content: JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.1", components: [] }) }));
    expect(a).toMatchObject({ code: "unsupported-version", pointer: "/specVersion" });
    expect(a.message).toBe('CycloneDX specVersion "1.1" is not supported; supported versions are 1.2, 1.3, 1.4, 1.5, 1.6, 1.7');
    const [b] = errorsOf(parseSbom({ fileName: "b.xml", content: '<bom xmlns="http://cyclonedx.org/schema/bom/2.0"/>' }));
    expect(b).toMatchObject({ code: "unsupported-version", line: 1, pointer: "/bom" });
    const [c] = errorsOf(parseSbom({ fileName: "c.spdx", content: SPDX_TV.replace("SPDX-2.3", "SPDX-2.1") }));
    expect(c).toMatchObject({ code: "unsupported-version", line: 1, pointer: "/spdxVersion" });
    expect(c.message).toMatch(/supported versions are SPDX-2\.2, SPDX-2\.3/);
  });

  test("a purl that does not parse is a warning at /components/12/purl and the component is kept", () => {
    const components = Array.from({ length: 14 }, (_, i) => lib(i));
    components[12] = lib(12, { purl: "pkg:/" });
    const result = parseSbom({ fileName: "bom.json", content: cdx(components) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ file: "bom.json", code: "invalid-purl", pointer: "/components/12/purl" });
    expect(result.sbom.components[12]).toMatchObject({ name: "lib12", purl: null });
    expect(result.sbom.components[11].purl).toBe("pkg:npm/lib11@1.0.0");
    const strict = errorsOf(parseSbom({ fileName: "bom.json", content: cdx(components) }, { invalidPurls: "error" }));
    expect(strict).toEqual([expect.objectContaining({ code: "invalid-purl", pointer: "/components/12/purl", message: expect.stringContaining('"pkg:/"') })]);
  });

  test("purls are canonicalised by packageurl-js", () => {
    const result = parseSbom({ fileName: "bom.json", content: cdx([lib(0, { purl: "pkg:PyPI/Django_Rest@3.0" })]) });
    expect(result.ok && result.sbom.components[0].purl).toBe("pkg:pypi/django-rest@3.0");
  });

  test("conflicting duplicate bom-refs are errors, identical duplicates are folded with a warning", () => {
    const conflicting = errorsOf(parseSbom({ fileName: "dup.json", content: cdx([lib(0), lib(1), { ...lib(2), "bom-ref": "ref-0" }]) }));
    expect(conflicting).toEqual([
      expect.objectContaining({ code: "duplicate-ref", pointer: "/components/2", message: expect.stringContaining('"ref-0"') }),
    ]);
    const identical = parseSbom({ fileName: "dup.json", content: cdx([lib(0), lib(1), lib(0)]) });
    expect(identical.ok).toBe(true);
    if (identical.ok) {
      expect(identical.sbom.components).toHaveLength(2);
      expect(identical.warnings[0]).toMatchObject({ code: "duplicate-component", pointer: "/components/2" });
    }
  });

  test("duplicate SPDXIDs are errors with the tag-value line", () => {
    const doubled = SPDX_TV.replace("SPDXID: SPDXRef-zlib", "SPDXID: SPDXRef-app");
    const errors = errorsOf(parseSbom({ fileName: "dup.spdx", content: doubled }));
    expect(errors[0]).toMatchObject({ code: "duplicate-ref", line: 13, pointer: "/packages/1" });
  });

  test("dependency references to unknown refs are errors at the reference", () => {
    const errors = errorsOf(
      parseSbom({
        fileName: "deps.json",
        content: cdx([lib(0), lib(1)], { dependencies: [{ ref: "app", dependsOn: ["ref-0"] }, { ref: "ref-0", dependsOn: ["ref-1", "ghost"] }] }),
      }),
    );
    expect(errors).toEqual([expect.objectContaining({ code: "unknown-ref", pointer: "/dependencies/1/dependsOn/1", message: expect.stringContaining('"ghost"') })]);
    const spdx = errorsOf(parseSbom({ fileName: "deps.spdx", content: `${SPDX_TV}Relationship: SPDXRef-zlib DEPENDS_ON SPDXRef-ghost\n` }));
    expect(spdx[0]).toMatchObject({ code: "unknown-ref", line: 22, pointer: "/relationships/2/relatedSpdxElement" });
  });

  test("XML errors carry element path and line", () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">',
      "  <components>",
      '    <component type="library" bom-ref="a"><name>a</name><purl>pkg:npm/a@1</purl></component>',
      '    <component type="library" bom-ref="b">',
      "      <name>b</name>",
      "      <purl>not-a-purl</purl>",
      "    </component>",
      "  </components>",
      "  <dependencies>",
      '    <dependency ref="a"><dependency ref="nowhere"/></dependency>',
      "  </dependencies>",
      "</bom>",
    ].join("\n");
    const errors = errorsOf(parseSbom({ fileName: "bom.xml", content: xml }));
    expect(errors).toEqual([expect.objectContaining({ code: "unknown-ref", line: 11, pointer: "/bom/dependencies/dependency[1]/dependency[1]/@ref" })]);
    const fixed = parseSbom({ fileName: "bom.xml", content: xml.replace("nowhere", "b") });
    expect(fixed.ok).toBe(true);
    if (fixed.ok) expect(fixed.warnings).toEqual([expect.objectContaining({ code: "invalid-purl", line: 7, pointer: "/bom/components/component[2]/purl" })]);
  });

  test("a CycloneDX namespace bound to a prefix is read like the default namespace", () => {
    const xml = [
      '<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.5" version="1">',
      '  <cdx:components><cdx:component type="library" bom-ref="a"><cdx:name>a</cdx:name><cdx:purl>pkg:npm/a@1</cdx:purl></cdx:component>',
      '  <cdx:component type="gadget"><cdx:name>b</cdx:name></cdx:component></cdx:components>',
      "</cdx:bom>",
    ].join("\n");
    const [e] = errorsOf(parseSbom({ fileName: "p.xml", content: xml }));
    expect(e).toMatchObject({ code: "schema", line: 3, pointer: "/bom/components/component[2]", message: expect.stringMatching(/"gadget"/) });
    const fixed = parseSbom({ fileName: "p.xml", content: xml.replace("gadget", "library") });
    expect(fixed.ok && fixed.sbom.specVersion).toBe("1.5");
    expect(fixed.ok && fixed.sbom.components.map((c) => c.purl)).toEqual(["pkg:npm/a@1", null]);
  });

  test("SPDX schema errors in tag-value point at the line of the tag", () => {
    const bad = SPDX_TV.replace("ExternalRef: PACKAGE-MANAGER purl", "ExternalRef: PACKAGE_MGR purl");
    const [e] = errorsOf(parseSbom({ fileName: "bad.spdx", content: bad }));
    expect(e).toMatchObject({ code: "schema", line: 17, pointer: "/packages/1/externalRefs/0/referenceCategory" });
    expect(e.message).toMatch(/referenceCategory "PACKAGE_MGR"/);
    const missing = SPDX_TV.replace("Created: 2024-01-01T00:00:00Z\n", "");
    const [m] = errorsOf(parseSbom({ fileName: "bad.spdx", content: missing }));
    expect(m).toMatchObject({ code: "schema", pointer: "/creationInfo/created", message: "created is required" });
    const unclosed = SPDX_TV.replace("PackageVersion: 1.2.13", "PackageComment: <text>never closed");
    expect(errorsOf(parseSbom({ fileName: "bad.spdx", content: unclosed }))[0]).toMatchObject({ code: "syntax", line: 15 });
    const garbage = SPDX_TV.replace("PackageVersion: 1.2.13", "this is not a tag");
    expect(errorsOf(parseSbom({ fileName: "bad.spdx", content: garbage }))[0]).toMatchObject({ code: "syntax", line: 15 });
  });

  test("SPDX JSON schema errors carry the JSON pointer", () => {
    const doc = {
      spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT", dataLicense: "CC0-1.0", name: "d", documentNamespace: "https://x/d",
      creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: x"] },
      packages: [{ SPDXID: "SPDXRef-a", name: "a", downloadLocation: "NOASSERTION", checksums: [{ algorithm: "SHA999", checksumValue: "00" }] }],
    };
    const [e] = errorsOf(parseSbom({ fileName: "d.spdx.json", content: JSON.stringify(doc) }));
    expect(e).toMatchObject({ code: "schema", pointer: "/packages/0/checksums/0/algorithm" });
  });

  test("an SBOM without components is accepted with a warning", () => {
    const result = parseSbom({ fileName: "empty.json", content: cdx([]) });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.warnings).toEqual([expect.objectContaining({ code: "no-components" })]);
      expect(result.sbom.document.primaryComponent?.name).toBe("app");
    }
  });

  test("empty input, non-SBOM JSON and bytes with a BOM", () => {
    expect(errorsOf(parseSbom({ fileName: "e", content: "  \n" }))[0].code).toBe("empty-input");
    expect(errorsOf(parseSbom({ fileName: "p.json", content: '{"name":"package"}' }))[0]).toMatchObject({ code: "unknown-format", pointer: "" });
    const bytes = new TextEncoder().encode(`\uFEFF${cdx([lib(0)])}`);
    expect(parseSbom({ fileName: "bom.json", content: bytes }).ok).toBe(true);
    const xml = '\uFEFF<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>a</name></component></components></bom>';
    const utf16 = new Uint8Array(xml.length * 2);
    for (let i = 0; i < xml.length; i++) {
      utf16[i * 2] = xml.charCodeAt(i) & 0xff;
      utf16[i * 2 + 1] = xml.charCodeAt(i) >> 8;
    }
    expect(parseSbom({ fileName: "bom.xml", content: utf16 }).ok).toBe(true);
  });

  test("property: arbitrary input never throws", () => {
    const runs = Number(process.env.VIGIL_FUZZ_RUNS ?? 300);
    const seeds = [cdx([lib(0), lib(1)], { dependencies: [{ ref: "app", dependsOn: ["ref-0"] }] }), SPDX_TV];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array(),
          fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(), fc.string()).map(([s, a, b, ins]) => s.slice(0, a % s.length) + ins + s.slice(b % s.length)),
        ),
        (content) => {
          const result = parseSbom({ fileName: "fuzz", content });
          const issues = result.ok ? result.warnings : result.errors;
          for (const i of issues) expect(i.file).toBe("fuzz");
          if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: runs },
    );
  });
});
