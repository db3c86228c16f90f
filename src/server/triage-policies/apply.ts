import { and, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import {
  decidingPolicy,
  type FindingAnalysis,
  type PolicyFindingFacts,
  plannedChange,
  policyExpired,
  type StoredPolicy,
  triageOwner,
} from "../../core/triage-policies";
import { type Actor, recordAudit } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { findingHistory, findings, type FindingStatus, vulnerabilities } from "../vulnerabilities/schema";
import { epssExpr, kevExpr } from "../vulnerabilities/store";
import { triagePolicies, triagePolicyDecisions } from "./schema";

const CHUNK = 500;

export type ReopenReason = "expired" | "disabled" | "deleted" | "no_longer_matches";

/** One finding whose analysis policies change (or would change, in a dry run). */
export type FindingChange = {
  findingId: string;
  deviceModel: string;
  version: string;
  vulnerability: string;
  component: string;
  kind: "apply" | "reopen";
  policy: { id: string; name: string };
  reason: ReopenReason | null;
  from: FindingAnalysis;
  to: FindingAnalysis;
  /** The finding's `analysedAt` when planned: the change is written only if nobody analysed it since. */
  analysedAt: Date | null;
};

export type FindingScope = { findingIds: readonly string[] } | { all: true };

type Candidate = {
  findingId: string;
  facts: PolicyFindingFacts;
  analysis: FindingAnalysis;
  analysedAt: Date | null;
  decision: { policyId: string; appliedAt: Date } | null;
  component: string;
};

export const storedPolicy = (p: typeof triagePolicies.$inferSelect): StoredPolicy => ({
  id: p.id,
  name: p.name,
  conditions: p.conditions,
  analysis: p.analysis,
  expiresOn: p.expiresOn,
  enabled: p.enabled,
  priority: p.priority,
});

/** Open findings in scope that policies may decide: never analysed, or last analysed by a policy. */
async function candidates(tx: DbOrTx, scope: FindingScope): Promise<Candidate[]> {
  const select = () =>
    tx
      .select({
        f: {
          id: findings.id,
          vulnerabilityId: findings.vulnerabilityId,
          purl: findings.purl,
          cpe: findings.cpe,
          status: findings.status,
          justification: findings.justification,
          response: findings.response,
          detail: findings.detail,
          analysedAt: findings.analysedAt,
        },
        aliases: vulnerabilities.aliases,
        severity: vulnerabilities.severity,
        kev: kevExpr,
        epss: epssExpr,
        version: softwareVersions.version,
        model: { id: deviceModels.id, name: deviceModels.name, modelNumber: deviceModels.modelNumber },
        decision: { policyId: triagePolicyDecisions.policyId, appliedAt: triagePolicyDecisions.appliedAt },
      })
      .from(findings)
      .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
      .innerJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId))
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .leftJoin(triagePolicyDecisions, eq(triagePolicyDecisions.findingId, findings.id));
  const base = and(isNull(findings.resolvedAt), or(isNull(findings.analysedAt), isNotNull(triagePolicyDecisions.findingId)));
  type Row = Awaited<ReturnType<ReturnType<typeof select>["where"]>>[number];
  const rows: Row[] = [];
  if ("all" in scope) rows.push(...(await select().where(base)));
  else for (let i = 0; i < scope.findingIds.length; i += CHUNK) rows.push(...(await select().where(and(base, inArray(findings.id, scope.findingIds.slice(i, i + CHUNK))))));
  return rows.map((r) => ({
    findingId: r.f.id,
    facts: {
      vulnerabilityId: r.f.vulnerabilityId,
      aliases: r.aliases,
      purl: r.f.purl,
      deviceModel: r.model,
      version: r.version,
      kev: Boolean(r.kev),
      epss: r.epss === null ? null : Number(r.epss),
      severity: r.severity?.level ?? null,
    },
    analysis: { status: r.f.status, justification: r.f.justification, response: r.f.response, detail: r.f.detail },
    analysedAt: r.f.analysedAt,
    decision: r.decision?.policyId && r.decision.appliedAt ? { policyId: r.decision.policyId, appliedAt: r.decision.appliedAt } : null,
    component: r.f.purl || r.f.cpe,
  }));
}

function reopenReason(policy: StoredPolicy | undefined, today: string): ReopenReason {
  if (!policy) return "deleted";
  if (!policy.enabled) return "disabled";
  return policyExpired(policy, today) ? "expired" : "no_longer_matches";
}

