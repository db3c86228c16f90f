import type { AdvisoryInput } from "./advisory-model";

/** Advisory shapes used by the builder tests (fictitious manufacturer and devices). */

const publisher = {
  name: "Acme Medical PSIRT",
  namespace: "https://psirt.acme-medical.example",
  category: "vendor" as const,
  contactDetails: "psirt@acme-medical.example",
};

const infusionProducts = {
  vendors: [
    {
      name: "Acme Medical",
      families: [
        {
          name: "InfuSafe",
          products: [
            {
              name: "InfuSafe P200 Infusion Pump",
              versions: [
                {
                  version: "3.1.0",
                  productId: "ACME-P200-3.1.0",
                  modelNumbers: ["P200"],
                  cpe: "cpe:2.3:h:acme_medical:infusafe_p200:3.1.0:*:*:*:*:*:*:*",
                },
                { version: "3.2.0", productId: "ACME-P200-3.2.0", modelNumbers: ["P200"] },
                { version: "3.2.1", productId: "ACME-P200-3.2.1", modelNumbers: ["P200"] },
              ],
            },
            {
              name: "InfuSafe Gateway",
              kind: "application" as const,
              versions: [
                {
                  version: "2.0.4",
                  productId: "ACME-GW-2.0.4",
                  purl: "pkg:generic/acme-medical/infusafe-gateway@2.0.4",
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** One CVE, many products: three pump versions affected, the newest fixed; gateway not affected. */
export const oneCveManyProducts: AdvisoryInput = {
  trackingId: "ACME-SA-2026-0007",
  title: "Hard-coded service credentials in InfuSafe P200 infusion pumps",
  summary: "InfuSafe P200 firmware before 3.2.1 contains a hard-coded service account.",
  details: "An attacker on the clinical network can log in to the service interface and change pump settings.",
  status: "final",
  tlp: { label: "WHITE" },
  publisher,
  initialReleaseDate: "2026-02-10T09:00:00.000Z",
  revisions: [
    { number: "1.0.0", date: "2026-02-10T09:00:00.000Z", summary: "Initial release." },
    { number: "1.1.0", date: "2026-03-01T09:00:00.000Z", summary: "Fixed firmware 3.2.1 available." },
  ],
  products: infusionProducts,
  vulnerabilities: [
    {
      cve: "CVE-2026-10001",
      title: "Hard-coded service credentials",
      description: "The service interface accepts a fixed password that cannot be changed by the operator.",
      cwe: { id: "CWE-798" },
      cvss: {
        v31: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        v40: "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      },
      discoveryDate: "2026-01-05T00:00:00.000Z",
      releaseDate: "2026-02-10T09:00:00.000Z",
      productStatus: [
        { productId: "ACME-P200-3.1.0", status: "affected" },
        { productId: "ACME-P200-3.2.0", status: "affected" },
        { productId: "ACME-P200-3.2.1", status: "fixed", recommended: true },
        {
          productId: "ACME-GW-2.0.4",
          status: "not_affected",
          justification: "component_not_present",
          impactStatement: "The gateway has no service interface.",
        },
      ],
      remediations: [
        {
          category: "vendor_fix",
          details: "Update the pump firmware to 3.2.1.",
          url: "https://psirt.acme-medical.example/firmware/p200-3.2.1",
          date: "2026-03-01T09:00:00.000Z",
          productIds: ["ACME-P200-3.1.0", "ACME-P200-3.2.0"],
        },
        {
          category: "workaround",
          details: "Block TCP port 2323 to the pumps at the clinical network firewall.",
          productIds: ["ACME-P200-3.1.0", "ACME-P200-3.2.0"],
        },
      ],
      patientSafetyImpact: "Changed infusion rates could cause over- or under-dosing of the patient.",
      acknowledgments: [{ names: ["Jane Doe"], organization: "Example Hospital CERT" }],
    },
  ],
  acknowledgments: [{ organization: "Example Hospital CERT", summary: "coordinated disclosure" }],
  references: [
    {
      url: "https://psirt.acme-medical.example/advisories/ACME-SA-2026-0007",
      summary: "Advisory page",
      category: "self",
    },
  ],
};

/** Many CVEs, one product: affected, under investigation and not affected. */
export const manyCvesOneProduct: AdvisoryInput = {
  trackingId: "ACME-SA-2026-0011",
  title: "Vulnerabilities in the OpenSSL library of the VitaView patient monitor",
  summary: "Several OpenSSL vulnerabilities were assessed for the VitaView M5 patient monitor.",
  status: "interim",
  tlp: { label: "GREEN" },
  publisher,
  initialReleaseDate: "2026-04-02T12:00:00.000Z",
  revisions: [{ number: "1.0.0", date: "2026-04-02T12:00:00.000Z", summary: "Initial release." }],
  products: {
    vendors: [
      {
        name: "Acme Medical",
        products: [
          {
            name: "VitaView M5 Patient Monitor",
            versions: [{ version: "5.4.2", productId: "ACME-M5-5.4.2", modelNumbers: ["M5-100", "M5-120"] }],
          },
        ],
      },
    ],
  },
  vulnerabilities: [
    {
      cve: "CVE-2023-0286",
      description: "X.400 address type confusion in X.509 GeneralName.",
      cwe: { id: "CWE-843" },
      cvss: { v31: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H" },
      productStatus: [{ productId: "ACME-M5-5.4.2", status: "affected" }],
      remediations: [
        {
          category: "mitigation",
          details: "Disable CRL checking in the monitor's network settings until an update is available.",
          productIds: ["ACME-M5-5.4.2"],
        },
      ],
      patientSafetyImpact: "Loss of the central station connection; bedside alarms keep working.",
    },
    {
      cve: "CVE-2023-0215",
      description: "Use-after-free following BIO_new_NDEF.",
      cvss: { v31: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" },
      productStatus: [{ productId: "ACME-M5-5.4.2", status: "under_investigation" }],
    },
    {
      cve: "CVE-2022-4450",
      description: "Double free after calling PEM_read_bio_ex.",
      productStatus: [
        {
          productId: "ACME-M5-5.4.2",
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
          impactStatement: "The monitor never parses PEM input.",
        },
      ],
    },
  ],
};

/** Not-affected only: a pure VEX statement for two products. */
export const notAffectedOnly: AdvisoryInput = {
  trackingId: "ACME-VEX-2026-0002",
  title: "Acme Medical devices are not affected by CVE-2021-44228 (Log4Shell)",
  summary: "No Acme Medical device listed here contains Apache Log4j 2.",
  status: "final",
  tlp: { label: "WHITE" },
  publisher,
  initialReleaseDate: "2026-01-20T08:00:00.000Z",
  revisions: [{ number: "1.0.0", date: "2026-01-20T08:00:00.000Z", summary: "Initial release." }],
  products: infusionProducts,
  vulnerabilities: [
    {
      cve: "CVE-2021-44228",
      description: "Apache Log4j2 JNDI features do not protect against attacker-controlled LDAP endpoints.",
      productStatus: [
        { productId: "ACME-P200-3.2.1", status: "not_affected", justification: "component_not_present" },
        {
          productId: "ACME-GW-2.0.4",
          status: "not_affected",
          justification: "vulnerable_code_not_present",
          impactStatement: "The gateway bundles log4j-api only; log4j-core is absent.",
        },
      ],
    },
  ],
};

/** Fixed with remediation: the issue is fixed in a released version, older versions were affected. */
export const fixedWithRemediation: AdvisoryInput = {
  trackingId: "ACME-SA-2026-0015",
  title: "Path traversal in the InfuSafe Gateway log export",
  summary: "InfuSafe Gateway 2.0.4 allowed reading arbitrary files through the log export; fixed in 2.1.0.",
  status: "final",
  tlp: { label: "AMBER", url: "https://www.first.org/tlp/" },
  publisher,
  initialReleaseDate: "2026-05-12T10:00:00.000Z",
  revisions: [{ number: "1.0.0", date: "2026-05-12T10:00:00.000Z", summary: "Initial release." }],
  products: {
    vendors: [
      {
        name: "Acme Medical",
        products: [
          {
            name: "InfuSafe Gateway",
            kind: "application",
            versions: [
              { version: "2.0.4", productId: "ACME-GW-2.0.4", purl: "pkg:generic/acme-medical/infusafe-gateway@2.0.4" },
              { version: "2.1.0", productId: "ACME-GW-2.1.0", purl: "pkg:generic/acme-medical/infusafe-gateway@2.1.0" },
            ],
          },
        ],
      },
    ],
  },
  vulnerabilities: [
    {
      ids: [{ system: "Acme Medical PSIRT", text: "ACME-2026-0042" }],
      title: "Path traversal in log export",
      description: "A crafted file name in the log export request escapes the export directory.",
      cwe: { id: "CWE-22" },
      cvss: { v31: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N" },
      productStatus: [
        { productId: "ACME-GW-2.0.4", status: "affected" },
        { productId: "ACME-GW-2.1.0", status: "fixed" },
      ],
      remediations: [
        {
          category: "vendor_fix",
          details: "Update InfuSafe Gateway to 2.1.0.",
          url: "https://psirt.acme-medical.example/downloads/gateway-2.1.0",
          date: "2026-05-12T10:00:00.000Z",
          productIds: ["ACME-GW-2.0.4"],
        },
      ],
      exploitStatus: "No exploitation known.",
    },
  ],
};

export const EXAMPLE_ADVISORIES = { oneCveManyProducts, manyCvesOneProduct, notAffectedOnly, fixedWithRemediation };
