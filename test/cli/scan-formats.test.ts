import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { validateCsaf, validateCycloneDx, validateOpenVex } from "../../src/core/advisories";
import { runCliInProcess } from "../support/cli";
import { requireFixtures } from "../support/fixtures";
import { BUNDLE_RECORDS, EPSS_CSV, JQUERY_GHSA, KEV_JSON, NPM_SBOM, npmSbomWithJquery, POM_SBOM, readJson, tempDir, writeJson } from "./scan-support";

const has = requireFixtures();

async function scan(args: string[]) {
  const r = await runCliInProcess(["scan", ...args]);
  return { ...r, json: () => JSON.parse(r.out) };
}

/** The SARIF 2.1.0 shape code-scanning services rely on (the parts this tool writes). */
const sarifSchema = z.object({
  $schema: z.string().url(),
  version: z.literal("2.1.0"),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string().min(1),
            version: z.string().optional(),
            informationUri: z.string().url().optional(),
            rules: z.array(
              z.object({
                id: z.string().min(1),
                shortDescription: z.object({ text: z.string().min(1) }),
                helpUri: z.string().url().optional(),
                properties: z.object({ "security-severity": z.string().regex(/^\d+(\.\d)?$/).optional() }).loose(),
              }),
            ),
          }),
        }),
        results: z.array(
          z.object({
            ruleId: z.string().min(1),
            ruleIndex: z.number().int().nonnegative(),
            level: z.enum(["none", "note", "warning", "error"]),
            message: z.object({ text: z.string().min(1) }),
            locations: z
              .array(
                z.object({
                  physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string().min(1) }) }),
                  logicalLocations: z.array(z.object({ fullyQualifiedName: z.string().min(1) })).optional(),
                }),
              )
              .min(1),
          }),
        ),
      }),
    )
    .length(1),
});

describe.skipIf(!has)("vigil scan output formats (real Maven SBOM × real GHSA records)", () => {
  test("csaf-vex passes the CSAF 2.0 schema and every mandatory test", async () => {
    const r = await scan([POM_SBOM, "--vulns", BUNDLE_RECORDS, "--kev", KEV_JSON, "--format", "csaf-vex"]);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(doc.document.category).toBe("csaf_vex");
    expect(doc.vulnerabilities.length).toBeGreaterThan(10);
    const result = await validateCsaf(doc);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const cves = doc.vulnerabilities.map((v: { cve?: string }) => v.cve);
    expect(cves).toContain("CVE-2018-14721");
  });

  test("cyclonedx-vex passes the CycloneDX JSON schema", async () => {
    const r = await scan([POM_SBOM, "--vulns", BUNDLE_RECORDS, "--format", "cyclonedx-vex"]);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(doc.bomFormat).toBe("CycloneDX");
    const result = await validateCycloneDx(doc);
    expect(result.errors).toEqual([]);
    const affected = doc.vulnerabilities.find((v: { id: string }) => v.id === "CVE-2018-14721");
    expect(affected.analysis.state).toBe("exploitable");
    const ref = affected.affects[0].ref;
    expect(doc.components.find((c: { "bom-ref": string }) => c["bom-ref"] === ref).purl).toBe(
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1",
    );
  });

  test("openvex passes validateOpenVex", async () => {
    const r = await scan([POM_SBOM, "--vulns", BUNDLE_RECORDS, "--format", "openvex", "--vex-status", "under_investigation"]);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(validateOpenVex(doc)).toEqual({ valid: true, errors: [] });
    expect(new Set(doc.statements.map((s: { status: string }) => s.status))).toEqual(new Set(["under_investigation"]));
  });

  test("sarif has the SARIF 2.1.0 shape with one result per finding", async () => {
    const json = (await scan([POM_SBOM, "--vulns", BUNDLE_RECORDS, "--format", "json"])).json();
    const r = await scan([POM_SBOM, "--vulns", BUNDLE_RECORDS, "--format", "sarif"]);
    const doc = r.json();
    expect(sarifSchema.safeParse(doc).error).toBeUndefined();
    expect(doc.runs[0].results).toHaveLength(json.findings.length);
    const rules = doc.runs[0].tool.driver.rules;
    for (const res of doc.runs[0].results) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
  });

  test("no findings: CycloneDX VEX is still written; CSAF and OpenVEX say why nothing is written", async () => {
    const dir = tempDir();
    const fixed = npmSbomWithJquery(dir, "3.5.0");
    const cdx = await scan([fixed, "--vulns", JQUERY_GHSA, "--format", "cyclonedx-vex"]);
    expect((await validateCycloneDx(cdx.json())).valid).toBe(true);
    const csaf = await scan([fixed, "--vulns", JQUERY_GHSA, "--format", "csaf-vex"]);
    expect(csaf.code).toBe(0);
    expect(csaf.out).toBe("");
    expect(csaf.err).toContain("no findings");
  });
});

