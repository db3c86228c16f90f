import { describe, expect, test } from "vitest";
import { boardCycloneDxVex, frameworkOpenVex, windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { runVigil } from "../support/cli";
import { fixture, requireFixtures } from "../support/fixtures";
import { JQUERY_GHSA, NPM_SBOM, npmSbomWithJquery, tempDir, writeJson } from "./scan-support";

const has = requireFixtures();

// The CycloneDX examples' decoupled pair: an SBOM with jackson-databind 2.10.0 and a VEX stating CVE-2020-25649
// not affected (code_not_reachable) through a BOM-Link to its bom-ref. OSV knows the vulnerability as GHSA-288c-cq4h-88gq.
const PAIR_SBOM = fixture("vex/cyclonedx/bom-examples/bom.json");
const PAIR_VEX = fixture("vex/cyclonedx/bom-examples/vex.json");
const JACKSON_GHSA = fixture("osv/records/from-bundles/GHSA-288c-cq4h-88gq.json");

const scanJson = async (args: string[]) => {
  // CSAF validation (strict schema and mandatory tests) is the slow part of a scan on a loaded machine.
  const r = await runVigil(["scan", ...args, "--format", "json", "--date", "2026-12-01"], { timeoutMs: 300_000 });
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : null };
};

describe.skipIf(!has)("vigil scan --vex", { timeout: 600_000 }, () => {
  test("real CycloneDX VEX by CVE settles the finding of the GHSA record: vex field, --fail-on ignores it, SARIF suppresses it", async () => {
    const plain = await runVigil(["scan", PAIR_SBOM, "--vulns", JACKSON_GHSA, "--fail-on", "high", "--format", "json"]);
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.stdout).findings[0].vex).toBeUndefined();

    const r = await scanJson([PAIR_SBOM, "--vulns", JACKSON_GHSA, "--vex", PAIR_VEX, "--fail-on", "high"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.doc.findings).toHaveLength(1);
    const f = r.doc.findings[0];
    expect(f.vulnerability.aliases).toContain("GHSA-288c-cq4h-88gq");
    expect(f.priority).toBe("high");
    expect(f.vex).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path", source: PAIR_VEX });
    expect(f.vex.impactStatement).toContain("not reachable");
    expect(r.doc.warnings).toEqual([]);

    const sarif = await runVigil(["scan", PAIR_SBOM, "--vulns", JACKSON_GHSA, "--vex", PAIR_VEX, "--format", "sarif"]);
    const result = JSON.parse(sarif.stdout).runs[0].results[0];
    expect(result.suppressions).toEqual([{ kind: "external", status: "accepted", justification: expect.stringContaining("not_affected: vulnerable_code_not_in_execute_path") }]);
    expect(result.properties.vex.status).toBe("not_affected");
  });

  test("the VEX status is carried into the CycloneDX VEX, OpenVEX and CSAF VEX outputs", async () => {
    const args = [PAIR_SBOM, "--vulns", JACKSON_GHSA, "--vex", PAIR_VEX];
    const cdx = JSON.parse((await runVigil(["scan", ...args, "--format", "cyclonedx-vex"])).stdout);
    expect(cdx.vulnerabilities[0].analysis).toMatchObject({ state: "not_affected", justification: "code_not_reachable" });
    expect(cdx.vulnerabilities[0].analysis.detail).toContain("not reachable");
    const openvex = JSON.parse((await runVigil(["scan", ...args, "--format", "openvex"])).stdout);
    expect(openvex.statements[0]).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path" });
    const csafRun = await runVigil(["scan", ...args, "--format", "csaf-vex"]);
    expect(csafRun.code, csafRun.stderr).toBe(0);
    const csaf = JSON.parse(csafRun.stdout);
    const ids: string[] = csaf.vulnerabilities[0].product_status.known_not_affected;
    expect(ids).toHaveLength(1);
    expect(csaf.vulnerabilities[0].product_status.known_affected).toBeUndefined();
    expect(csaf.vulnerabilities[0].flags[0]).toMatchObject({ label: "vulnerable_code_not_in_execute_path", product_ids: ids });
  });

  test("supplier CSAF VEX (by CVE) and OpenVEX (by the GHSA alias, on a subcomponent) on a real npm SBOM", async () => {
    const dir = tempDir();
    const sbom = npmSbomWithJquery(dir, "3.4.1");
    const underInvestigation = await scanJson([sbom, "--vulns", JQUERY_GHSA, "--vex", writeJson(dir, "wrs-1.json", windRiverCsafVex(1)), "--fail-on", "medium"]);
    expect(underInvestigation.doc.findings[0].vex).toEqual({ status: "under_investigation", justification: null, source: "WRS-2026-0012" });
    expect(underInvestigation.code).toBe(1); // still open: only not_affected and fixed settle a finding

    const csaf = await scanJson([sbom, "--vulns", JQUERY_GHSA, "--vex", writeJson(dir, "wrs-2.json", windRiverCsafVex(2)), "--fail-on", "medium"]);
    expect(csaf.code).toBe(0);
    expect(csaf.doc.findings[0].vex).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_present", source: "WRS-2026-0012" });

    const openvex = await scanJson([sbom, "--vulns", JQUERY_GHSA, "--vex", writeJson(dir, "ui.openvex.json", frameworkOpenVex()), "--fail-on", "medium"]);
    expect(openvex.code).toBe(0);
    expect(openvex.doc.findings[0].vex).toEqual({ status: "fixed", justification: null, source: "https://vex.example-ui.com/2026/ui-0007" });

    // The same statements do not speak about jquery 3.3.9: the finding stays without VEX and trips the gate.
    const other = await scanJson([NPM_SBOM, "--vulns", JQUERY_GHSA, "--vex", writeJson(dir, "wrs-2b.json", windRiverCsafVex(2)), "--fail-on", "medium"]);
    expect(other.code).toBe(1);
    expect(other.doc.findings[0].vex).toBeUndefined();
    expect(other.doc.warnings).toContainEqual(expect.objectContaining({ message: expect.stringContaining("pkg:npm/jquery@3.4.1, which is not a component of the SBOM") }));
  });

  test("statements about components not in the SBOM are listed as warnings (supplier CycloneDX and the shared OpenVEX and CSAF files)", async () => {
    const dir = tempDir();
    const sbom = npmSbomWithJquery(dir, "3.4.1");
    const r = await scanJson([
      sbom,
      "--vulns",
      JQUERY_GHSA,
      "--vex",
      writeJson(dir, "board.cdx.json", boardCycloneDxVex()),
      "--vex",
      fixture("vex/openvex/go-vex-testdata/vex-v0.2.0.json"),
      "--vex",
      fixture("csaf/oasis-examples/csaf_vex/2022-evd-uc-01-na-001.json"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.doc.findings[0].vex).toMatchObject({ status: "not_affected", source: "urn:uuid:6f1c1c6e-6f1a-4f55-9a55-5e3a2c1b7d01" });
    const messages = r.doc.warnings.map((w: { source: string; message: string }) => `${w.source} ${w.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/board\.cdx\.json .*pkg:generic\/acme\/acme-boot@7\.1, which is not a component of the SBOM/));
    expect(messages).toContainEqual(expect.stringMatching(/vex-v0\.2\.0\.json .*CVE-2023-1255.*pkg:oci\/alpine@.*not a component of the SBOM/));
    expect(messages).toContainEqual(expect.stringMatching(/2022-evd-uc-01-na-001\.json .*CVE-2021-44228.*ABC 4\.2, which is not a component of the SBOM/));
  });

  test("an invalid VEX or CSAF document exits 2 naming the file, the path and the reason", async () => {
    const dir = tempDir();
    const unknown = fixture("vex/trivy-testdata/unknown.json");
    const r1 = await runVigil(["scan", NPM_SBOM, "--vulns", JQUERY_GHSA, "--vex", unknown]);
    expect(r1.code).toBe(2);
    expect(r1.stdout).toBe("");
    expect(r1.stderr).toContain(`${unknown}: (document): not a VEX document`);

    // A real CSAF VEX that fails mandatory test 6.1.27.9 (known_not_affected without an impact statement).
    const broken = fixture("vex/trivy-testdata/csaf.json");
    const r2 = await runVigil(["scan", NPM_SBOM, "--vulns", JQUERY_GHSA, "--vex", broken]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`invalid VEX document ${broken}`);
    expect(r2.stderr).toContain(`${broken}: vulnerabilities[0].product_status.known_not_affected[0]: mandatory test 6.1.27.9`);
    expect(r2.stderr).not.toMatch(/\n\s+at /);

    const missing = await runVigil(["scan", NPM_SBOM, "--vulns", JQUERY_GHSA, "--vex", `${dir}/nowhere.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nowhere.json: cannot read the VEX document (no such file)");
  });
});
