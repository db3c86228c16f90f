import { describe, expect, test } from "vitest";
import { runVigil } from "../support/cli";
import { fixture, requireFixtures } from "../support/fixtures";
import { JQUERY_GHSA, tempDir, writeJson } from "./scan-support";

const has = requireFixtures();
const DCMTK_CVE = fixture("cve5/vulnrichment/CVE-2022-2121.json"); // OFFIS DCMTK < 3.6.7, CNA product + CISA-ADP cpes

function sbom(dcmtkVersion: string): string {
  return writeJson(tempDir(), "imaging.cdx.json", {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    components: [
      { type: "library", "bom-ref": "jq", name: "jquery", version: "3.3.9", purl: "pkg:npm/jquery@3.3.9" },
      // a commercial/C library with no purl, only a CPE: matched through the CVE record
      { type: "library", "bom-ref": "dcmtk", name: "dcmtk", version: dcmtkVersion, cpe: `cpe:2.3:a:offis:dcmtk:${dcmtkVersion}:*:*:*:*:*:*:*` },
    ],
  });
}

describe.skipIf(!has)("vigil scan: CPE matching of components without a purl", () => {
  test("a CPE-only component is matched against CVE JSON 5 data with confidence cpe, beside the purl match", async () => {
    const r = await runVigil(["scan", sbom("3.6.6"), "--vulns", JQUERY_GHSA, "--cve", DCMTK_CVE, "--format", "json", "--date", "2026-11-23"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const byId = new Map(doc.findings.map((f: { vulnerability: { id: string } }) => [f.vulnerability.id, f]));
    expect(byId.get("CVE-2020-11023")).toMatchObject({ matchConfidence: "purl" });
    const dcmtk = byId.get("CVE-2022-2121") as Record<string, any>;
    expect(dcmtk).toMatchObject({
      matchConfidence: "cpe",
      component: { purl: "", cpe: "cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*", name: "dcmtk", version: "3.6.6", ref: "dcmtk" },
      affectedRange: "offis:dcmtk: < 3.6.7",
      fixedVersions: ["3.6.7"],
    });
    // severity from the CVE record's CVSS, as for OSV matches without one
    expect(dcmtk.vulnerability.severity).toMatchObject({ score: expect.any(Number) });
    expect(dcmtk.matches).toHaveLength(2); // CNA entry and CISA-ADP cpes
  });

  test("the fixed version is not matched; CSAF VEX output stays valid with a CPE-identified product", async () => {
    const fixed = await runVigil(["scan", sbom("3.6.7"), "--vulns", JQUERY_GHSA, "--cve", DCMTK_CVE, "--format", "json"]);
    expect(JSON.parse(fixed.stdout).findings.map((f: { vulnerability: { id: string } }) => f.vulnerability.id)).toEqual(["CVE-2020-11023"]);
    const csaf = await runVigil(["scan", sbom("3.6.6"), "--vulns", JQUERY_GHSA, "--cve", DCMTK_CVE, "--format", "csaf-vex"]);
    expect(csaf.code).toBe(0);
    const doc = JSON.parse(csaf.stdout);
    const text = JSON.stringify(doc.product_tree);
    expect(text).toContain("cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*");
    expect(doc.vulnerabilities.map((v: { cve?: string }) => v.cve).sort()).toEqual(["CVE-2020-11023", "CVE-2022-2121"]);
  });
});
