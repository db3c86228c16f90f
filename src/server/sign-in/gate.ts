import { passwordSignInAllowed, secondFactorRequired } from "../../core/sign-in";
import type { Role } from "../../core/access/roles";
import type { UserRow } from "../accounts/users";
import { recordAudit } from "../audit/store";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/http/errors";
import { createChallenge } from "./challenges";
import type { SignInConfig } from "./config";
import { secondFactorRoles } from "./required-roles";
import { totpOf } from "./totp";

export const SECOND_FACTOR_TTL_MS = 5 * 60_000;
export const ENROLMENT_TTL_MS = 15 * 60_000;

export type PendingSignIn = { secondFactor: "totp" | "enrol"; challenge: string };

/**
 * Runs after the password proved right and before a session opens: refuses password sign-in where single
 * sign-on replaces it, and asks for the second factor (or its enrolment, where the role requires one).
 */
export async function afterPassword(db: Db, config: SignInConfig | undefined, user: UserRow, meta: { ip: string; now: Date }): Promise<PendingSignIn | null> {
  const policy = config ?? { localSignIn: true, breakGlassAdmins: [] };
  if (!passwordSignInAllowed(user, { localSignIn: policy.localSignIn, breakGlassEmails: policy.breakGlassAdmins })) {
    await db.transaction((tx) =>
      recordAudit(tx, { id: null, label: `sign-in from ${meta.ip}` }, { action: "login_failed", entityType: "user", entityId: user.id, after: { ip: meta.ip, reason: "password_sign_in_disabled" } }),
    );
    throw new AppError(403, "password_sign_in_disabled", "Password sign-in is switched off for this workspace: sign in with single sign-on");
  }
  const totp = await totpOf(db, user.id);
  if (totp?.secret) {
    return { secondFactor: "totp", challenge: await createChallenge(db, "totp", { userId: user.id, ttlMs: SECOND_FACTOR_TTL_MS, now: meta.now }) };
  }
  if (secondFactorRequired(user.role as Role, await secondFactorRoles(db))) {
    return { secondFactor: "enrol", challenge: await createChallenge(db, "totp_enrol", { userId: user.id, ttlMs: ENROLMENT_TTL_MS, now: meta.now }) };
  }
  return null;
}
