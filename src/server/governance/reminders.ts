import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { daysUntil } from "../../core/governance";
import { users } from "../accounts/schema";
import { audited, systemActor } from "../audit/store";
import { notifications } from "../incidents/schema";
import type { Db } from "../platform/db/client";
import { dailyJob, type JobQueue } from "../platform/jobs/queue";
import type { VigilApp } from "../platform/http/types";
import { policies, trainingCampaigns } from "./schema";
import { campaignViews, policyViews } from "./store";

export const GOVERNANCE_REMINDER_QUEUE = "governance.reminders";

type Reminder = { userId: string; title: string; body: string; link: string; dedupeKey: string; entityType: string; entityId: string };

/**
 * Notifications due at `now`: a policy review due within 30 days or overdue (to the owner, else the compliance
 * managers), and training past its due date (to each person who has not completed it). Each is recorded once per
 * review date or due date (`dedupeKey`), so running twice changes nothing.
 */
export async function runGovernanceReminders(db: Db, now: Date): Promise<{ created: number }> {
  const due: Reminder[] = [];
  const managers = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ["compliance_manager"]), eq(users.status, "active")));
  for (const p of await policyViews(db, await db.select().from(policies), now, null)) {
    if (p.reviewState !== "overdue" && p.reviewState !== "due_soon") continue;
    const days = daysUntil(new Date(p.nextReviewAt!), now);
    const to = p.ownerId ? [p.ownerId] : managers.map((m) => m.id);
    for (const userId of to) {
      due.push({
        userId,
        title: p.reviewState === "overdue" ? `Policy review overdue: ${p.title}` : `Policy review due in ${days} days: ${p.title}`,
        body: `Review of version ${p.currentVersion?.version ?? "?"} is due on ${p.nextReviewAt!.slice(0, 10)}.`,
        link: `/governance/policies/${p.id}`,
        dedupeKey: `policy-review:${p.id}:${p.nextReviewAt}:${p.reviewState}`,
        entityType: "policy",
        entityId: p.id,
      });
    }
  }
  for (const c of await campaignViews(db, await db.select().from(trainingCampaigns), now)) {
    for (const a of c.assignees.filter((x) => x.status === "overdue")) {
      due.push({
        userId: a.userId,
        title: `Training overdue: ${c.title}`,
        body: `This training was due on ${c.dueAt!.slice(0, 10)}.`,
        link: `/governance/training/${c.id}`,
        dedupeKey: `training-overdue:${c.id}:${c.dueAt}`,
        entityType: "training_campaign",
        entityId: c.id,
      });
    }
  }
  if (due.length === 0) return { created: 0 };
  const created = await audited(db, systemActor, async (tx) => {
    const changes = [];
    let count = 0;
    for (const d of due) {
      const rows = await tx
        .insert(notifications)
        .values({ userId: d.userId, title: d.title, body: d.body, link: d.link, dedupeKey: d.dedupeKey, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      if (rows.length > 0) {
        count += 1;
        changes.push({ action: "remind", entityType: d.entityType, entityId: d.entityId, after: { userId: d.userId, title: d.title } });
      }
    }
    return { result: count, changes };
  });
  return { created };
}

/** Queues the next daily run unless one is already queued before `at`. */
export async function scheduleGovernanceReminders(queue: JobQueue, at: Date): Promise<void> {
  await queue.enqueueDaily(GOVERNANCE_REMINDER_QUEUE, at);
}

/** The job handler: runs the reminders at the queue's time and queues itself for a day later. */
export function governanceReminderJob(queue: JobQueue, db: Db) {
  return dailyJob(queue, GOVERNANCE_REMINDER_QUEUE, (now) => runGovernanceReminders(db, now));
}

export async function reminderRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  app.addHook("onReady", async () => {
    // Recurring work is queued by processes that run jobs; a serve-only process (VIGIL_WORKERS=0) leaves it to them.
    if (app.services.config.workers === 0) return;
    try {
      await scheduleGovernanceReminders(app.services.jobs, app.services.now());
    } catch (err) {
      app.log.warn({ err: (err as Error).message }, "could not queue governance reminders at start-up");
    }
  });
  app.post(
    "/api/governance/reminders/run",
    {
      config: { access: "compliance:write" },
      schema: {
        tags: ["governance"],
        summary: "Record the policy review and overdue training reminders due now (also run daily as a job)",
        response: { 200: z.object({ created: z.number() }) },
      },
    },
    async () => runGovernanceReminders(db(), app.services.now()),
  );
}
