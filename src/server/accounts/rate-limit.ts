import { sql } from "drizzle-orm";
import type { DbOrTx } from "../platform/db/client";

export type RateVerdict = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one hit against `key` in a fixed window. The counter lives in the database, so that every
 * process behind a load balancer sees the same count.
 */
export async function hitRateLimit(
  db: DbOrTx,
  key: string,
  limit: number,
  windowMs: number,
  now = new Date(),
): Promise<RateVerdict> {
  const windowStartCutoff = new Date(now.getTime() - windowMs);
  const res = await db.execute(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${now.toISOString()}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start < ${windowStartCutoff.toISOString()} THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start < ${windowStartCutoff.toISOString()} THEN ${now.toISOString()}::timestamptz ELSE rate_limits.window_start END
    RETURNING count, window_start`);
  const row = (res as unknown as { rows: Array<{ count: number; window_start: string | Date }> }).rows[0];
  const started = new Date(row.window_start).getTime();
  const retryAfterSeconds = Math.max(1, Math.ceil((started + windowMs - now.getTime()) / 1000));
  return { allowed: Number(row.count) <= limit, count: Number(row.count), retryAfterSeconds };
}

/** Gives back one hit (a successful sign-in), without resetting the failures others counted in the window. */
export async function refundRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`UPDATE rate_limits SET count = count - 1 WHERE key = ${key} AND count > 0`);
}

export async function clearRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`DELETE FROM rate_limits WHERE key = ${key}`);
}
