import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backupToText, exportWorkspace, parseBackup, restoreWorkspace } from "../../src/server/backup/backup";
import { and, eq } from "drizzle-orm";
import pino from "pino";
import { incidentEvidence, notifications } from "../../src/server/incidents/schema";
import { jobs } from "../../src/server/platform/jobs/schema";
import { assemble } from "../../src/server/server";
import { call, signInAs, startTestVigil, testConfig, type TestVigil } from "../support/app";
import { backends, createTestDatabase } from "../support/db";

describe.each(await backends())("incident records in backups on %s", (backend) => {
  let vigil: TestVigil;
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13, 0x25, 0x50, 0x44, 0x46]);

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-06-01T20:00:00Z"); // the early warning clock is past 50 %
    const manager = await signInAs(vigil, "incident_manager");
    const created = await call(vigil, manager, "POST", "/api/incidents", {
      title: "Tampered update package",
      detectedAt: "2026-06-01T06:30:00Z",
      awareAt: "2026-06-01T09:00:00+02:00",
      deviceVigilance: { regulation: "mdr", category: "serious_incident" },
      personalDataBreach: null,
      facts: { memberStatesAffected: [], suspectedMalicious: true, crossBorderImpact: false },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    await call(vigil, manager, "POST", `/api/incidents/${id}/assessment`, { answers: { considerableDamageToOthers: "yes" } });
    await call(vigil, manager, "POST", `/api/incidents/${id}/confirm`, {});
    await call(vigil, manager, "POST", `/api/incidents/${id}/evidence`, { fileName: "package.bin", contentBase64: bytes.toString("base64") });
    while (await vigil.jobs.runOnce()) {
      // reminders due at the current clock
    }
    await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, { obligationId: "nis2.early_warning", submittedAt: "2026-06-01T10:00:00Z" });
    await call(vigil, manager, "POST", `/api/incidents/${id}/drafts/incident_notification`);
    const mir = await call(vigil, manager, "POST", `/api/incidents/${id}/mir-reports`, {
      reference: "MIR-2026-7",
      type: "initial",
      submittedAt: "2026-06-01T15:00:00Z",
      competentAuthority: "BfArM",
    });
    expect(mir.statusCode, mir.body).toBe(201);
  });
  afterAll(async () => vigil?.stop());

  test("incidents, evidence bytes, submissions, drafts and notifications survive a backup and restore", async () => {
    const backup = await exportWorkspace(vigil.database.db);
    const text = backupToText(backup);
    const target = await createTestDatabase(backend);
    try {
      const counts = await restoreWorkspace(target.db, parseBackup(text));
      // Besides this incident, the demo workspace's two (one early-warning submission, one FSCA).
      expect(counts).toMatchObject({
        incidents: 3,
        incident_evidence: 1,
        incident_submissions: 2,
        incident_report_drafts: 1,
        incident_mir_reports: 1,
        incident_fscas: 1,
        notifications: 2, // the demo's: one incident reminder and its new KEV finding on FleetView
      });
      expect(counts.incident_timeline).toBeGreaterThanOrEqual(5);
      expect(backupToText(await exportWorkspace(target.db))).toBe(text);
      const [evidence] = await target.db.select().from(incidentEvidence);
      const restored = Buffer.from(evidence.contentBase64, "base64");
      expect(restored.equals(bytes)).toBe(true);
      expect(createHash("sha256").update(restored).digest("hex")).toBe(evidence.sha256);

      // Jobs are not backed up: a server started on the restored data queues the reminders itself.
      const later = new Date("2026-06-02T06:00:00Z"); // 23 h after awareness: the notification clock passes 30 %, nothing new is due yet
      const restarted = await assemble(target, testConfig, pino({ level: "silent" }), { now: () => later, seedDemo: false });
      try {
        const queued = await target.db.select().from(jobs).where(and(eq(jobs.queue, "incidents.reminders"), eq(jobs.status, "queued")));
        expect(queued).toHaveLength(1);
        expect(await restarted.jobs.runOnce()).toBe(true);
        expect(await target.db.select().from(notifications)).toHaveLength(2); // the restored ones, none repeated
      } finally {
        await restarted.close();
      }
    } finally {
      await target.drop();
    }
  });
});
