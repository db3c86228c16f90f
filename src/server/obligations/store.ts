import { and, asc, eq, isNotNull, isNull, lte, ne, notInArray, sql } from "drizzle-orm";
import { link, type ObligationItem, obligation, sortObligations } from "../../core/dashboard";
import { complianceEvidence } from "../compliance/schema";
import { disclosureReports } from "../disclosure/schema";
import { campaignViews, policyViews } from "../governance/store";
import { policies, trainingCampaigns } from "../governance/schema";
import type { NationalRecords } from "../../core/incidents";
import { clocksOfIncidents } from "../incidents/clocks";
import { incidents } from "../incidents/schema";
import type { DbOrTx } from "../platform/db/client";
import { riskActions, risks } from "../risks/schema";
import { supplierCertifications, suppliers } from "../suppliers/schema";
import { findings } from "../vulnerabilities/schema";

/** A source of obligations that could not be read is reported, never silently counted as zero. */
export type SourceState = { source: string; available: boolean; error?: string };

/** Upcoming items within this many days are listed; everything overdue always is. */
export const HORIZON_DAYS = 30;

type Source = { name: string; read: (db: DbOrTx, now: Date, horizon: string, national: NationalRecords) => Promise<ObligationItem[]> };

const day = (d: Date) => d.toISOString().slice(0, 10);

const sources: Source[] = [
  {
    name: "incidents",
    async read(db, now, _horizon, national) {
      const open = await db.select().from(incidents).where(ne(incidents.status, "closed"));
      const out: ObligationItem[] = [];
      for (const { incident, result } of await clocksOfIncidents(db, open, now, national)) {
        for (const o of result?.obligations ?? []) {
          if ((o.status !== "pending" && o.status !== "overdue") || !o.dueAt) continue;
          out.push(obligation("incident_report", `${incident.reference}: ${o.stage.replaceAll("_", " ")} to ${o.recipient}`, o.dueAt, now, link(`/incidents/${incident.id}`, { tab: "obligations" })));
        }
      }
      return out;
    },
  },
  {
    name: "vulnerability report acknowledgements",
    async read(db, now) {
      const rows = await db
        .select({ reference: disclosureReports.reference, dueAt: disclosureReports.acknowledgeDueAt })
        .from(disclosureReports)
        .where(eq(disclosureReports.status, "received"));
      return rows.map((r) => obligation("disclosure_acknowledgement", `Acknowledge vulnerability report ${r.reference} to the reporter`, r.dueAt.toISOString(), now, link("/advisories/disclosure")));
    },
  },
  {
    name: "findings",
    async read(db, now, horizon) {
      const rows = await db
        .select({ id: findings.id, vulnerabilityId: findings.vulnerabilityId, component: findings.componentName, dueAt: findings.dueAt, priority: findings.priority })
        .from(findings)
        .where(and(isNull(findings.resolvedAt), notInArray(findings.status, ["not_affected", "fixed"]), isNotNull(findings.dueAt), lte(findings.dueAt, horizon)))
        .orderBy(asc(findings.dueAt))
        .limit(500);
      return rows.map((f) =>
        obligation("finding_remediation", `Remediate ${f.vulnerabilityId} in ${f.component} (${f.priority})`, f.dueAt!, now, link("/vulnerabilities", { finding: f.id })),
      );
    },
  },
  {
    name: "policy reviews",
    async read(db, now, horizon) {
      const views = await policyViews(db, await db.select().from(policies), now, null);
      return views
        .filter((p) => p.nextReviewAt && p.reviewState !== "not_approved" && p.nextReviewAt.slice(0, 10) <= horizon)
        .map((p) => obligation("policy_review", `Review policy "${p.title}"`, p.nextReviewAt!, now, link(`/governance/policies/${p.id}`)));
    },
  },
  {
    name: "training",
    async read(db, now, horizon) {
      const views = await campaignViews(db, await db.select().from(trainingCampaigns), now);
      return views
        .filter((c) => c.dueAt && c.dueAt.slice(0, 10) <= horizon && c.assignees.some((a) => a.status !== "completed"))
        .map((c) => {
          const open = c.assignees.filter((a) => a.status !== "completed").length;
          return obligation("training", `Training "${c.title}": ${open} of ${c.assignees.length} not completed`, c.dueAt!, now, link(`/governance/training/${c.id}`));
        });
    },
  },
  {
    name: "supplier re-assessments",
    async read(db, now, horizon) {
      const rows = await db
        .select({ id: suppliers.id, name: suppliers.name, due: suppliers.nextAssessmentDue })
        .from(suppliers)
        .where(and(isNotNull(suppliers.nextAssessmentDue), lte(suppliers.nextAssessmentDue, horizon)));
      return rows.map((s) => obligation("supplier_reassessment", `Re-assess supplier ${s.name}`, s.due!, now, link(`/suppliers/${s.id}`)));
    },
  },
  {
    name: "supplier certificates",
    async read(db, now, horizon) {
      const rows = await db
        .select({ supplierId: supplierCertifications.supplierId, cert: supplierCertifications.name, supplier: suppliers.name, expiresOn: supplierCertifications.expiresOn })
        .from(supplierCertifications)
        .innerJoin(suppliers, sql`${suppliers.id} = ${supplierCertifications.supplierId}`)
        .where(and(isNotNull(supplierCertifications.expiresOn), lte(supplierCertifications.expiresOn, horizon)));
      return rows.map((c) => obligation("supplier_certificate", `Certificate ${c.cert} of ${c.supplier} expires`, c.expiresOn!, now, link(`/suppliers/${c.supplierId}`)));
    },
  },
  {
    name: "risk treatment actions",
    async read(db, now, horizon) {
      const rows = await db
        .select({ riskId: risks.id, reference: risks.reference, title: riskActions.title, due: riskActions.dueDate })
        .from(riskActions)
        .innerJoin(risks, sql`${risks.id} = ${riskActions.riskId}`)
        .where(and(notInArray(riskActions.status, ["done", "cancelled"]), ne(risks.status, "closed"), isNotNull(riskActions.dueDate), lte(riskActions.dueDate, horizon)));
      return rows.map((a) => obligation("risk_action", `${a.reference}: ${a.title}`, a.due!, now, link(`/risks/${a.riskId}`)));
    },
  },
  {
    name: "evidence expiry",
    async read(db, now, horizon) {
      const rows = await db
        .select({ id: complianceEvidence.id, title: complianceEvidence.title, validUntil: complianceEvidence.validUntil })
        .from(complianceEvidence)
        .where(and(isNotNull(complianceEvidence.validUntil), lte(complianceEvidence.validUntil, horizon)));
      return rows.map((e) => obligation("evidence_expiry", `Evidence "${e.title}" expires`, e.validUntil!, now, link("/compliance/evidence", { evidence: e.id })));
    },
  },
];

/** Every dated obligation of the workspace that is overdue or due within the horizon, most urgent first. */
export async function collectObligations(
  db: DbOrTx,
  now: Date,
  national: NationalRecords,
  horizonDays = HORIZON_DAYS,
): Promise<{ items: ObligationItem[]; sources: SourceState[] }> {
  const horizon = day(new Date(now.getTime() + horizonDays * 86_400_000));
  const items: ObligationItem[] = [];
  const states: SourceState[] = [];
  for (const s of sources) {
    try {
      items.push(...(await s.read(db, now, horizon, national)));
      states.push({ source: s.name, available: true });
    } catch (err) {
      states.push({ source: s.name, available: false, error: err instanceof Error ? err.message.split("\n")[0] : String(err) });
    }
  }
  return { items: sortObligations(items), sources: states };
}
