import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../platform/config";
import type { Database, DbOrTx } from "../platform/db/client";
import type { JobQueue } from "../platform/jobs/queue";
import { jobs as jobTable } from "../platform/jobs/schema";
import { outboundAllowList } from "../platform/net/outbound";
import { fetchProvider } from "./fetch";
import { csafProviders } from "./schema";

export const CSAF_FETCH_QUEUE = "csaf-providers.fetch";
const HOUR = 3_600_000;

/** The queued fetch of a provider, if one is waiting. */
export async function queuedFetch(db: DbOrTx, providerId: string): Promise<{ id: string; runAt: Date } | undefined> {
  const [row] = await db
    .select({ id: jobTable.id, runAt: jobTable.runAt })
    .from(jobTable)
    .where(and(eq(jobTable.queue, CSAF_FETCH_QUEUE), eq(jobTable.status, "queued"), sql`${jobTable.payload}->>'providerId' = ${providerId}`))
    .limit(1);
  return row;
}

/**
 * Fetches one provider; then queues its next scheduled fetch. An unreachable provider or a refused document is
 * recorded on the provider, not a job failure: the job fails only when Vigil itself could not finish the fetch.
 */
export function registerCsafProviderJobs(queue: JobQueue, database: Database, config: Pick<Config, "webhookAllow">): void {
  queue.register(CSAF_FETCH_QUEUE, async (job) => {
    const now = (await queue.get(job.id))?.updatedAt ?? new Date();
    const { providerId } = job.payload as { providerId: string };
    const outcome = await fetchProvider(database.db, providerId, { allow: outboundAllowList(config.webhookAllow), now });
    if (!outcome) return { skipped: "the provider was removed" };
    const [provider] = await database.db.select({ intervalHours: csafProviders.intervalHours }).from(csafProviders).where(eq(csafProviders.id, providerId)).limit(1);
    if (provider && !(await queuedFetch(database.db, providerId))) {
      await queue.enqueue(CSAF_FETCH_QUEUE, { providerId }, { runAt: new Date(now.getTime() + provider.intervalHours * HOUR) });
    }
    return { listed: outcome.listed, added: outcome.added, unchanged: outcome.unchanged, refused: outcome.refused, problems: outcome.problems.length };
  });
}
