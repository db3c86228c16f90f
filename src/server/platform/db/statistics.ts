import { sql } from "drizzle-orm";
import { dailyJob, type JobQueue } from "../jobs/queue";
import type { Database } from "./client";

/**
 * The embedded database runs PostgreSQL as one process, without the autovacuum worker that keeps the planner's
 * statistics current on a PostgreSQL server. Without statistics the planner misjudges large tables: at 10,000
 * findings the findings list took 250 ms instead of 33 ms (bench/workspace-scale.bench.ts). Nor is anything vacuumed:
 * dead rows of updates stay, and pages are never marked all-visible, so counts cannot be answered from an index
 * alone. So on the embedded database Vigil runs VACUUM (ANALYZE) itself, when it starts and then once a day; on
 * PostgreSQL autovacuum does it.
 */
export const STATISTICS_QUEUE = "maintenance.statistics";

export async function refreshStatistics(database: Database): Promise<{ analyzed: boolean }> {
  if (database.kind !== "embedded") return { analyzed: false };
  await database.db.execute(sql`VACUUM (ANALYZE)`);
  return { analyzed: true };
}

/** Queues a refresh at `at` unless one is already queued within a day of it (embedded database only). */
export async function scheduleStatistics(database: Database, queue: JobQueue, at: Date): Promise<void> {
  if (database.kind === "embedded") await queue.enqueueDaily(STATISTICS_QUEUE, at);
}

/** The job handler: refreshes at the queue's time and queues itself for a day later. */
export function statisticsJob(queue: JobQueue, database: Database) {
  return dailyJob(queue, STATISTICS_QUEUE, () => refreshStatistics(database), (result) => result.analyzed);
}
