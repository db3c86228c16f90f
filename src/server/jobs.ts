import type { Logger } from "pino";
import { purgeExpiredSessions } from "./accounts/sessions";
import { REMINDER_QUEUE, runIncidentReminders, scheduleReminderRun } from "./incidents/reminders";
import type { Database } from "./platform/db/client";
import type { JobQueue } from "./platform/jobs/queue";
import { registerSbomJobs } from "./sboms/jobs";

/** Background job handlers of every domain. */
export function registerJobHandlers(jobs: JobQueue, database: Database, _logger: Logger): void {
  jobs.register("maintenance.purge-sessions", async () => {
    await purgeExpiredSessions(database.db);
    return { ok: true };
  });
  jobs.register(REMINDER_QUEUE, async (job) => {
    // The queue stamps a claimed job with its own clock, so reminders follow the clock the server was given.
    const now = (await jobs.get(job.id))?.updatedAt ?? new Date();
    const { created, next } = await runIncidentReminders(database.db, now);
    if (next) await scheduleReminderRun(database.db, jobs, next);
    return { created, next: next?.toISOString() ?? null };
  });
  registerSbomJobs(jobs, database);
}
