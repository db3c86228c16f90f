import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { readVexDocument, statementsWithoutComponent, type VexComponent, versionInRange, vexForFinding } from ".";
import { boardCycloneDxVex, frameworkOpenVex, windRiverCsafVex } from "./supplier-documents.fixture";

const haveFixtures = requireFixtures();
const shared = (...parts: string[]) => ({ fileName: parts[parts.length - 1], text: readFileSync(fixture(...parts), "utf8") });
const own = (name: string, doc: unknown) => ({ fileName: name, text: JSON.stringify(doc) });
const jquery: VexComponent = { ref: "jquery@3.4.1", name: "jquery", version: "3.4.1", purl: "pkg:npm/jquery@3.4.1", cpe: null };
const ghsaFinding = { vulnerabilityIds: ["GHSA-jpcq-cgw6-v4j6", "CVE-2020-11023"], component: jquery };

async function statementsOf(input: { fileName: string; text: string }) {
  const r = await readVexDocument(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

describe.skipIf(!haveFixtures)("VEX documents of the three formats from the shared fixtures", () => {
  test("CSAF csaf_vex (OASIS use case 1, not affected) with its tracking data", async () => {
    const r = await statementsOf(shared("csaf", "oasis-examples", "csaf_vex", "2022-evd-uc-01-na-001.json"));
    expect(r.document).toEqual({
      format: "csaf",
      id: "2022-EVD-UC-01-NA-001",
      revision: "1",
      issuedAt: "2022-03-03T11:00:00.000Z",
      publisher: "Example Company ProductCERT",
      category: "csaf_vex",
      tlp: null,
    });
    const abc: VexComponent = { ref: "abc", name: "ABC", version: "4.2", purl: null, cpe: null };
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2021-44228"], component: abc }, r.statements)).toMatchObject({ kind: "name", statement: { status: "not_affected" } });
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2021-44228"], component: { ...abc, version: "4.3" } }, r.statements)).toBeNull();
  });

  test("CSAF csaf_security_advisory (Red Hat): fixed statements for the products it names", async () => {
    const r = await statementsOf(shared("csaf", "oasis-examples", "rhsa-2021_5217.json"));
    expect(r.document).toMatchObject({ category: "csaf_security_advisory", publisher: "Red Hat Product Security" });
    expect(r.statements.map((s) => `${s.vulnerability.id} ${s.status} ${s.product.name}`)).toEqual(["CVE-2021-4133 fixed Red Hat Single Sign-On"]);
  });

  test("CSAF relationship: the component inside the product is matched by its purl", async () => {
    const r = await statementsOf(shared("vex", "trivy-testdata", "csaf-relationships.json"));
    const component: VexComponent = { ref: "t", name: "go-transitive", version: "v4.0.0", purl: "pkg:golang/github.com/aquasecurity/go-transitive@v4.0.0", cpe: null };
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2024-0001"], component }, r.statements)).toMatchObject({ kind: "purl", statement: { status: "not_affected" } });
  });

  test("CycloneDX 1.4 VEX with BOM-Links and vers ranges (CISA case 7)", async () => {
    const r = await statementsOf(shared("vex", "cyclonedx", "bom-examples", "CISA-Use-Cases", "Case-7", "vex.json"));
    const abc = (version: string): VexComponent => ({ ref: "product-ABC", name: "ABC", version, purl: null, cpe: null });
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2021-44228"], component: abc("3.0") }, r.statements)?.statement.status).toBe("affected");
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2021-44228"], component: abc("2.5") }, r.statements)?.statement.status).toBe("not_affected");
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2021-44228"], component: abc("5.5") }, r.statements)).toBeNull();
  });

  test("OpenVEX 0.2 with subcomponents", async () => {
    const r = await statementsOf(shared("vex", "openvex", "go-vex-testdata", "vex-v0.2.0.json"));
    expect(r.document).toMatchObject({ format: "openvex", revision: "1", publisher: "The OpenVEX Project <openvex@openssf.org>" });
    const libssl: VexComponent = { ref: "x", name: "libssl3", version: "3.0.8-r3", purl: "pkg:apk/alpine/libssl3@3.0.8-r3?distro=3.17", cpe: null };
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2023-1255"], component: libssl }, r.statements)?.statement.status).toBe("fixed");
  });

  test("an invalid CSAF document is refused with the path and the mandatory test it fails", async () => {
    const doc = JSON.parse(shared("csaf", "oasis-examples", "csaf_vex", "2022-evd-uc-01-na-001.json").text);
    delete doc.vulnerabilities[0].threats;
    const r = await readVexDocument(own("broken.json", doc));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: "vulnerabilities[0].product_status.known_not_affected[0]", message: expect.stringMatching(/^mandatory test 6\.1\.27\.9: /) });
  });
});

