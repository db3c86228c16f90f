/**
 * What each event tells its recipients: title, body, link and the key that makes it once-only per recipient.
 * The server decides who receives it; delivery (in-app, e-mail, webhook) follows each user's preferences.
 */
export type EventNotice = { title: string; body: string; link: string; dedupeKey: string };

/** A software version is supported unless marked end of support or past its end-of-support day (UTC); "unknown" alerts too. */
export function isSupportedVersion(v: { supportStatus: string; endOfSupport: string | null }, today: string): boolean {
  if (v.supportStatus === "end_of_support") return false;
  return v.endOfSupport === null || v.endOfSupport >= today;
}

export type AlertFinding = { id: string; vulnerabilityId: string; component: string; priority: string; kev: boolean };

/** A new finding is worth an immediate alert when it is critical or in CISA's Known Exploited Vulnerabilities. */
export const needsFindingAlert = (f: Pick<AlertFinding, "priority" | "kev">) => f.priority === "critical" || f.kev;

const LISTED = 10;

const byKevThenId = (a: AlertFinding, b: AlertFinding) => Number(b.kev) - Number(a.kev) || a.vulnerabilityId.localeCompare(b.vulnerabilityId) || a.id.localeCompare(b.id);

function listed(sorted: readonly AlertFinding[]): string {
  const lines = sorted.slice(0, LISTED).map((f) => `${f.vulnerabilityId} in ${f.component} (${f.priority}${f.kev ? ", KEV" : ""})`);
  if (sorted.length > LISTED) lines.push(`and ${sorted.length - LISTED} more`);
  return lines.join("\n");
}

/** One notice per software version for the new critical or KEV findings of one matching run. */
export function findingAlert(version: { id: string; name: string }, found: readonly AlertFinding[]): EventNotice {
  const sorted = [...found].sort(byKevThenId);
  const kev = sorted.filter((f) => f.kev).length;
  const what = kev === sorted.length ? "known exploited (KEV)" : kev === 0 ? "critical" : "critical or known exploited (KEV)";
  return {
    title: `${sorted.length} new ${what} finding${sorted.length === 1 ? "" : "s"} in ${version.name}`,
    body: listed(sorted),
    link: `/devices/versions/${version.id}`,
    dedupeKey: `finding-alert:${sorted[0].id}`,
  };
}

/** One notice per software version for open findings whose vulnerability a KEV import has just listed as exploited. */
export function kevListedAlert(version: { id: string; name: string }, found: readonly AlertFinding[]): EventNotice {
  const sorted = [...found].sort(byKevThenId);
  const one = sorted.length === 1;
  return {
    title: `${sorted.length} open finding${one ? "" : "s"} in ${version.name} ${one ? "is" : "are"} now known exploited (KEV)`,
    body: listed(sorted),
    link: `/devices/versions/${version.id}`,
    dedupeKey: `kev-listed:${sorted[0].id}`,
  };
}

/** A vulnerability report received through the public disclosure form. */
export function disclosureAlert(r: { id: string; reference: string; product: string | null; acknowledgeDueAt: Date }): EventNotice {
  return {
    title: `Vulnerability report ${r.reference} received`,
    body: `${r.product ? `Product: ${r.product}. ` : ""}Acknowledge it to the reporter by ${r.acknowledgeDueAt.toISOString().replace(".000Z", "Z")} (CVD policy).`,
    link: "/advisories/disclosure",
    dedupeKey: `disclosure-report:${r.id}`,
  };
}

/** TLP:RED is for named recipients only; customers are told of WHITE, GREEN and AMBER revisions. */
export const CUSTOMER_TLPS: readonly string[] = ["WHITE", "GREEN", "AMBER"];

/** A published advisory revision about versions a customer has installed. */
export function advisoryAlert(a: { id: string; trackingId: string; title: string; version: string; tlp: string; installed: readonly string[] }): EventNotice {
  return {
    title: `Security advisory ${a.trackingId} (revision ${a.version}): ${a.title}`,
    body: `TLP:${a.tlp}. It concerns your installed ${a.installed.join(", ")}.`,
    link: "/portal/advisories",
    dedupeKey: `advisory:${a.id}:${a.version}`,
  };
}

/** A hospital asked, in the portal, for the security statement of a version it runs. */
export function statementRequestAlert(r: { id: string; customer: string; version: { id: string; name: string }; message: string | null }): EventNotice {
  return {
    title: `${r.customer} requests the security statement of ${r.version.name}`,
    body: r.message ? `Their message: ${r.message}` : "No message was added.",
    link: `/devices/versions/${r.version.id}`,
    dedupeKey: `statement-request:${r.id}`,
  };
}
