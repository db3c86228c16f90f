import { and, eq, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import { type AlertFinding, advisoryAlert, CUSTOMER_TLPS, disclosureAlert, type EventNotice, findingAlert, isSupportedVersion, kevListedAlert, needsFindingAlert, statementRequestAlert } from "../../core/notifications";
import { users } from "../accounts/schema";
import { type Actor, recordAudit, systemActor } from "../audit/store";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { notifications } from "../incidents/schema";
import type { DbOrTx } from "../platform/db/client";
import { findings, vulnerabilityAliases } from "../vulnerabilities/schema";

type Recipient = { id: string; role: string };

/** Active users of `role`; the administrators when the workspace has none, so that nobody is left untold. */
export async function usersOfRole(tx: DbOrTx, role: string): Promise<Recipient[]> {
  const active = (r: string) => tx.select({ id: users.id, role: users.role }).from(users).where(and(eq(users.role, r), eq(users.status, "active")));
  const found = await active(role);
  return found.length > 0 ? found : active("admin");
}

/**
 * Records one in-app notification per recipient, at most once per recipient and `dedupeKey`, with an audit entry
 * in the same transaction. E-mail and webhook delivery pick the rows up and honour each user's preference.
 */
export async function notifyRecipients(
  tx: DbOrTx,
  actor: Actor,
  recipients: readonly Recipient[],
  notice: EventNotice,
  now: Date,
  entity: { type: string; id: string },
): Promise<number> {
  if (recipients.length === 0) return 0;
  const rows = await tx
    .insert(notifications)
    .values(recipients.map((r) => ({ userId: r.id, targetRole: r.role, title: notice.title, body: notice.body, link: notice.link, dedupeKey: notice.dedupeKey, createdAt: now })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  if (rows.length > 0) {
    await recordAudit(tx, actor, { action: "notify", entityType: entity.type, entityId: entity.id, after: { title: notice.title, dedupeKey: notice.dedupeKey, recipients: rows.length } });
  }
  return rows.length;
}

const kevOf = sql<boolean>`EXISTS (SELECT 1 FROM vulnerability_aliases a JOIN kev_entries k ON k.cve_id = a.alias WHERE a.vulnerability_id = ${findings.vulnerabilityId})`;

/** Open findings among `findingIds` on supported versions that `keep` selects, grouped by software version. */
async function alertableByVersion(tx: DbOrTx, findingIds: readonly string[], now: Date, keep: (f: AlertFinding) => boolean) {
  const today = now.toISOString().slice(0, 10);
  const byVersion = new Map<string, { name: string; found: AlertFinding[] }>();
  for (let i = 0; i < findingIds.length; i += 500) {
    const rows = await tx
      .select({
        id: findings.id,
        vulnerabilityId: findings.vulnerabilityId,
        component: findings.componentName,
        componentVersion: findings.componentVersion,
        priority: findings.priority,
        kev: kevOf,
        versionId: softwareVersions.id,
        version: softwareVersions.version,
        supportStatus: softwareVersions.supportStatus,
        endOfSupport: softwareVersions.endOfSupport,
        model: deviceModels.name,
      })
      .from(findings)
      .innerJoin(softwareVersions, eq(softwareVersions.id, findings.softwareVersionId))
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(and(inArray(findings.id, findingIds.slice(i, i + 500)), isNull(findings.resolvedAt), notInArray(findings.status, ["not_affected", "fixed"])));
    for (const r of rows) {
      const f = { id: r.id, vulnerabilityId: r.vulnerabilityId, component: `${r.component} ${r.componentVersion}`.trim(), priority: r.priority, kev: Boolean(r.kev) };
      if (!keep(f) || !isSupportedVersion(r, today)) continue;
      const v = byVersion.get(r.versionId) ?? { name: `${r.model} ${r.version}`, found: [] };
      v.found.push(f);
      byVersion.set(r.versionId, v);
    }
  }
  return byVersion;
}

async function alertOfficersPerVersion(
  tx: DbOrTx,
  byVersion: Map<string, { name: string; found: AlertFinding[] }>,
  notice: (version: { id: string; name: string }, found: AlertFinding[]) => EventNotice,
  actor: Actor,
  now: Date,
): Promise<number> {
  if (byVersion.size === 0) return 0;
  const officers = await usersOfRole(tx, "security_officer");
  let created = 0;
  for (const [id, v] of byVersion) {
    created += await notifyRecipients(tx, actor, officers, notice({ id, name: v.name }, v.found), now, { type: "software_version", id });
  }
  return created;
}

/**
 * Tells the security officers of new findings that are critical or known exploited on a supported version: one
 * notification per version. Called after the findings were scored, in the matching transaction.
 */
export async function alertNewFindings(tx: DbOrTx, findingIds: readonly string[], actor: Actor, now: Date): Promise<number> {
  if (findingIds.length === 0) return 0;
  return alertOfficersPerVersion(tx, await alertableByVersion(tx, findingIds, now, needsFindingAlert), findingAlert, actor, now);
}

/** Open findings whose vulnerability has one of `cves` as id or alias. */
export async function findingsOfCves(tx: DbOrTx, cves: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < cves.length; i += 500) {
    const part = cves.slice(i, i + 500);
    const rows = await tx
      .select({ id: findings.id })
      .from(findings)
      .where(
        and(
          isNull(findings.resolvedAt),
          or(
            inArray(findings.vulnerabilityId, part),
            inArray(findings.vulnerabilityId, tx.select({ id: vulnerabilityAliases.vulnerabilityId }).from(vulnerabilityAliases).where(inArray(vulnerabilityAliases.alias, part))),
          ),
        ),
      );
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/**
 * Tells the security officers of existing findings that a KEV import has just listed as known exploited, as a new
 * KEV finding would: one notification per supported version.
 */
export async function alertFindingsNowKev(tx: DbOrTx, findingIds: readonly string[], actor: Actor, now: Date): Promise<number> {
  if (findingIds.length === 0) return 0;
  return alertOfficersPerVersion(tx, await alertableByVersion(tx, findingIds, now, (f) => f.kev), kevListedAlert, actor, now);
}

/** Tells the security officers of a vulnerability report received through the public form. */
export async function alertDisclosureReport(tx: DbOrTx, report: { id: string; reference: string; product: string | null; acknowledgeDueAt: Date }, now: Date): Promise<number> {
  return notifyRecipients(tx, systemActor, await usersOfRole(tx, "security_officer"), disclosureAlert(report), now, { type: "disclosure_report", id: report.id });
}

/** Tells the security officers that a hospital requested the security statement of a version it runs. */
export async function alertStatementRequest(tx: DbOrTx, actor: Actor, request: Parameters<typeof statementRequestAlert>[0], now: Date): Promise<number> {
  return notifyRecipients(tx, actor, await usersOfRole(tx, "security_officer"), statementRequestAlert(request), now, { type: "security_statement_request", id: request.id });
}

/**
 * Tells each customer's portal users of a published advisory revision about versions installed at that customer.
 * A revision under a label customers may not see (TLP:RED) tells nobody.
 */
export async function alertAdvisoryCustomers(
  tx: DbOrTx,
  advisory: { id: string; trackingId: string; title: string; tlp: string },
  revision: string,
  versionIds: readonly string[],
  actor: Actor,
  now: Date,
): Promise<number> {
  if (!CUSTOMER_TLPS.includes(advisory.tlp) || versionIds.length === 0) return 0;
  const installed = await tx
    .selectDistinct({ customerId: installations.customerId, name: sql<string>`${deviceModels.name} || ' ' || ${softwareVersions.version}` })
    .from(installations)
    .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(inArray(installations.softwareVersionId, [...versionIds]));
  const byCustomer = new Map<string, string[]>();
  for (const i of installed) byCustomer.set(i.customerId, [...(byCustomer.get(i.customerId) ?? []), i.name]);
  if (byCustomer.size === 0) return 0;
  const portalUsers = await tx
    .select({ id: users.id, role: users.role, customerId: users.customerId })
    .from(users)
    .where(and(eq(users.role, "customer"), eq(users.status, "active"), inArray(users.customerId, [...byCustomer.keys()])));
  let created = 0;
  for (const [customerId, names] of byCustomer) {
    const recipients = portalUsers.filter((u) => u.customerId === customerId);
    const notice = advisoryAlert({ ...advisory, version: revision, installed: [...new Set(names)].sort() });
    created += await notifyRecipients(tx, actor, recipients, notice, now, { type: "advisory", id: advisory.id });
  }
  return created;
}
