import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { parseCve5Json, parseEpssCsv, parseKevCsv, parseKevJson, parseOsvText, preferredCvss, readOsvValue, scanPackageKeys } from ".";

const has = requireFixtures();
const text = (...p: string[]) => readFileSync(fixture(...p), "utf8");

describe.skipIf(!has)("KEV", () => {
  test("the real catalog reads the same from JSON and CSV", () => {
    const json = parseKevJson("kev.json", text("kev/known_exploited_vulnerabilities.json"));
    const csv = parseKevCsv("kev.csv", text("kev/known_exploited_vulnerabilities.csv"));
    expect(json.errors).toEqual([]);
    expect(csv.errors).toEqual([]);
    expect(json.records).toHaveLength(1404);
    expect(json.catalog.catalogVersion).toBe("2025.08.25");
    expect(csv.records).toEqual(json.records);
    const log4shell = json.records.find((e) => e.cveID === "CVE-2021-44228");
    expect(log4shell).toMatchObject({ vendorProject: "Apache", dueDate: "2021-12-24", knownRansomwareCampaignUse: "Known" });
  });

  test("bad entries are errors at their path or line and column; the rest is read", () => {
    const json = parseKevJson(
      "k.json",
      JSON.stringify({
        vulnerabilities: [
          { cveID: "CVE-2024-1", vendorProject: "X", product: "Y", dateAdded: "2024-01-01", dueDate: "2024-01-22" },
          { cveID: "CVE-2024-1234", vendorProject: "X", product: "Y", dateAdded: "2024-01-01", dueDate: "22.01.2024" },
        ],
      }),
    );
    expect(json.records).toEqual([]);
    expect(json.errors.map((e) => e.path)).toEqual(["vulnerabilities[0].cveID", "vulnerabilities[1].dueDate"]);
    const csv = parseKevCsv(
      "k.csv",
      "cveID,vendorProject,product,dateAdded,dueDate\nCVE-2024-1234,X,Y,2024-01-01,2024-01-22\nCVE-2024-1235,X,,2024-01-01,2024-01-22\n",
    );
    expect(csv.records.map((r) => r.cveID)).toEqual(["CVE-2024-1234"]);
    expect(csv.errors).toEqual([{ file: "k.csv", path: "line 3, column product", reason: "must not be empty" }]);
    expect(parseKevCsv("k.csv", "a,b\n1,2\n").errors[0].reason).toContain("missing column(s) cveID");
    expect(parseKevJson("k.json", "{").errors[0]).toMatchObject({ path: "(document)" });
  });
});

describe.skipIf(!has)("EPSS", () => {
  test("the real excerpt, with and without the #model_version comment line", () => {
    const rows = text("epss/epss_scores-excerpt-first-rows.csv");
    const plain = parseEpssCsv("e.csv", rows);
    const commented = parseEpssCsv("e.csv", `#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\n${rows}`);
    expect(plain.errors).toEqual([]);
    expect(plain.records).toHaveLength(29);
    expect(plain.records[0]).toEqual({ cve: "CVE-1999-0001", epss: 0.03351, percentile: 0.87326 });
    expect(commented.records).toEqual(plain.records);
    expect(commented.meta).toEqual({ modelVersion: "v2025.03.14", scoreDate: "2025-08-25T00:00:00+0000" });
  });

  test("out-of-range values are errors at their line (counting the comment line)", () => {
    const r = parseEpssCsv("e.csv", "#model_version:v1\ncve,epss,percentile\nCVE-2024-0001,1.5,0.5\nnot-a-cve,0.1,0.1\n");
    expect(r.errors).toEqual([
      { file: "e.csv", path: "line 3, column epss", reason: '"1.5" is not a probability in [0, 1]' },
      { file: "e.csv", path: "line 4, column cve", reason: '"not-a-cve" is not a CVE id' },
    ]);
  });
});

