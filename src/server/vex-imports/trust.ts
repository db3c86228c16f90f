import { and, asc, eq, isNull } from "drizzle-orm";
import { mayApplyAutomatically } from "../../core/vex-import";
import { type Actor, type AuditChange, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { rescoreFindings } from "../vulnerabilities/matching";
import { findings } from "../vulnerabilities/schema";
import { applySuggestion, suggestionAcceptable } from "./import";
import { vexSuggestions, vexTrustRules } from "./schema";

export const trustActor = (publisher: string): Actor => ({ id: null, label: `trust rule: ${publisher}` });

/**
 * Trusting a supplier also settles what it already said: each pending suggestion of that publisher becomes the
 * analysis of its open finding when nobody has analysed it (never over an own analysis), as on import.
 */
async function applyPendingSuggestions(tx: DbOrTx, publisher: string, now: Date): Promise<{ findingIds: string[]; changes: AuditChange[] }> {
  const pending = await tx
    .select({ s: vexSuggestions, f: findings })
    .from(vexSuggestions)
    .innerJoin(findings, eq(findings.id, vexSuggestions.findingId))
    .where(and(eq(vexSuggestions.publisher, publisher), isNull(vexSuggestions.acceptedAt), isNull(findings.resolvedAt), isNull(findings.analysedAt)))
    .orderBy(asc(vexSuggestions.createdAt));
  const findingIds: string[] = [];
  const changes: AuditChange[] = [];
  for (const { s, f } of pending) {
    // A finding with statements from two documents of the publisher takes the first; the second waits for a person.
    if (findingIds.includes(f.id) || !mayApplyAutomatically(f, null) || suggestionAcceptable(s) !== null) continue;
    changes.push(await applySuggestion(tx, f, s, trustActor(publisher), now));
    findingIds.push(f.id);
  }
  if (findingIds.length > 0) await rescoreFindings(tx, { ids: findingIds });
  return { findingIds, changes };
}

/** Trusts (autoAccept) or stops trusting a supplier's VEX statements by publisher name; audited. */
export async function setTrustRule(db: Db, publisher: string, autoAccept: boolean, actor: Actor, now: Date) {
  return audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(vexTrustRules).where(eq(vexTrustRules.publisher, publisher)).for("update");
    const [rule] = await tx
      .insert(vexTrustRules)
      .values({ publisher, autoAccept, createdBy: actor.label, createdAt: now })
      .onConflictDoUpdate({ target: vexTrustRules.publisher, set: { autoAccept } })
      .returning();
    const change: AuditChange = { action: before ? "update" : "create", entityType: "vex_trust_rule", entityId: rule.publisher, before, after: rule };
    const applied = autoAccept ? await applyPendingSuggestions(tx, publisher, now) : { findingIds: [], changes: [] };
    return { result: { ...rule, createdAt: rule.createdAt.toISOString(), applied: applied.findingIds.length }, changes: [change, ...applied.changes] };
  });
}

export async function listTrustRules(db: DbOrTx) {
  return (await db.select().from(vexTrustRules).orderBy(asc(vexTrustRules.publisher))).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
