import { createHash } from "node:crypto";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import {
  acknowledgementRate,
  approvalRefusal,
  type AssignmentTarget,
  assignees,
  completionRates,
  overdueAssignees,
  type Person,
  reviewState,
} from "../../core/governance";
import { users } from "../accounts/schema";
import type { DbOrTx } from "../platform/db/client";
import { badRequest, notFound } from "../platform/http/errors";
import { fourEyesPolicyApproval } from "./four-eyes";
import {
  governanceRaci,
  governanceRoleHolders,
  policies,
  policyAcknowledgements,
  policyVersions,
  trainingAssignments,
  trainingCampaigns,
  trainingRecords,
} from "./schema";

export type PolicyRow = typeof policies.$inferSelect;
export type VersionRow = typeof policyVersions.$inferSelect;
export type CampaignRow = typeof trainingCampaigns.$inferSelect;
export type RecordRow = typeof trainingRecords.$inferSelect;

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const sha256Text = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Internal staff: active users who are not customers. Policies and training address them. */
export async function staff(db: DbOrTx): Promise<(Person & { name: string; email: string })[]> {
  const rows = await db
    .select({ id: users.id, role: users.role, status: users.status, name: users.name, email: users.email })
    .from(users)
    .where(ne(users.role, "customer"))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ id: r.id, role: r.role, active: r.status === "active", name: r.name, email: r.email }));
}

export async function holders(db: DbOrTx) {
  return db.select().from(governanceRoleHolders).orderBy(asc(governanceRoleHolders.responsibilityKey), asc(governanceRoleHolders.userId));
}

export async function raciCells(db: DbOrTx) {
  return db.select().from(governanceRaci).orderBy(asc(governanceRaci.activityKey), asc(governanceRaci.responsibilityKey));
}

export async function findPolicy(db: DbOrTx, id: string): Promise<PolicyRow> {
  const [row] = await db.select().from(policies).where(eq(policies.id, id)).limit(1);
  if (!row) throw notFound("Policy");
  return row;
}

export async function versionsOf(db: DbOrTx, policyId: string): Promise<VersionRow[]> {
  return db.select().from(policyVersions).where(eq(policyVersions.policyId, policyId)).orderBy(asc(policyVersions.version));
}

export async function findVersion(db: DbOrTx, policyId: string, version: number): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.policyId, policyId), eq(policyVersions.version, version)))
    .limit(1);
  if (!row) throw notFound(`Version ${version} of the policy`);
  return row;
}

export function versionView(v: VersionRow, withContent = true) {
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    ...(withContent ? { content: v.content } : {}),
    changeNote: v.changeNote,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    submittedBy: v.submittedBy,
    submittedAt: iso(v.submittedAt),
    returnedReason: v.returnedReason,
    approvedBy: v.approvedBy,
    approvedAt: iso(v.approvedAt),
    sha256: v.sha256,
    retiredAt: iso(v.retiredAt),
  };
}

