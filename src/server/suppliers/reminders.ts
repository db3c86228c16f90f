import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { certificateState } from "../../core/suppliers";
import { users } from "../accounts/schema";
import { type AuditChange, audited, systemActor } from "../audit/store";
import { notifications } from "../incidents/schema";
import type { Db } from "../platform/db/client";
import type { VigilApp } from "../platform/http/types";
import { dailyJob, type JobQueue } from "../platform/jobs/queue";
import { supplierCertifications, suppliers } from "./schema";
import { dayOf, supplierSummaries } from "./store";

export const SUPPLIER_REMINDER_QUEUE = "suppliers.reminders";

/**
 * Notifications to the compliance managers due at `now`: a re-assessment due within 30 days or overdue, and a
 * certificate expiring within 60 days or expired. Each is recorded once per due day or expiry and state
 * (`dedupeKey`), so running twice changes nothing.
 */
export async function runSupplierReminders(db: Db, now: Date): Promise<{ created: number }> {
  const today = dayOf(now);
  const managers = await db.select({ id: users.id }).from(users).where(and(eq(users.role, "compliance_manager"), eq(users.status, "active")));
  if (managers.length === 0) return { created: 0 };
  const due: { title: string; body: string; link: string; key: string; entityType: string; entityId: string }[] = [];
  for (const s of await supplierSummaries(db, today)) {
    if (s.schedule === "current") continue;
    due.push({
      title: s.schedule === "overdue" ? `Supplier assessment overdue: ${s.name}` : `Supplier assessment due soon: ${s.name}`,
      body: `Tier ${s.tier}; the next assessment is due on ${s.nextAssessmentDue}.`,
      link: `/suppliers/${s.id}`,
      key: `supplier-assessment:${s.id}:${s.nextAssessmentDue}:${s.schedule}`,
      entityType: "supplier",
      entityId: s.id,
    });
  }
  const certs = await db
    .select({ id: supplierCertifications.id, name: supplierCertifications.name, expiresOn: supplierCertifications.expiresOn, supplierId: suppliers.id, supplier: suppliers.name })
    .from(supplierCertifications)
    .innerJoin(suppliers, eq(suppliers.id, supplierCertifications.supplierId));
  for (const c of certs) {
    const state = certificateState(c.expiresOn, today);
    if (state === "valid") continue;
    due.push({
      title: state === "expired" ? `Supplier certificate expired: ${c.supplier}` : `Supplier certificate expiring: ${c.supplier}`,
      body: `${c.name} ${state === "expired" ? "expired" : "expires"} on ${c.expiresOn}.`,
      link: `/suppliers/${c.supplierId}`,
      key: `supplier-certificate:${c.id}:${c.expiresOn}:${state}`,
      entityType: "supplier_certification",
      entityId: c.id,
    });
  }
  if (due.length === 0) return { created: 0 };
  const created = await audited(db, systemActor, async (tx) => {
    const changes: AuditChange[] = [];
    let count = 0;
    for (const d of due) {
      for (const m of managers) {
        const rows = await tx
          .insert(notifications)
          .values({ userId: m.id, targetRole: "compliance_manager", title: d.title, body: d.body, link: d.link, dedupeKey: d.key, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: notifications.id });
        if (rows.length > 0) {
          count++;
          changes.push({ action: "remind", entityType: d.entityType, entityId: d.entityId, after: { userId: m.id, title: d.title } });
        }
      }
    }
    return { result: count, changes };
  });
  return { created };
}

/** Queues the next run unless one is already queued within a day of `at`. */
export async function scheduleSupplierReminders(queue: JobQueue, at: Date): Promise<void> {
  await queue.enqueueDaily(SUPPLIER_REMINDER_QUEUE, at);
}

/** The job handler: runs at the queue's time and queues itself for a day later. */
export function supplierReminderJob(queue: JobQueue, db: Db) {
  return dailyJob(queue, SUPPLIER_REMINDER_QUEUE, (now) => runSupplierReminders(db, now));
}

export async function supplierReminderRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  app.addHook("onReady", async () => {
    // Recurring work is queued by processes that run jobs; a serve-only process (VIGIL_WORKERS=0) leaves it to them.
    if (app.services.config.workers === 0) return;
    try {
      await scheduleSupplierReminders(app.services.jobs, app.services.now());
    } catch (err) {
      app.log.warn({ err: (err as Error).message }, "could not queue supplier reminders at start-up");
    }
  });
  app.post(
    "/api/suppliers/reminders/run",
    {
      config: { access: "suppliers:write" },
      schema: {
        tags: ["suppliers"],
        summary: "Record the re-assessment and certificate reminders due now (also run daily as a job)",
        response: { 200: z.object({ created: z.number() }) },
      },
    },
    async () => runSupplierReminders(db(), app.services.now()),
  );
}
