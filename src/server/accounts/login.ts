import { eq } from "drizzle-orm";
import { audited, recordAudit } from "../audit/store";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/http/errors";
import { dummyHashPromise, verifyPassword } from "./passwords";
import { clearRateLimit, hitRateLimit } from "./rate-limit";
import { users } from "./schema";
import { createSession } from "./sessions";
import { findUserByEmail, type UserRow } from "./users";

export const LOGIN_LIMIT_PER_IP = 20;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

const wrongCredentials = () => new AppError(401, "invalid_credentials", "Wrong e-mail or password");

/**
 * Checks the credentials, throttles by client address, locks the account after repeated failures,
 * and opens a session.
 */
export async function login(
  db: Db,
  input: { email: string; password: string; ip: string; userAgent?: string; sessionHours: number; now: Date },
): Promise<{ user: UserRow; token: string; csrfToken: string; expiresAt: Date }> {
  const { now } = input;
  const ipKey = `login:ip:${input.ip}`;
  const verdict = await hitRateLimit(db, ipKey, LOGIN_LIMIT_PER_IP, LOGIN_WINDOW_MS, now);
  if (!verdict.allowed) {
    throw new AppError(429, "too_many_attempts", `Too many sign-in attempts from this address; try again in ${verdict.retryAfterSeconds} s`, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  const user = await findUserByEmail(db, input.email);
  if (!user?.passwordHash) {
    await verifyPassword(input.password, await dummyHashPromise);
    throw wrongCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError(423, "account_locked", `This account is locked after repeated failed sign-ins until ${user.lockedUntil.toISOString()}; an administrator can unlock it`);
  }
  if (user.status !== "active") throw new AppError(403, "account_disabled", "This account is disabled");
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= LOCKOUT_AFTER_FAILURES;
    await db.transaction(async (tx) => {
      const [after] = await tx
        .update(users)
        .set({ failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(now.getTime() + LOCKOUT_MS) : user.lockedUntil })
        .where(eq(users.id, user.id))
        .returning();
      if (lock) {
        await recordAudit(tx, { id: null, label: `sign-in from ${input.ip}` }, { action: "lockout", entityType: "user", entityId: user.id, before: user, after });
      }
    });
    if (lock) throw new AppError(423, "account_locked", `Too many failed sign-ins: the account is locked for ${LOCKOUT_MS / 60_000} minutes`);
    throw wrongCredentials();
  }
  await clearRateLimit(db, ipKey);
  return audited(db, { id: user.id, label: user.email }, async (tx) => {
    const [after] = await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id)).returning();
    const session = await createSession(tx, user.id, input.sessionHours, { ip: input.ip, userAgent: input.userAgent }, now);
    return {
      result: { user: after, ...session },
      changes: [{ action: "login", entityType: "user", entityId: user.id, after: { ip: input.ip, lastLoginAt: now } }],
    };
  });
}
