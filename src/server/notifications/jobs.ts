import { and, eq } from "drizzle-orm";
import type { Logger } from "pino";
import type { Config } from "../platform/config";
import type { Database } from "../platform/db/client";
import type { JobQueue } from "../platform/jobs/queue";
import { jobs as jobTable } from "../platform/jobs/schema";
import { outboundAllowList } from "../platform/net/outbound";
import { deliverNotifications } from "./deliver";
import { createMailer } from "./mailer";

export const DELIVERY_QUEUE = "notifications.deliver";
const EVERY_MS = 60_000;

/** Delivers notifications outside the app once a minute: each run schedules the next one. */
export function registerDeliveryJob(queue: JobQueue, database: Database, config: Pick<Config, "smtpUrl" | "mailFrom" | "publicUrl" | "webhookAllow">, logger: Logger): void {
  queue.register(DELIVERY_QUEUE, async (job) => {
    const now = (await queue.get(job.id))?.updatedAt ?? new Date();
    const mailer = createMailer(config.smtpUrl, config.mailFrom ?? "Vigil <vigil@localhost>");
    try {
      const counts = await deliverNotifications(database.db, { mailer, now, publicUrl: config.publicUrl, webhookAllow: outboundAllowList(config.webhookAllow) });
      if (counts.failed) logger.warn({ counts }, "some notifications could not be delivered; they are retried");
      return counts;
    } finally {
      mailer?.close();
      await scheduleDelivery(database, queue, new Date(now.getTime() + EVERY_MS));
    }
  });
}

/** Queues the next delivery run unless one is already waiting. */
export async function scheduleDelivery(database: Database, queue: JobQueue, at: Date): Promise<void> {
  const [waiting] = await database.db
    .select({ id: jobTable.id })
    .from(jobTable)
    .where(and(eq(jobTable.queue, DELIVERY_QUEUE), eq(jobTable.status, "queued")))
    .limit(1);
  if (!waiting) await queue.enqueue(DELIVERY_QUEUE, {}, { runAt: at });
}
