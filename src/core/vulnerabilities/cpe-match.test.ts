import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { readCve5Value } from "../feeds/cve5";
import { type CpeApplicabilityRecord, type CpeComponent, matchCpeRecords, nvdApplicability } from "./cpe-match";

const hasFixtures = requireFixtures();

function nvd(id: string): CpeApplicabilityRecord {
  const records = nvdApplicability(JSON.parse(readFileSync(fixture("nvd", "api-2.0", `${id}.json`), "utf8")));
  expect(records).toHaveLength(1);
  return records[0];
}

function cve5(path: string): CpeApplicabilityRecord {
  const r = readCve5Value(path, JSON.parse(readFileSync(fixture("cve5", path), "utf8")));
  expect(r.errors).toEqual([]);
  return r.records[0];
}

const c = (cpe: string, extra: Partial<CpeComponent> = {}): CpeComponent => ({ cpe, ...extra });

describe.skipIf(!hasFixtures)("CPE matching against real NVD configurations", () => {
  test("CVE-2023-4863 (libwebp, KEV): version ranges, exact OS versions, fixed version", () => {
    const record = nvd("CVE-2023-4863");
    const components = [
      c("cpe:2.3:a:webmproject:libwebp:1.3.1:*:*:*:*:*:*:*"),
      c("cpe:2.3:a:webmproject:libwebp:1.3.2:*:*:*:*:*:*:*"),
      c("cpe:2.3:a:mozilla:firefox_esr:115.1.0:*:*:*:*:*:*:*"),
      c("cpe:2.3:a:mozilla:firefox_esr:115.2.1:*:*:*:*:*:*:*"),
      c("cpe:2.3:a:mozilla:firefox_esr:110.0:*:*:*:*:*:*:*"),
      c("cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*"),
      c("cpe:2.3:o:debian:debian_linux:9.0:*:*:*:*:*:*:*"),
      c("cpe:2.3:a:google:chrome:116.0.5845.180:*:*:*:*:*:*:*"),
      // CPE without a version: the SBOM's version is used
      c("cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*", { version: "1.2.4" }),
    ];
    const { matches, warnings } = matchCpeRecords([record], components);
    const matched = matches.map((m) => `${m.component.cpe}|${m.component.version ?? ""}`);
    expect(matched.sort()).toEqual(
      [
        "cpe:2.3:a:webmproject:libwebp:1.3.1:*:*:*:*:*:*:*|",
        "cpe:2.3:a:mozilla:firefox_esr:115.1.0:*:*:*:*:*:*:*|",
        "cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*|",
        "cpe:2.3:a:google:chrome:116.0.5845.180:*:*:*:*:*:*:*|",
        "cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*|1.2.4",
      ].sort(),
    );
    expect(warnings).toEqual([]);
    const webp = matches.find((m) => m.component.cpe.includes("libwebp:1.3.1"));
    expect(webp).toMatchObject({
      vulnerabilityId: "CVE-2023-4863",
      confidence: "cpe",
      affectedRange: "webmproject:libwebp: < 1.3.2",
      fixedVersions: ["1.3.2"],
      conditions: [],
      versionScheme: "generic",
    });
    expect(webp?.path).toMatch(/^configurations\[\d+\]\.nodes\[0\]\.cpeMatch\[\d+\]$/);
    const esr = matches.find((m) => m.component.cpe.includes("firefox_esr"));
    expect(esr?.affectedRange).toBe("mozilla:firefox_esr: >= 115.0, < 115.2.1");
    expect(matches.find((m) => m.component.cpe.includes("debian_linux"))?.affectedRange).toBe("debian:debian_linux: version 12.0");
  });

  test("CVE-2020-13595 (ESP-IDF firmware on ESP32): AND configuration names the platform as a condition", () => {
    const record = nvd("CVE-2020-13595");
    const { matches } = matchCpeRecords(
      [record],
      [
        c("cpe:2.3:a:espressif:esp-idf:4.1:*:*:*:*:*:*:*"),
        c("cpe:2.3:a:espressif:esp-idf:4.2:*:*:*:*:*:*:*"),
        c("cpe:2.3:a:espressif:esp-idf:4.3:*:*:*:*:*:*:*"),
        c("cpe:2.3:a:espressif:esp-idf:3.3.1:*:*:*:*:*:*:*"),
        // the platform itself is listed as not vulnerable
        c("cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*"),
      ],
    );
    expect(matches.map((m) => m.component.cpe).sort()).toEqual(["cpe:2.3:a:espressif:esp-idf:4.1:*:*:*:*:*:*:*", "cpe:2.3:a:espressif:esp-idf:4.2:*:*:*:*:*:*:*"]);
    expect(matches[0].affectedRange).toBe("espressif:esp-idf: >= 4.0.0, <= 4.2");
    expect(matches[0].fixedVersions).toEqual([]);
    expect(matches[0].conditions).toEqual(["running on/with one of: cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*"]);
  });

  test("records NVD has not analysed yet (no configurations) match nothing and do not fail", () => {
    for (const id of ["CVE-2023-5341", "CVE-2024-47177"]) {
      const out = matchCpeRecords([nvd(id)], [c("cpe:2.3:a:imagemagick:imagemagick:7.1.1:*:*:*:*:*:*:*"), c("cpe:2.3:a:openprinting:cups-filters:1.0:*:*:*:*:*:*:*")]);
      expect(out).toEqual({ matches: [], warnings: [] });
    }
  });

  test("every NVD fixture can be matched without error against components built from its own criteria", () => {
    const dir = fixture("nvd", "api-2.0");
    let total = 0;
    for (const file of readdirSync(dir)) {
      const records = nvdApplicability(JSON.parse(readFileSync(`${dir}/${file}`, "utf8")));
      for (const record of records) {
        const components: CpeComponent[] = [];
        for (const config of record.configurations as Array<{ nodes: Array<{ cpeMatch: Array<{ criteria: string; vulnerable: boolean; versionEndExcluding?: string }> }> }>) {
          for (const node of config.nodes) {
            for (const m of node.cpeMatch) {
              if (!m.vulnerable || !m.versionEndExcluding) continue;
              // the fixed version itself is not affected; a version just below it is
              const fixedCpe = m.criteria.split(":");
              fixedCpe[5] = m.versionEndExcluding;
              components.push(c(fixedCpe.join(":")));
            }
          }
        }
        const out = matchCpeRecords([record], components);
        expect(out.warnings.filter((w) => !w.message.includes("negated"))).toEqual([]);
        for (const m of out.matches) expect(m.fixedVersions).not.toContain(m.component.cpe.split(":")[5]);
        total += components.length;
      }
    }
    expect(total).toBeGreaterThan(10);
  });
});

