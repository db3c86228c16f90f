import type { Logger } from "pino";
import { purgeExpiredSessions } from "./accounts/sessions";
import { registerCsafProviderJobs } from "./csaf-providers/jobs";
import { complianceReference } from "./dashboard/context";
import { SNAPSHOT_QUEUE, snapshotJob } from "./dashboard/snapshots";
import { GOVERNANCE_REMINDER_QUEUE, governanceReminderJob } from "./governance/reminders";
import { REMINDER_QUEUE, runIncidentReminders, scheduleReminderRun } from "./incidents/reminders";
import { registerDeliveryJob } from "./notifications/jobs";
import type { Config } from "./platform/config";
import type { Database } from "./platform/db/client";
import { STATISTICS_QUEUE, statisticsJob } from "./platform/db/statistics";
import type { JobQueue } from "./platform/jobs/queue";
import { registerSbomJobs } from "./sboms/jobs";
import { SUPPLIER_REMINDER_QUEUE, supplierReminderJob } from "./suppliers/reminders";
import { TRIAGE_POLICY_EXPIRY_QUEUE, triagePolicyExpiryJob } from "./triage-policies/jobs";
import { registerVulnerabilityJobs } from "./vulnerabilities/jobs";

/** Background job handlers of every domain. */
export function registerJobHandlers(jobs: JobQueue, database: Database, logger: Logger, config: Config): void {
  jobs.register("maintenance.purge-sessions", async () => {
    await purgeExpiredSessions(database.db);
    return { ok: true };
  });
  jobs.register(REMINDER_QUEUE, async (job) => {
    // The queue stamps a claimed job with its own clock, so reminders follow the clock the server was given.
    const now = (await jobs.get(job.id))?.updatedAt ?? new Date();
    const { created, next } = await runIncidentReminders(database.db, now, (await complianceReference()).catalog.memberStates);
    if (next) await scheduleReminderRun(database.db, jobs, next);
    return { created, next: next?.toISOString() ?? null };
  });
  registerSbomJobs(jobs, database);
  registerDeliveryJob(jobs, database, config, logger);
  registerVulnerabilityJobs(jobs, database);
  registerCsafProviderJobs(jobs, database, config);
  jobs.register(GOVERNANCE_REMINDER_QUEUE, governanceReminderJob(jobs, database.db));
  jobs.register(SUPPLIER_REMINDER_QUEUE, supplierReminderJob(jobs, database.db));
  jobs.register(TRIAGE_POLICY_EXPIRY_QUEUE, triagePolicyExpiryJob(jobs, database.db));
  jobs.register(SNAPSHOT_QUEUE, snapshotJob(jobs, database.db, () => complianceReference()));
  jobs.register(STATISTICS_QUEUE, statisticsJob(jobs, database));
}
