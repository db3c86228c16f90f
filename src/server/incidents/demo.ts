import { inArray } from "drizzle-orm";
import { assessSignificance, confirmSignificance, type ImpactModel, type IncidentFacts, type QuestionId } from "../../core/incidents";
import { type Actor, audited } from "../audit/store";
import { sites } from "../customers/schema";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { Db } from "../platform/db/client";
import { incidents, incidentSubmissions, incidentTimeline } from "./schema";
import { nextReference } from "./store";
import { incidentFscas } from "./vigilance-schema";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MANAGER = "Ines Incident <incidents@demo-medical.example>";

const answered = (yes: QuestionId[], no: QuestionId[]) =>
  Object.fromEntries([...yes.map((q) => [q, "yes"]), ...no.map((q) => [q, "no"])]) as Record<string, "yes" | "no">;

/** A confirmed significance decision, assessed from answers, impact and facts as the API would. */
function decided(answers: Record<string, "yes" | "no">, impact: ImpactModel, facts: IncidentFacts, at: Date) {
  const proposal = assessSignificance({ entityType: "medical_device_manufacturer", annualTurnoverEur: 42_000_000, answers, impact, facts });
  const assessment = { entityType: "medical_device_manufacturer" as const, annualTurnoverEur: 42_000_000, answers, assessedAt: at.toISOString(), assessedBy: MANAGER, proposal };
  const significance = confirmSignificance(proposal, { by: MANAGER, at: new Date(at.getTime() + 10 * 60_000).toISOString() });
  return { assessment, significance };
}

/**
 * Two demo incidents dated relative to seeding: one open and significant whose NIS2, MDR and GDPR clocks are
 * running (the early warning already sent), and one closed, not significant, with its lessons learned.
 */