describe.skipIf(!hasFixtures)("CPE matching against real CVE JSON 5 affected[] entries", () => {
  test("CVE-2022-2121 (OFFIS DCMTK, medical imaging): CNA vendor/product and CISA-ADP cpes both match below 3.6.7", () => {
    const record = cve5("vulnrichment/CVE-2022-2121.json");
    const { matches, warnings } = matchCpeRecords(
      [record],
      [c("cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*"), c("cpe:2.3:a:offis:dcmtk:3.6.7:*:*:*:*:*:*:*"), c("cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*")],
    );
    expect(matches.map((m) => [m.component.cpe, m.criteria, m.affectedRange, m.fixedVersions])).toEqual([
      ["cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*", "OFFIS DCMTK", "offis:dcmtk: < 3.6.7", ["3.6.7"]],
      ["cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*", "cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*", "offis:dcmtk: < 3.6.7", ["3.6.7"]],
    ]);
    expect(matches.every((m) => m.confidence === "cpe")).toBe(true);
    // the component without any version cannot be placed: a visible warning, not a silent skip
    expect(warnings.map((w) => w.message)).toEqual([
      "cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*: no version, cannot be placed in the affected versions of OFFIS DCMTK",
      "cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*: no version, cannot be placed in the affected versions of cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*",
    ]);
  });

  test("CVE-2020-10673 (jackson-databind, ADP cpes of Oracle products): lessThanOrEqual ranges, exact versions, '*'", () => {
    const record = cve5("vulnrichment/CVE-2020-10673.json");
    const { matches } = matchCpeRecords(
      [record],
      [
        c("cpe:2.3:a:oracle:banking_digital_experience:18.3:*:*:*:*:*:*:*"),
        c("cpe:2.3:a:oracle:banking_digital_experience:18.4:*:*:*:*:*:*:*"),
        c("cpe:2.3:a:oracle:agile_plm:9.3.6:*:*:*:*:*:*:*"),
        c("cpe:2.3:a:oracle:agile_plm:9.3.5:*:*:*:*:*:*:*"),
        c("cpe:2.3:a:netapp:steelstore_cloud_integrated_storage:-:*:*:*:*:*:*:*"),
        c("cpe:2.3:o:debian:debian_linux:8.0:*:*:*:*:*:*:*"),
        c("cpe:2.3:o:debian:debian_linux:9.0:*:*:*:*:*:*:*"),
      ],
    );
    expect(matches.map((m) => `${m.component.cpe.split(":").slice(4, 6).join(":")} ${m.affectedRange}`).sort()).toEqual([
      "agile_plm:9.3.6 oracle:agile_plm: version 9.3.6",
      "banking_digital_experience:18.3 oracle:banking_digital_experience: >= 18.1, <= 18.3",
      "debian_linux:8.0 debian:debian_linux: version 8.0",
      "steelstore_cloud_integrated_storage:- netapp:steelstore_cloud_integrated_storage: all versions",
    ]);
  });

  test("a REJECTED record and records with n/a products match nothing", () => {
    const rejected = cve5("cve-services-fixtures/CVE-2009-0009_rejected.json");
    expect(matchCpeRecords([rejected], [c("cpe:2.3:a:n\\/a:n\\/a:1.0")]).matches).toEqual([]);
  });
});

