import { eq } from "drizzle-orm";
import { type Actor, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { settings } from "../settings/schema";

const KEY = "governance.four_eyes";

/** Whether a policy version must be approved by someone other than the person who submitted it (on unless an administrator turned it off). */
export async function fourEyesPolicyApproval(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const value = (row?.value as { policyApproval?: unknown } | undefined)?.policyApproval;
  return typeof value === "boolean" ? value : true;
}

export async function setFourEyesPolicyApproval(db: Db, actor: Actor, on: boolean, now: Date): Promise<boolean> {
  const before = await fourEyesPolicyApproval(db);
  await audited(db, actor, async (tx) => {
    const value = { policyApproval: on };
    await tx.insert(settings).values({ key: KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
    return { result: null, changes: [{ action: "update", entityType: "setting", entityId: KEY, before: { policyApproval: before }, after: value }] };
  });
  return on;
}
