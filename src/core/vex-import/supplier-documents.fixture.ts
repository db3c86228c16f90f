/**
 * Supplier-style VEX documents for tests: what an RTOS vendor (CSAF VEX with revisions), a board maker
 * (CycloneDX 1.6 VEX) and a UI framework vendor (OpenVEX 0.2) publish about the components they ship.
 * The vulnerability is CVE-2020-11023 (jQuery, GHSA-jpcq-cgw6-v4j6 in OSV) unless given.
 */

export interface SupplierVexOptions {
  cve?: string;
  purl?: string;
}

const JQUERY = { cve: "CVE-2020-11023", purl: "pkg:npm/jquery@3.4.1" };

/** Wind River-style CSAF VEX: revision 1 under investigation, revision 2 and later not affected (code not present). */
export function windRiverCsafVex(revision: number, options: SupplierVexOptions = {}) {
  const { cve, purl } = { ...JQUERY, ...options };
  const date = (n: number) => `2026-0${Math.min(n, 9)}-15T08:00:00.000Z`;
  const notAffected = revision >= 2;
  return {
    document: {
      category: "csaf_vex",
      csaf_version: "2.0",
      notes: [{ category: "summary", title: "Summary", text: `Status of ${cve} in the web console of Wind River Linux LTS 24.` }],
      publisher: { category: "vendor", name: "Wind River Systems", namespace: "https://www.windriver.com" },
      title: `Wind River Linux LTS 24: ${cve}`,
      tracking: {
        current_release_date: date(revision),
        id: "WRS-2026-0012",
        initial_release_date: date(1),
        revision_history: Array.from({ length: revision }, (_, i) => ({
          date: date(i + 1),
          number: String(i + 1),
          summary: i === 0 ? "Initial version." : "Analysis completed.",
        })),
        status: "final",
        version: String(revision),
      },
      distribution: { tlp: { label: "WHITE" } },
    },
    product_tree: {
      branches: [
        {
          category: "vendor",
          name: "Wind River Systems",
          branches: [
            {
              category: "product_name",
              name: "jquery",
              branches: [
                {
                  category: "product_version",
                  name: "3.4.1",
                  product: { name: "jquery 3.4.1 in Wind River Linux LTS 24", product_id: "WRL24-JQUERY", product_identification_helper: { purl } },
                },
              ],
            },
          ],
        },
      ],
    },
    vulnerabilities: [
      {
        cve,
        notes: [{ category: "description", title: "CVE description", text: "Passing HTML from untrusted sources to jQuery DOM manipulation methods may execute untrusted code." }],
        product_status: notAffected ? { known_not_affected: ["WRL24-JQUERY"] } : { under_investigation: ["WRL24-JQUERY"] },
        ...(notAffected
          ? {
              flags: [{ label: "vulnerable_code_not_present", product_ids: ["WRL24-JQUERY"] }],
              threats: [{ category: "impact", details: "The htmlPrefilter code path is removed from the shipped build.", product_ids: ["WRL24-JQUERY"] }],
            }
          : {}),
      },
    ],
  };
}

/** A board maker's CycloneDX 1.6 VEX naming its components by bom-ref, one of them not in the device's SBOM. */
export function boardCycloneDxVex(options: SupplierVexOptions = {}) {
  const { cve, purl } = { ...JQUERY, ...options };
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: "urn:uuid:6f1c1c6e-6f1a-4f55-9a55-5e3a2c1b7d01",
    version: 2,
    metadata: { timestamp: "2026-10-01T09:00:00Z", supplier: { name: "Acme Boards" } },
    components: [
      { type: "library", "bom-ref": "console-jquery", name: "jquery", version: "3.4.1", purl },
      { type: "library", "bom-ref": "bootloader", name: "acme-boot", version: "7.1", purl: "pkg:generic/acme/acme-boot@7.1" },
    ],
    vulnerabilities: [
      {
        id: cve,
        analysis: { state: "not_affected", justification: "code_not_reachable", detail: "The console is disabled in production images." },
        affects: [{ ref: "console-jquery" }],
      },
      {
        id: "CVE-2026-0001",
        analysis: { state: "exploitable", detail: "Update to acme-boot 7.2." },
        affects: [{ ref: "bootloader" }],
      },
    ],
  };
}

/** A UI framework vendor's OpenVEX 0.2 statement, by the GHSA alias. */
export function frameworkOpenVex(options: { vulnerability?: string; purl?: string } = {}) {
  const { vulnerability, purl } = { vulnerability: "GHSA-jpcq-cgw6-v4j6", purl: JQUERY.purl, ...options };
  return {
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://vex.example-ui.com/2026/ui-0007",
    author: "Example UI Framework Security",
    timestamp: "2026-09-01T10:00:00Z",
    version: 1,
    statements: [
      {
        vulnerability: { name: vulnerability },
        products: [{ "@id": "pkg:npm/example-ui@9.0.0", subcomponents: [{ "@id": purl }] }],
        status: "fixed",
      },
    ],
  };
}
