import { advisoryBody } from "../advisories/api-schemas";
import { craFinding } from "./cra-cases";
import type { DbOrTx } from "../platform/db/client";

type IncidentRow = { reference: string; title: string; description: string; affectedVersionIds: string[]; cra: { findingId?: string } | null };

const CVE = /^CVE-\d{4}-\d{4,}$/;

/**
 * The CSAF advisory draft that informs the product's users (CRA Art. 14(8)): TLP:AMBER, status draft, the
 * vulnerability with its affected version and exploitation, for the author to complete with mitigations.
 */
export async function craAdvisoryDraft(db: DbOrTx, incident: IncidentRow) {
  const found = incident.cra?.findingId ? await craFinding(db, incident.cra.findingId) : undefined;
  const versionIds = found ? [found.version.id] : incident.affectedVersionIds;
  const vulnerabilities = found
    ? [
        {
          ...(() => {
            const cve = [found.vulnerability.id, ...found.vulnerability.aliases].find((a) => CVE.test(a));
            return cve ? { cve } : { ids: [{ system: "Vigil", text: found.vulnerability.id }] };
          })(),
          description: found.vulnerability.summary ?? `${found.vulnerability.id} in ${found.finding.componentName} ${found.finding.componentVersion}`,
          exploitStatus: found.kev ? `Actively exploited: listed in CISA KEV since ${found.kev}` : "Actively exploited (reported to the CSIRT under CRA Art. 14(1))",
          productStatus: [{ softwareVersionId: found.version.id, status: "affected" as const }],
          findingIds: [found.finding.id],
        },
      ]
    : [];
  return advisoryBody.parse({
    trackingId: `${incident.reference}-CRA`,
    title: found ? `${found.vulnerability.id} in ${found.model.name} ${found.version.version}` : incident.title,
    summary: incident.description || incident.title,
    tlp: "AMBER",
    documentStatus: "draft",
    products: versionIds.map((softwareVersionId) => ({ softwareVersionId })),
    vulnerabilities,
    linkedFindingIds: found ? [found.finding.id] : [],
  });
}
