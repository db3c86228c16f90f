import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { checkSbomQuality, type NormalisedSbom, parseSbom, type QualityProfile, qualityProfilesFile, resolveQualityProfiles } from "./index";

const haveFixtures = requireFixtures();
const profilesYaml = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/sbom-quality/profiles.yaml");
const profiles = resolveQualityProfiles(qualityProfilesFile.parse(parse(readFileSync(profilesYaml, "utf8"))));
const profile = (id: string) => profiles.find((p) => p.id === id) as QualityProfile;

function sbomOf(content: string | Buffer, fileName = "bom.json"): NormalisedSbom {
  const r = parseSbom({ fileName, content });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.sbom;
}
const real = (...parts: string[]) => sbomOf(readFileSync(fixture("sbom", ...parts)), parts[parts.length - 1]);

/** Every per-component element any profile asks for, besides supplier, name, version and purl. */
const ELEMENTS = {
  hashes: [{ alg: "SHA-512", content: "a".repeat(128) }],
  licenses: [{ license: { id: "Zlib" } }],
  properties: [
    { name: "bsi:component:filename", value: "libz.so.1.3.1" },
    { name: "bsi:component:executable", value: "executable" },
    { name: "bsi:component:archive", value: "no archive" },
    { name: "bsi:component:structured", value: "unstructured" },
    { name: "vigil:support-level", value: "actively maintained" },
    { name: "vigil:end-of-support", value: "2030-12-31" },
  ],
};

/** A CycloneDX 1.6 SBOM whose product and one component carry every element any profile asks for. */
function complete(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    metadata: {
      timestamp: "2026-12-01T10:00:00Z",
      authors: [{ name: "Demo Medical GmbH Product Security" }],
      component: { type: "application", "bom-ref": "app", name: "infusion-ui", version: "3.2.0", supplier: { name: "Demo Medical GmbH" }, purl: "pkg:generic/demo/infusion-ui@3.2.0", ...ELEMENTS },
    },
    components: [{ type: "library", "bom-ref": "zlib", supplier: { name: "zlib project" }, name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1", ...ELEMENTS, ...overrides }],
    dependencies: [{ ref: "app", dependsOn: ["zlib"] }],
  });
}

describe("SBOM quality profiles (data/sbom-quality/profiles.yaml)", () => {
  test("the three profiles are read with their sources; FDA is NTIA plus support level and end of support", () => {
    expect(profiles.map((p) => p.id)).toEqual(["ntia", "bsi-tr-03183-2", "fda"]);
    expect(profile("ntia").elements.map((e) => e.field)).toEqual(["supplier", "name", "version", "unique_identifier", "dependency_relationship", "author", "timestamp"]);
    expect(profile("fda").elements.map((e) => e.field)).toEqual([...profile("ntia").elements.map((e) => e.field), "support_level", "end_of_support"]);
    expect(profile("fda").sources).toHaveLength(2);
    expect(profile("bsi-tr-03183-2").elements.map((e) => e.field)).toEqual(expect.arrayContaining(["hash_sha512", "licences", "creator", "timestamp"]));
  });

  test("a profile naming an unknown check or including an unknown profile is refused", () => {
    const bad = { version: 1, lastReviewed: "2026-12-06", profiles: [{ id: "x", title: "X", source: "s", includes: "nope", elements: [{ field: "f", scope: "component", check: "made_up", title: "t", confidence: "V3" }] }] };
    const r = qualityProfilesFile.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["profiles.0.elements.0.check"]));
  });

  test("a property check names its property (and its allowed values) in the data, where the taxonomy's facts live once", () => {
    const element = (extra: object) => ({ version: 1, lastReviewed: "2026-12-07", profiles: [{ id: "x", title: "X", source: "s", elements: [{ field: "f", scope: "component", title: "t", confidence: "V2", ...extra }] }] });
    const paths = (extra: object) => qualityProfilesFile.safeParse(element(extra)).error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths({ check: "property" })).toEqual(["profiles.0.elements.0.property"]);
    expect(paths({ check: "property_one_of", property: "bsi:component:archive" })).toEqual(["profiles.0.elements.0.values"]);
    expect(paths({ check: "name", property: "bsi:component:archive" })).toEqual(["profiles.0.elements.0.property"]);
    expect(paths({ check: "property_one_of", property: "bsi:component:archive", values: ["archive", "no archive"] })).toEqual([]);
  });
});

