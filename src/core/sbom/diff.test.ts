import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { diffSboms, type NormalisedSbom, parseSbom } from "./index";

function cdx(components: Array<Record<string, unknown>>): NormalisedSbom {
  const result = parseSbom({
    fileName: "bom.json",
    content: JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: components.map((c) => ({ type: "library", ...c })) }),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.sbom;
}

describe("diffSboms", () => {
  test("added, removed and changed components by purl without version, else name and type", () => {
    const before = cdx([
      { name: "lodash", version: "4.17.20", purl: "pkg:npm/lodash@4.17.20" },
      { name: "left-pad", version: "1.0.0", purl: "pkg:npm/left-pad@1.0.0" },
      { name: "openssl", version: "3.0.13", licenses: [{ license: { id: "Apache-2.0" } }] },
      { name: "zlib", version: "1.3", supplier: { name: "zlib" }, hashes: [{ alg: "SHA-1", content: "a".repeat(40) }] },
      { name: "same", version: "1", purl: "pkg:npm/same@1" },
    ]);
    const after = cdx([
      { name: "lodash", version: "4.17.21", purl: "pkg:npm/lodash@4.17.21" },
      { name: "openssl", version: "3.0.13", licenses: [{ license: { id: "Apache-2.0" } }, { license: { id: "OpenSSL" } }] },
      { name: "zlib", version: "1.3", supplier: { name: "Mark Adler" }, hashes: [{ alg: "SHA-1", content: "b".repeat(40) }] },
      { name: "same", version: "1", purl: "pkg:npm/same@1" },
      { name: "express", version: "5.0.0", purl: "pkg:npm/express@5.0.0" },
      { name: "openssl", version: "3.0.13", type: "application" },
    ]);
    const diff = diffSboms(before, after);
    expect(diff.summary).toEqual({ added: 2, removed: 1, changed: 3, unchanged: 1, versionChanges: 1 });
    expect(diff.added.map((c) => `${c.name}:${c.type}`).sort()).toEqual(["express:library", "openssl:application"]);
    expect(diff.removed.map((c) => c.name)).toEqual(["left-pad"]);
    expect(diff.changed.map((c) => [c.key, c.changed])).toEqual([
      ["pkg:npm/lodash", ["version"]],
      ["name:openssl|type:library", ["licenses"]],
      ["name:zlib|type:library", ["hashes", "supplier"]],
    ]);
    expect(diff.changed[0].before.version).toBe("4.17.20");
    expect(diff.changed[0].after.version).toBe("4.17.21");
  });

  test("several versions of one package pair equal versions first", () => {
    const before = cdx([
      { name: "ms", version: "2.0.0", purl: "pkg:npm/ms@2.0.0", "bom-ref": "a" },
      { name: "ms", version: "2.1.3", purl: "pkg:npm/ms@2.1.3", "bom-ref": "b" },
    ]);
    const after = cdx([
      { name: "ms", version: "2.1.3", purl: "pkg:npm/ms@2.1.3", "bom-ref": "b" },
      { name: "ms", version: "2.1.2", purl: "pkg:npm/ms@2.1.2", "bom-ref": "c" },
      { name: "ms", version: "3.0.0", purl: "pkg:npm/ms@3.0.0", "bom-ref": "d" },
    ]);
    const diff = diffSboms(before, after);
    expect(diff.summary).toMatchObject({ added: 1, removed: 0, changed: 1, unchanged: 1 });
    expect(diff.changed[0].before.version).toBe("2.0.0");
    expect(diff.changed[0].after.version).toBe("2.1.2");
    expect(diff.added[0].version).toBe("3.0.0");
  });

  test.skipIf(!requireFixtures())("the Laravel SBOM diffs empty against its XML twin and fully against another product", () => {
    const read = (rel: string) => {
      const r = parseSbom({ fileName: rel, content: readFileSync(fixture("sbom", rel)) });
      if (!r.ok) throw new Error(rel);
      return r.sbom;
    };
    const json = read("cyclonedx/bom-examples/laravel-7.12.0/bom.1.4.json");
    const xml = read("cyclonedx/bom-examples/laravel-7.12.0/bom.1.4.xml");
    expect(diffSboms(json, xml).summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 62, versionChanges: 0 });
    const old = read("cyclonedx/bom-examples/laravel-7.12.0/bom.1.1.xml");
    const diff = diffSboms(old, json);
    console.log(`laravel 1.1 XML -> 1.4 JSON: ${JSON.stringify(diff.summary)}`);
    expect(diff.summary.added + diff.summary.changed + diff.summary.unchanged).toBe(62);
    const other = read("cyclonedx/bom-examples/dropwizard-1.3.15/bom.json");
    expect(diffSboms(json, other).summary).toMatchObject({ added: 167, removed: 62, changed: 0, unchanged: 0 });
  });
});
