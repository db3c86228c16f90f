import { type CvssSeverity, cvssSeverity, parseCvss } from "../scoring/cvss";
import type { VexStatus } from "./vex-vocabulary";

/** Acknowledgement statuses after which a site has nothing left to do for an advisory. */
const SETTLED = new Set(["patched", "mitigated", "not_applicable"]);
/** Product statuses that ask something of the hospital running that version. */
const NEEDS_ACTION = new Set<VexStatus>(["affected", "under_investigation"]);

/**
 * Whether a hospital site still has to act: one of its installed versions is affected or under
 * investigation, and the site has not reported it patched, mitigated or not applicable. A site that only
 * said "received" or "in progress" still has work to do.
 */
export function siteNeedsAction(statusesOfInstalledVersions: VexStatus[], acknowledgement: string | null): boolean {
  return statusesOfInstalledVersions.some((s) => NEEDS_ACTION.has(s)) && !(acknowledgement && SETTLED.has(acknowledgement));
}

/** The highest CVSS base score of an advisory's vulnerabilities (v4.0 preferred to v3.1 per vulnerability), with its rating. */
export function highestSeverity(vulnerabilities: ReadonlyArray<{ cvss: { v31?: string; v40?: string } }>): { score: number; severity: CvssSeverity } | null {
  let best: { score: number; severity: CvssSeverity } | null = null;
  for (const v of vulnerabilities) {
    const vector = v.cvss.v40 ?? v.cvss.v31;
    if (!vector) continue;
    const parsed = parseCvss(vector);
    if (!parsed.ok) continue;
    const score = parsed.score.baseScore;
    if (!best || score > best.score) best = { score, severity: cvssSeverity(score, parsed.score.version) };
  }
  return best;
}