export async function seedDemoIncidents(db: Db, actor: Actor, now = new Date()): Promise<void> {
  const models = await db.select().from(deviceModels).where(inArray(deviceModels.modelNumber, ["CL-GW", "IS-300"]));
  const gateway = models.find((m) => m.modelNumber === "CL-GW");
  const pump = models.find((m) => m.modelNumber === "IS-300");
  const versions = await db.select().from(softwareVersions).where(inArray(softwareVersions.deviceModelId, models.map((m) => m.id)));
  const versionOf = (modelId: string | undefined, version: string) => versions.find((v) => v.deviceModelId === modelId && v.version === version)?.id;
  const [mainCampus] = await db.select().from(sites).where(inArray(sites.name, ["Main campus"]));
  const gatewayVersion = versionOf(gateway?.id, "1.8.0");
  const pumpVersion = versionOf(pump?.id, "3.1.0");
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);

  const openImpact: ImpactModel = {
    availability: { severity: "medium", description: "Remote service access to the gateways suspended; data forwarding continues" },
    integrity: { severity: "high", description: "Gateway routing configuration altered on one unit; dose-limit library forwarded to pumps under review" },
    confidentiality: { severity: "medium", description: "Patient identifiers in the gateway's message buffer may have been read" },
    patientSafety: { severity: "medium", description: "Pumps receiving the library from this gateway switched to their local library as a precaution" },
  };
  const openFacts: IncidentFacts = { usersAffected: 1, durationMinutes: 840, memberStatesAffected: ["DE"], suspectedMalicious: true, crossBorderImpact: false };
  const openAware = at(14 * HOUR);
  const open = decided(
    answered(["severeOperationalDisruption", "considerableDamageToOthers", "maliciousUnauthorisedAccess"], ["tradeSecretsExfiltrated", "deathOfNaturalPerson", "scheduledMaintenanceOnly", "recurringIncidents"]),
    openImpact,
    openFacts,
    at(13 * HOUR),
  );

  const closedImpact: ImpactModel = {
    availability: { severity: "none", description: "" },
    integrity: { severity: "low", description: "Forwarding rule created in one engineering mailbox" },
    confidentiality: { severity: "low", description: "No documents left the mailbox according to the mail gateway logs" },
    patientSafety: { severity: "none", description: "" },
  };
  const closedFacts: IncidentFacts = { usersAffected: 0, durationMinutes: 180, memberStatesAffected: ["DE"], suspectedMalicious: true, financialLossEur: 2_500 };
  const closedAware = at(61 * DAY);
  const closed = decided(
    answered([], ["severeOperationalDisruption", "financialLossForEntity", "considerableDamageToOthers", "tradeSecretsExfiltrated", "deathOfNaturalPerson", "considerableDamageToHealth", "maliciousUnauthorisedAccess", "recurringIncidents", "scheduledMaintenanceOnly"]),
    closedImpact,
    closedFacts,
    at(61 * DAY - 2 * HOUR),
  );

  const common = {
    country: "DE",
    reporter: MANAGER,
    affectedSiteIds: [] as string[],
    indicatorsOfCompromise: [] as { type: string; value: string }[],
    mitigationsOngoing: [] as string[],
    recipientMeasures: [] as string[],
    linkedRiskIds: [] as string[],
    linkedControlIds: [] as string[],
    linkedFindingIds: [] as string[],
    createdBy: null,
  };

  await audited(db, actor, async (tx) => {
    const refOpen = await nextReference(tx, openAware.getUTCFullYear());
    const [openRow] = await tx
      .insert(incidents)
      .values({
        ...common,
        reference: refOpen,
        title: "Unauthorised access to the CareLink gateway remote-service VPN",
        description:
          "A service account of the remote-service VPN was used from an unknown address to log in to a CareLink clinical gateway at St. Lukas Klinikum and change its routing configuration.",
        detectedAt: at(15 * HOUR),
        awareAt: openAware,
        status: "contained",
        affectedDeviceModelIds: gateway ? [gateway.id] : [],
        affectedVersionIds: gatewayVersion ? [gatewayVersion] : [],
        affectedSiteIds: mainCampus ? [mainCampus.id] : [],
        affectedSystems: ["Remote-service VPN", "Service account directory"],
        suppliersInvolved: "VPN appliance vendor (support case opened)",
        impact: openImpact,
        facts: openFacts,
        assessment: open.assessment,
        significance: open.significance,
        deviceVigilance: { regulation: "mdr", category: "serious_incident" },
        personalDataBreach: { highRisk: false },
        threatType: "Credential misuse of a remote-service account",
        indicatorsOfCompromise: [{ type: "ipv4", value: "203.0.113.47" }],
        mitigationsApplied: ["Service account disabled", "Remote-service VPN closed for all customers"],
        mitigationsOngoing: ["Forensic copy of the gateway under analysis"],
        recipientMeasures: ["Keep the gateway's remote-service port closed until the update is installed"],
        createdAt: openAware,
        updatedAt: at(2 * HOUR),
      })
      .returning();
    await tx.insert(incidentTimeline).values([
      { incidentId: openRow.id, at: openAware, kind: "status", text: "Incident declared (open)", by: MANAGER },
      { incidentId: openRow.id, at: at(13 * HOUR), kind: "assessment", text: `Significance confirmed: ${open.significance.label}`, by: MANAGER },
      { incidentId: openRow.id, at: at(12 * HOUR), kind: "action", text: "Service account disabled and remote-service VPN closed", by: MANAGER },
      { incidentId: openRow.id, at: at(6 * HOUR), kind: "submission", text: "Marked submitted: nis2.early_warning", by: MANAGER },
      { incidentId: openRow.id, at: at(2 * HOUR), kind: "status", text: "Status open → contained", by: MANAGER },
    ]);
    await tx.insert(incidentSubmissions).values({
      incidentId: openRow.id,
      obligationId: "nis2.early_warning",
      submittedAt: at(6 * HOUR),
      channel: "BSI reporting portal",
      reference: "BSI-EW-DEMO-0001",
      submittedBy: MANAGER,
      dueAt: new Date(openAware.getTime() + 24 * HOUR),
      late: false,
      lateByMs: null,
      recordedBy: MANAGER,
      createdAt: at(6 * HOUR),
    });
    if (pumpVersion) {
      await tx.insert(incidentFscas).values({
        incidentId: openRow.id,
        reference: "FSCA-DEMO-01",
        description: "Verify the dose-limit library on InfuSafe 300 pumps fed by the affected gateway",
        startedAt: at(3 * HOUR),
        affectedVersionIds: [pumpVersion],
        affectedDevices: "Pumps at St. Lukas Klinikum fed by the main campus gateway",
        status: "in_progress",
        recordedBy: MANAGER,
        createdAt: at(3 * HOUR),
        updatedAt: at(3 * HOUR),
      });
    }

    const refClosed = await nextReference(tx, closedAware.getUTCFullYear());
    const [closedRow] = await tx
      .insert(incidents)
      .values({
        ...common,
        reference: refClosed,
        title: "Phishing e-mail led to a forwarding rule in an engineering mailbox",
        description: "An engineer entered credentials on a phishing page; the attacker created a mail forwarding rule that was removed three hours later.",
        detectedAt: at(61 * DAY + HOUR),
        awareAt: closedAware,
        status: "closed",
        affectedDeviceModelIds: [],
        affectedVersionIds: [],
        affectedSystems: ["E-mail"],
        suppliersInvolved: null,
        impact: closedImpact,
        facts: closedFacts,
        assessment: closed.assessment,
        significance: closed.significance,
        handledAt: at(60 * DAY),
        impactEndedAt: at(61 * DAY - 3 * HOUR),
        threatType: "Phishing",
        rootCause: "Password-only sign-in for web mail",
        mitigationsApplied: ["Password reset", "Forwarding rule removed", "Phishing-resistant MFA enforced for web mail"],
        lessonsLearned: "Enforce phishing-resistant MFA for every externally reachable sign-in; add forwarding-rule alerts to the mail gateway.",
        createdAt: closedAware,
        updatedAt: at(55 * DAY),
      })
      .returning();
    await tx.insert(incidentTimeline).values([
      { incidentId: closedRow.id, at: closedAware, kind: "status", text: "Incident declared (open)", by: MANAGER },
      { incidentId: closedRow.id, at: at(61 * DAY - 2 * HOUR), kind: "assessment", text: `Significance confirmed: ${closed.significance.label}`, by: MANAGER },
      { incidentId: closedRow.id, at: at(60 * DAY), kind: "status", text: "Status open → resolved", by: MANAGER },
      { incidentId: closedRow.id, at: at(55 * DAY), kind: "status", text: "Status resolved → closed", by: MANAGER },
    ]);
    return { result: null, changes: [{ action: "create", entityType: "demo_incidents", entityId: null, after: { incidents: [refOpen, refClosed] } }] };
  });
}
