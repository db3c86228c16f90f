import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { type CraCaseProblem, craCaseProductProblem } from "../../core/cra";
import { customers, sites } from "../customers/schema";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { regimeOf } from "../devices/regime";
import type { DbOrTx } from "../platform/db/client";
import { badRequest } from "../platform/http/errors";
import { findings, kevEntries, vulnerabilities, vulnerabilityAliases } from "../vulnerabilities/schema";
import { craProposalDismissals, incidents } from "./schema";

type IncidentRow = typeof incidents.$inferSelect;

export function refuse(problems: CraCaseProblem[]): never {
  throw badRequest(problems.map((p) => `${p.path}: ${p.message}`).join("; "), problems);
}

/** The product of a CRA case, refused (400 naming `path`) when it does not exist or is not in CRA scope (e.g. an MDR device). */
export async function craProduct(db: DbOrTx, productId: string, path: string) {
  const [model] = await db.select().from(deviceModels).where(eq(deviceModels.id, productId)).limit(1);
  if (!model) refuse([{ path, message: `no device model with id "${productId}"` }]);
  const problem = craCaseProductProblem(model.name, regimeOf(model), path);
  if (problem) refuse([problem]);
  return model;
}

/** A finding with its product, version and whether its vulnerability is listed in CISA KEV. */
export async function craFinding(db: DbOrTx, findingId: string) {
  const [row] = await db
    .select({ finding: findings, vulnerability: vulnerabilities, model: deviceModels, version: softwareVersions })
    .from(findings)
    .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
    .innerJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(eq(findings.id, findingId))
    .limit(1);
  if (!row) return undefined;
  const kev = await kevListed(db, [row.vulnerability.id]);
  return { ...row, kev: kev.get(row.vulnerability.id) ?? null };
}

/** Vulnerability id → the date CISA added it to KEV, for those listed. */
export async function kevListed(db: DbOrTx, vulnerabilityIds: string[]): Promise<Map<string, string>> {
  if (vulnerabilityIds.length === 0) return new Map();
  const rows = await db
    .select({ id: vulnerabilityAliases.vulnerabilityId, dateAdded: kevEntries.dateAdded })
    .from(vulnerabilityAliases)
    .innerJoin(kevEntries, eq(kevEntries.cveId, vulnerabilityAliases.alias))
    .where(inArray(vulnerabilityAliases.vulnerabilityId, vulnerabilityIds));
  return new Map(rows.map((r) => [r.id, r.dateAdded]));
}

/** Member States where the product is made available, as far as the installed base shows (customer or site country). */
export async function memberStatesOf(db: DbOrTx, productId: string): Promise<string[]> {
  const rows = await db
    .select({ customer: customers.country, site: sites.country })
    .from(installations)
    .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
    .innerJoin(customers, eq(customers.id, installations.customerId))
    .leftJoin(sites, eq(sites.id, installations.siteId))
    .where(eq(softwareVersions.deviceModelId, productId));
  return [...new Set(rows.map((r) => r.site ?? r.customer).filter((c): c is string => Boolean(c)))].sort();
}

export type CraProposal =
  | {
      case: "exploited_vulnerability";
      findingId: string;
      vulnerabilityId: string;
      product: { id: string; name: string };
      version: string;
      component: string;
      kevDateAdded: string | null;
      /** The user's mark that the vulnerability is actively exploited, when they made one. */
      markedExploited: { by: string; source: string } | null;
      /**
       * Proposed awareness: the time the user stated when marking the finding exploited; otherwise when the finding on a
       * KEV-listed vulnerability was first seen, or the KEV listing, whichever is later.
       */
      awareAt: string;
      reason: string;
    }
  | { case: "severe_incident"; incidentId: string; reference: string; title: string; product: { id: string; name: string }; reason: string };

/** The key a proposal is dismissed under: its finding or its incident. */
export const craProposalKey = (p: CraProposal) => (p.case === "exploited_vulnerability" ? `finding:${p.findingId}` : `incident:${p.incidentId}`);

/** Proposals nobody opened and nobody dismissed with a reason. */
export async function openCraProposals(db: DbOrTx, now: Date): Promise<CraProposal[]> {
  const dismissed = new Set((await db.select({ key: craProposalDismissals.key }).from(craProposalDismissals)).map((d) => d.key));
  return (await craProposals(db, now)).filter((p) => !dismissed.has(craProposalKey(p)));
}

/**
 * Cases the workspace proposes and nobody has opened yet: open findings of KEV-listed vulnerabilities, or marked
 * actively exploited by a user, in products in CRA scope (Art. 14(1)), and incidents on such products without a CRA assessment (Art. 14(3)).
 */