describe("checkSbomQuality", () => {
  test("an SBOM with every element passes all three profiles", () => {
    for (const p of profiles) {
      const r = checkSbomQuality(sbomOf(complete()), p);
      expect(r.problems, p.id).toEqual([]);
      expect(r.passed).toBe(true);
      expect(r.summary).toMatchObject({ components: 2, componentsWithProblems: 0, problems: 0 });
    }
  });

  test("each missing element is one problem naming the component by bom-ref, the element and the reason", () => {
    const sbom = sbomOf(complete({ supplier: undefined, hashes: [{ alg: "SHA-256", content: "b".repeat(64) }], licenses: undefined, properties: [] }));
    expect(checkSbomQuality(sbom, profile("ntia")).problems).toEqual([{ component: "zlib", field: "supplier", reason: "no supplier named" }]);
    const bsi = checkSbomQuality(sbom, profile("bsi-tr-03183-2"));
    expect(bsi.passed).toBe(false);
    expect(bsi.problems.map((p) => p.field)).toEqual(["component_creator", "filename", "licences", "hash_sha512", "executable", "archive", "structured"]);
    const fda = checkSbomQuality(sbom, profile("fda"));
    expect(fda.problems.map((p) => p.field)).toEqual(["supplier", "support_level", "end_of_support"]);
    expect(fda.summary.missing).toMatchObject({ supplier: 1, support_level: 1, end_of_support: 1, name: 0 });
  });

  test("BSI file properties hold exactly one value from the BSI CycloneDX property taxonomy, which the profile cites as V2", () => {
    const withProps = (props: Array<{ name: string; value: string }>) =>
      sbomOf(complete({ properties: [...ELEMENTS.properties.filter((p) => !props.some((q) => q.name === p.name)), ...props] }));
    const bsiProblems = (props: Array<{ name: string; value: string }>) => checkSbomQuality(withProps(props), profile("bsi-tr-03183-2")).problems;
    expect(bsiProblems([])).toEqual([]);
    expect(bsiProblems([{ name: "bsi:component:executable", value: "non-executable" }, { name: "bsi:component:archive", value: "archive" }, { name: "bsi:component:structured", value: "structured" }])).toEqual([]);
    expect(bsiProblems([{ name: "bsi:component:executable", value: "true" }])).toEqual([
      { component: "zlib", field: "executable", reason: "no single bsi:component:executable property with the value executable or non-executable" },
    ]);
    const twice = [...ELEMENTS.properties, { name: "bsi:component:archive", value: "archive" }];
    expect(checkSbomQuality(sbomOf(complete({ properties: twice })), profile("bsi-tr-03183-2")).problems.map((p) => p.field)).toEqual(["archive"]);
    const cited = profile("bsi-tr-03183-2").elements.filter((e) => ["filename", "executable", "archive", "structured"].includes(e.field));
    expect(cited).toHaveLength(4);
    for (const e of cited) expect(e).toMatchObject({ confidence: "V2", source: expect.stringContaining("BSI CycloneDX Property Taxonomy") });
  });

  test("document elements: no author and no timestamp are problems of (document); a tool counts as NTIA author, not as BSI creator", () => {
    const doc = JSON.parse(complete());
    delete doc.metadata.timestamp;
    doc.metadata.authors = undefined;
    doc.metadata.tools = { components: [{ type: "application", name: "cdxgen", version: "11.0.0" }] };
    const sbom = sbomOf(JSON.stringify(doc));
    expect(checkSbomQuality(sbom, profile("ntia")).problems).toEqual([{ component: "(document)", field: "timestamp", reason: "no timestamp" }]);
    expect(checkSbomQuality(sbom, profile("bsi-tr-03183-2")).problems.slice(0, 2)).toEqual([
      { component: "(document)", field: "creator", reason: "no author of the SBOM named" },
      { component: "(document)", field: "timestamp", reason: "no timestamp" },
    ]);
  });

  test("a component in no dependency relationship, and an SBOM that lists no component at all, fail", () => {
    const doc = JSON.parse(complete());
    doc.dependencies = [];
    expect(checkSbomQuality(sbomOf(JSON.stringify(doc)), profile("ntia")).problems.map((p) => `${p.component} ${p.field}`)).toEqual(["app dependency_relationship", "zlib dependency_relationship"]);
    const empty = sbomOf(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1, metadata: { timestamp: "2026-12-01T10:00:00Z", authors: [{ name: "A" }] } }));
    expect(checkSbomQuality(empty, profile("ntia"))).toMatchObject({ passed: false, problems: [{ component: "(document)", field: "supplier", reason: "the SBOM lists no component" }] });
  });
});

describe.skipIf(!haveFixtures)("checkSbomQuality on real public SBOMs", () => {
  test("SPDX 'SBOM with dependency' (OSS NA 2023 examples) meets the NTIA minimum elements but not FDA or BSI", () => {
    const sbom = real("spdx", "spdx-examples", "oss-na-2023", "03-SBOMwDependency.spdx.json");
    expect(checkSbomQuality(sbom, profile("ntia"))).toMatchObject({ passed: true, problems: [] });
    const fda = checkSbomQuality(sbom, profile("fda"));
    expect(fda.passed).toBe(false);
    expect(new Set(fda.problems.map((p) => p.field))).toEqual(new Set(["support_level", "end_of_support"]));
    expect(new Set(checkSbomQuality(sbom, profile("bsi-tr-03183-2")).problems.map((p) => p.field))).toEqual(
      new Set(["filename", "licences", "hash_sha512", "executable", "archive", "structured"]),
    );
  });

  test("the CycloneDX Laravel example names no supplier and no timestamp: 63 NTIA problems over 63 components", () => {
    const r = checkSbomQuality(real("cyclonedx", "bom-examples", "laravel-7.12.0", "bom.1.4.json"), profile("ntia"));
    expect(r.passed).toBe(false);
    expect(r.summary.missing).toMatchObject({ supplier: 63, timestamp: 1, name: 0, version: 0, unique_identifier: 0 });
    expect(r.problems).toContainEqual({ component: "asm89/stack-cors-1.3.0.0", field: "supplier", reason: "no supplier named" });
  });

  test("Trivy's npm SBOM: components without version and purl are named by bom-ref", () => {
    const r = checkSbomQuality(real("cyclonedx", "trivy-fixtures", "npm-with-vulns.cdx.json"), profile("ntia"));
    expect(r.passed).toBe(false);
    expect(r.summary.missing.version).toBeGreaterThan(0);
    expect(r.problems.filter((p) => p.field === "version").every((p) => p.component.length > 0)).toBe(true);
  });
});
