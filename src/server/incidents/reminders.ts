import { and, eq, lte, ne } from "drizzle-orm";
import { formatDeadline, type NationalRecords, type ReminderLevel } from "../../core/incidents";
import { users } from "../accounts/schema";
import { audited, systemActor } from "../audit/store";
import type { Db } from "../platform/db/client";
import type { JobQueue } from "../platform/jobs/queue";
import { jobs } from "../platform/jobs/schema";
import { clocksOfIncidents } from "./clocks";
import { incidents, notifications } from "./schema";

export const REMINDER_QUEUE = "incidents.reminders";
/** Who is told: the incident managers; the administrators when the workspace has none. */
export const REMINDER_ROLE = "incident_manager";

type Due = { incidentId: string; reference: string; title: string; obligationId: string; stage: string; level: ReminderLevel; dueAt: string; zone: string };

const LEVEL_TEXT: Record<ReminderLevel, string> = { 0.5: "50 % of the time used", 0.8: "80 % of the time used", 1: "deadline reached" };

/** Reminders due at `now` (the highest level each open obligation has reached) and the next instant one falls due. */
export async function dueReminders(db: Db, now: Date, national: NationalRecords): Promise<{ due: Due[]; next: Date | null }> {
  const open = await db.select().from(incidents).where(ne(incidents.status, "closed"));
  const due: Due[] = [];
  let next: number | null = null;
  // Inconsistent records are reported by the API (board, obligations), not here.
  for (const { incident, result } of await clocksOfIncidents(db, open, now, national)) {
    if (!result) continue;
    for (const o of result.obligations) {
      if (o.submission || !o.progress || !o.dueAt) continue;
      if (o.progress.reached !== null) {
        due.push({
          incidentId: incident.id,
          reference: incident.reference,
          title: incident.title,
          obligationId: o.id,
          stage: o.stage,
          level: o.progress.reached,
          dueAt: o.dueAt,
          zone: result.timeZone,
        });
      }
      for (const r of o.progress.remindAt) {
        const at = Date.parse(r.at);
        if (at > now.getTime() && (next === null || at < next)) next = at;
      }
    }
  }
  return { due, next: next === null ? null : new Date(next) };
}

async function recipients(db: Db): Promise<{ id: string; role: string }[]> {
  const managers = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.role, REMINDER_ROLE), eq(users.status, "active")));
  if (managers.length > 0) return managers;
  return db.select({ id: users.id, role: users.role }).from(users).where(and(eq(users.role, "admin"), eq(users.status, "active")));
}

/**
 * Records the in-app notifications due at `now`: one per open obligation and reminder level (50/80/100 %) and
 * recipient, never twice. Returns how many were created and when the next one falls due.
 */
export async function runIncidentReminders(db: Db, now: Date, national: NationalRecords): Promise<{ created: number; next: Date | null }> {
  const { due, next } = await dueReminders(db, now, national);
  if (due.length === 0) return { created: 0, next };
  const targets = await recipients(db);
  const created = await audited(db, systemActor, async (tx) => {
    const changes = [];
    let count = 0;
    for (const d of due) {
      const dedupeKey = `incident:${d.incidentId}:${d.obligationId}:${d.level}`;
      const deadline = formatDeadline(d.dueAt, d.zone);
      const rows = await tx
        .insert(notifications)
        .values(
          targets.map((t) => ({
            userId: t.id,
            targetRole: t.role,
            title: `${d.reference}: ${d.stage.replace(/_/g, " ")} — ${LEVEL_TEXT[d.level]}`,
            body: `${d.title}. Due ${deadline.utc} (${deadline.local}).`,
            link: `/incidents/${d.incidentId}`,
            dedupeKey,
            createdAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      if (rows.length > 0) {
        count += rows.length;
        changes.push({
          action: "remind",
          entityType: "incident",
          entityId: d.incidentId,
          after: { obligationId: d.obligationId, level: d.level, dueAt: d.dueAt, recipients: rows.length },
        });
      }
    }
    return { result: count, changes };
  });
  return { created, next };
}

/** Makes sure a reminder run is queued no later than `at` (one queued run is enough). */
export async function scheduleReminderRun(db: Db, queue: JobQueue, at: Date): Promise<void> {
  const [queued] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.queue, REMINDER_QUEUE), eq(jobs.status, "queued"), lte(jobs.runAt, at)))
    .limit(1);
  if (!queued) await queue.enqueue(REMINDER_QUEUE, {}, { runAt: at });
}