/** A policy with its current approved version, its open draft, review state and acknowledgement rate. */
export async function policyViews(db: DbOrTx, rows: PolicyRow[], now: Date, viewer: { userId: string; email: string } | null) {
  const viewerId = viewer?.userId ?? null;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [versions, acks, people, fourEyes] = await Promise.all([
    db.select().from(policyVersions).where(inArray(policyVersions.policyId, ids)).orderBy(asc(policyVersions.version)),
    db.select().from(policyAcknowledgements).where(inArray(policyAcknowledgements.policyId, ids)),
    staff(db),
    fourEyesPolicyApproval(db),
  ]);
  const activeIds = people.filter((p) => p.active).map((p) => p.id);
  const owners = new Map(people.map((p) => [p.id, p.name]));
  return rows.map((p) => {
    const own = versions.filter((v) => v.policyId === p.id);
    const current = own.find((v) => v.status === "approved") ?? null;
    const open = own.find((v) => v.status === "draft" || v.status === "in_review") ?? null;
    const currentAcks = current ? acks.filter((a) => a.versionId === current.id) : [];
    const rate = acknowledgementRate(activeIds, currentAcks.map((a) => a.userId));
    return {
      id: p.id,
      title: p.title,
      summary: p.summary,
      templateKey: p.templateKey,
      requirementIds: p.requirementIds,
      reviewMonths: p.reviewMonths,
      ownerId: p.ownerId,
      ownerName: p.ownerId ? (owners.get(p.ownerId) ?? null) : null,
      status: p.retiredAt ? ("retired" as const) : current ? ("approved" as const) : open ? open.status : ("draft" as const),
      currentVersion: current ? versionView(current, false) : null,
      openVersion: open ? versionView(open, false) : null,
      latestVersion: own.length > 0 ? own[own.length - 1].version : 0,
      nextReviewAt: iso(p.nextReviewAt),
      reviewState: p.retiredAt ? ("not_approved" as const) : reviewState(p.nextReviewAt, now),
      acknowledgement: rate,
      acknowledgedByMe: viewerId ? currentAcks.some((a) => a.userId === viewerId) : false,
      approvalRefusal: viewer && open?.status === "in_review" ? approvalRefusal(open, viewer!, fourEyes) : null,
      retiredAt: iso(p.retiredAt),
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  });
}

export function checkRequirementIds(ids: readonly string[], known: ReadonlyMap<string, unknown>, field = "body/requirementIds"): void {
  const unknown = ids.map((id, i) => ({ id, i })).filter((x) => !known.has(x.id));
  if (unknown.length > 0) {
    throw badRequest(
      `${field}: unknown catalog item(s) ${unknown.map((u) => u.id).join(", ")}`,
      unknown.map((u) => ({ path: `${field}/${u.i}`, message: `unknown catalog item ${u.id}` })),
    );
  }
}

export async function checkUserIds(db: DbOrTx, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.select({ id: users.id }).from(users).where(and(inArray(users.id, [...ids]), ne(users.role, "customer")));
  const known = new Set(found.map((f) => f.id));
  const missing = ids.map((id, i) => ({ id, i })).filter((x) => !known.has(x.id));
  if (missing.length > 0) {
    throw badRequest(
      `${field}: unknown user(s) ${missing.map((m) => m.id).join(", ")}`,
      missing.map((m) => ({ path: `${field}/${m.i}`, message: "no such staff user" })),
    );
  }
}

// ---- training ----

export async function findCampaign(db: DbOrTx, id: string): Promise<CampaignRow> {
  const [row] = await db.select().from(trainingCampaigns).where(eq(trainingCampaigns.id, id)).limit(1);
  if (!row) throw notFound("Training campaign");
  return row;
}

export function targetOf(a: typeof trainingAssignments.$inferSelect): AssignmentTarget {
  if (a.userId) return { userId: a.userId };
  if (a.role) return { role: a.role };
  return { responsibilityKey: a.responsibilityKey! };
}

export function recordView(r: RecordRow) {
  return {
    id: r.id,
    campaignId: r.campaignId,
    userId: r.userId,
    completedAt: r.completedAt.toISOString(),
    evidenceSha256: r.evidenceSha256,
    evidenceNote: r.evidenceNote,
    source: r.source,
    recordedBy: r.recordedBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Each campaign with its targets, assignees (status per person), records and completion rates at `now`. */
export async function campaignViews(db: DbOrTx, rows: CampaignRow[], now: Date) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [assignments, records, people, roleHolders] = await Promise.all([
    db.select().from(trainingAssignments).where(inArray(trainingAssignments.campaignId, ids)).orderBy(asc(trainingAssignments.createdAt), asc(trainingAssignments.id)),
    db.select().from(trainingRecords).where(inArray(trainingRecords.campaignId, ids)).orderBy(asc(trainingRecords.completedAt), asc(trainingRecords.id)),
    staff(db),
    holders(db),
  ]);
  const names = new Map(people.map((p) => [p.id, p]));
  return rows.map((c) => {
    const targets = assignments.filter((a) => a.campaignId === c.id).map(targetOf);
    const assigned = assignees(targets, people, roleHolders);
    const own = records.filter((r) => r.campaignId === c.id);
    const completions = own.map((r) => ({ userId: r.userId, completedAt: r.completedAt }));
    const overdue = new Set(overdueAssignees(assigned, completions, c.dueAt, now).map((p) => p.id));
    const byUser = new Map(own.map((r) => [r.userId, r]));
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      kind: c.kind,
      requirementIds: c.requirementIds,
      dueAt: iso(c.dueAt),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      targets,
      rates: completionRates(
        assigned,
        completions.filter((x) => assigned.some((p) => p.id === x.userId)),
      ),
      assignees: assigned.map((p) => {
        const r = byUser.get(p.id);
        return {
          userId: p.id,
          name: names.get(p.id)?.name ?? p.id,
          email: names.get(p.id)?.email ?? "",
          role: p.role,
          status: r ? ("completed" as const) : overdue.has(p.id) ? ("overdue" as const) : ("pending" as const),
          recordId: r?.id ?? null,
          completedAt: iso(r?.completedAt),
        };
      }),
      records: own.map(recordView),
    };
  });
}
