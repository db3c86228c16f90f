import type { Cia, HarmSeverity, LifecyclePhase, Treatment } from "../../core/risks";
import { type Actor, audited } from "../audit/store";
import { deviceModels } from "../devices/schema";
import type { Db } from "../platform/db/client";
import { riskAcceptances, riskActions, riskLinks, risks } from "./schema";

type DemoRisk = {
  title: string;
  asset: string;
  assetType: (typeof risks.$inferInsert)["assetType"];
  phase: LifecyclePhase;
  threat: string;
  vulnerability: string;
  cia: Cia;
  patientSafety: HarmSeverity | null;
  inherent: [number, number];
  residual?: [number, number];
  treatment: Treatment | null;
  treatmentPlan?: string;
  owner: string | null;
  model?: string;
  templateId?: string;
  requirements?: string[];
  /** Actions: title, owner, due in days from today (negative: overdue), done. */
  actions?: [string, string, number, boolean?][];
  reviewInDays?: number;
};

const C = (c: boolean, i: boolean, a: boolean): Cia => ({ confidentiality: c, integrity: i, availability: a });

const demoRisks: DemoRisk[] = [
  {
    title: "Compromised build pipeline",
    asset: "CI/CD build and release pipeline",
    assetType: "information_system",
    phase: "design_development",
    threat: "Intrusion into build runners or their credentials",
    vulnerability: "Long-lived shared deploy keys; unpinned build dependencies",
    cia: C(true, true, false),
    patientSafety: "critical",
    inherent: [3, 5],
    residual: [2, 5],
    treatment: "reduce",
    treatmentPlan: "- Ephemeral runners\n- Signing in the HSM only for attested builds",
    owner: "Dr. Jana Weber (Head of R&D)",
    templateId: "tpl.design.build-pipeline",
    requirements: ["nis2:art21.2.e", "iso27001:A.8.25", "iec81001-5-1:5.1.2"],
    actions: [
      ["Move build runners to ephemeral VMs", "DevOps lead", 45],
      ["Provenance attestations for every release build", "DevOps lead", 90],
    ],
  },
  {
    title: "Code-signing key stolen or misused",
    asset: "Firmware signing key (InfuSafe 300)",
    assetType: "information_system",
    phase: "design_development",
    threat: "Key theft from a build server",
    vulnerability: "Key stored as a file on the release server",
    cia: C(true, true, false),
    patientSafety: "critical",
    inherent: [2, 5],
    residual: [1, 5],
    treatment: "reduce",
    owner: "Sam Security (PSIRT)",
    model: "IS-300",
    requirements: ["nis2:art21.2.h", "iec81001-5-1:5.8.4"],
    actions: [["Migrate signing keys into the HSM with dual control", "Sam Security", 30]],
  },
  {
    title: "Known-vulnerable component shipped in VitaView 6.0",
    asset: "VitaView patient monitor software",
    assetType: "device_model",
    phase: "design_development",
    threat: "Exploitation of a published vulnerability in OpenSSL",
    vulnerability: "No SBOM check before release until 2025",
    cia: C(true, true, true),
    patientSafety: "serious",
    inherent: [4, 4],
    residual: [2, 3],
    treatment: "reduce",
    owner: "Sam Security (PSIRT)",
    model: "VV-12",
    actions: [["SBOM vulnerability gate in the release checklist", "QA lead", -5, true]],
  },
  {
    title: "Ransomware in manufacturing",
    asset: "MES and end-of-line test stations (Plant Augsburg)",
    assetType: "manufacturing_line",
    phase: "manufacturing",
    threat: "Ransomware via phishing or exposed remote access",
    vulnerability: "Office and production networks not segregated",
    cia: C(false, true, true),
    patientSafety: "minor",
    inherent: [4, 4],
    residual: [3, 3],
    treatment: "reduce",
    treatmentPlan: "- Segment production network\n- Immutable MES backups with quarterly restore tests",
    owner: "Markus Huber (Plant manager)",
    templateId: "tpl.manufacturing.ransomware",
    requirements: ["nis2:art21.2.c", "iso27001:A.8.13", "iso27001:A.8.22"],
    actions: [
      ["Segregate production network from office IT", "OT network lead", -21],
      ["Immutable backup of MES configuration", "IT Operations", 60],
    ],
  },
  {
    title: "Tampered firmware image at the flashing station",
    asset: "End-of-line programming station",
    assetType: "manufacturing_line",
    phase: "manufacturing",
    threat: "Malware on the programming station",
    vulnerability: "Images copied from a file share without hash check",
    cia: C(false, true, false),
    patientSafety: "critical",
    inherent: [2, 5],
    residual: [1, 5],
    treatment: "reduce",
    owner: "Markus Huber (Plant manager)",
    model: "IS-300",
  },
  {
    title: "Unsupported Windows on production equipment",
    asset: "Injection moulding controllers",
    assetType: "manufacturing_line",
    phase: "manufacturing",
    threat: "Network worm exploiting unpatched SMB",
    vulnerability: "Windows 7 embedded, vendor forbids updates",
    cia: C(false, true, true),
    patientSafety: null,
    inherent: [3, 3],
    residual: [2, 3],
    treatment: "accept",
    owner: null,
  },
  {
    title: "Unsigned firmware update accepted by InfuSafe 2.4",
    asset: "InfuSafe 300 update mechanism (software 2.4.x)",
    assetType: "device_model",
    phase: "distribution",
    threat: "Malicious update through a compromised update server",
    vulnerability: "Bootloader of 2.4.x does not verify update signatures",
    cia: C(false, true, true),
    patientSafety: "catastrophic",
    inherent: [3, 5],
    residual: [2, 5],
    treatment: "reduce",
    treatmentPlan: "- Customers upgrade to 3.1 (signed updates)\n- Update server hardening",
    owner: "Sam Security (PSIRT)",
    model: "IS-300",
    templateId: "tpl.distribution.unsigned-update",
    requirements: ["nis2:art21.2.e", "iec81001-5-1:6.3.3", "mdr:annexI.17.2"],
    actions: [["Field upgrade campaign 2.4 → 3.1 for remaining sites", "Service manager", 75]],
  },
  {
    title: "Supplier breach at contract manufacturer of PCBs",
    asset: "Supplier remote access and delivered boards",
    assetType: "supplier_service",
    phase: "distribution",
    threat: "Breach of the supplier's network",
    vulnerability: "VPN access without MFA; no incident notification clause",
    cia: C(true, true, true),
    patientSafety: "serious",
    inherent: [3, 4],
    residual: [2, 4],
    treatment: "transfer",
    owner: "Carla Compliance",
    requirements: ["nis2:art21.2.d", "iso27001:A.5.20"],
    actions: [["Add incident notification and right-to-audit clauses at renewal", "Purchasing", 120]],
  },
  {
    title: "CareLink cloud backend outage",
    asset: "CareLink clinical gateway cloud service",
    assetType: "cloud_backend",
    phase: "distribution",
    threat: "Hosting provider outage or account takeover",
    vulnerability: "Single region; break-glass accounts without hardware keys",
    cia: C(true, false, true),
    patientSafety: "minor",
    inherent: [3, 4],
    treatment: null,
    owner: "Head of Cloud Operations",
    model: "CL-GW",
  },
  {
    title: "Legacy InfuSafe 2.4.1 in the field past end of support",
    asset: "65 pumps on software 2.4.1 at two hospitals",
    assetType: "device_model",
    phase: "post_market",
    threat: "Exploitation of vulnerabilities that will not be fixed",
    vulnerability: "End of support since June 2025",
    cia: C(true, true, true),
    patientSafety: "serious",
    inherent: [4, 4],
    residual: [3, 4],
    treatment: "accept",
    owner: "Dr. Jana Weber (Head of R&D)",
    model: "IS-300",
    templateId: "tpl.postmarket.legacy-os",
    requirements: ["imdrf-n60:6.6", "iec81001-5-1:6.1.1"],
    reviewInDays: -10,
  },
  {
    title: "Security updates for VitaView delivered too late",
    asset: "Security update process",
    assetType: "information_system",
    phase: "post_market",
    threat: "Exploitation between disclosure and deployed fix",
    vulnerability: "Full revalidation required for every patch",
    cia: C(false, true, true),
    patientSafety: "serious",
    inherent: [3, 4],
    residual: [2, 4],
    treatment: "reduce",
    owner: "QA/RA lead",
    model: "VV-12",
    actions: [["Define an expedited validation path for security fixes", "QA/RA lead", 40]],
  },
  {
    title: "Significant incident reported late to BSI",
    asset: "Incident detection and reporting",
    assetType: "information_system",
    phase: "post_market",
    threat: "Missed 24 h early warning; regulatory sanction",
    vulnerability: "No on-call rota outside office hours",
    cia: C(false, false, true),
    patientSafety: null,
    inherent: [3, 4],
    residual: [2, 3],
    treatment: "reduce",
    owner: "Ines Incident",
    requirements: ["nis2:art21.2.b", "nis2:art23.4"],
  },
  {
    title: "Patient data in remote service logs",
    asset: "Remote service tool and logs",
    assetType: "data_set",
    phase: "post_market",
    threat: "Compromised service account",
    vulnerability: "Logs keep patient identifiers for 2 years",
    cia: C(true, false, false),
    patientSafety: null,
    inherent: [3, 3],
    treatment: null,
    owner: null,
  },
];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** 13 risks across the lifecycle with treatments, actions (one overdue) and one accepted residual risk. */
export async function seedRiskDemo(db: Db, actor: Actor): Promise<void> {
  const models = await db.select({ id: deviceModels.id, modelNumber: deviceModels.modelNumber }).from(deviceModels);
  const modelId = (n?: string) => (n ? (models.find((m) => m.modelNumber === n)?.id ?? null) : null);
  await audited(db, actor, async (tx) => {
    let n = 0;
    for (const d of demoRisks) {
      n += 1;
      const [r] = await tx
        .insert(risks)
        .values({
          reference: `RISK-${String(n).padStart(3, "0")}`,
          title: d.title,
          asset: d.asset,
          assetType: d.assetType,
          phase: d.phase,
          threat: d.threat,
          vulnerability: d.vulnerability,
          cia: d.cia,
          patientSafety: d.patientSafety,
          inherentLikelihood: d.inherent[0],
          inherentImpact: d.inherent[1],
          residualLikelihood: d.residual?.[0] ?? null,
          residualImpact: d.residual?.[1] ?? null,
          treatment: d.treatment,
          treatmentPlan: d.treatmentPlan ?? "",
          owner: d.owner,
          deviceModelId: modelId(d.model),
          status: d.treatment === "accept" && d.owner ? "accepted" : d.treatment ? "treating" : "open",
          reviewDate: day(d.reviewInDays ?? 120 + n * 7),
          templateId: d.templateId ?? null,
          createdBy: actor.label,
        })
        .returning();
      if (d.actions?.length) {
        await tx.insert(riskActions).values(
          d.actions.map(([title, owner, due, done]) => ({ riskId: r.id, title, owner, dueDate: day(due), status: done ? ("done" as const) : ("planned" as const), completedAt: done ? new Date() : null })),
        );
      }
      const links = [...(d.requirements ?? []).map((refId) => ({ kind: "requirement" as const, refId })), ...(r.deviceModelId ? [{ kind: "device_model" as const, refId: r.deviceModelId }] : [])];
      if (links.length) await tx.insert(riskLinks).values(links.map((l) => ({ ...l, riskId: r.id })));
      if (r.status === "accepted") {
        const high = (d.residual ?? d.inherent)[0] * (d.residual ?? d.inherent)[1] >= 10;
        await tx.insert(riskAcceptances).values({
          riskId: r.id,
          acceptedBy: high ? "Dr. Eva Berger (CEO)" : "Markus Huber (Plant manager)",
          authority: high ? "executive" : "department_head",
          statement: high
            ? "Accepted until the remaining sites have upgraded; customers informed of compensating network controls."
            : "Accepted until the controllers are replaced in 2027; the machines sit in an isolated network zone.",
          benefitRisk: null,
          acceptedAt: new Date(),
          validUntil: day(240),
          score: (d.residual ?? d.inherent)[0] * (d.residual ?? d.inherent)[1],
          level: high ? "high" : "medium",
          recordedBy: actor.label,
        });
      }
    }
    return { result: null, changes: [{ action: "create", entityType: "demo_risks", entityId: null, after: { risks: demoRisks.length } }] };
  });
}
