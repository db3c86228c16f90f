import { and, eq, gte, sql } from "drizzle-orm";
import { digestEmail, emailForNotification, type OutgoingNotification, webhookEvent } from "../../core/notifications";
import { users } from "../accounts/schema";
import { notifications } from "../incidents/schema";
import type { Db } from "../platform/db/client";
import type { Mailer } from "./mailer";
import { notificationDeliveries, notificationPreferences } from "./schema";
import { getWebhook, postWebhook } from "./webhook";
import type { OutboundAllowList } from "../platform/net/outbound";

const MAX_ATTEMPTS = 5;
/** Notifications older than this are not sent when a channel is switched on later: a backlog would only be noise. */
const BACKLOG_MS = 24 * 3_600_000;
const DIGEST_EVERY_MS = 24 * 3_600_000;

export type DeliveryOptions = { mailer: Mailer | null; now: Date; publicUrl?: string; webhookAllow: OutboundAllowList };
export type DeliveryCounts = { emailed: number; digests: number; webhooks: number; failed: number };

type Pending = OutgoingNotification & { userId: string; email: string; role: string; mode: string; lastDigestAt: Date | null };

function retryAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + 2 ** attempts * 60_000);
}

/** Notifications not yet handled on `channel` (or failed and due for another attempt), with their recipient. */
async function pending(db: Db, channel: "email" | "webhook", since: Date, now: Date): Promise<Array<Pending & { attempts: number }>> {
  const rows = await db
    .select({
      id: notifications.id,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      userId: users.id,
      email: users.email,
      role: users.role,
      mode: sql<string>`coalesce(${notificationPreferences.email}, 'immediate')`,
      lastDigestAt: notificationPreferences.lastDigestAt,
      attempts: sql<number>`coalesce(${notificationDeliveries.attempts}, 0)`,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .leftJoin(notificationDeliveries, and(eq(notificationDeliveries.notificationId, notifications.id), eq(notificationDeliveries.channel, channel)))
    .where(
      and(
        eq(users.status, "active"),
        gte(notifications.createdAt, since),
        sql`(${notificationDeliveries.id} IS NULL OR (${notificationDeliveries.status} = 'failed' AND ${notificationDeliveries.attempts} < ${MAX_ATTEMPTS} AND ${notificationDeliveries.nextAttemptAt} <= ${now}))`,
      ),
    )
    .orderBy(notifications.createdAt);
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

async function record(db: Db, notificationId: string, channel: string, outcome: { error: string | null; digested?: boolean }, attempts: number, now: Date) {
  const values = {
    status: outcome.error ? "failed" : outcome.digested ? "digested" : "sent",
    attempts,
    lastError: outcome.error,
    nextAttemptAt: outcome.error ? retryAt(now, attempts) : null,
    deliveredAt: outcome.error ? null : now,
  };
  await db
    .insert(notificationDeliveries)
    .values({ notificationId, channel, ...values, createdAt: now })
    .onConflictDoUpdate({ target: [notificationDeliveries.notificationId, notificationDeliveries.channel], set: values });
}

/**
 * Sends what the in-app notifications have not yet sent outside: e-mail (each at once, or one daily digest per
 * user, as each user chose) when SMTP is configured, and a signed webhook call per notification when a webhook is
 * set. Every outcome is recorded, so a run can be repeated without sending twice; failures are retried with backoff.
 */
export async function deliverNotifications(db: Db, opts: DeliveryOptions): Promise<DeliveryCounts> {
  const { mailer, now, publicUrl } = opts;
  const counts: DeliveryCounts = { emailed: 0, digests: 0, webhooks: 0, failed: 0 };
  const since = new Date(now.getTime() - BACKLOG_MS);

  if (mailer) {
    const items = (await pending(db, "email", since, now)).filter((p) => p.mode !== "off");
    const digestBy = new Map<string, typeof items>();
    for (const p of items) {
      if (p.mode === "daily") {
        digestBy.set(p.userId, [...(digestBy.get(p.userId) ?? []), p]);
        continue;
      }
      const error = await mailer.send(p.email, emailForNotification(p, publicUrl)).then(
        () => null,
        (err: Error) => err.message,
      );
      await record(db, p.id, "email", { error }, p.attempts + 1, now);
      if (error) counts.failed++;
      else counts.emailed++;
    }
    for (const [userId, list] of digestBy) {
      const last = list[0].lastDigestAt;
      if (last && now.getTime() - last.getTime() < DIGEST_EVERY_MS) continue;
      const error = await mailer.send(list[0].email, digestEmail(list, now.toISOString().slice(0, 10), publicUrl)).then(
        () => null,
        (err: Error) => err.message,
      );
      for (const p of list) await record(db, p.id, "email", { error, digested: true }, p.attempts + 1, now);
      if (error) {
        counts.failed++;
        continue;
      }
      counts.digests++;
      await db
        .insert(notificationPreferences)
        .values({ userId, email: "daily", lastDigestAt: now })
        .onConflictDoUpdate({ target: notificationPreferences.userId, set: { lastDigestAt: now } });
    }
  }

  const hook = await getWebhook(db);
  if (hook?.enabled) {
    const hookSince = new Date(Math.max(since.getTime(), Date.parse(hook.since)));
    for (const p of await pending(db, "webhook", hookSince, now)) {
      const result = await postWebhook(hook, webhookEvent(p, { email: p.email, role: p.role }, publicUrl), now, opts.webhookAllow);
      await record(db, p.id, "webhook", { error: result.error }, p.attempts + 1, now);
      if (result.ok) counts.webhooks++;
      else counts.failed++;
    }
  }
  return counts;
}

/** Recent deliveries with their notification titles, newest first (for the administrator's view). */
export async function recentDeliveries(db: Db, limit: number) {
  return db
    .select({
      id: notificationDeliveries.id,
      channel: notificationDeliveries.channel,
      status: notificationDeliveries.status,
      attempts: notificationDeliveries.attempts,
      lastError: notificationDeliveries.lastError,
      deliveredAt: notificationDeliveries.deliveredAt,
      createdAt: notificationDeliveries.createdAt,
      title: notifications.title,
      recipient: users.email,
    })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .innerJoin(users, eq(users.id, notifications.userId))
    .orderBy(sql`${notificationDeliveries.createdAt} DESC`)
    .limit(limit);
}