describe("supplier documents", () => {
  test("a CSAF revision keeps its document id; the statement changes with it", async () => {
    const r1 = await statementsOf(own("wrs.json", windRiverCsafVex(1)));
    const r3 = await statementsOf(own("wrs.json", windRiverCsafVex(3)));
    expect([r1.document.id, r1.document.revision, r3.document.revision]).toEqual(["WRS-2026-0012", "1", "3"]);
    expect(vexForFinding(ghsaFinding, r1.statements)?.statement.status).toBe("under_investigation");
    expect(vexForFinding(ghsaFinding, r3.statements)?.statement).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_present" });
  });

  test("alias matching: a VEX by CVE decides a finding known by its GHSA id, and the other way round", async () => {
    const byCve = await statementsOf(own("board.json", boardCycloneDxVex()));
    expect(vexForFinding(ghsaFinding, byCve.statements)?.statement.status).toBe("not_affected");
    const byGhsa = await statementsOf(own("ui.json", frameworkOpenVex()));
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2020-11023", "GHSA-jpcq-cgw6-v4j6"], component: jquery }, byGhsa.statements)?.statement.status).toBe("fixed");
    expect(vexForFinding({ vulnerabilityIds: ["CVE-2020-11022"], component: jquery }, byGhsa.statements)).toBeNull();
  });

  test("another version of the component is not covered by a statement about 3.4.1", async () => {
    const r = await statementsOf(own("wrs.json", windRiverCsafVex(2)));
    expect(vexForFinding({ ...ghsaFinding, component: { ...jquery, version: "3.5.0", purl: "pkg:npm/jquery@3.5.0" } }, r.statements)).toBeNull();
  });

  test("a statement about a component the SBOM does not hold is reported, not dropped", async () => {
    const r = await statementsOf(own("board.json", boardCycloneDxVex()));
    expect(statementsWithoutComponent(r.statements, [jquery]).map((s) => s.vulnerability.id)).toEqual(["CVE-2026-0001"]);
  });

  test("not a VEX document", async () => {
    expect(await readVexDocument({ fileName: "x.json", text: '{"hello":1}' })).toMatchObject({ ok: false, errors: [{ path: "(document)", message: expect.stringMatching(/^not a VEX document/) }] });
    expect(await readVexDocument({ fileName: "x.json", text: "{" })).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/^not valid JSON/) }] });
  });
});

test("vers ranges", () => {
  expect(versionInRange("3.0", "vers:generic/>=2.9|<=4.1")).toBe(true);
  expect(versionInRange("4.2", "vers:generic/>=2.9|<=4.1")).toBe(false);
  expect(versionInRange("2.5", "vers:generic/2.5|>=2.7|<=2.8")).toBe(true);
  expect(versionInRange("1.2.3", "vers:npm/<1.2.3")).toBe(false);
  expect(versionInRange("1.2.3", "vers:npm/*")).toBe(true);
  expect(versionInRange("1", "not a range")).toBeNull();
});
