import { and, eq } from "drizzle-orm";
import { type Actor, audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { getPolicy } from "../disclosure/settings";
import { demoMorning } from "../demo/dates";
import type { Db } from "../platform/db/client";
import type { AdvisoryBody } from "./api-schemas";
import { writeWorkingCopy } from "./save";
import { advisories } from "./schema";
import { buildCandidate, loadAdvisory, storeRevision } from "./store";

async function versionId(db: Db, modelNumber: string, version: string): Promise<string | null> {
  const [row] = await db
    .select({ id: softwareVersions.id })
    .from(softwareVersions)
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(and(eq(deviceModels.modelNumber, modelNumber), eq(softwareVersions.version, version)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * One published advisory about the CareLink gateway that St. Lukas runs, and one draft about the
 * VitaView monitor. The vulnerabilities are fictitious and carry the vendor's own ids, not CVE ids.
 */
export async function seedDemoAdvisories(db: Db, actor: Actor, now = new Date()): Promise<void> {
  const publishedAt = demoMorning(now, 34);
  const gateway = await versionId(db, "CL-GW", "1.8.0");
  const monitor = await versionId(db, "VV-12", "6.0.0");
  if (!gateway || !monitor) return;
  const published: AdvisoryBody = {
    trackingId: "DMG-SA-2026-001",
    title: "Default SNMP community string in the CareLink clinical gateway",
    summary: "CareLink gateway 1.8.0 answers SNMP requests with a default community string, which discloses its configuration to anyone on the network.",
    tlp: "WHITE",
    documentStatus: "final",
    profile: "csaf_security_advisory",
    products: [{ softwareVersionId: gateway, family: "Clinical software" }],
    vulnerabilities: [
      {
        ids: [{ system: "Demo Medical PSIRT", text: "DMG-VULN-2026-0001" }],
        title: "Default SNMP community string",
        description: "The SNMP v2c agent of the gateway accepts the community string 'public', exposing network settings and connected device identifiers.",
        cwe: { id: "CWE-1392" },
        cvssV31: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N",
        patientSafetyImpact: "No direct effect on therapy: the gateway forwards data only. Device identifiers could help an attacker plan further attacks.",
        productStatus: [{ softwareVersionId: gateway, status: "affected" }],
        remediations: [
          { category: "workaround", details: "Disable SNMP in Settings → Network → SNMP, or block UDP 161 to the gateway at the VLAN firewall.", softwareVersionIds: [gateway] },
        ],
        references: [],
        acknowledgments: [],
        findingIds: [],
      },
    ],
    acknowledgments: [],
    references: [],
    linkedFindingIds: [],
  };
  const draft: AdvisoryBody = {
    trackingId: "DMG-SA-2026-002",
    title: "VitaView HL7 listener under investigation",
    summary: "We are investigating a report about malformed HL7 messages that restart the VitaView 6.0.0 monitor's HL7 listener.",
    tlp: "AMBER",
    documentStatus: "draft",
    profile: "csaf_security_advisory",
    products: [{ softwareVersionId: monitor, family: "Patient monitoring" }],
    vulnerabilities: [
      {
        ids: [{ system: "Demo Medical PSIRT", text: "DMG-VULN-2026-0002" }],
        description: "Malformed HL7 v2 messages restart the HL7 listener; vital signs are not forwarded for about 30 seconds.",
        productStatus: [{ softwareVersionId: monitor, status: "under_investigation" }],
        remediations: [],
        references: [],
        acknowledgments: [],
        findingIds: [],
      },
    ],
    acknowledgments: [],
    references: [],
    linkedFindingIds: [],
  };
  const publisher = await getPolicy(db, {}).then((p) => ({ name: p.organisation, namespace: p.website, contactDetails: p.contactEmail }));
  for (const body of [published, draft]) {
    const id = crypto.randomUUID();
    await audited(db, actor, async (tx) => {
      await tx.insert(advisories).values({
        id,
        trackingId: body.trackingId,
        title: body.title,
        summary: body.summary,
        tlp: body.tlp,
        documentStatus: body.documentStatus,
        profile: body.profile,
        acknowledgments: body.acknowledgments,
        references: body.references,
        linkedFindingIds: body.linkedFindingIds,
        createdAt: publishedAt,
        updatedAt: publishedAt,
      });
      await writeWorkingCopy(tx, id, body);
      let after: Record<string, unknown> = { trackingId: body.trackingId };
      if (body === published) {
        const loaded = await loadAdvisory(tx, id);
        const candidate = await buildCandidate(loaded, { now: publishedAt, publisher, summary: "Initial public release.", bump: "minor", skipCsafTests: true });
        if (candidate.problems.length > 0) throw new Error(`demo advisory is invalid: ${JSON.stringify(candidate.problems)}`);
        after = { ...after, ...(await storeRevision(tx, loaded, candidate, "Initial public release.", { userId: null, label: actor.label })), version: candidate.number };
      }
      return { result: null, changes: [{ action: body === published ? "publish" : "create", entityType: "advisory", entityId: id, after }] };
    });
  }
}
