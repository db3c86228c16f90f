import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { type Advisory, type AdvisoryInput, parseAdvisory } from "./advisory-model";
import { buildCsaf } from "./csaf-builder";
import { csafMandatoryTestIds, validateCsaf } from "./csaf-validation";
import { validateCycloneDx } from "./cyclonedx-validation";
import { readCycloneDxVex } from "./cyclonedx-vex-reader";
import { buildCycloneDxVex, stableSerialNumber } from "./cyclonedx-vex-builder";
import { EXAMPLE_ADVISORIES } from "./example-advisories.fixture";
import { buildOpenVex, NO_ACTION_YET } from "./openvex-builder";
import { readOpenVex } from "./openvex-reader";
import { validateOpenVex } from "./openvex-schema";

const haveFixtures = requireFixtures();
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function advisory(input: AdvisoryInput): Advisory {
  const parsed = parseAdvisory(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.advisory;
}

const examples = Object.entries(EXAMPLE_ADVISORIES).map(([name, input]) => [name, advisory(input)] as const);
const clone = <T>(v: T): T => structuredClone(v);

beforeAll(async () => {
  await csafMandatoryTestIds();
});

describe("CSAF 2.0 builder", () => {
  for (const [name, adv] of examples) {
    for (const profile of ["csaf_security_advisory", "csaf_vex"] as const) {
      test(`${name} as ${profile} passes the strict schema and all mandatory tests`, async () => {
        const doc = buildCsaf(adv, { profile, generatedAt: "2026-06-01T00:00:00.000Z" });
        const result = await validateCsaf(doc);
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
        expect(doc.document.category).toBe(profile);
      });
    }
  }

  test("one CVE, many products: tree, statuses, flags, scores, threats and remediations", () => {
    const doc = buildCsaf(advisory(EXAMPLE_ADVISORIES.oneCveManyProducts), { profile: "csaf_security_advisory" });
    const family = doc.product_tree.branches[0].branches[0];
    expect(family).toMatchObject({ category: "product_family", name: "InfuSafe" });
    const pump = family.branches[0];
    expect(pump.branches.map((b: { name: string }) => b.name)).toEqual(["3.1.0", "3.2.0", "3.2.1"]);
    expect(pump.branches[0].product).toEqual({
      name: "Acme Medical InfuSafe P200 Infusion Pump 3.1.0",
      product_id: "ACME-P200-3.1.0",
      product_identification_helper: {
        cpe: "cpe:2.3:h:acme_medical:infusafe_p200:3.1.0:*:*:*:*:*:*:*",
        model_numbers: ["P200"],
      },
    });
    const [vuln] = doc.vulnerabilities;
    expect(vuln.cwe).toEqual({ id: "CWE-798", name: "Use of Hard-coded Credentials" });
    expect(vuln.product_status).toEqual({
      known_affected: ["ACME-P200-3.1.0", "ACME-P200-3.2.0"],
      fixed: ["ACME-P200-3.2.1"],
      known_not_affected: ["ACME-GW-2.0.4"],
      // The fixed release is also the one customers should move to: a status beside the VEX one.
      recommended: ["ACME-P200-3.2.1"],
    });
    expect(vuln.flags).toEqual([{ label: "component_not_present", product_ids: ["ACME-GW-2.0.4"] }]);
    expect(vuln.scores).toEqual([
      {
        cvss_v3: {
          version: "3.1",
          vectorString: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
          baseScore: 8.8,
          baseSeverity: "HIGH",
        },
        products: ["ACME-P200-3.1.0", "ACME-P200-3.2.0", "ACME-P200-3.2.1"],
      },
    ]);
    expect(vuln.notes.find((n: { title?: string }) => n.title === "CVSS v4.0")?.text).toMatch(/base score 8.7/);
    expect(vuln.threats).toContainEqual({
      category: "impact",
      details: "Patient safety: Changed infusion rates could cause over- or under-dosing of the patient.",
      product_ids: ["ACME-P200-3.1.0", "ACME-P200-3.2.0"],
    });
    expect(vuln.remediations.map((r: { category: string }) => r.category)).toEqual(["vendor_fix", "workaround"]);
    expect(doc.document.tracking).toMatchObject({
      id: "ACME-SA-2026-0007",
      version: "1.1.0",
      status: "final",
      current_release_date: "2026-03-01T09:00:00.000Z",
    });
    expect(doc.document.distribution.tlp).toEqual({ label: "WHITE", url: "https://www.first.org/tlp/" });
  });

  test("mandatory tests catch what a broken model would produce", async () => {
    const base = buildCsaf(advisory(EXAMPLE_ADVISORIES.oneCveManyProducts), { profile: "csaf_vex" });
    const failing = async (mutate: (d: typeof base) => void) => {
      const doc = clone(base);
      mutate(doc);
      return (await validateCsaf(doc)).errors.map((e) => e.test);
    };
    // known_affected product without remediation in a VEX document
    expect(await failing((d) => (d.vulnerabilities[0].remediations = undefined))).toContain("6.1.27.10");
    // wrong CVSS base score
    expect(await failing((d) => (d.vulnerabilities[0].scores[0].cvss_v3.baseScore = 5.0))).toContain("6.1.9");
    // a status pointing at an undefined product
    expect(await failing((d) => d.vulnerabilities[0].product_status.fixed.push("NOPE-1"))).toContain("6.1.1");
    // a CWE name that does not match the catalogue
    expect(await failing((d) => (d.vulnerabilities[0].cwe.name = "Hardcoded creds"))).toContain("6.1.11");
    // unknown property (strict schema)
    expect(await failing((d) => (d.document.extra = true))).toContain("schema");
  });

  test("a 0.x version is only allowed in a draft", async () => {
    const input = clone(EXAMPLE_ADVISORIES.fixedWithRemediation);
    input.revisions = [{ number: "0.1.0", date: "2026-05-12T10:00:00.000Z", summary: "Draft." }];
    const final = await validateCsaf(buildCsaf(advisory(input), { profile: "csaf_security_advisory" }));
    expect(final.errors.map((e) => e.test)).toContain("6.1.17");
    input.status = "draft";
    const draft = await validateCsaf(buildCsaf(advisory(input), { profile: "csaf_security_advisory" }));
    expect(draft.errors).toEqual([]);
  });
});

describe("CycloneDX VEX builder", () => {
  for (const [name, adv] of examples) {
    for (const specVersion of ["1.5", "1.6"] as const) {
      test(`${name} as CycloneDX ${specVersion} passes the strict JSON schema`, async () => {
        const doc = buildCycloneDxVex(adv, { specVersion });
        expect(await validateCycloneDx(doc)).toEqual({ valid: true, errors: [] });
        expect(doc.specVersion).toBe(specVersion);
      });
    }
  }

  test("one analysis per distinct status; read back, every product keeps its status", () => {
    const adv = advisory(EXAMPLE_ADVISORIES.oneCveManyProducts);
    const doc = buildCycloneDxVex(adv, { specVersion: "1.6" });
    expect(doc.vulnerabilities.map((v: { analysis: { state: string } }) => v.analysis.state)).toEqual([
      "exploitable",
      "resolved",
      "not_affected",
    ]);
    expect(doc.vulnerabilities[0]).toMatchObject({
      id: "CVE-2026-10001",
      cwes: [798],
      ratings: [
        { method: "CVSSv4", score: 8.7, severity: "high" },
        { method: "CVSSv31", score: 8.8, severity: "high" },
      ],
      analysis: { response: ["update", "workaround_available"] },
      recommendation: "Update the pump firmware to 3.2.1.\nRecommended: Acme Medical InfuSafe P200 Infusion Pump 3.2.1.",
    });
    expect(doc.vulnerabilities[2].analysis).toMatchObject({
      justification: "requires_dependency",
      detail: "The gateway has no service interface.",
    });
    const read = readCycloneDxVex(doc);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    const got = read.statements.map((s) => [s.product.ref, s.status, s.justification]);
    const want = adv.vulnerabilities[0].productStatus.map((p) => [p.productId, p.status, p.justification]);
    expect(got).toEqual(want);
  });

  test("serial numbers are stable UUIDs; the validator reports schema errors with paths", async () => {
    const adv = advisory(EXAMPLE_ADVISORIES.notAffectedOnly);
    const a = buildCycloneDxVex(adv, { specVersion: "1.5" });
    expect(a.serialNumber).toBe(buildCycloneDxVex(adv, { specVersion: "1.5" }).serialNumber);
    expect(a.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableSerialNumber("x")).not.toBe(stableSerialNumber("y"));
    const broken = clone(a);
    broken.vulnerabilities[0].analysis.state = "fine";
    const result = await validateCycloneDx(broken);
    expect(result.valid).toBe(false);
    expect(result.errors[0].path).toBe("/vulnerabilities/0/analysis/state");
    expect(await validateCycloneDx({ ...a, specVersion: "1.2" })).toMatchObject({
      valid: false,
      errors: [{ path: "/specVersion" }],
    });
  });
});

describe("OpenVEX builder", () => {
  let officialSchema: ((doc: unknown) => boolean) & { errors?: unknown };
  beforeAll(() => {
    if (!haveFixtures) return;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    // "iri" is checked syntactically (scheme ":" rest). ajv-formats-draft2019's iri format also
    // demands an IANA-registered scheme, which rejects every purl (pkg:) and so the OpenVEX
    // project's own examples; the test below shows both.
    ajv.addFormat("iri", IRI);
    const schema = JSON.parse(readFileSync(fixture("schemas", "openvex", "openvex_json_schema.json"), "utf8"));
    officialSchema = ajv.compile(schema);
  });

  test.skipIf(!haveFixtures)("the schema setup accepts the OpenVEX project's own example", () => {
    const example = JSON.parse(readFileSync(fixture("vex", "openvex", "go-vex-testdata", "vex-v0.2.0.json"), "utf8"));
    expect(officialSchema(example)).toBe(true);
    const registeredSchemeIri = createRequire(import.meta.url)("ajv-formats-draft2019/formats/iri.js");
    expect(registeredSchemeIri("pkg:apk/alpine/libssl3@3.0.8-r3")).toBe(false);
    expect(registeredSchemeIri("https://psirt.acme-medical.example/products/ACME-M5-5.4.2")).toBe(true);
  });

  for (const [name, adv] of examples) {
    test.skipIf(!haveFixtures)(`${name} passes the official OpenVEX schema and the runtime check`, () => {
      const doc = buildOpenVex(adv);
      const ok = officialSchema(doc);
      expect(officialSchema.errors ?? null).toBeNull();
      expect(ok).toBe(true);
      expect(validateOpenVex(doc)).toEqual({ valid: true, errors: [] });
    });
  }

  test("statements per status, purl or namespace IRIs, action statements from remediations; read back", () => {
    const adv = advisory(EXAMPLE_ADVISORIES.manyCvesOneProduct);
    const doc = buildOpenVex(adv);
    expect(doc["@id"]).toBe("https://psirt.acme-medical.example/vex/ACME-SA-2026-0011/1.0.0");
    expect(doc.statements.map((s) => [s.vulnerability.name, s.status, s.justification])).toEqual([
      ["CVE-2023-0286", "affected", undefined],
      ["CVE-2023-0215", "under_investigation", undefined],
      ["CVE-2022-4450", "not_affected", "vulnerable_code_not_in_execute_path"],
    ]);
    expect(doc.statements[0].action_statement).toMatch(/Disable CRL checking/);
    expect(doc.statements[0].products).toEqual([{ "@id": "https://psirt.acme-medical.example/products/ACME-M5-5.4.2" }]);
    const read = readOpenVex(doc);
    expect(read.ok && read.statements.map((s) => [s.vulnerability.id, s.status])).toEqual([
      ["CVE-2023-0286", "affected"],
      ["CVE-2023-0215", "under_investigation"],
      ["CVE-2022-4450", "not_affected"],
    ]);
  });

  test("affected products without remediation get the standard action statement", () => {
    const input = clone(EXAMPLE_ADVISORIES.manyCvesOneProduct);
    input.vulnerabilities[0].remediations = [];
    const doc = buildOpenVex(advisory(input));
    expect(doc.statements[0].action_statement).toBe(NO_ACTION_YET);
  });

  test("the recommended version is named in the affected products' action statement", () => {
    const doc = buildOpenVex(advisory(EXAMPLE_ADVISORIES.oneCveManyProducts));
    const affected = doc.statements.find((s) => s.status === "affected");
    expect(affected?.action_statement).toMatch(/^Update the pump firmware to 3\.2\.1\. .* Recommended: Acme Medical InfuSafe P200 Infusion Pump 3\.2\.1\.$/);
    expect(doc.statements.find((s) => s.status === "fixed")?.action_statement).toBeUndefined();
  });

  test("runtime check reports the OpenVEX rules", () => {
    const doc = buildOpenVex(advisory(EXAMPLE_ADVISORIES.manyCvesOneProduct));
    const broken = clone(doc);
    delete broken.statements[0].action_statement;
    broken.statements[2].justification = undefined;
    delete broken.statements[2].impact_statement;
    expect(validateOpenVex(broken).errors).toEqual([
      { path: "statements[0].action_statement", message: "affected needs an action_statement" },
      { path: "statements[2]", message: "not_affected needs a justification or an impact_statement" },
    ]);
  });
});

describe("parseAdvisory", () => {
  test("reports schema errors with their path", () => {
    const input = clone(EXAMPLE_ADVISORIES.fixedWithRemediation) as Record<string, unknown>;
    input.initialReleaseDate = "12 May 2026";
    (input.revisions as Array<{ number: string }>)[0].number = "1.0";
    const r = parseAdvisory(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["initialReleaseDate", "revisions[0].number"]);
  });

  test("reports broken references between statuses, remediations and products", () => {
    const input = clone(EXAMPLE_ADVISORIES.oneCveManyProducts);
    const vuln = input.vulnerabilities[0];
    vuln.productStatus.push({ productId: "ACME-X-1", status: "affected" });
    vuln.productStatus[0].justification = "component_not_present";
    vuln.remediations?.push({ category: "vendor_fix", details: "n/a", productIds: ["ACME-GW-2.0.4"] });
    const r = parseAdvisory(input);
    expect(!r.ok && r.errors).toEqual([
      { path: "vulnerabilities[0].productStatus[0].justification", message: "a justification needs status not_affected" },
      { path: "vulnerabilities[0].productStatus[4].productId", message: "unknown product id ACME-X-1" },
      {
        path: "vulnerabilities[0].remediations[2].productIds[0]",
        message: "ACME-GW-2.0.4 is not affected: it needs no remediation",
      },
    ]);
  });

  test("checks CVSS vectors and CWE names", () => {
    const input = clone(EXAMPLE_ADVISORIES.oneCveManyProducts);
    const vuln = input.vulnerabilities[0];
    vuln.cvss = { v31: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H", v40: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" };
    vuln.cwe = { id: "CWE-798", name: "Hardcoded password" };
    const r = parseAdvisory(input);
    expect(!r.ok && r.errors).toEqual([
      { path: "vulnerabilities[0].cvss.v31", message: "missing base metric(s) A for CVSS 3.1" },
      { path: "vulnerabilities[0].cvss.v40", message: "expected a CVSS 4.0 vector, got CVSS 3.1" },
      { path: "vulnerabilities[0].cwe.name", message: 'the CWE catalogue names CWE-798 "Use of Hard-coded Credentials"' },
    ]);
    vuln.cvss = {};
    vuln.cwe = { id: "CWE-99999999" };
    const unknown = parseAdvisory(input);
    expect(!unknown.ok && unknown.errors).toEqual([
      { path: "vulnerabilities[0].cwe", message: "CWE-99999999 is not in the CWE catalogue; give its name" },
    ]);
  });

  test("needs a CVE or another id, and unique product ids", () => {
    const input = clone(EXAMPLE_ADVISORIES.notAffectedOnly);
    input.vulnerabilities[0].cve = undefined;
    const r = parseAdvisory(input);
    expect(!r.ok && r.errors).toEqual([{ path: "vulnerabilities[0].cve", message: "a vulnerability needs a CVE or another id" }]);
    const dup = clone(EXAMPLE_ADVISORIES.fixedWithRemediation);
    dup.products.vendors[0].products?.[0].versions.push({ version: "2.2.0", productId: "ACME-GW-2.1.0" });
    const d = parseAdvisory(dup);
    expect(!d.ok && d.errors[0]).toEqual({
      path: "products.vendors[0].products[0].versions[2].productId",
      message: "product id ACME-GW-2.1.0 is used twice",
    });
  });
});
