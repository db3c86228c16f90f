import { type Actor, audited } from "../audit/store";
import type { Db } from "../platform/db/client";
import { backupRestoreTests, bcExercises, bcPlans, bcPlanVersions } from "./schema";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const procedures = `## Activation
The IT on-call lead declares a disaster when the update service is down for more than 30 minutes.

## Recovery
1. Isolate the affected hosts; keep images for forensics.
2. Restore the update service VM from the immutable backup (daily, 30 days).
3. Verify the signing configuration and the hashes of published updates.
4. Re-enable distribution; tell customer service.

## Return to normal
Review within 5 working days; update this plan.`;

/** One approved BC/DR plan, an exercise with follow-ups, and two restore tests, one of which missed its RTO. */
export async function seedContinuityDemo(db: Db, actor: Actor): Promise<void> {
  await audited(db, actor, async (tx) => {
    const [plan] = await tx
      .insert(bcPlans)
      .values({
        reference: "BCP-001",
        kind: "bc_dr",
        title: "Firmware update and licence service — disaster recovery",
        scope: "Distribution of firmware updates and licences to InfuSafe 300 and VitaView devices",
        rtoMinutes: 240,
        rpoMinutes: 60,
        owner: "Head of IT Operations",
        deputy: "IT on-call lead",
        procedures,
        stakeholders: [],
        status: "approved",
        version: "1.0",
        approvedBy: "Dr. Eva Berger (CEO)",
        approvedOn: day(-60),
      })
      .returning();
    const { id: _id, createdAt: _c, updatedAt: _u, ...content } = plan;
    await tx.insert(bcPlanVersions).values([
      { planId: plan.id, version: "0.1", content: { ...content, status: "draft", version: "0.1", approvedBy: null, approvedOn: null }, change: "Created", savedBy: actor.label },
      { planId: plan.id, version: "1.0", content, change: "Approved", approvedBy: plan.approvedBy, savedBy: actor.label },
    ]);
    const [crisis] = await tx
      .insert(bcPlans)
      .values({
        reference: "BCP-002",
        kind: "crisis_communication",
        title: "Crisis communication plan",
        scope: "Security incidents affecting devices in the field",
        owner: "Head of Communications",
        procedures: "The CEO approves every external statement; Regulatory Affairs informs authorities and the notified body.",
        stakeholders: [
          { kind: "authority", name: "BSI (national CSIRT and competent authority)", contact: "BSI reporting portal", when: "Early warning within 24 h" },
          { kind: "notified_body", name: "Notified body 0123", contact: "vigilance@notified-body.example", when: "With the MDR vigilance report" },
          { kind: "customers", name: "Hospital IT and biomedical engineering", contact: "Customer portal advisory and e-mail", when: "Without undue delay" },
          { kind: "patients", name: "Patients via treating hospitals", contact: "Field safety notice through hospitals", when: "When patient action is needed" },
        ],
        status: "draft",
        version: "0.1",
      })
      .returning();
    await tx.insert(bcExercises).values({
      reference: "EX-001",
      title: "Tabletop: ransomware on the firmware update server",
      type: "tabletop",
      heldOn: day(-40),
      planId: plan.id,
      scenario: "Friday 17:30, the update server is encrypted; a hospital reports failed updates.",
      participants: ["Dr. Eva Berger (CEO)", "Sam Security (PSIRT)", "Ines Incident", "Head of IT Operations", "Regulatory Affairs"],
      findings: "Nobody knew who contacts the notified body; the early warning template lacked the CSIRT contact. The crisis communication plan has no media contact yet.",
      followUps: [
        { title: "Add the CSIRT contact to the early warning template", owner: "Ines Incident", dueDate: day(-10), done: true },
        { title: "Name a media spokesperson in the crisis communication plan", owner: "Head of Communications", dueDate: day(20), done: false },
      ],
    });
    await tx.insert(backupRestoreTests).values([
      {
        reference: "BRT-001",
        system: "Firmware update service",
        planId: plan.id,
        testedOn: day(-30),
        result: "success",
        minutesToRestore: 165,
        rtoMinutes: 240,
        dataLossMinutes: 25,
        rpoMinutes: 60,
        backupSource: "Immutable object storage snapshot",
        performedBy: "IT Operations",
        notes: "Restored into the isolated recovery network; signatures verified.",
        recordedAt: new Date(),
      },
      {
        reference: "BRT-002",
        system: "Manufacturing execution system (Plant Augsburg)",
        planId: null,
        testedOn: day(-12),
        result: "success",
        minutesToRestore: 710,
        rtoMinutes: 480,
        dataLossMinutes: 90,
        rpoMinutes: 240,
        backupSource: "Nightly tape",
        performedBy: "OT team",
        notes: "Tape restore slower than planned; licence server had to be reactivated by the vendor.",
        recordedAt: new Date(),
      },
    ]);
    return { result: null, changes: [{ action: "create", entityType: "demo_continuity", entityId: null, after: { plans: [plan.reference, crisis.reference], exercises: 1, restoreTests: 2 } }] };
  });
}
