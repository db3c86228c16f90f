import { eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db/client";
import { policies, policyVersions, trainingCampaigns, trainingRecords } from "./schema";
import { iso } from "./store";

export const GOVERNANCE_REFERENCE_KINDS = ["policy", "training_campaign", "training_record"] as const;
export type GovernanceReferenceKind = (typeof GOVERNANCE_REFERENCE_KINDS)[number];

export type GovernanceReference = {
  kind: GovernanceReferenceKind;
  id: string;
  title: string;
  status: string;
  link: string;
  at: string | null;
  sha256: string | null;
};

/**
 * Resolves a (kind, id) reference for evidence links; null when the record does not exist.
 * A policy is described by its current approved version (approval time and content hash).
 */
export async function resolveGovernanceReference(db: DbOrTx, kind: GovernanceReferenceKind, id: string): Promise<GovernanceReference | null> {
  if (kind === "policy") {
    const [p] = await db.select().from(policies).where(eq(policies.id, id)).limit(1);
    if (!p) return null;
    const versions = await db.select().from(policyVersions).where(eq(policyVersions.policyId, id));
    const current = versions.find((v) => v.status === "approved");
    return {
      kind,
      id,
      title: current ? `${p.title} (version ${current.version})` : p.title,
      status: p.retiredAt ? "retired" : current ? "approved" : "draft",
      link: `/governance/policies/${id}`,
      at: iso(current?.approvedAt),
      sha256: current?.sha256 ?? null,
    };
  }
  if (kind === "training_campaign") {
    const [c] = await db.select().from(trainingCampaigns).where(eq(trainingCampaigns.id, id)).limit(1);
    if (!c) return null;
    return { kind, id, title: c.title, status: c.kind, link: `/governance/training/${id}`, at: iso(c.dueAt), sha256: null };
  }
  const [r] = await db
    .select({ record: trainingRecords, title: trainingCampaigns.title })
    .from(trainingRecords)
    .innerJoin(trainingCampaigns, eq(trainingCampaigns.id, trainingRecords.campaignId))
    .where(eq(trainingRecords.id, id))
    .limit(1);
  if (!r) return null;
  return {
    kind,
    id,
    title: `${r.title}: completion`,
    status: "completed",
    link: `/governance/training/${r.record.campaignId}`,
    at: r.record.completedAt.toISOString(),
    sha256: r.record.evidenceSha256,
  };
}
