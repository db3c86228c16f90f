import { inArray } from "drizzle-orm";
import { ACTIVITIES, nextReviewDate, type RaciCell } from "../../core/governance";
import { users } from "../accounts/schema";
import { type Actor, audited } from "../audit/store";
import type { Db } from "../platform/db/client";
import {
  governanceRaci,
  governanceRoleHolders,
  policies,
  policyAcknowledgements,
  policyVersions,
  trainingAssignments,
  trainingCampaigns,
  trainingRecords,
} from "./schema";
import { sha256Text } from "./store";
import { policyTemplates } from "./templates";

const DAY = 86_400_000;

/**
 * Demo governance: responsibilities mostly held (the senior owner of device cybersecurity is left open, a mandatory
 * gap), a complete RACI matrix, three approved policies and one draft, a management-body training campaign with
 * partial completion and an awareness campaign with people overdue.
 */
export async function seedDemoGovernance(db: Db, actor: Actor, now = new Date()): Promise<void> {
  const people = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(users.email, [
        "admin@demo-medical.example",
        "compliance@demo-medical.example",
        "psirt@demo-medical.example",
        "incidents@demo-medical.example",
        "engineer@demo-medical.example",
      ]),
    );
  const id = (local: string) => people.find((p) => p.email.startsWith(`${local}@`))!.id;
  const [admin, compliance, psirt, incidents, engineer] = ["admin", "compliance", "psirt", "incidents", "engineer"].map(id);
  const templates = await policyTemplates();
  const template = (key: string) => templates.find((t) => t.key === key)!;
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  await audited(db, actor, async (tx) => {
    await tx.insert(governanceRoleHolders).values([
      { responsibilityKey: "management_body", userId: admin },
      { responsibilityKey: "ciso", userId: compliance },
      { responsibilityKey: "psirt_lead", userId: psirt },
      { responsibilityKey: "incident_manager", userId: incidents },
      { responsibilityKey: "supplier_manager", userId: compliance },
      { responsibilityKey: "training_coordinator", userId: compliance },
      { responsibilityKey: "business_continuity_manager", userId: engineer },
    ]);
    // activity: [Accountable, Responsible, Consulted, Informed]
    const matrix: Record<string, [string, string, string[], string[]]> = {
      measures_approval: ["management_body", "ciso", ["product_security_owner"], []],
      policy_approval: ["management_body", "ciso", [], ["training_coordinator"]],
      risk_assessment: ["ciso", "product_security_owner", ["psirt_lead", "supplier_manager"], ["management_body"]],
      incident_reporting: ["ciso", "incident_manager", ["dpo", "psirt_lead"], ["management_body"]],
      vulnerability_handling: ["product_security_owner", "psirt_lead", ["incident_manager"], ["ciso"]],
      supplier_assessment: ["ciso", "supplier_manager", ["psirt_lead"], []],
      business_continuity: ["ciso", "business_continuity_manager", [], ["management_body"]],
      training: ["ciso", "training_coordinator", [], ["management_body"]],
      roles_review: ["management_body", "ciso", [], []],
    };
    const cells: RaciCell[] = ACTIVITIES.flatMap((a) => {
      const [acc, resp, consulted, informed] = matrix[a.key];
      return [
        { activityKey: a.key, responsibilityKey: acc, letter: "A" as const },
        { activityKey: a.key, responsibilityKey: resp, letter: "R" as const },
        ...consulted.map((c) => ({ activityKey: a.key, responsibilityKey: c, letter: "C" as const })),
        ...informed.map((i) => ({ activityKey: a.key, responsibilityKey: i, letter: "I" as const })),
      ];
    });
    await tx.insert(governanceRaci).values(cells.map((c) => ({ ...c, updatedAt: now })));

    const approved = [
      { key: "information-security", approvedDaysAgo: 300 },
      { key: "incident-response", approvedDaysAgo: 120 },
      { key: "vulnerability-handling", approvedDaysAgo: 380 },
    ];
    for (const a of approved) {
      const t = template(a.key);
      const approvedAt = at(-a.approvedDaysAgo);
      const content = t.content.replaceAll("{{organisation}}", "Demo Medical GmbH");
      const [p] = await tx
        .insert(policies)
        .values({
          title: t.title,
          summary: t.summary,
          templateKey: t.key,
          requirementIds: t.requirements,
          reviewMonths: t.reviewMonths,
          ownerId: compliance,
          nextReviewAt: nextReviewDate(approvedAt, t.reviewMonths),
          createdBy: "compliance@demo-medical.example",
          createdAt: at(-a.approvedDaysAgo - 10),
          updatedAt: approvedAt,
        })
        .returning();
      const [v] = await tx
        .insert(policyVersions)
        .values({
          policyId: p.id,
          version: 1,
          content,
          status: "approved",
          createdBy: "compliance@demo-medical.example",
          createdAt: at(-a.approvedDaysAgo - 10),
          updatedAt: approvedAt,
          submittedBy: "compliance@demo-medical.example",
          submittedAt: at(-a.approvedDaysAgo - 3),
          approvedById: admin,
          approvedBy: "admin@demo-medical.example",
          approvedAt,
          sha256: sha256Text(content),
        })
        .returning();
      const ackers = a.key === "information-security" ? [admin, compliance, psirt, incidents] : [compliance, psirt];
      await tx.insert(policyAcknowledgements).values(ackers.map((userId, i) => ({ policyId: p.id, versionId: v.id, userId, acknowledgedAt: at(-a.approvedDaysAgo + 2 + i) })));
    }
    const draft = template("access-control");
    const [d] = await tx
      .insert(policies)
      .values({
        title: draft.title,
        summary: draft.summary,
        templateKey: draft.key,
        requirementIds: draft.requirements,
        reviewMonths: draft.reviewMonths,
        ownerId: compliance,
        createdBy: "compliance@demo-medical.example",
        createdAt: at(-5),
        updatedAt: at(-5),
      })
      .returning();
    await tx.insert(policyVersions).values({ policyId: d.id, version: 1, content: draft.content, status: "draft", createdBy: "compliance@demo-medical.example", createdAt: at(-5), updatedAt: at(-5) });

    const [management, awareness] = await tx
      .insert(trainingCampaigns)
      .values([
        {
          title: "Cybersecurity training for the management body",
          description: "Training that members of the management body must follow (NIS2 Art. 20(2)): risks, risk-management practices and their impact on the services.",
          kind: "management_body",
          requirementIds: ["nis2:art20.2"],
          dueAt: at(38),
          createdBy: "compliance@demo-medical.example",
          createdAt: at(-60),
          updatedAt: at(-60),
        },
        {
          title: "Security awareness 2026",
          description: "Yearly awareness training for all staff: phishing, reporting suspicious events, handling patient data.",
          kind: "awareness",
          requirementIds: ["nis2:art21.2.g", "cir2024-2690:annex.8.1"],
          dueAt: at(-8),
          createdBy: "compliance@demo-medical.example",
          createdAt: at(-90),
          updatedAt: at(-90),
        },
      ])
      .returning();
    await tx.insert(trainingAssignments).values([
      { campaignId: management.id, responsibilityKey: "management_body", createdAt: at(-60) },
      { campaignId: management.id, userId: compliance, createdAt: at(-60) },
      ...["compliance_manager", "security_officer", "incident_manager", "contributor"].map((role) => ({ campaignId: awareness.id, role, createdAt: at(-90) })),
    ]);
    await tx.insert(trainingRecords).values([
      { campaignId: management.id, userId: admin, completedAt: at(-12), evidenceSha256: sha256Text("certificate management training A. Admin"), evidenceNote: "Certificate of the external course", source: "manual", recordedBy: "compliance@demo-medical.example", createdAt: at(-12) },
      { campaignId: awareness.id, userId: compliance, completedAt: at(-30), evidenceSha256: null, evidenceNote: "E-learning", source: "self", recordedBy: "compliance@demo-medical.example", createdAt: at(-30) },
      { campaignId: awareness.id, userId: psirt, completedAt: at(-20), evidenceSha256: null, evidenceNote: "E-learning", source: "self", recordedBy: "psirt@demo-medical.example", createdAt: at(-20) },
    ]);
    return { result: null, changes: [{ action: "create", entityType: "demo_governance", entityId: null, after: { policies: 4, campaigns: 2, raciCells: cells.length } }] };
  });
}
