import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { readCycloneDxVex } from "./cyclonedx-vex-reader";
import { readOpenVex } from "./openvex-reader";
import type { VexReadResult, VexStatement } from "./vex-statement";

const haveFixtures = requireFixtures();
const vex = (...parts: string[]) => readFileSync(fixture("vex", ...parts), "utf8");
const cdxCase = (group: string, n: number, file = "vex.json") =>
  vex("cyclonedx", "bom-examples", group, `Case-${n}`, file);

function statements(r: VexReadResult): VexStatement[] {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.statements;
}
const brief = (s: VexStatement) =>
  [s.vulnerability.id, s.status, s.justification ?? "-", s.product.version ?? s.product.versionRange ?? "*"].join(" ");

describe.skipIf(!haveFixtures)("CycloneDX VEX reader on the CycloneDX use cases", () => {
  test("CISA case 1: the four statuses of CVE-2021-44228", () => {
    const one = (file: string) => statements(readCycloneDxVex(cdxCase("CISA-Use-Cases", 1, file)));
    expect(one("vex-affected.json").map((s) => s.status)).toEqual(["affected"]);
    expect(one("vex-fixed.json").map((s) => s.status)).toEqual(["fixed"]);
    expect(one("vex-under_investigation.json").map((s) => s.status)).toEqual(["under_investigation"]);
    const [na] = one("vex-not_affected.json");
    expect(na).toMatchObject({
      status: "not_affected",
      justification: "vulnerable_code_not_present",
      product: { ref: "product-ABC", name: "ABC", version: "4.2" },
      source: { format: "cyclonedx", status: "not_affected", justification: "code_not_present" },
    });
    expect(na.impactStatement).toMatch(/Class with vulnerable code was removed/);
  });

  test("CISA case 3: Ripple20 statuses per CVE as the README states", () => {
    const byStatus = new Map<string, string[]>();
    for (const s of statements(readCycloneDxVex(cdxCase("CISA-Use-Cases", 3)))) {
      byStatus.set(s.status, [...(byStatus.get(s.status) ?? []), s.vulnerability.id]);
    }
    const sorted = (ids: string[]) => ids.map((n) => `CVE-2020-${n}`).sort();
    expect(byStatus.get("not_affected")?.sort()).toEqual(sorted(["11897", "11902", "11899", "11905", "11906", "11913"]));
    expect(byStatus.get("affected")?.sort()).toEqual(sorted(["11898", "11907", "11909", "11910", "11911"]));
    expect(byStatus.get("under_investigation")?.sort()).toEqual(sorted(["11896", "11900", "11904", "11903", "11908"]));
    expect(byStatus.get("fixed")?.sort()).toEqual(sorted(["11901", "11912", "11914"]));
  });

  test("CISA case 6: affected and not affected versions and ranges of product ABC", () => {
    expect(statements(readCycloneDxVex(cdxCase("CISA-Use-Cases", 6))).map(brief)).toEqual([
      "CVE-2021-44228 affected - 2.4",
      "CVE-2021-44228 affected - 2.6",
      "CVE-2021-44228 affected - vers:generic/>=2.9|<=4.1",
      "CVE-2021-44228 not_affected vulnerable_code_not_present vers:generic/>=1.0|<=2.3",
      "CVE-2021-44228 not_affected vulnerable_code_not_present 2.5",
      "CVE-2021-44228 not_affected vulnerable_code_not_present vers:generic/>=2.7|<=2.8",
      "CVE-2021-44228 not_affected vulnerable_code_not_present 4.2",
    ]);
  });

  test("CISA case 7: BOM-Link references across two products, fixed in JKL 5.1", () => {
    const all = statements(readCycloneDxVex(cdxCase("CISA-Use-Cases", 7)));
    const fixed = all.filter((s) => s.status === "fixed");
    expect(fixed.map((s) => [s.product.ref.split("#")[1], s.product.version])).toEqual([["product-JKL", "5.1"]]);
    expect(new Set(all.map((s) => s.product.ref.split("#")[1]))).toEqual(new Set(["product-ABC", "product-JKL"]));
  });

  test("use case 5: an unaffected range under an exploitable analysis is not affected", () => {
    const r = readCycloneDxVex(cdxCase("Use-Cases", 5));
    expect(statements(r).map(brief)).toEqual([
      "CVE-2020-25649 affected - vers:semver/<7.0.0|>=1.5.0",
      "CVE-2020-25649 not_affected vulnerable_code_not_in_execute_path vers:semver/<1.5.0|>=7.0.0",
    ]);
  });

  test("use case 12: mitigating control justification; use case 7: no affects means all products", () => {
    const twelve = statements(readCycloneDxVex(cdxCase("Use-Cases", 12)));
    expect(twelve.find((s) => s.vulnerability.id === "CVE-2020-14195")?.justification).toBe(
      "inline_mitigations_already_exist",
    );
    expect(twelve.find((s) => s.vulnerability.id === "CVE-2020-35491")?.actionStatement).toMatch(/v2.4.0/);
    const seven = readCycloneDxVex(cdxCase("Use-Cases", 7));
    expect(seven.ok && seven.statements.map((s) => s.product.ref)).toEqual(["*"]);
    expect(seven.ok && seven.warnings[0].message).toMatch(/no affects/);
  });

  test("Trivy's CycloneDX VEX: BOM-Link to a purl; an affected version under not_affected stays not affected", () => {
    const s = statements(readCycloneDxVex(vex("trivy-testdata", "cyclonedx.json")));
    expect(s.map((x) => [x.vulnerability.id, x.status, x.justification ?? "-", x.product.purl])).toEqual([
      [
        "CVE-2021-44228",
        "not_affected",
        "vulnerable_code_not_in_execute_path",
        "pkg:maven/org.springframework.boot/spring-boot@2.6.0",
      ],
      [
        "CVE-2022-27943",
        "not_affected",
        "-",
        "pkg:deb/ubuntu/libstdc%2B%2B6@12.3.0-1ubuntu1~22.04?arch=amd64&distro=ubuntu-22.04",
      ],
    ]);
  });

  test("an SBOM without vulnerabilities gives no statements", () => {
    expect(statements(readCycloneDxVex(vex("cyclonedx", "bom-examples", "bom.json")))).toEqual([]);
  });
});

