import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../platform/db/client";
import { randomToken, sha256 } from "../accounts/secrets";
import { signInChallenges } from "./schema";

export type ChallengeKind = "totp" | "totp_enrol" | "oidc";
export type Challenge = typeof signInChallenges.$inferSelect;

/** Wrong codes allowed against one challenge before it is thrown away (the password must be given again). */
export const CHALLENGE_ATTEMPTS = 5;

export async function createChallenge(
  db: DbOrTx,
  kind: ChallengeKind,
  input: { userId?: string; data?: Record<string, string>; ttlMs: number; now: Date },
): Promise<string> {
  const token = randomToken();
  await db.delete(signInChallenges).where(lt(signInChallenges.expiresAt, input.now));
  await db.insert(signInChallenges).values({
    id: sha256(token),
    kind,
    userId: input.userId ?? null,
    data: input.data ?? {},
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + input.ttlMs),
  });
  return token;
}

export async function findChallenge(db: DbOrTx, token: string, kind: ChallengeKind, now: Date): Promise<Challenge | null> {
  const [row] = await db
    .select()
    .from(signInChallenges)
    .where(and(eq(signInChallenges.id, sha256(token)), eq(signInChallenges.kind, kind), gt(signInChallenges.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

/** Counts one wrong code atomically; the challenge is gone once its attempts are used up. */
export async function countFailedAttempt(db: DbOrTx, challenge: Challenge): Promise<{ exhausted: boolean }> {
  const [row] = await db
    .update(signInChallenges)
    .set({ attempts: sql`${signInChallenges.attempts} + 1` })
    .where(eq(signInChallenges.id, challenge.id))
    .returning({ attempts: signInChallenges.attempts });
  if (!row || row.attempts >= CHALLENGE_ATTEMPTS) {
    await deleteChallenge(db, challenge);
    return { exhausted: true };
  }
  return { exhausted: false };
}

/** Removes a challenge; true only for the one caller that removed it (a challenge is used once). */
export async function deleteChallenge(db: DbOrTx, challenge: Challenge): Promise<boolean> {
  const gone = await db.delete(signInChallenges).where(eq(signInChallenges.id, challenge.id)).returning({ id: signInChallenges.id });
  return gone.length > 0;
}
