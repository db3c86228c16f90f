import { and, asc, eq, ne } from "drizzle-orm";
import type { SupportRuleInput } from "../../core/sbom";
import { type Actor, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { conflict, notFound } from "../platform/http/errors";
import { portfolioComponentRows } from "./component-support";
import { supportRules } from "./support-rules-schema";

type RuleRow = typeof supportRules.$inferSelect;

/**
 * How many components (distinct purls of current SBOMs) each rule decides now. Rules are applied where support is
 * read, so a new SBOM is covered on upload and a changed or deleted rule re-evaluates what it set at once.
 */
async function decidedCounts(db: DbOrTx): Promise<Map<string, number>> {
  const purlsByRule = new Map<string, Set<string>>();
  for (const r of await portfolioComponentRows(db)) {
    if (!r.source?.startsWith("rule:") || !r.purl) continue;
    const name = r.source.slice(5);
    purlsByRule.set(name, (purlsByRule.get(name) ?? new Set()).add(r.purl));
  }
  return new Map([...purlsByRule].map(([name, purls]) => [name, purls.size]));
}

const view = (r: RuleRow, counts: Map<string, number>) => ({
  ...r,
  decidedComponents: counts.get(r.name) ?? 0,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function listSupportRules(db: DbOrTx) {
  const [rows, counts] = await Promise.all([db.select().from(supportRules).orderBy(asc(supportRules.name)), decidedCounts(db)]);
  return rows.map((r) => view(r, counts));
}

async function refuseTakenName(tx: DbOrTx, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: supportRules.id })
    .from(supportRules)
    .where(exceptId ? and(eq(supportRules.name, name), ne(supportRules.id, exceptId)) : eq(supportRules.name, name))
    .limit(1);
  if (taken) throw conflict(`A support rule named "${name}" exists`, [{ path: "body/name", message: "the name is taken" }]);
}

const fields = (p: SupportRuleInput) => ({
  name: p.name,
  purlPattern: p.purlPattern,
  versionRange: p.versionRange ?? null,
  level: p.level,
  endOfSupport: p.endOfSupport ?? null,
  note: p.note ?? null,
});

/** Whether a stored rule already says what `p` says. */
export const sameSupportRule = (r: RuleRow, p: SupportRuleInput) => Object.entries(fields(p)).every(([k, v]) => r[k as keyof RuleRow] === v);

export async function insertSupportRule(tx: DbOrTx, p: SupportRuleInput, actor: Actor, now: Date) {
  const [row] = await tx
    .insert(supportRules)
    .values({ ...fields(p), createdBy: actor.label, updatedBy: actor.label, createdAt: now, updatedAt: now })
    .returning();
  return { row, change: { action: "create", entityType: "support_rule", entityId: row.id, after: row } };
}

export async function updateSupportRuleRow(tx: DbOrTx, before: RuleRow, p: SupportRuleInput, actor: Actor, now: Date) {
  const [row] = await tx.update(supportRules).set({ ...fields(p), updatedBy: actor.label, updatedAt: now }).where(eq(supportRules.id, before.id)).returning();
  return { row, change: { action: "update", entityType: "support_rule", entityId: before.id, before, after: row } };
}

export async function createSupportRule(db: Db, p: SupportRuleInput, actor: Actor, now: Date) {
  const row = await audited(db, actor, async (tx) => {
    await refuseTakenName(tx, p.name);
    const { row: created, change } = await insertSupportRule(tx, p, actor, now);
    return { result: created, changes: [change] };
  });
  return view(row, await decidedCounts(db));
}

export async function updateSupportRule(db: Db, id: string, p: SupportRuleInput, actor: Actor, now: Date) {
  const row = await audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(supportRules).where(eq(supportRules.id, id)).for("update");
    if (!before) throw notFound("Support rule");
    await refuseTakenName(tx, p.name, id);
    const { row: after, change } = await updateSupportRuleRow(tx, before, p, actor, now);
    return { result: after, changes: [change] };
  });
  return view(row, await decidedCounts(db));
}

export async function deleteSupportRule(db: Db, id: string, actor: Actor) {
  await audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(supportRules).where(eq(supportRules.id, id)).for("update");
    if (!before) throw notFound("Support rule");
    await tx.delete(supportRules).where(eq(supportRules.id, id));
    return { result: null, changes: [{ action: "delete", entityType: "support_rule", entityId: id, before }] };
  });
}
