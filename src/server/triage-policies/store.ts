import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { policyActive, policyExpired, type StoredPolicy, type TriagePolicy } from "../../core/triage-policies";
import { type Actor, type AuditChange, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { conflict, notFound } from "../platform/http/errors";
import { rescoreFindings } from "../vulnerabilities/matching";
import { findings } from "../vulnerabilities/schema";
import { type FindingChange, planPolicyChanges, storedPolicies, storedPolicy, writePolicyChanges } from "./apply";
import { triagePolicies, triagePolicyDecisions } from "./schema";

type PolicyRow = typeof triagePolicies.$inferSelect;

export type ApplyOutcome = {
  dryRun: boolean;
  policies: { created: string[]; updated: string[]; unchanged: string[] };
  applied: number;
  reopened: number;
  changes: Array<Omit<FindingChange, "analysedAt">>;
};

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Policies with how many open findings each currently decides. */
export async function listPolicies(db: DbOrTx, now: Date) {
  const counts = await db
    .select({ policyId: triagePolicyDecisions.policyId, n: sql<number>`count(*)::int` })
    .from(triagePolicyDecisions)
    .innerJoin(findings, and(eq(findings.id, triagePolicyDecisions.findingId), eq(findings.analysedAt, triagePolicyDecisions.appliedAt), isNull(findings.resolvedAt)))
    .groupBy(triagePolicyDecisions.policyId);
  const decided = new Map(counts.map((c) => [c.policyId, Number(c.n)]));
  const rows = await db.select().from(triagePolicies).orderBy(asc(triagePolicies.name));
  return rows.map((p) => policyView(p, now, decided.get(p.id) ?? 0));
}

export function policyView(p: PolicyRow, now: Date, decidedFindings: number) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    conditions: p.conditions,
    analysis: p.analysis,
    expiresOn: p.expiresOn,
    enabled: p.enabled,
    priority: p.priority,
    expired: policyExpired(p, today(now)),
    active: policyActive(p, today(now)),
    decidedFindings,
    createdBy: p.createdBy,
    updatedBy: p.updatedBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

const columnsOf = (p: TriagePolicy) => ({
  name: p.name,
  description: p.description ?? null,
  conditions: p.conditions,
  analysis: p.analysis,
  expiresOn: p.expiresOn ?? null,
  enabled: p.enabled,
  priority: p.priority,
});

/** JSON with keys sorted at every level: jsonb keeps its own key order, so stored and read policies compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

const sameColumns = (row: PolicyRow, p: TriagePolicy) => canonical(columnsOf(p)) === canonical(columnsOf({ ...row, description: row.description ?? undefined }));

const summary = (changes: readonly FindingChange[]) => ({
  applied: changes.filter((c) => c.kind === "apply").length,
  reopened: changes.filter((c) => c.kind === "reopen").length,
  changes: changes.map(({ analysedAt: _, ...c }) => c),
});

/** Re-decides every open finding with the stored policies and records it; the caller's transaction audits the rest. */
async function reapply(tx: DbOrTx, actor: Actor, now: Date, names?: ReadonlyMap<string, string>): Promise<FindingChange[]> {
  const changes = await planPolicyChanges(tx, await storedPolicies(tx), { all: true }, today(now), names);
  const written = await writePolicyChanges(tx, changes, actor, now);
  await rescoreFindings(tx, { ids: written });
  const done = new Set(written);
  return changes.filter((c) => done.has(c.findingId));
}

async function insertPolicy(tx: DbOrTx, p: TriagePolicy, actor: Actor, now: Date): Promise<{ row: PolicyRow; change: AuditChange }> {
  const [taken] = await tx.select({ id: triagePolicies.id }).from(triagePolicies).where(eq(triagePolicies.name, p.name)).limit(1);
  if (taken) throw conflict(`A triage policy named "${p.name}" exists`, [{ path: "body/name", message: "already used" }]);
  const [row] = await tx.insert(triagePolicies).values({ ...columnsOf(p), createdBy: actor.label, updatedBy: actor.label, createdAt: now, updatedAt: now }).returning();
  return { row, change: { action: "create", entityType: "triage_policy", entityId: row.id, after: row } };
}

async function updatePolicyRow(tx: DbOrTx, before: PolicyRow, p: TriagePolicy, actor: Actor, now: Date): Promise<{ row: PolicyRow; change: AuditChange }> {
  if (p.name !== before.name) {
    const [taken] = await tx.select({ id: triagePolicies.id }).from(triagePolicies).where(eq(triagePolicies.name, p.name)).limit(1);
    if (taken) throw conflict(`A triage policy named "${p.name}" exists`, [{ path: "body/name", message: "already used" }]);
  }
  const [row] = await tx.update(triagePolicies).set({ ...columnsOf(p), updatedBy: actor.label, updatedAt: now }).where(eq(triagePolicies.id, before.id)).returning();
  return { row, change: { action: "update", entityType: "triage_policy", entityId: row.id, before, after: row } };
}

export async function createPolicy(db: Db, p: TriagePolicy, actor: Actor, now: Date) {
  return audited(db, actor, async (tx) => {
    const { row, change } = await insertPolicy(tx, p, actor, now);
    const changes = await reapply(tx, actor, now);
    return { result: { policy: row, ...summary(changes) }, changes: [change] };
  });
}

export async function updatePolicy(db: Db, id: string, p: TriagePolicy, actor: Actor, now: Date) {
  return audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(triagePolicies).where(eq(triagePolicies.id, id)).for("update");
    if (!before) throw notFound("Triage policy");
    const { row, change } = await updatePolicyRow(tx, before, p, actor, now);
    const changes = await reapply(tx, actor, now);
    return { result: { policy: row, ...summary(changes) }, changes: [change] };
  });
}

