import { eq, sql } from "drizzle-orm";
import { users } from "../accounts/schema";
import { LOCKOUT_AFTER_FAILURES, LOCKOUT_MS } from "../accounts/login";
import { recordAudit } from "../audit/store";
import type { Db } from "../platform/db/client";

/**
 * A wrong second-factor code counts against the account like a wrong password, in one statement, so that
 * someone holding the password cannot guess codes without limit.
 */
export async function countSecondFactorFailure(db: Db, userId: string, meta: { ip: string; userAgent?: string; now: Date }): Promise<void> {
  const reachesLimit = sql`${users.failedLogins} + 1 >= ${LOCKOUT_AFTER_FAILURES}`;
  const lockUntil = new Date(meta.now.getTime() + LOCKOUT_MS);
  await db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({
        failedLogins: sql`CASE WHEN ${reachesLimit} THEN 0 ELSE ${users.failedLogins} + 1 END`,
        lockedUntil: sql`CASE WHEN ${reachesLimit} THEN ${lockUntil.toISOString()}::timestamptz ELSE ${users.lockedUntil} END`,
      })
      .where(eq(users.id, userId))
      .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
    const actor = { id: null, label: `sign-in from ${meta.ip}` };
    const details = { ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null, reason: "wrong_second_factor" };
    await recordAudit(tx, actor, { action: "second_factor_failed", entityType: "user", entityId: userId, after: details });
    if (after && after.failedLogins === 0 && after.lockedUntil?.getTime() === lockUntil.getTime()) {
      await recordAudit(tx, actor, { action: "lockout", entityType: "user", entityId: userId, after: { lockedUntil: lockUntil } });
    }
  });
}
