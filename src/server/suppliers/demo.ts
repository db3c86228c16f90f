import { type ClauseId, requiredClauses, scoreQuestionnaire, type TierInputs } from "../../core/suppliers";
import { type Actor, audited } from "../audit/store";
import type { Db } from "../platform/db/client";
import { supplierAssessments, supplierCertifications, supplierComponents, supplierContracts, suppliers } from "./schema";
import { dayOf, tierOf } from "./store";
import { ensureTemplateRow, templateFiles } from "./templates";
import { newQuestionnaireToken } from "./tokens";

type DemoSupplier = TierInputs & {
  name: string;
  supplies: string;
  suppliesDeviceComponents: boolean;
  country: string;
  contact: { name: string; email: string; role: string };
  omitClauses?: ClauseId[];
  certs?: { type: "iso27001" | "soc2" | "other"; name: string; issuer: string; expiresInDays: number }[];
  components?: { purl: string; match: "exact" | "prefix"; description: string }[];
  reviewedDaysAgo?: number;
};

const demoSuppliers: DemoSupplier[] = [
  {
    name: "Nimbus Cloud Hosting GmbH",
    supplies: "Hosting of the device cloud backend and the patient-monitoring data store",
    suppliesDeviceComponents: false,
    country: "DE",
    contact: { name: "Jana Weber", email: "security@nimbus-hosting.example", role: "CISO" },
    systemAccess: "privileged",
    dataAccess: "health",
    deviceImpact: "indirect",
    patientSafetyImpact: false,
    substitutability: "moderate",
    certs: [
      { type: "iso27001", name: "ISO/IEC 27001:2022 certificate", issuer: "TÜV Demo Cert", expiresInDays: 540 },
      { type: "soc2", name: "SOC 2 Type II report", issuer: "Demo Audit LLP", expiresInDays: 200 },
    ],
    reviewedDaysAgo: 120,
  },
  {
    name: "Kestrel RTOS AB",
    supplies: "Real-time operating system of the infusion pump firmware",
    suppliesDeviceComponents: true,
    country: "SE",
    contact: { name: "Erik Lund", email: "psirt@kestrel-rtos.example", role: "Product security" },
    systemAccess: "none",
    dataAccess: "none",
    deviceImpact: "direct",
    patientSafetyImpact: true,
    substitutability: "hard",
    omitClauses: ["sbom_delivery"],
    certs: [{ type: "iso27001", name: "ISO/IEC 27001:2022 certificate", issuer: "Nordic Cert Demo", expiresInDays: 400 }],
    components: [{ purl: "pkg:generic/kestrel-rtos", match: "prefix", description: "Kestrel RTOS kernel and drivers" }],
  },
  {
    name: "Precision Assembly s.r.o.",
    supplies: "Contract manufacturing and final assembly of the infusion pumps, including firmware flashing",
    suppliesDeviceComponents: true,
    country: "CZ",
    contact: { name: "Petr Novák", email: "quality@precision-assembly.example", role: "Quality manager" },
    systemAccess: "limited",
    dataAccess: "internal",
    deviceImpact: "direct",
    patientSafetyImpact: true,
    substitutability: "hard",
    certs: [{ type: "iso27001", name: "ISO/IEC 27001:2013 certificate", issuer: "Demo Certification s.r.o.", expiresInDays: -45 }],
  },
  {
    name: "CircuitWorks PCB Ltd",
    supplies: "Printed circuit boards for the patient monitor",
    suppliesDeviceComponents: true,
    country: "IE",
    contact: { name: "Aoife Byrne", email: "sales@circuitworks.example", role: "Account manager" },
    systemAccess: "none",
    dataAccess: "none",
    deviceImpact: "direct",
    patientSafetyImpact: false,
    substitutability: "moderate",
    certs: [{ type: "other", name: "ISO 13485 certificate", issuer: "Demo Notified Body", expiresInDays: 700 }],
  },
  {
    name: "TrustChain Signing Services",
    supplies: "Code-signing certificates and hardware security module service for firmware releases",
    suppliesDeviceComponents: false,
    country: "NL",
    contact: { name: "Daan de Vries", email: "support@trustchain.example", role: "Support lead" },
    systemAccess: "limited",
    dataAccess: "none",
    deviceImpact: "indirect",
    patientSafetyImpact: false,
    substitutability: "hard",
    certs: [{ type: "soc2", name: "SOC 2 Type II report", issuer: "Demo Audit LLP", expiresInDays: 30 }],
  },
  {
    name: "Helpline Desk SaaS",
    supplies: "Customer service ticketing for hospital support requests",
    suppliesDeviceComponents: false,
    country: "IE",
    contact: { name: "Sean Murphy", email: "trust@helpline-desk.example", role: "Trust team" },
    systemAccess: "limited",
    dataAccess: "internal",
    deviceImpact: "none",
    patientSafetyImpact: false,
    substitutability: "easy",
  },
  {
    name: "OfficeLine Supplies",
    supplies: "Office equipment and consumables",
    suppliesDeviceComponents: false,
    country: "DE",
    contact: { name: "Lena Fischer", email: "orders@officeline.example", role: "Sales" },
    systemAccess: "none",
    dataAccess: "none",
    deviceImpact: "none",
    patientSafetyImpact: false,
    substitutability: "easy",
  },
];

