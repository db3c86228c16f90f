import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema";
import { createdAt, id, ts } from "../platform/db/columns";
import { notifications } from "../incidents/schema";

/** One row per notification and outside channel (e-mail, webhook): sent, digested, or failed with retries left. */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: id(),
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(), // email | webhook
    status: text("status").notNull(), // sent | digested | failed
    attempts: integer("attempts").notNull().default(1),
    lastError: text("last_error"),
    nextAttemptAt: ts("next_attempt_at"),
    deliveredAt: ts("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_once_idx").on(t.notificationId, t.channel),
    index("notification_deliveries_retry_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** How a user wants notifications by e-mail: each at once, one daily digest, or none. */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  email: text("email").notNull().default("immediate"), // immediate | daily | off
  lastDigestAt: ts("last_digest_at"),
});
