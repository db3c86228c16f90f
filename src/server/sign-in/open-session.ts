import { eq } from "drizzle-orm";
import { users } from "../accounts/schema";
import { createSession } from "../accounts/sessions";
import type { UserRow } from "../accounts/users";
import { audited } from "../audit/store";
import type { Db } from "../platform/db/client";

export type SignInMeta = { ip: string; userAgent?: string; sessionHours: number; now: Date };
export type OpenedSession = { user: UserRow; token: string; csrfToken: string; expiresAt: Date };

/** Opens a session once every factor is proven (password and second factor, or the identity provider). */
export async function openSession(db: Db, user: UserRow, meta: SignInMeta, method: "password+totp" | "password+recovery_code" | "oidc"): Promise<OpenedSession> {
  return audited(db, { id: user.id, label: user.email }, async (tx) => {
    const [after] = await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: meta.now }).where(eq(users.id, user.id)).returning();
    const session = await createSession(tx, user.id, meta.sessionHours, { ip: meta.ip, userAgent: meta.userAgent }, meta.now);
    return {
      result: { user: after, ...session },
      changes: [{ action: "login", entityType: "user", entityId: user.id, after: { ip: meta.ip, method, lastLoginAt: meta.now } }],
    };
  });
}