const DAY = 86_400_000;

/** Suppliers of Demo Medical GmbH across the tiers: one expired certificate, one missing contract clause. */
export async function seedSupplierDemo(db: Db, actor: Actor, now = new Date()): Promise<void> {
  const template = templateFiles()[0];
  await audited(db, actor, async (tx) => {
    const { row: templateRow } = await ensureTemplateRow(tx, template);
    for (const d of demoSuppliers) {
      const tier = tierOf(d);
      const reviewedAt = d.reviewedDaysAgo ? new Date(now.getTime() - d.reviewedDaysAgo * DAY) : null;
      // Suppliers not yet assessed were onboarded in the last weeks, so the demo shows a backlog a few weeks old,
      // not one of more than a year.
      const registeredDaysAgo = reviewedAt ? 400 : 10 + 6 * demoSuppliers.indexOf(d);
      const registeredOn = dayOf(new Date(now.getTime() - registeredDaysAgo * DAY));
      const [s] = await tx
        .insert(suppliers)
        .values({
          name: d.name,
          supplies: d.supplies,
          suppliesDeviceComponents: d.suppliesDeviceComponents,
          country: d.country,
          contacts: [d.contact],
          systemAccess: d.systemAccess,
          dataAccess: d.dataAccess,
          deviceImpact: d.deviceImpact,
          patientSafetyImpact: d.patientSafetyImpact,
          substitutability: d.substitutability,
          tier: tier.tier,
          tierReasons: tier.reasons,
          registeredOn,
          // Without a review the first assessment is due at registration: the demo shows it as overdue.
          nextAssessmentDue: reviewedAt ? dayOf(new Date(reviewedAt.getTime() + 365 * DAY)) : registeredOn,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const clauses = requiredClauses(tier.tier, d.suppliesDeviceComponents).filter((c) => !d.omitClauses?.includes(c));
      await tx.insert(supplierContracts).values({
        supplierId: s.id,
        title: `Framework agreement ${d.name}`,
        reference: `CTR-${d.country}-${String(demoSuppliers.indexOf(d) + 1).padStart(3, "0")}`,
        startDate: registeredOn,
        endDate: dayOf(new Date(now.getTime() + 3 * 365 * DAY)),
        clauses,
      });
      for (const c of d.certs ?? []) {
        await tx.insert(supplierCertifications).values({
          supplierId: s.id,
          type: c.type,
          name: c.name,
          issuer: c.issuer,
          issuedOn: dayOf(new Date(now.getTime() + (c.expiresInDays - 3 * 365) * DAY)),
          expiresOn: dayOf(new Date(now.getTime() + c.expiresInDays * DAY)),
        });
      }
      for (const c of d.components ?? []) await tx.insert(supplierComponents).values({ supplierId: s.id, ...c });
      if (reviewedAt) {
        const answers = Object.fromEntries(
          template.sections.flatMap((sec) =>
            sec.questions.map((q) => [q.id, { value: q.kind === "yes_no" ? (q.id === "gov.screening" ? "partly" : "yes") : q.kind === "choice" ? q.options![0].value : "See attached policy." }]),
          ),
        );
        const score = scoreQuestionnaire(template, answers);
        await tx.insert(supplierAssessments).values({
          supplierId: s.id,
          templateId: templateRow.id,
          status: "reviewed",
          tokenHash: newQuestionnaireToken().hash,
          expiresAt: new Date(reviewedAt.getTime() - 5 * DAY),
          recipientEmail: d.contact.email,
          sentBy: "compliance@demo-medical.example",
          sentAt: new Date(reviewedAt.getTime() - 30 * DAY),
          submittedAt: new Date(reviewedAt.getTime() - 10 * DAY),
          answers,
          score,
          overallScore: score.overall,
          reviewComments: [{ questionId: "gov.screening", text: "Background checks only for administrators; follow up at next review.", by: "compliance@demo-medical.example", at: reviewedAt.toISOString() }],
          reviewedBy: "compliance@demo-medical.example",
          reviewedAt,
          createdAt: reviewedAt,
          updatedAt: reviewedAt,
        });
      }
    }
    return { result: null, changes: [{ action: "create", entityType: "demo_suppliers", entityId: null, after: { suppliers: demoSuppliers.length } }] };
  });
}
