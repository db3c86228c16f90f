import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { TOTP } from "otpauth";
import type { Db, DbOrTx } from "../platform/db/client";
import { recoveryCodes, userTotp } from "./schema";

const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

// otpauth and qrcode load with the first second-factor check or enrolment, not at every start.
async function totp(secret: string, label = "Vigil"): Promise<TOTP> {
  const { Secret, TOTP } = await import("otpauth");
  return new TOTP({ issuer: "Vigil", label, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The time step a six-digit code belongs to (one step either side for clock drift), or null. */
export async function matchingStep(secret: string, code: string, now: Date): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = (await totp(secret)).validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

export type EnrolmentStart = { secret: string; otpauthUri: string; qrCode: string };

/** Starts (or restarts) an enrolment: a new secret waits until the user proves it with a code. */
export async function startEnrolment(db: DbOrTx, user: { id: string; email: string }, now: Date): Promise<EnrolmentStart> {
  const { Secret } = await import("otpauth");
  const secret = new Secret({ size: 20 }).base32;
  await db
    .insert(userTotp)
    .values({ userId: user.id, pendingSecret: secret, pendingSince: now })
    .onConflictDoUpdate({ target: userTotp.userId, set: { pendingSecret: secret, pendingSince: now } });
  const otpauthUri = (await totp(secret, user.email)).toString();
  const { default: QRCode } = await import("qrcode");
  return { secret, otpauthUri, qrCode: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: "M", margin: 2, width: 220 }) };
}

export async function totpOf(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, userId)).limit(1);
  return row ?? null;
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.replace(/[\s-]/g, "").toLowerCase()).digest("hex");
}

/** Ten fresh one-time codes (`xxxxx-xxxxx`, 50 bits each); earlier ones stop working. Only hashes are stored. */
export async function replaceRecoveryCodes(tx: DbOrTx, userId: string, now: Date): Promise<string[]> {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c), createdAt: now })));
  return codes;
}

/** Confirms the pending secret with a code; returns false when the code does not match it. */
export async function confirmEnrolment(tx: DbOrTx, userId: string, code: string, now: Date): Promise<boolean> {
  const row = await totpOf(tx, userId);
  if (!row?.pendingSecret) return false;
  const step = await matchingStep(row.pendingSecret, code, now);
  if (step === null) return false;
  await tx
    .update(userTotp)
    .set({ secret: row.pendingSecret, enabledAt: now, pendingSecret: null, pendingSince: null, lastUsedStep: step })
    .where(eq(userTotp.userId, userId));
  return true;
}

export async function removeSecondFactor(tx: DbOrTx, userId: string): Promise<void> {
  await tx.delete(userTotp).where(eq(userTotp.userId, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/**
 * Accepts a current TOTP code once (a replay of an accepted step is refused, also between two processes),
 * or an unused recovery code, which is then spent.
 */
export async function verifySecondFactor(db: Db, userId: string, input: { code?: string; recoveryCode?: string }, now: Date): Promise<"totp" | "recovery_code" | null> {
  if (input.recoveryCode) {
    const spent = await db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(input.recoveryCode)), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    return spent.length > 0 ? "recovery_code" : null;
  }
  const row = await totpOf(db, userId);
  if (!row?.secret || !input.code) return null;
  const step = await matchingStep(row.secret, input.code, now);
  if (step === null) return null;
  const accepted = await db
    .update(userTotp)
    .set({ lastUsedStep: step })
    .where(and(eq(userTotp.userId, userId), or(isNull(userTotp.lastUsedStep), lt(userTotp.lastUsedStep, step))))
    .returning({ userId: userTotp.userId });
  return accepted.length > 0 ? "totp" : null;
}

export async function unusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}