describe.skipIf(!has)("vigil scan matching on real data", () => {
  test("the fixed version does not match; the version below it does", async () => {
    const dir = tempDir();
    const ids = async (version: string) =>
      (await scan([npmSbomWithJquery(dir, version), "--vulns", BUNDLE_RECORDS, "--format", "json"]))
        .json()
        .findings.filter((f: any) => f.component.name === "jquery")
        .map((f: any) => f.vulnerability.id)
        .sort();
    // CVE-2019-11358 is fixed in 3.4.0, CVE-2020-11022/11023 in 3.5.0
    expect(await ids("3.3.9")).toEqual(["CVE-2019-11358", "CVE-2020-11022", "CVE-2020-11023"]);
    expect(await ids("3.4.0")).toEqual(["CVE-2020-11022", "CVE-2020-11023"]);
    expect(await ids("3.5.0")).toEqual([]);
  });

  test("two advisories of one vulnerability are one finding per component", async () => {
    const dir = tempDir();
    const ghsa = readJson(JQUERY_GHSA);
    const second = {
      schema_version: "1.6.0",
      id: "VIGIL-TEST-2020-11023",
      modified: "2025-01-01T00:00:00Z",
      aliases: ["CVE-2020-11023"],
      summary: "Same jQuery XSS, described by a second database",
      affected: [{ package: { ecosystem: "npm", name: "jquery" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.5.0" }] }] }],
    };
    const osvDir = path.join(dir, "osv");
    writeJson(dir, "ghsa.json", ghsa);
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.join(osvDir, "nested"), { recursive: true });
    writeJson(osvDir, "GHSA-jpcq-cgw6-v4j6.json", ghsa);
    writeJson(path.join(osvDir, "nested"), "VIGIL-TEST-2020-11023.json", second);
    const doc = (await scan([NPM_SBOM, "--vulns", osvDir, "--format", "json"])).json();
    const jquery = doc.findings.filter((f: any) => f.component.name === "jquery");
    expect(jquery).toHaveLength(1);
    expect(jquery[0].vulnerability.id).toBe("CVE-2020-11023");
    expect(jquery[0].vulnerability.advisories).toEqual(["GHSA-jpcq-cgw6-v4j6", "VIGIL-TEST-2020-11023"]);
    expect(jquery[0].vulnerability.aliases).toEqual(["BIT-drupal-2020-11023", "GHSA-jpcq-cgw6-v4j6", "VIGIL-TEST-2020-11023"]);
  });

  test("all.zip layout: records read entry by entry; a withdrawn record is kept out with a warning", async () => {
    const dir = tempDir();
    const jquery = readFileSync(JQUERY_GHSA);
    const withdrawn = { ...readJson(path.join(BUNDLE_RECORDS, "GHSA-6c3j-c64m-qhgq.json")), withdrawn: "2025-02-01T00:00:00Z" };
    const zip = zipSync({
      "GHSA-jpcq-cgw6-v4j6.json": new Uint8Array(jquery),
      "GHSA-6c3j-c64m-qhgq.json": strToU8(JSON.stringify(withdrawn)),
      "README.txt": strToU8("not a record"),
    });
    const file = path.join(dir, "all.zip");
    writeFileSync(file, zip);
    const doc = (await scan([NPM_SBOM, "--vulns", file, "--format", "json"])).json();
    expect(doc.findings.map((f: any) => f.vulnerability.id)).toEqual(["CVE-2020-11023"]);
    expect(doc.warnings.map((w: any) => w.message).join("\n")).toContain("withdrawn record(s) kept out of matching: GHSA-6c3j-c64m-qhgq");
  });

  test("an invalid OSV record exits 2 with file, path and reason; --lenient skips it with a warning", async () => {
    const dir = tempDir();
    const bad = { ...readJson(JQUERY_GHSA) };
    bad.affected = [{ ...bad.affected[0], ranges: [{ type: "SEMVER", events: [{ fixed: "3.5.0" }] }] }];
    const file = writeJson(dir, "bad.json", bad);
    const strict = await scan([NPM_SBOM, "--vulns", file]);
    expect(strict.code).toBe(2);
    expect(strict.err).toContain(`${file}: affected[0].ranges[0].events: GHSA-jpcq-cgw6-v4j6: missing introduced object in event (RNG:001)`);
    const lenient = await scan([NPM_SBOM, "--vulns", file, "--lenient", "--format", "json"]);
    expect(lenient.code).toBe(0);
    expect(lenient.json().findings).toEqual([]);
    expect(lenient.json().warnings[0].message).toContain("skipped (--lenient)");
  });

  test("EPSS from a gzipped CSV with the #model_version line raises the finding's score", async () => {
    const dir = tempDir();
    const rows = readFileSync(EPSS_CSV, "utf8").trimEnd();
    const csv = `#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\n${rows}\nCVE-2020-11023,0.93,0.998\n`;
    const gz = path.join(dir, "epss_scores-current.csv.gz");
    writeFileSync(gz, gzipSync(csv));
    const plain = (await scan([NPM_SBOM, "--vulns", JQUERY_GHSA, "--format", "json"])).json().findings[0];
    const withEpss = (await scan([NPM_SBOM, "--vulns", JQUERY_GHSA, "--epss", gz, "--format", "json"])).json().findings[0];
    expect(withEpss.epss).toEqual({ probability: 0.93, percentile: 0.998 });
    expect(withEpss.score).toBeCloseTo(plain.score + 1.5, 5);
  });

  test("device class and exposure change the priority as the documented formula says", async () => {
    const base = (await scan([NPM_SBOM, "--vulns", JQUERY_GHSA, "--format", "json"])).json().findings[0];
    const c = (await scan([NPM_SBOM, "--vulns", JQUERY_GHSA, "--format", "json", "--device-class", "C", "--exposure", "internet"])).json().findings[0];
    expect(c.score).toBeCloseTo(base.score + 1.5 + 1.0, 5);
    const bad = await scan([NPM_SBOM, "--vulns", JQUERY_GHSA, "--exposure", "cloud"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--exposure must be one of internet, network, isolated");
  });
});

describe.skipIf(!has)("vigil scan enrichment from CVE JSON 5 records", () => {
  test("an OSV record without CVSS takes the CVE record's vector, CWE and KEV metric", async () => {
    const dir = tempDir();
    const sbom = writeJson(dir, "log4j.cdx.json", {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      version: 1,
      components: [
        {
          type: "library",
          "bom-ref": "log4j-core",
          group: "org.apache.logging.log4j",
          name: "log4j-core",
          version: "2.14.1",
          purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        },
      ],
    });
    const osv = writeJson(dir, "log4shell.json", {
      id: "VIGIL-TEST-LOG4SHELL",
      modified: "2025-01-01T00:00:00Z",
      aliases: ["CVE-2021-44228"],
      summary: "Remote code execution in Log4j 2 via JNDI lookups",
      affected: [
        {
          package: { ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "2.0-beta9" }, { fixed: "2.15.0" }] }],
        },
      ],
    });
    const cve = (await import("../support/fixtures")).fixture("cve5/osv.dev-testdata/cvelistV5/CVE-2021-44228.json");
    const bare = (await scan([sbom, "--vulns", osv, "--format", "json"])).json().findings[0];
    expect(bare.vulnerability.severity).toBeNull();
    expect(bare.explanation).toContain("cvss +5"); // the documented no-CVSS default
    const f = (await scan([sbom, "--vulns", osv, "--cve", cve, "--format", "json"])).json().findings[0];
    expect(f.vulnerability.id).toBe("CVE-2021-44228");
    expect(f.vulnerability.severity).toMatchObject({ version: "3.1", score: 10, level: "critical", source: "CVE-2021-44228 (adp:CISA-ADP)" });
    expect(f.vulnerability.cwes).toContain("CWE-502");
    expect(f.kev).toMatchObject({ dateAdded: "2021-12-10" });
    expect(f.priority).toBe("critical");
  });

  test("an SPDX 2.3 SBOM is scanned like a CycloneDX one (log4j 1.2.15, last_affected ranges)", async () => {
    const spdx = (await import("../support/fixtures")).fixture("sbom/spdx/osv-scalibr-fixtures/descendant_of.spdx.json");
    const r = await scan([spdx, "--vulns", BUNDLE_RECORDS, "--format", "json"]);
    expect(r.code).toBe(0);
    const findings = r.json().findings;
    expect(findings.map((f: any) => f.vulnerability.id).sort()).toEqual([
      "CVE-2019-17571",
      "CVE-2021-4104",
      "CVE-2022-23302",
      "CVE-2022-23305",
      "CVE-2022-23307",
    ]);
    for (const f of findings) expect(f.component.purl).toBe("pkg:maven/log4j/log4j@1.2.15");
    expect(findings.find((f: any) => f.vulnerability.id === "CVE-2022-23305").affectedRange).toBe("ECOSYSTEM <= 1.2.17");
  });
});
