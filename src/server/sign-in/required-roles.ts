import { eq } from "drizzle-orm";
import { type Role, roles } from "../../core/access/roles";
import { type Actor, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { settings } from "../settings/schema";

const KEY = "sign_in.second_factor_roles";

/** Roles whose members must use a second factor with their password (an administrator's choice). */
export async function secondFactorRoles(db: DbOrTx): Promise<Role[]> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const value = (row?.value as { roles?: unknown } | undefined)?.roles;
  return Array.isArray(value) ? roles.filter((r) => value.includes(r)) : [];
}

export async function setSecondFactorRoles(db: Db, actor: Actor, required: readonly Role[], now: Date): Promise<Role[]> {
  const before = await secondFactorRoles(db);
  const next = roles.filter((r) => required.includes(r));
  await audited(db, actor, async (tx) => {
    const value = { roles: next };
    await tx.insert(settings).values({ key: KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
    return { result: null, changes: [{ action: "update", entityType: "setting", entityId: KEY, before: { roles: before }, after: value }] };
  });
  return next;
}