describe("CPE matching edge cases", () => {
  const record = (affected: CpeApplicabilityRecord["affected"]): CpeApplicabilityRecord => ({ id: "CVE-2099-0001", affected });

  test("changes[] inside a range switch the status at a version", () => {
    const r = record([
      {
        vendor: "Acme",
        product: "Infusion Firmware",
        versions: [{ version: "2.0", lessThan: "3.0", status: "affected", versionType: "custom", changes: [{ at: "2.4.1", status: "unaffected" }] }],
      },
    ]);
    const comps = ["2.0", "2.4.0", "2.4.1", "2.9", "3.0", "1.9"].map((v) => c(`cpe:2.3:o:acme:infusion_firmware:${v}:*:*:*:*:*:*:*`));
    const out = matchCpeRecords([r], comps);
    expect(out.matches.map((m) => m.component.cpe.split(":")[5])).toEqual(["2.0", "2.4.0"]);
    expect(out.matches[0].fixedVersions).toEqual(["3.0", "2.4.1"]);
  });

  test("defaultStatus affected applies outside listed versions; unaffected entries exclude", () => {
    const r = record([{ vendor: "acme", product: "gateway", defaultStatus: "affected", versions: [{ version: "5.0", lessThan: "*", status: "unaffected" }] }]);
    const out = matchCpeRecords([r], [c("cpe:2.3:h:acme:gateway:4.2"), c("cpe:2.3:h:acme:gateway:5.1")]);
    expect(out.matches.map((m) => [m.component.cpe, m.affectedRange])).toEqual([["cpe:2.3:h:acme:gateway:4.2", "acme:gateway: default status affected"]]);
  });

  test("versionType selects the ecosystem ordering; git ranges are a warning", () => {
    const r = record([
      { vendor: "acme", product: "lib", versions: [{ version: "1.0", lessThan: "1.0.post1", status: "affected", versionType: "python" }] },
      { vendor: "acme", product: "kernel", versions: [{ version: "abc123", lessThan: "def456", status: "affected", versionType: "git" }] },
    ]);
    const out = matchCpeRecords([r], [c("cpe:2.3:a:acme:lib:1.0"), c("cpe:2.3:a:acme:lib:1.0.post1"), c("cpe:2.3:o:acme:kernel:6.1")]);
    expect(out.matches.map((m) => [m.component.cpe, m.versionScheme])).toEqual([["cpe:2.3:a:acme:lib:1.0", "PyPI"]]);
    expect(out.warnings.map((w) => w.message)).toEqual(["git commit ranges cannot be compared with a product version"]);
  });

  test("the component's own ecosystem orders versions when the record does not say", () => {
    const r: CpeApplicabilityRecord = {
      id: "CVE-2099-0002",
      configurations: [{ nodes: [{ operator: "OR", cpeMatch: [{ vulnerable: true, criteria: "cpe:2.3:a:acme:db:*:*:*:*:*:*:*:*", versionEndExcluding: "1:2.0-1" }] }] }],
    };
    // Debian epochs: 1:1.5-1 > 2.5-1 only because of the epoch
    const out = matchCpeRecords([r], [c("cpe:2.3:a:acme:db:*", { version: "2.5-1", ecosystem: "Debian" }), c("cpe:2.3:a:acme:db:*", { version: "1:1.5-1", ecosystem: "Debian" })]);
    expect(out.matches.map((m) => [m.component.version, m.versionScheme])).toEqual([["2.5-1", "Debian"], ["1:1.5-1", "Debian"]]);
  });

  test("qualifiers the component states must agree; ones it leaves ANY do not exclude", () => {
    const r: CpeApplicabilityRecord = {
      id: "CVE-2099-0003",
      configurations: [{ nodes: [{ operator: "OR", cpeMatch: [{ vulnerable: true, criteria: "cpe:2.3:a:acme:portal:*:*:*:*:*:wordpress:*:*", versionEndIncluding: "2.0" }] }] }],
    };
    const out = matchCpeRecords(
      [r],
      [c("cpe:2.3:a:acme:portal:1.0:*:*:*:*:wordpress:*:*"), c("cpe:2.3:a:acme:portal:1.0:*:*:*:*:drupal:*:*"), c("cpe:2.3:a:acme:portal:1.0"), c("cpe:/a:acme:portal:2.0")],
    );
    expect(out.matches.map((m) => m.component.cpe)).toEqual(["cpe:2.3:a:acme:portal:1.0:*:*:*:*:wordpress:*:*", "cpe:2.3:a:acme:portal:1.0", "cpe:/a:acme:portal:2.0"]);
  });

  test("wildcard criteria, non-vulnerable entries and invalid component CPEs", () => {
    const r: CpeApplicabilityRecord = {
      id: "CVE-2099-0004",
      configurations: [
        {
          nodes: [
            {
              operator: "OR",
              cpeMatch: [
                { vulnerable: true, criteria: "cpe:2.3:o:acme:rtos:3.1.*:*:*:*:*:*:*:*" },
                { vulnerable: false, criteria: "cpe:2.3:o:acme:bootloader:*:*:*:*:*:*:*:*" },
                { vulnerable: true, criteria: "not a cpe" },
              ],
            },
          ],
        },
      ],
    };
    const out = matchCpeRecords([r], [c("cpe:2.3:o:acme:rtos:3.1.7"), c("cpe:2.3:o:acme:rtos:3.2.0"), c("cpe:2.3:o:acme:bootloader:1.0"), c("cpe:2.3:o:*:rtos:3.1.7"), c("cpe:9:o")]);
    expect(out.matches.map((m) => [m.component.cpe, m.affectedRange])).toEqual([["cpe:2.3:o:acme:rtos:3.1.7", "acme:rtos: version 3.1.*"]]);
    expect(out.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      "cpe: cpe:2.3:o:*:rtos:3.1.7: vendor and product must be given to match a CPE",
      'cpe: cpe:9:o: "cpe:9:o" is neither a CPE 2.3 formatted string (cpe:2.3:…) nor a CPE 2.2 URI (cpe:/…)',
      'configurations[0].nodes[0].cpeMatch[2]: not a cpe: "not a cpe" is neither a CPE 2.3 formatted string (cpe:2.3:…) nor a CPE 2.2 URI (cpe:/…)',
    ]);
  });
});
