import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { isRole, rolePermissions, type Permission } from "../../core/access/roles";
import { scopePermissions } from "../../core/access/scopes";
import type { Db, DbOrTx } from "../platform/db/client";
import type { Principal } from "../platform/http/principal";
import { apiTokens, sessions, users } from "./schema";
import { randomToken, sha256 } from "./secrets";

export const SESSION_COOKIE = "vigil_session";
export const CSRF_COOKIE = "vigil_csrf";

type UserRow = typeof users.$inferSelect;

function principalFor(user: UserRow, permissions: ReadonlySet<Permission>, extra: Partial<Principal>): Principal | null {
  if (user.status !== "active" || !isRole(user.role)) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    customerId: user.customerId,
    permissions,
    via: "session",
    mustChangePassword: user.mustChangePassword,
    ...extra,
  };
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  hours: number,
  meta: { ip?: string; userAgent?: string },
  now = new Date(),
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await db.insert(sessions).values({
    id: sha256(token),
    userId,
    csrfToken,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export async function resolveSession(db: Db, token: string, now = new Date()): Promise<Principal | null> {
  const id = sha256(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  const role = row.user.role;
  if (!isRole(role)) return null;
  return principalFor(row.user, rolePermissions[role], { via: "session", sessionId: id, csrfToken: row.session.csrfToken });
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: DbOrTx, userId: string, exceptSessionId?: string): Promise<void> {
  const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  for (const r of rows) if (r.id !== exceptSessionId) await db.delete(sessions).where(eq(sessions.id, r.id));
}

export async function purgeExpiredSessions(db: DbOrTx, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** API tokens look like `vgl_<8-char prefix>_<secret>`; only the SHA-256 of the whole token is stored. */
export function newApiTokenValue(): { token: string; prefix: string } {
  const prefix = randomToken(6).slice(0, 8);
  return { token: `vgl_${prefix}_${randomToken(32)}`, prefix };
}

export async function resolveApiToken(db: Db, token: string, now = new Date()): Promise<Principal | null> {
  if (!token.startsWith("vgl_")) return null;
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row || !isRole(row.user.role)) return null;
  const granted = scopePermissions(row.token.scopes);
  const effective = new Set([...rolePermissions[row.user.role]].filter((p) => granted.has(p)));
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  return principalFor(row.user, effective, { via: "token", tokenId: row.token.id });
}
