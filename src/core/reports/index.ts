/** Report content decisions that need no I/O: reporting compliance, decisions for management, the evidence manifest. */

export type ReportingTally = { onTime: number; late: number; overdue: number; pending: number };

/** Counts an incident's reporting obligations by outcome ("submitted" without a deadline counts as on time). */
export function reportingTally(statuses: readonly string[]): ReportingTally {
  const t: ReportingTally = { onTime: 0, late: 0, overdue: 0, pending: 0 };
  for (const s of statuses) {
    if (s === "submitted_on_time" || s === "submitted") t.onTime += 1;
    else if (s === "submitted_late") t.late += 1;
    else if (s === "overdue") t.overdue += 1;
    else if (s === "pending") t.pending += 1;
  }
  return t;
}

export type DecisionInput = {
  roleGaps: number;
  risksAwaitingAcceptance: { reference: string; title: string; level: string; authority: string }[];
  overdueByKind: Record<string, number>;
  kevFindings: number;
  criticalFindings: number;
  endOfSupportUnits: number;
  nis2Percent: number | null;
  managementApproval: boolean;
};

/**
 * What the management body is asked to decide or note. NIS2 Art. 20(1) makes it approve the cybersecurity
 * risk-management measures and oversee their implementation; each line names the fact that raises it.
 */
export function decisionsNeeded(i: DecisionInput): string[] {
  const out: string[] = [];
  if (!i.managementApproval) out.push("Approve the cybersecurity risk-management measures (NIS2 Art. 20(1)); no approval is recorded.");
  if (i.roleGaps > 0) out.push(`Assign ${i.roleGaps} mandatory role(s) nobody holds.`);
  for (const r of i.risksAwaitingAcceptance) out.push(`Accept or treat further ${r.reference} "${r.title}" (${r.level}; authority: ${r.authority}).`);
  if (i.kevFindings > 0) out.push(`Confirm resources to remediate ${i.kevFindings} finding(s) known to be exploited (CISA KEV).`);
  if (i.criticalFindings > 0) out.push(`Note ${i.criticalFindings} open critical finding(s) and their remediation deadlines.`);
  if (i.endOfSupportUnits > 0) out.push(`Decide on ${i.endOfSupportUnits} installed unit(s) running software past its end of support (upgrade campaign or customer notice).`);
  const overdue = Object.entries(i.overdueByKind).filter(([, n]) => n > 0);
  if (overdue.length > 0) out.push(`Set priorities for overdue items: ${overdue.map(([k, n]) => `${n} ${k.replaceAll("_", " ")}`).join(", ")}.`);
  if (i.nis2Percent !== null && i.nis2Percent < 100) out.push(`Endorse the plan for the open NIS2 Art. 21 measures (${i.nis2Percent} % met).`);
  return out;
}

export type ManifestFile = { path: string; sha256: string; size: number; kind: string; controls?: string[]; requirements?: string[] };

/** The manifest of an evidence pack: files sorted by path so that the same content gives the same manifest. */
export function buildManifest(meta: { organisation: string; generatedAt: string; generatedBy: string }, files: readonly ManifestFile[]) {
  return { format: "vigil-evidence-pack/1", ...meta, files: [...files].sort((a, b) => a.path.localeCompare(b.path)) };
}

/** A file name safe in a ZIP on every system: letters, digits, dot, dash and underscore only. */
export function safeName(name: string): string {
  const cleaned = name.normalize("NFKD").replace(/[^\w.-]+/g, "_").replace(/^[._]+/, "").slice(0, 120);
  return cleaned || "file";
}