describe.skipIf(!haveFixtures)("OpenVEX reader", () => {
  test("go-vex v0.2.0 example: fixed and not_affected with subcomponents", () => {
    const s = statements(readOpenVex(vex("openvex", "go-vex-testdata", "vex-v0.2.0.json")));
    expect(s.map((x) => `${x.vulnerability.id} ${x.status}`)).toEqual([
      "CVE-2023-1255 fixed",
      "CVE-2023-2650 fixed",
      "CVE-2023-2975 fixed",
      "CVE-2023-3446 not_affected",
      "CVE-2023-3817 not_affected",
    ]);
    expect(s[3]).toMatchObject({
      justification: "vulnerable_code_not_present",
      impactStatement: "affected functions were removed before packaging",
      product: { subcomponents: ["pkg:apk/alpine/libssl3@3.0.8-r3", "pkg:apk/alpine/libcrypto3@3.0.8-r3"] },
    });
  });

  test("v0.0.1 documents with string vulnerabilities and products", () => {
    const s = statements(readOpenVex(vex("openvex", "go-vex-testdata", "vex-v0.0.1.json")));
    expect(s.map((x) => [x.vulnerability.id, x.status, x.product.purl])).toEqual([
      ["CVE-2023-12345", "fixed", "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"],
      ["CVE-2023-12345", "fixed", "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"],
    ]);
  });

  test("Trivy's own OpenVEX: 21 statements, all not_affected with aliases", () => {
    const s = statements(readOpenVex(vex("openvex", "real", "trivy.openvex.json")));
    expect(s).toHaveLength(21);
    expect(s[0]).toMatchObject({
      vulnerability: { id: "GO-2024-2575", aliases: ["CVE-2024-26147", "GHSA-r53h-jv2g-vpx6"] },
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      product: { ref: "pkg:golang/github.com/aquasecurity/trivy", subcomponents: ["pkg:golang/helm.sh/helm/v3"] },
    });
    expect(new Set(s.map((x) => x.status))).toEqual(new Set(["not_affected"]));
  });

  test("two statements on the same product keep their order and timestamps (affected, then not_affected)", () => {
    const r = readOpenVex(vex("trivy-testdata", "openvex-multiple.json"));
    const s = statements(r);
    expect(s.map((x) => x.status)).toEqual(["affected", "not_affected"]);
    expect(s[0].timestamp && s[1].timestamp && s[0].timestamp < s[1].timestamp).toBe(true);
    expect(r.ok && r.warnings).toEqual([{ path: "statements[0]", message: "affected without action_statement" }]);
  });

  test("a document of the other formats is refused with the failing path", () => {
    const r = readOpenVex(vex("trivy-testdata", "cyclonedx.json"));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["@context", "statements"]);
    const c = readCycloneDxVex(vex("openvex", "real", "trivy.openvex.json"));
    expect(!c.ok && c.errors[0]).toEqual({ path: "bomFormat", message: 'bomFormat must be "CycloneDX"' });
  });
});

describe("reader errors name the path", () => {
  test("bad JSON text", () => {
    const r = readOpenVex("{ not json");
    expect(!r.ok && r.errors[0].message).toMatch(/^not valid JSON/);
  });

  test("unknown CycloneDX state and OpenVEX justification", () => {
    const bom = {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      vulnerabilities: [
        { id: "CVE-1", analysis: { state: "not_affected", justification: "code_not_present" }, affects: [{ ref: "a" }] },
        { id: "CVE-2", analysis: { state: "probably_fine" }, affects: [{ ref: "a" }] },
        { id: "", analysis: { state: "exploitable" } },
      ],
    };
    const r = readCycloneDxVex(bom);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { path: "vulnerabilities[1].analysis.state", message: 'unknown CycloneDX analysis.state "probably_fine"' },
      { path: "vulnerabilities[2].id", message: "vulnerability id is empty" },
    ]);

    const doc = {
      "@context": "https://openvex.dev/ns/v0.2.0",
      statements: [{ vulnerability: { name: "CVE-1" }, products: [{ "@id": "pkg:npm/a@1" }], status: "not_affected", justification: "code_not_present" }],
    };
    expect(readOpenVex(doc)).toEqual({
      ok: false,
      errors: [{ path: "statements[0].justification", message: 'unknown OpenVEX justification "code_not_present"' }],
    });
  });
});
