/** Sections whose back end is not built yet. Each page says what it will hold; none shows data. */
export type PlannedSection = { path: string; title: string; purpose: string; willHold: string[] };

export const plannedSections: PlannedSection[] = [
  {
    path: "compliance",
    title: "Compliance",
    purpose: "The NIS2 risk-management measures (Art. 21) and how your organisation meets them.",
    willHold: [
      "The measures of Art. 21(2) NIS2 and, where it applies, of Implementing Regulation (EU) 2024/2690, with mappings to ISO/IEC 27001",
      "Your controls, their owners, implementation status and evidence",
      "Policies with their approval by the management body (Art. 20)",
      "Whether NIS2 applies to your organisation, derived from the organisation profile",
    ],
  },
  {
    path: "risks",
    title: "Risks",
    purpose: "The risk register for your network and information systems and your products.",
    willHold: [
      "Risks with likelihood, impact, owner and treatment",
      "Links from risks to the controls that treat them and to affected device models",
      "Review dates and the history of every change",
    ],
  },
  {
    path: "vulnerabilities",
    title: "Vulnerabilities",
    purpose: "Known vulnerabilities in the components of your devices, and their triage.",
    willHold: [
      "Findings matched from the SBOMs of your device versions against vulnerability feeds",
      "CVSS scores with clinical rescoring, priority and remediation deadlines",
      "VEX status per device version (affected, not affected, fixed, under investigation) with justification",
    ],
  },
  {
    path: "advisories",
    title: "Advisories",
    purpose: "Security advisories for your customers about vulnerabilities in your devices.",
    willHold: [
      "Advisory drafts in CSAF 2.0, validated before publication",
      "Affected and fixed versions, remediation and mitigation advice",
      "Publication to the customer portal for the customers whose installed base is affected",
    ],
  },
  {
    path: "incidents",
    title: "Incidents",
    purpose: "Incidents and their regulatory reporting obligations.",
    willHold: [
      "Incidents with the significance assessment of NIS2 Art. 23(3)",
      "Reporting clocks for NIS2 Art. 23(4), MDR/IVDR vigilance and GDPR, with due dates",
      "Drafts of the early warning, incident notification, intermediate and final reports",
    ],
  },
  {
    path: "suppliers",
    title: "Suppliers",
    purpose: "Supply-chain security (NIS2 Art. 21(2)(d)): your direct suppliers and service providers.",
    willHold: [
      "Suppliers with what they provide and how critical it is",
      "Security assessments, contract clauses and review dates",
      "Components supplied to your device models",
    ],
  },
  {
    path: "reports",
    title: "Reports",
    purpose: "Exports for management, auditors and authorities.",
    willHold: [
      "Compliance status and risk register exports",
      "Incident reports as submitted, with their timeline",
      "Audit trail exports with chain verification",
    ],
  },
];
