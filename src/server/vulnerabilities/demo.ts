import { and, eq } from "drizzle-orm";
import { parseSbom } from "../../core/sbom";
import type { Actor } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { Db } from "../platform/db/client";
import { importSbom } from "../sboms/import";
import { importVulnerabilityFiles } from "./import";
import { findings } from "./schema";
import { analyseFinding } from "./triage";

/*
 * Demo data: small OSV records written for Vigil that summarise well-known public advisories (Log4Shell,
 * lodash command injection, urllib3 cookie leak, zlib inflate overflow), one KEV entry, and SBOMs of four
 * demo versions. They live in the repository so the demo works without the shared fixtures.
 */
const RECORDS = [
  {
    schema_version: "1.6.0",
    id: "GHSA-jfh8-c2jp-5v3q",
    aliases: ["CVE-2021-44228"],
    modified: "2025-01-01T00:00:00Z",
    published: "2021-12-10T00:00:00Z",
    summary: "Remote code injection in Log4j (Log4Shell)",
    details: "JNDI lookups in log messages let an attacker who controls logged data load and run code from a remote server.",
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H" }],
    affected: [
      {
        package: { ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core", purl: "pkg:maven/org.apache.logging.log4j/log4j-core" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "2.0-beta9" }, { fixed: "2.15.0" }] }],
      },
    ],
    references: [{ type: "ADVISORY", url: "https://nvd.nist.gov/vuln/detail/CVE-2021-44228" }],
    database_specific: { cwe_ids: ["CWE-502", "CWE-917"] },
  },
  {
    schema_version: "1.6.0",
    id: "GHSA-35jh-r3h4-6jhm",
    aliases: ["CVE-2021-23337"],
    modified: "2025-01-01T00:00:00Z",
    published: "2021-02-15T00:00:00Z",
    summary: "Command injection in lodash template",
    details: "lodash versions before 4.17.21 allow command injection through the template function.",
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H" }],
    affected: [{ package: { ecosystem: "npm", name: "lodash" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "4.17.21" }] }] }],
    references: [{ type: "ADVISORY", url: "https://nvd.nist.gov/vuln/detail/CVE-2021-23337" }],
    database_specific: { cwe_ids: ["CWE-77", "CWE-94"] },
  },
  {
    schema_version: "1.6.0",
    id: "GHSA-v845-jxx5-vc9f",
    aliases: ["CVE-2023-43804"],
    modified: "2025-01-01T00:00:00Z",
    published: "2023-10-02T00:00:00Z",
    summary: "urllib3 does not remove the Cookie header on cross-origin redirects",
    details: "A Cookie header set explicitly is passed on when a request is redirected to another origin.",
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N" }],
    affected: [
      {
        package: { ecosystem: "PyPI", name: "urllib3" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.26.17" }, { introduced: "2.0.0" }, { fixed: "2.0.6" }] }],
      },
    ],
    references: [{ type: "ADVISORY", url: "https://nvd.nist.gov/vuln/detail/CVE-2023-43804" }],
    database_specific: { cwe_ids: ["CWE-200"] },
  },
  {
    schema_version: "1.6.0",
    id: "DSA-5218-1",
    aliases: ["CVE-2022-37434"],
    modified: "2025-01-01T00:00:00Z",
    published: "2022-08-14T00:00:00Z",
    summary: "zlib: heap-based buffer over-read or overflow in inflate",
    details: "inflateGetHeader can overflow a buffer via a large gzip header extra field.",
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
    affected: [
      {
        package: { ecosystem: "Debian:11", name: "zlib" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1:1.2.11.dfsg-2+deb11u2" }] }],
      },
    ],
    references: [{ type: "ADVISORY", url: "https://www.debian.org/security/2022/dsa-5218" }],
  },
];

const KEV = {
  title: "CISA Catalog of Known Exploited Vulnerabilities (demo excerpt)",
  catalogVersion: "demo",
  dateReleased: "2025-01-01T00:00:00.000Z",
  count: 1,
  vulnerabilities: [
    {
      cveID: "CVE-2021-44228",
      vendorProject: "Apache",
      product: "Log4j2",
      vulnerabilityName: "Apache Log4j2 Remote Code Execution Vulnerability",
      dateAdded: "2021-12-10",
      shortDescription: "Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints.",
      requiredAction: "Apply updates per vendor instructions.",
      dueDate: "2021-12-24",
      knownRansomwareCampaignUse: "Known",
      notes: "",
      cwes: ["CWE-917", "CWE-20", "CWE-400", "CWE-502"],
    },
  ],
};

/** A support statement as the supplier's SBOM tooling writes it into CycloneDX properties (read by core/sbom/support.ts). */
type Support = { level: string; endOfSupport?: string };

const lib = (ref: string, name: string, version: string, purl: string, supplier?: string, support?: Support) => ({
  type: "library",
  "bom-ref": ref,
  name,
  version,
  purl,
  ...(supplier ? { supplier: { name: supplier } } : {}),
  ...(support
    ? {
        properties: [
          { name: "vigil:support-level", value: support.level },
          ...(support.endOfSupport ? [{ name: "vigil:end-of-support", value: support.endOfSupport }] : []),
        ],
      }
    : {}),
});

/** Debian 12 "bookworm": security support by the Debian LTS team until 30 June 2028 (wiki.debian.org/LTS). */
const BOOKWORM: Support = { level: "actively maintained", endOfSupport: "2028-06-30" };

function cycloneDx(product: string, version: string, components: Array<Record<string, unknown>>): string {
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    metadata: { component: { type: "firmware", "bom-ref": "root", name: product, version } },
    components,
    dependencies: [{ ref: "root", dependsOn: components.map((c) => c["bom-ref"]) }],
  });
}

