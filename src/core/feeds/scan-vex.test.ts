import { describe, expect, test } from "vitest";
import { boardCycloneDxVex, frameworkOpenVex, windRiverCsafVex } from "../vex-import/supplier-documents.fixture";
import { readVexDocument } from "../vex-import";
import type { ScanComponent, ScanFinding } from "./findings";
import { tripsFailOn } from "./findings";
import { applyVex, type ScanVexDocument } from "./scan-vex";

const jquery: ScanComponent = { ref: "pkg:npm/jquery@3.4.1", name: "jquery", version: "3.4.1", purl: "pkg:npm/jquery@3.4.1" };

/** A finding as buildFindings gives it for jquery 3.4.1 and the OSV record GHSA-jpcq-cgw6-v4j6 (CVE-2020-11023). */
const finding = {
  vulnerability: { id: "CVE-2020-11023", aliases: ["GHSA-jpcq-cgw6-v4j6"], severity: null, summary: null, advisories: ["GHSA-jpcq-cgw6-v4j6"], cwes: [], references: [], published: null },
  component: { purl: "pkg:npm/jquery@3.4.1", name: "jquery", version: "3.4.1", ref: "pkg:npm/jquery@3.4.1", ecosystem: "npm" },
  matchConfidence: "purl",
  affectedRange: "SEMVER >= 1.0.3, < 3.5.0",
  matches: [],
  fixedVersions: ["3.5.0"],
  priority: "high",
  score: 7,
  explanation: "",
  factors: [],
  kev: null,
  epss: null,
  remediateBy: null,
  deadlines: [],
} as unknown as ScanFinding;

async function documentOf(file: string, doc: unknown): Promise<ScanVexDocument> {
  const r = await readVexDocument({ fileName: file, text: JSON.stringify(doc) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { file, id: r.document.id, statements: r.statements };
}

describe("applyVex", () => {
  test("a CSAF statement by CVE settles the finding; --fail-on no longer counts it", async () => {
    const r = applyVex([finding], [jquery], [await documentOf("wrs.json", windRiverCsafVex(2))]);
    expect(r.findings[0].vex).toEqual({
      status: "not_affected",
      justification: "vulnerable_code_not_present",
      source: "WRS-2026-0012",
      impactStatement: "The htmlPrefilter code path is removed from the shipped build.",
    });
    expect(tripsFailOn([finding], "high")).toBe(true);
    expect(tripsFailOn(r.findings, "high")).toBe(false);
  });

  test("under investigation keeps the finding open", async () => {
    const r = applyVex([finding], [jquery], [await documentOf("wrs.json", windRiverCsafVex(1))]);
    expect(r.findings[0].vex?.status).toBe("under_investigation");
    expect(tripsFailOn(r.findings, "high")).toBe(true);
  });

  test("an OpenVEX statement by the GHSA alias on a subcomponent purl applies", async () => {
    const r = applyVex([finding], [jquery], [await documentOf("ui.json", frameworkOpenVex())]);
    expect(r.findings[0].vex).toEqual({ status: "fixed", justification: null, source: "https://vex.example-ui.com/2026/ui-0007" });
  });

  test("another version of the component is not covered, and the statement is reported as naming no SBOM component", async () => {
    const older = { ...finding, component: { ...finding.component, purl: "pkg:npm/jquery@3.3.9", version: "3.3.9", ref: "j" } } as ScanFinding;
    const r = applyVex([older], [{ ref: "j", name: "jquery", version: "3.3.9", purl: "pkg:npm/jquery@3.3.9" }], [await documentOf("wrs.json", windRiverCsafVex(2))]);
    expect(r.findings[0].vex).toBeUndefined();
    expect(r.warnings).toEqual([
      { source: "wrs.json", path: "vulnerability CVE-2020-11023", message: "the VEX statement on CVE-2020-11023 (not_affected) names pkg:npm/jquery@3.4.1, which is not a component of the SBOM" },
    ]);
  });

  test("a CycloneDX VEX: its statement about a component the SBOM lacks is a warning, the other one applies", async () => {
    const r = applyVex([finding], [jquery], [await documentOf("board.cdx.json", boardCycloneDxVex())]);
    expect(r.findings[0].vex).toMatchObject({ status: "not_affected", source: "urn:uuid:6f1c1c6e-6f1a-4f55-9a55-5e3a2c1b7d01" });
    expect(r.warnings.map((w) => w.message)).toEqual(["the VEX statement on CVE-2026-0001 (affected) names pkg:generic/acme/acme-boot@7.1, which is not a component of the SBOM"]);
  });
});
