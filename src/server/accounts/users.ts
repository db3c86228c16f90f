import { and, asc, eq, isNull } from "drizzle-orm";
import type { Role } from "../../core/access/roles";
import { type Actor, audited } from "../audit/store";
import type { Db } from "../platform/db/client";
import { badRequest, conflict, notFound } from "../platform/http/errors";
import { customers } from "../customers/schema";
import { hashPassword, passwordProblem } from "./passwords";
import { apiTokens, users } from "./schema";
import { deleteUserSessions } from "./sessions";

export type UserRow = typeof users.$inferSelect;

export function publicUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    status: u.status as "active" | "disabled",
    customerId: u.customerId,
    mustChangePassword: u.mustChangePassword,
    locked: !!u.lockedUntil && u.lockedUntil > new Date(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return u;
}

export async function getUser(db: Db, id: string): Promise<UserRow> {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!u) throw notFound("User");
  return u;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

async function checkCustomer(db: Db, role: Role, customerId: string | null | undefined) {
  if (role === "customer" && !customerId) throw badRequest("A customer user must belong to a customer organisation", [{ path: "body/customerId", message: "required for role customer" }]);
  if (role !== "customer" && customerId) throw badRequest("Only customer users belong to a customer organisation", [{ path: "body/customerId", message: "only for role customer" }]);
  if (customerId) {
    const [c] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).limit(1);
    if (!c) throw badRequest("Unknown customer organisation", [{ path: "body/customerId", message: "no such customer" }]);
  }
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: { email: string; name: string; role: Role; password: string; customerId?: string | null; mustChangePassword?: boolean },
): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  const problem = passwordProblem(input.password, email);
  if (problem) throw badRequest(`Password ${problem}`, [{ path: "body/password", message: problem }]);
  await checkCustomer(db, input.role, input.customerId);
  if (await findUserByEmail(db, email)) throw conflict(`A user with e-mail ${email} already exists`);
  const passwordHash = await hashPassword(input.password);
  return audited(db, actor, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        role: input.role,
        passwordHash,
        customerId: input.customerId ?? null,
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .returning();
    return { result: row, changes: [{ action: "create", entityType: "user", entityId: row.id, after: row }] };
  });
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: string,
  patch: { name?: string; role?: Role; status?: "active" | "disabled"; customerId?: string | null },
): Promise<UserRow> {
  const before = await getUser(db, id);
  const role = patch.role ?? (before.role as Role);
  const customerId = patch.customerId !== undefined ? patch.customerId : role === "customer" ? before.customerId : null;
  await checkCustomer(db, role, customerId);
  return audited(db, actor, async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ name: patch.name?.trim() ?? before.name, role, status: patch.status ?? before.status, customerId, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    if (after.status !== "active" || after.role !== before.role) await deleteUserSessions(tx, id);
    return { result: after, changes: [{ action: "update", entityType: "user", entityId: id, before, after }] };
  });
}

export async function setPassword(
  db: Db,
  actor: Actor,
  id: string,
  password: string,
  opts: { mustChange: boolean; keepSessionId?: string },
): Promise<void> {
  const before = await getUser(db, id);
  const problem = passwordProblem(password, before.email);
  if (problem) throw badRequest(`Password ${problem}`, [{ path: "body/newPassword", message: problem }]);
  const passwordHash = await hashPassword(password);
  await audited(db, actor, async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: opts.mustChange, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    await deleteUserSessions(tx, id, opts.keepSessionId);
    // A token created with the old (possibly leaked) password must not outlive it.
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return {
      result: undefined,
      changes: [
        { action: "password_change", entityType: "user", entityId: id, before, after },
        ...revoked.map((t) => ({ action: "revoke", entityType: "api_token", entityId: t.id, after: { reason: "password changed" } })),
      ],
    };
  });
}

export async function unlockUser(db: Db, actor: Actor, id: string): Promise<UserRow> {
  const before = await getUser(db, id);
  return audited(db, actor, async (tx) => {
    const [after] = await tx.update(users).set({ failedLogins: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, id)).returning();
    return { result: after, changes: [{ action: "unlock", entityType: "user", entityId: id, before, after }] };
  });
}