/** Deletes a policy; the findings it decided are re-opened first, with a history entry naming it. */
export async function deletePolicy(db: Db, id: string, actor: Actor, now: Date) {
  return audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(triagePolicies).where(eq(triagePolicies.id, id)).for("update");
    if (!before) throw notFound("Triage policy");
    const rest = (await storedPolicies(tx)).filter((p) => p.id !== id);
    const planned = await planPolicyChanges(tx, rest, { all: true }, today(now), new Map([[id, before.name]]));
    const written = await writePolicyChanges(tx, planned, actor, now);
    await tx.delete(triagePolicies).where(eq(triagePolicies.id, id));
    await rescoreFindings(tx, { ids: written });
    const done = new Set(written);
    return { result: summary(planned.filter((c) => done.has(c.findingId))), changes: [{ action: "delete", entityType: "triage_policy", entityId: id, before }] };
  });
}

/**
 * Upserts policies by name (those not in `file` stay as they are) and applies every stored policy to the open
 * findings. A dry run computes the same outcome and writes nothing.
 */
export async function applyPolicies(db: Db, file: readonly TriagePolicy[] | null, actor: Actor, now: Date, dryRun: boolean): Promise<ApplyOutcome> {
  const rows = await db.select().from(triagePolicies);
  const byName = new Map(rows.map((r) => [r.name, r]));
  const created = (file ?? []).filter((p) => !byName.has(p.name));
  const updated = (file ?? []).filter((p) => byName.has(p.name) && !sameColumns(byName.get(p.name)!, p));
  const unchanged = (file ?? []).filter((p) => byName.has(p.name) && sameColumns(byName.get(p.name)!, p));
  const policies = { created: created.map((p) => p.name), updated: updated.map((p) => p.name), unchanged: unchanged.map((p) => p.name) };
  if (dryRun) {
    const merged = new Map<string, StoredPolicy>(rows.map((r) => [r.name, storedPolicy(r)]));
    for (const p of [...created, ...updated]) {
      const id = byName.get(p.name)?.id ?? `new:${p.name}`;
      merged.set(p.name, { id, name: p.name, conditions: p.conditions, analysis: p.analysis, expiresOn: p.expiresOn ?? null, enabled: p.enabled, priority: p.priority });
    }
    const changes = await planPolicyChanges(db, [...merged.values()], { all: true }, today(now));
    return { dryRun, policies, ...summary(changes) };
  }
  return audited(db, actor, async (tx) => {
    const audit: AuditChange[] = [];
    for (const p of created) audit.push((await insertPolicy(tx, p, actor, now)).change);
    for (const p of updated) {
      const [before] = await tx.select().from(triagePolicies).where(eq(triagePolicies.name, p.name)).for("update");
      audit.push((await updatePolicyRow(tx, before, p, actor, now)).change);
    }
    const changes = await reapply(tx, actor, now);
    return { result: { dryRun, policies, ...summary(changes) }, changes: audit };
  });
}

/** The daily run: re-opens what expired policies decided (and lets the others decide with current KEV and EPSS). */
export async function runPolicyExpiry(db: Db, actor: Actor, now: Date): Promise<{ applied: number; reopened: number }> {
  const { applied, reopened } = await applyPolicies(db, null, actor, now, false);
  return { applied, reopened };
}