export async function craProposals(db: DbOrTx, now: Date): Promise<CraProposal[]> {
  const models = (await db.select().from(deviceModels)).filter((m) => regimeOf(m).cra === "in_scope");
  if (models.length === 0) return [];
  const modelById = new Map(models.map((m) => [m.id, m]));
  const open = await db
    .select({ finding: findings, version: softwareVersions, aliases: vulnerabilities.aliases })
    .from(findings)
    .innerJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId))
    .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
    .where(and(isNull(findings.resolvedAt), ne(findings.status, "not_affected"), inArray(softwareVersions.deviceModelId, [...modelById.keys()])));
  const kev = await kevListed(db, [...new Set(open.map((r) => r.finding.vulnerabilityId))]);
  const cases = (await db.select({ id: incidents.id, reference: incidents.reference, title: incidents.title, status: incidents.status, cra: incidents.cra, models: incidents.affectedDeviceModelIds, versions: incidents.affectedVersionIds }).from(incidents));
  const opened = new Set(cases.map((c) => c.cra?.findingId).filter(Boolean));
  const proposals: CraProposal[] = [];
  for (const { finding, version, aliases } of open) {
    const added = kev.get(finding.vulnerabilityId) ?? null;
    const mark = finding.exploited;
    if ((!added && !mark) || opened.has(finding.id)) continue;
    const model = modelById.get(version.deviceModelId)!;
    const cve = [finding.vulnerabilityId, ...aliases].find((a) => a.startsWith("CVE-")) ?? finding.vulnerabilityId;
    const evidence = [
      mark && `${cve} was marked actively exploited by ${mark.markedBy} (source: ${mark.source})`,
      added && `${mark ? "it" : cve} is listed in CISA KEV (added ${added}) as exploited in the wild`,
    ].filter(Boolean);
    proposals.push({
      case: "exploited_vulnerability",
      findingId: finding.id,
      vulnerabilityId: finding.vulnerabilityId,
      product: { id: model.id, name: model.name },
      version: version.version,
      component: `${finding.componentName} ${finding.componentVersion}`,
      kevDateAdded: added,
      markedExploited: mark ? { by: mark.markedBy, source: mark.source } : null,
      awareAt: mark ? mark.awareAt : kevAwareness(finding.firstSeenAt, added!, now),
      reason: `${evidence.join("; ")}, and affects ${model.name} ${version.version}, a product in CRA scope: an actively exploited vulnerability to notify (CRA Art. 14(1)).`,
    });
  }
  const versionModel = new Map((await db.select({ id: softwareVersions.id, model: softwareVersions.deviceModelId }).from(softwareVersions)).map((v) => [v.id, v.model]));
  for (const c of cases) {
    if (c.cra || c.status === "closed") continue;
    const product = productOfIncident(c.models, c.versions, versionModel, modelById);
    if (!product) continue;
    proposals.push({
      case: "severe_incident",
      incidentId: c.id,
      reference: c.reference,
      title: c.title,
      product: { id: product.id, name: product.name },
      reason: `${c.reference} affects ${product.name}, a product in CRA scope: assess whether it is a severe incident having an impact on the security of the product (CRA Art. 14(3), (5)).`,
    });
  }
  return proposals;
}

function kevAwareness(firstSeenAt: Date, kevDateAdded: string, now: Date): string {
  const listed = new Date(`${kevDateAdded}T00:00:00Z`);
  // Never later than now: a match recorded by a worker can carry a timestamp ahead of this request's clock.
  return new Date(Math.min(Math.max(firstSeenAt.getTime(), listed.getTime()), now.getTime())).toISOString();
}

function productOfIncident(
  modelIds: string[],
  versionIds: string[],
  versionModel: Map<string, string>,
  modelById: Map<string, typeof deviceModels.$inferSelect>,
): typeof deviceModels.$inferSelect | undefined {
  const ids = [...modelIds, ...versionIds.map((v) => versionModel.get(v)).filter((m): m is string => Boolean(m))];
  return ids.map((id) => modelById.get(id)).find(Boolean);
}

/** The CRA case of an incident with its product and finding, for the incident page. */
export async function craCaseView(db: DbOrTx, incident: IncidentRow) {
  if (!incident.cra) return { cra: null, product: null, finding: null };
  const [model] = await db.select().from(deviceModels).where(eq(deviceModels.id, incident.cra.productId)).limit(1);
  const found = incident.cra.findingId ? await craFinding(db, incident.cra.findingId) : undefined;
  return {
    cra: incident.cra,
    product: model ? { id: model.id, name: model.name, regime: regimeOf(model).label } : null,
    finding: found
      ? {
          id: found.finding.id,
          vulnerabilityId: found.vulnerability.id,
          aliases: found.vulnerability.aliases,
          summary: found.vulnerability.summary,
          version: { id: found.version.id, version: found.version.version },
          component: `${found.finding.componentName} ${found.finding.componentVersion}`,
          kevDateAdded: found.kev,
        }
      : null,
  };
}

/**
 * What a CRA early warning must indicate before it is marked submitted: the Member States where the product is
 * made available (Art. 14(2)(a)), or for a severe incident whether unlawful or malicious acts are suspected (Art. 14(4)(a)).
 */
export function refuseCraEarlyWarningWithout(incident: IncidentRow): void {
  const cra = incident.cra;
  if (!cra) return;
  if (cra.case === "exploited_vulnerability" && cra.memberStates.length === 0) {
    refuse([{ path: "body/obligationId", message: `the early warning must indicate the Member States where the product is made available (CRA Art. 14(2)(a)); record them on the CRA case of ${incident.reference} first` }]);
  }
  if (cra.case === "severe_incident" && incident.facts.suspectedMalicious === undefined) {
    refuse([{ path: "body/obligationId", message: `the early warning must indicate whether the incident is suspected to be caused by unlawful or malicious acts (facts/suspectedMalicious, CRA Art. 14(4)(a)); record it on ${incident.reference} first` }]);
  }
}