/**
 * What `policies` do to the findings in scope today, without writing anything. `names` names policies that
 * decided findings but are no longer among `policies` (a deleted one).
 */
export async function planPolicyChanges(tx: DbOrTx, policies: readonly StoredPolicy[], scope: FindingScope, today: string, names: ReadonlyMap<string, string> = new Map()): Promise<FindingChange[]> {
  const byId = new Map(policies.map((p) => [p.id, p]));
  const out: FindingChange[] = [];
  for (const c of await candidates(tx, scope)) {
    const change = plannedChange(c.analysis, triageOwner({ analysedAt: c.analysedAt }, c.decision), decidingPolicy(policies, c.facts, today));
    if (!change) continue;
    const policyId = change.kind === "apply" ? change.policy.id : change.policyId;
    const prior = byId.get(policyId);
    out.push({
      findingId: c.findingId,
      deviceModel: c.facts.deviceModel.name,
      version: c.facts.version,
      vulnerability: c.facts.vulnerabilityId,
      component: c.component,
      kind: change.kind,
      policy: { id: policyId, name: prior?.name ?? names.get(policyId) ?? policyId },
      reason: change.kind === "reopen" ? reopenReason(prior, today) : null,
      from: c.analysis,
      to: change.to,
      analysedAt: c.analysedAt,
    });
  }
  return out;
}

const policyActor = (name: string, by: Actor): Actor => ({ id: by.id, label: `policy: ${name}` });

/**
 * Writes planned changes: the finding's analysis, the decision it rests on, a history entry naming the policy
 * and an audit entry each. A finding analysed by someone after it was planned is skipped. Returns the ids
 * changed (their priorities need recomputing).
 */
export async function writePolicyChanges(tx: DbOrTx, changes: readonly FindingChange[], actor: Actor, now: Date): Promise<string[]> {
  const written: string[] = [];
  for (const c of changes) {
    const apply = c.kind === "apply";
    const unchangedSincePlan = c.analysedAt === null ? isNull(findings.analysedAt) : eq(findings.analysedAt, c.analysedAt);
    const updated = await tx
      .update(findings)
      .set({ ...c.to, status: c.to.status as FindingStatus, analysedAt: apply ? now : null, analysedBy: apply ? `policy: ${c.policy.name}` : null, updatedAt: now })
      .where(and(eq(findings.id, c.findingId), isNull(findings.resolvedAt), unchangedSincePlan))
      .returning({ id: findings.id });
    if (updated.length === 0) continue;
    if (apply) {
      await tx
        .insert(triagePolicyDecisions)
        .values({ findingId: c.findingId, policyId: c.policy.id, appliedAt: now })
        .onConflictDoUpdate({ target: triagePolicyDecisions.findingId, set: { policyId: c.policy.id, appliedAt: now } });
    } else await tx.delete(triagePolicyDecisions).where(eq(triagePolicyDecisions.findingId, c.findingId));
    const after = { ...c.to, policy: c.policy, ...(c.reason ? { reason: c.reason } : {}), by: actor.label };
    const by = policyActor(c.policy.name, actor);
    await tx.insert(findingHistory).values({ findingId: c.findingId, at: now, actorId: by.id, actorLabel: by.label, kind: apply ? "policy_applied" : "policy_reopened", before: c.from, after });
    await recordAudit(tx, actor, { action: apply ? "policy_apply" : "policy_reopen", entityType: "finding", entityId: c.findingId, before: c.from, after });
    written.push(c.findingId);
  }
  return written;
}

/** Every stored policy. */
export async function storedPolicies(tx: DbOrTx): Promise<StoredPolicy[]> {
  return (await tx.select().from(triagePolicies)).map(storedPolicy);
}

/**
 * Matching's hook: the stored policies decide findings just created or re-opened by a reconciliation.
 * Priorities are left to the caller, which recomputes them for every finding it touched.
 */
export async function applyPoliciesToFindings(tx: DbOrTx, findingIds: readonly string[], actor: Actor, now: Date): Promise<number> {
  if (findingIds.length === 0) return 0;
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(triagePolicies);
  if (Number(n) === 0) return 0;
  const changes = await planPolicyChanges(tx, await storedPolicies(tx), { findingIds }, now.toISOString().slice(0, 10));
  return (await writePolicyChanges(tx, changes, actor, now)).length;
}