describe.skipIf(!has)("CVE JSON 5", () => {
  test("Log4Shell: CVSS from the CNA, CWE, affected product and references", () => {
    const r = parseCve5Json("log4shell.json", text("cve5/osv.dev-testdata/cvelistV5/CVE-2021-44228.json"));
    expect(r.errors).toEqual([]);
    const rec = r.records[0];
    expect(rec).toMatchObject({ id: "CVE-2021-44228", state: "PUBLISHED", assigner: "apache" });
    expect(rec.cwes).toContain("CWE-502");
    expect(rec.affected.some((a) => a.product === "Apache Log4j2" && a.versions.length > 0)).toBe(true);
    expect(rec.references.length).toBeGreaterThan(10);
    expect(rec.description).toMatch(/JNDI/);
  });

  test("vulnrichment: ADP CVSS 3.1, KEV metric and CPEs; REJECTED records are read as rejected", () => {
    const r = parseCve5Json("x.json", text("cve5/vulnrichment/CVE-2017-3506.json")).records[0];
    expect(preferredCvss(r, "3.1")).toMatchObject({ vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", baseScore: 7.4, source: "adp:CISA-ADP" });
    expect(r.kev).toMatchObject({ dateAdded: "2024-06-03" });
    expect(r.cwes).toEqual(["CWE-78"]);
    expect(r.affected.find((a) => a.source === "adp:CISA-ADP")?.cpes).toContain("cpe:2.3:a:oracle:weblogic_server:10.3.6.0.0:*:*:*:*:*:*:*");
    const rejected = parseCve5Json("r.json", text("cve5/vulnrichment/CVE-2019-25161.json")).records[0];
    expect(rejected.state).toBe("REJECTED");
    expect(rejected.rejectedReasons.length).toBeGreaterThan(0);
  });

  test("a CVSS 4.0 metric is read", () => {
    const r = parseCve5Json("x.json", text("cve5/vulnrichment/CVE-2024-5176.json")).records[0];
    expect(preferredCvss(r, "4.0")?.vector).toMatch(/^CVSS:4\.0\/AV:/);
  });

  test("every real record reads without error; a malformed one names the path", () => {
    for (const dir of ["vulnrichment", "osv.dev-testdata/cve5", "osv.dev-testdata/cvelistV5"]) {
      for (const f of readdirSync(fixture("cve5", dir))) {
        expect(parseCve5Json(f, text("cve5", dir, f)).errors, f).toEqual([]);
      }
    }
    const bad = parseCve5Json("b.json", JSON.stringify({ dataType: "CVE_RECORD", dataVersion: "5.1", cveMetadata: { cveId: "CVE-1", state: "DRAFT" }, containers: { cna: {} } }));
    expect(bad.errors.map((e) => e.path)).toEqual(["cveMetadata.cveId", "cveMetadata.state"]);
  });
});

describe.skipIf(!has)("OSV", () => {
  test("single records, arrays and api.osv.dev bundles; withdrawn records are kept and marked", () => {
    const bundle = parseOsvText("b.json", text("osv/bundles/osv-scanner-santatracker-vulns.json"));
    expect(bundle.errors).toEqual([]);
    expect(bundle.records).toHaveLength(170);
    expect(bundle.records[3].path).toBe("vulns[3]");
    const ghsa = JSON.parse(text("osv/records/from-bundles/GHSA-jpcq-cgw6-v4j6.json"));
    const arr = readOsvValue("a.json", [ghsa, { ...ghsa, id: "X-1", withdrawn: "2025-01-01T00:00:00Z" }]);
    expect(arr.records.map((r) => [r.record.id, r.withdrawn, r.path])).toEqual([
      ["GHSA-jpcq-cgw6-v4j6", false, "[0]"],
      ["X-1", true, "[1]"],
    ]);
  });

  test("YAML records (PyPA) read like JSON ones", () => {
    const dir = fixture("osv/records/pypa-yaml");
    const files = readdirSync(dir);
    for (const f of files) expect(parseOsvText(f, readFileSync(path.join(dir, f), "utf8")).errors, f).toEqual([]);
  });

  test("invalid records are errors at their path, with the record id; valid neighbours are read", () => {
    const ghsa = JSON.parse(text("osv/records/from-bundles/GHSA-jpcq-cgw6-v4j6.json"));
    const bad = { ...ghsa, id: "BAD-1", affected: [{ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ fixed: "1.0.0" }] }] }] };
    const r = readOsvValue("f.json", [bad, ghsa, 42]);
    expect(r.records.map((x) => x.record.id)).toEqual(["GHSA-jpcq-cgw6-v4j6"]);
    expect(r.errors[0]).toEqual({ file: "f.json", path: "[0].affected[0].ranges[0].events", reason: "BAD-1: missing introduced object in event (RNG:001)" });
    expect(r.errors[1].path).toBe("[2]");
    expect(parseOsvText("f.json", "[1,").errors[0].reason).toMatch(/^invalid JSON/);
    expect(readOsvValue("f.json", "text").errors[0].reason).toContain("not an OSV record");
  });

  test("a scan's package keys: records about other packages keep their identity only; records about scanned ones are validated in full", () => {
    const ghsa = JSON.parse(text("osv/records/from-bundles/GHSA-jpcq-cgw6-v4j6.json"));
    const broken = (name: string) => ({ id: `BAD-${name}`, modified: "2025-01-01T00:00:00Z", aliases: ["CVE-2099-0001"], affected: [{ package: { ecosystem: "npm", name }, ranges: [{ type: "SEMVER", events: [{ fixed: "1.0.0" }] }] }] });
    const keys = scanPackageKeys(["pkg:npm/jquery@1.0.0", "pkg:npm/scanned@2.0.0", null, "not a purl"]);
    const r = readOsvValue("f.json", [broken("elsewhere"), broken("scanned"), ghsa], keys);
    expect(r.records.map((x) => x.record.id)).toEqual(["BAD-elsewhere", "GHSA-jpcq-cgw6-v4j6"]);
    expect(r.records[0].record).toEqual({ id: "BAD-elsewhere", modified: "2025-01-01T00:00:00Z", aliases: ["CVE-2099-0001"], affected: [] });
    expect(r.records[1].record).toEqual(readOsvValue("f.json", ghsa).records[0].record);
    expect(r.errors).toEqual([{ file: "f.json", path: "[1].affected[0].ranges[0].events", reason: "BAD-scanned: missing introduced object in event (RNG:001)" }]);
    // Without keys every record is validated, as an import does.
    expect(readOsvValue("f.json", [broken("elsewhere")]).errors).toHaveLength(1);
  });
});
