import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { parseAdvisory } from "./advisory-model";
import { buildCsaf } from "./csaf-builder";
import { readCsafVex } from "./csaf-vex-reader";
import { readCycloneDxVex } from "./cyclonedx-vex-reader";
import { EXAMPLE_ADVISORIES } from "./example-advisories.fixture";
import type { VexReadResult } from "./vex-statement";

const haveFixtures = requireFixtures();
const oasisVex = (file: string) => readFileSync(fixture("csaf", "oasis-examples", "csaf_vex", file), "utf8");

function ok(r: VexReadResult) {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.statements;
}

describe.skipIf(!haveFixtures)("CSAF VEX reader on the OASIS VEX examples", () => {
  test("use case 1: one file per status", () => {
    const status = (file: string) => ok(readCsafVex(oasisVex(file))).map((s) => s.status);
    expect(status("2022-evd-uc-01-a-001.json")).toEqual(["affected"]);
    expect(status("2022-evd-uc-01-f-001.json")).toEqual(["fixed"]);
    expect(status("2022-evd-uc-01-na-001.json")).toEqual(["not_affected"]);
    expect(status("2022-evd-uc-01-ui-001.json")).toEqual(["under_investigation"]);
  });

  test("not affected carries the threat impact as impact statement; affected carries the remediation", () => {
    const [na] = ok(readCsafVex(oasisVex("2022-evd-uc-01-na-001.json")));
    expect(na).toMatchObject({
      vulnerability: { id: "CVE-2021-44228" },
      product: { ref: "CSAFPID-0001", name: "Example Company ABC 4.2" },
      impactStatement: "Class with vulnerable code was removed before shipping.",
      source: { format: "csaf", status: "known_not_affected" },
    });
    const [a] = ok(readCsafVex(oasisVex("2022-evd-uc-01-a-001.json")));
    expect(a.actionStatement).toMatch(/\w/);
  });

  test("flags become justifications (Secvisogram is not affected by Log4Shell)", () => {
    const s = ok(readCsafVex(oasisVex("sec-vex-2022-0001.json")));
    expect(s.map((x) => [x.vulnerability.id, x.status, x.justification])).toEqual([
      ["CVE-2021-44228", "not_affected", "component_not_present"],
      ["CVE-2021-45046", "not_affected", "component_not_present"],
      ["CVE-2021-45105", "not_affected", "component_not_present"],
    ]);
  });

  test("use case 8: 'recommended' is not a VEX status and is skipped", () => {
    const s = ok(readCsafVex(oasisVex("2022-evd-uc-08-001.json")));
    const log4shell = s.filter((x) => x.vulnerability.id === "CVE-2021-44228");
    expect(log4shell).toHaveLength(2 + 4 + 5);
    expect(log4shell.filter((x) => x.status === "fixed").map((x) => x.product.name)).toEqual([
      "Example Company JKL 5.1",
      "Example Company JKL 5.2",
    ]);
  });

  test("Trivy's CSAF with a product defined through a relationship: identified as the component it names", () => {
    const s = ok(readCsafVex(readFileSync(fixture("vex", "trivy-testdata", "csaf-relationships.json"), "utf8")));
    expect(s).toEqual([
      expect.objectContaining({
        status: "not_affected",
        justification: "vulnerable_code_cannot_be_controlled_by_adversary",
        product: {
          ref: "go-direct1-v2.0.0-go-transitive-v4.0.0",
          name: "go-direct1 uses go-transitive",
          productName: "go-transitive",
          version: "v4.0.0",
          purl: "pkg:golang/github.com/aquasecurity/go-transitive@v4.0.0",
        },
      }),
    ]);
  });
});

describe.skipIf(!haveFixtures)("the same CISA use cases in CycloneDX and in CSAF give the same statements", () => {
  const cdx = (n: number, file = "vex.json") =>
    readFileSync(fixture("vex", "cyclonedx", "bom-examples", "CISA-Use-Cases", `Case-${n}`, file), "utf8");

  test.each([
    ["vex-affected.json", "2022-evd-uc-01-a-001.json"],
    ["vex-fixed.json", "2022-evd-uc-01-f-001.json"],
    ["vex-not_affected.json", "2022-evd-uc-01-na-001.json"],
    ["vex-under_investigation.json", "2022-evd-uc-01-ui-001.json"],
  ])("use case 1: %s and %s", (cdxFile, csafFile) => {
    const [fromCdx] = ok(readCycloneDxVex(cdx(1, cdxFile)));
    const [fromCsaf] = ok(readCsafVex(oasisVex(csafFile)));
    expect(fromCsaf.status).toBe(fromCdx.status);
    expect(fromCsaf.vulnerability.id).toBe(fromCdx.vulnerability.id);
    expect(fromCsaf.product.name).toBe(`Example Company ${fromCdx.product.name} ${fromCdx.product.version}`);
  });

  test("use case 3: the status of each Ripple20 CVE agrees", () => {
    const byCve = (statements: ReturnType<typeof ok>) =>
      Object.fromEntries(statements.map((s) => [s.vulnerability.id, s.status]));
    const fromCdx = byCve(ok(readCycloneDxVex(cdx(3))));
    const fromCsaf = byCve(ok(readCsafVex(oasisVex("2022-evd-uc-03-ms-001.json"))));
    expect(Object.keys(fromCsaf)).toHaveLength(19);
    expect(fromCsaf).toEqual(fromCdx);
  });
});

describe("CSAF built by Vigil reads back to the model's statuses", () => {
  for (const [name, input] of Object.entries(EXAMPLE_ADVISORIES)) {
    test(name, () => {
      const parsed = parseAdvisory(input);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const doc = buildCsaf(parsed.advisory, { profile: "csaf_vex" });
      const key = (v: string, p: string, s: string, j?: string, i?: string) => [v, p, s, j ?? "-", i ?? "-"].join(" ");
      const read = ok(readCsafVex(doc)).map((s) =>
        key(s.vulnerability.id, s.product.ref, s.status, s.justification, s.impactStatement),
      );
      const want = parsed.advisory.vulnerabilities.flatMap((v) =>
        v.productStatus.map((p) => key(v.cve ?? v.ids[0].text, p.productId, p.status, p.justification, p.impactStatement)),
      );
      expect(read.sort()).toEqual(want.sort());
    });
  }
});

test("errors and warnings name their path", () => {
  expect(readCsafVex({ document: { csaf_version: "2.1" } })).toEqual({
    ok: false,
    errors: [{ path: "document.csaf_version", message: 'csaf_version must be "2.0"' }],
  });
  const r = readCsafVex({
    document: { csaf_version: "2.0" },
    vulnerabilities: [{ cve: "CVE-2024-1", product_status: { known_affected: ["P-1"] }, flags: "no" }],
  });
  expect(r).toEqual({ ok: false, errors: [{ path: "vulnerabilities[0].flags", message: expect.stringMatching(/array/) }] });
  const w = readCsafVex({ document: { csaf_version: "2.0" }, vulnerabilities: [{ cve: "CVE-2024-1", product_status: { fixed: ["P-1"] } }] });
  expect(w.ok && w.warnings).toEqual([
    { path: "vulnerabilities[0].product_status.fixed[0]", message: "product P-1 is not defined in the product tree" },
  ]);
});