const SBOMS: Array<{ model: string; version: string; components: Array<Record<string, unknown>> }> = [
  {
    // Not a medical device: its KEV-listed Log4Shell finding is an actively exploited vulnerability under CRA Art. 14,
    // so the incident board proposes a CRA case for it.
    model: "FV-FM",
    version: "4.2.0",
    components: [lib("log4j", "log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Apache Software Foundation")],
  },
  {
    model: "IS-300",
    version: "2.4.1",
    components: [
      lib("log4j", "log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Apache Software Foundation"),
      lib("lodash", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20", "OpenJS Foundation"),
      lib("zlib", "zlib", "1.2.11.dfsg-2+deb11u1", "pkg:deb/debian/zlib@1.2.11.dfsg-2+deb11u1?distro=debian-11&epoch=1", "Debian"),
    ],
  },
  {
    // 3.1.0 moved the pump firmware to Debian 12 and added Wi-Fi: the components of the "Pump firmware" software item
    // of the demo threat model, fixed against the advisories its predecessor 2.4.1 is affected by. The supplier states
    // support for the Debian packages; log4j-core and libusb carry no statement, so they stay "unknown".
    model: "IS-300",
    version: "3.1.0",
    components: [
      lib("zlib", "zlib", "1.2.13.dfsg-1", "pkg:deb/debian/zlib@1.2.13.dfsg-1?distro=debian-12&epoch=1", "Debian", BOOKWORM),
      lib("openssl", "openssl", "3.0.15-1~deb12u1", "pkg:deb/debian/openssl@3.0.15-1~deb12u1?distro=debian-12", "Debian", BOOKWORM),
      lib("wpasupplicant", "wpasupplicant", "2.10-12+deb12u2", "pkg:deb/debian/wpasupplicant@2.10-12+deb12u2?distro=debian-12&epoch=2", "Debian", BOOKWORM),
      lib("libusb", "libusb-1.0", "1.0.26-1", "pkg:deb/debian/libusb-1.0@1.0.26-1?distro=debian-12&epoch=2", "Debian"),
      lib("log4j", "log4j-core", "2.17.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", "Apache Software Foundation"),
    ],
  },
  {
    model: "CL-GW",
    version: "1.8.0",
    components: [
      lib("log4j", "log4j-core", "2.17.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", "Apache Software Foundation"),
      lib("lodash", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20", "OpenJS Foundation"),
      lib("urllib3", "urllib3", "1.26.5", "pkg:pypi/urllib3@1.26.5", "urllib3 maintainers"),
    ],
  },
];

/** SBOMs for four demo versions, the demo advisories and KEV entry, and one analysed finding. */
export async function seedVulnerabilityDemo(db: Db, actor: Actor): Promise<void> {
  for (const s of SBOMS) {
    const [version] = await db
      .select({ id: softwareVersions.id })
      .from(softwareVersions)
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(and(eq(deviceModels.modelNumber, s.model), eq(softwareVersions.version, s.version)))
      .limit(1);
    if (!version) continue;
    const fileName = `${s.model.toLowerCase()}-${s.version}.cdx.json`;
    const content = Buffer.from(cycloneDx(s.model, s.version, s.components));
    const parsed = parseSbom({ fileName, content });
    if (!parsed.ok) throw new Error(`demo SBOM ${fileName} is invalid: ${parsed.errors[0]?.message}`);
    await importSbom(db, { versionId: version.id, file: { fileName, content }, sbom: parsed.sbom, warnings: parsed.warnings, actor });
  }
  await importVulnerabilityFiles(
    db,
    [
      ...RECORDS.map((r) => ({ name: `${r.id}.json`, content: Buffer.from(JSON.stringify(r)) })),
      { name: "known_exploited_vulnerabilities.json", content: Buffer.from(JSON.stringify(KEV)) },
    ],
    { actor },
  );
  const [lodash] = await db.select({ id: findings.id }).from(findings).where(and(eq(findings.vulnerabilityId, "CVE-2021-23337"))).limit(1);
  if (lodash) {
    await analyseFinding(
      db,
      lodash.id,
      {
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
        detail: "The firmware never calls lodash.template; only lodash.get and lodash.merge are used.",
        applyToSameComponent: true,
      },
      actor,
      new Date(),
    );
  }
}
