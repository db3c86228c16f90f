import type { Logger } from "pino";
import { purgeExpiredSessions } from "./accounts/sessions";
import type { Database } from "./platform/db/client";
import type { JobQueue } from "./platform/jobs/queue";

/** Background job handlers of every domain. */
export function registerJobHandlers(jobs: JobQueue, database: Database, _logger: Logger): void {
  jobs.register("maintenance.purge-sessions", async () => {
    await purgeExpiredSessions(database.db);
    return { ok: true };
  });
}
