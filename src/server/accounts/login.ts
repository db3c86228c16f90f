import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import { audited, recordAudit } from "../audit/store";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/http/errors";
import type { PendingSignIn } from "../sign-in/gate";
import { dummyHashPromise, verifyPassword } from "./passwords";
import { hitRateLimit, refundRateLimit } from "./rate-limit";
import { users } from "./schema";
import { createSession } from "./sessions";
import { findUserByEmail, type UserRow } from "./users";

export type LoginResult = { user: UserRow; token: string; csrfToken: string; expiresAt: Date } | { user: UserRow; pending: PendingSignIn };

export const LOGIN_LIMIT_PER_IP = 20;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

/** One answer for a wrong password, an unknown, a locked and a disabled account: nobody learns which it was. */
const wrongCredentials = () =>
  new AppError(
    401,
    "invalid_credentials",
    `Wrong e-mail or password. After ${LOCKOUT_AFTER_FAILURES} failed attempts an account is locked for ${LOCKOUT_MS / 60_000} minutes; an administrator can unlock it`,
  );

type FailureReason = "unknown_account" | "wrong_password" | "locked" | "disabled";

/**
 * Checks the credentials, throttles by client address, locks the account after repeated failures,
 * and opens a session. The address window counts every attempt atomically (a successful one is given back,
 * never the window reset), and the account's failure count is incremented in one statement, so parallel
 * guesses cannot slip past either limit.
 */
export async function login(
  db: Db,
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent?: string;
    sessionHours: number;
    now: Date;
    /** Runs once the password proved right: may hold the session back until a second factor is given. */
    afterPassword?: (user: UserRow) => Promise<PendingSignIn | null>;
  },
): Promise<LoginResult> {
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
    await auditFailure(db, null, input, "unknown_account");
    throw wrongCredentials();
  }
  const passwordRight = await verifyPassword(input.password, user.passwordHash);
  if (user.status !== "active") {
    await auditFailure(db, user, input, "disabled");
    throw wrongCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await auditFailure(db, user, input, "locked");
    throw wrongCredentials();
  }
  if (!passwordRight) {
    await countFailure(db, user, input);
    throw wrongCredentials();
  }
  const pending = await input.afterPassword?.(user);
  if (pending) {
    await refundRateLimit(db, ipKey);
    return { user, pending };
  }
  const signedIn = await audited(db, { id: user.id, label: user.email }, async (tx) => {
    // Conditional on the lock: a parallel guess may have locked the account since it was read.
    const [after] = await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
      .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
      .returning();
    if (!after) return { result: null, changes: [] };
    const session = await createSession(tx, user.id, input.sessionHours, { ip: input.ip, userAgent: input.userAgent }, now);
    return {
      result: { user: after, ...session },
      changes: [{ action: "login", entityType: "user", entityId: user.id, after: { ip: input.ip, lastLoginAt: now } }],
    };
  });
  if (!signedIn) {
    await auditFailure(db, user, input, "locked");
    throw wrongCredentials();
  }
  await refundRateLimit(db, ipKey);
  return signedIn;
}

async function countFailure(db: Db, user: UserRow, input: { ip: string; userAgent?: string; now: Date }): Promise<void> {
  const reachesLimit = sql`${users.failedLogins} + 1 >= ${LOCKOUT_AFTER_FAILURES}`;
  const lockUntil = new Date(input.now.getTime() + LOCKOUT_MS);
  await db.transaction(async (tx) => {
    // One statement: the row lock orders parallel failures, each sees the count the previous one wrote.
    const [after] = await tx
      .update(users)
      .set({
        failedLogins: sql`CASE WHEN ${reachesLimit} THEN 0 ELSE ${users.failedLogins} + 1 END`,
        lockedUntil: sql`CASE WHEN ${reachesLimit} THEN ${lockUntil.toISOString()}::timestamptz ELSE ${users.lockedUntil} END`,
      })
      .where(eq(users.id, user.id))
      .returning();
    const actor = { id: null, label: `sign-in from ${input.ip}` };
    await recordAudit(tx, actor, { action: "login_failed", entityType: "user", entityId: user.id, after: failureDetails(input, "wrong_password") });
    if (after && after.failedLogins === 0 && after.lockedUntil?.getTime() === lockUntil.getTime()) {
      await recordAudit(tx, actor, { action: "lockout", entityType: "user", entityId: user.id, before: user, after });
    }
  });
}

function failureDetails(input: { ip: string; userAgent?: string }, reason: FailureReason) {
  return { ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null, reason };
}

/** A failed sign-in is a security event; an unknown e-mail is recorded without it (people type passwords there). */
async function auditFailure(db: Db, user: UserRow | null, input: { ip: string; userAgent?: string }, reason: FailureReason): Promise<void> {
  await db.transaction(async (tx) => {
    await recordAudit(tx, { id: null, label: `sign-in from ${input.ip}` }, {
      action: "login_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      after: failureDetails(input, reason),
    });
  });
}
