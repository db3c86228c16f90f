import type { Database } from "../../src/server/platform/db/client";
import { findings, kevEntries, vulnerabilities, vulnerabilityAliases } from "../../src/server/vulnerabilities/schema";

/** Test vulnerabilities of three priorities; the first is in KEV. */
export const SEEDED_VULNERABILITIES = [
  { id: "CVE-2099-0001", score: 9.8, priority: "critical" },
  { id: "CVE-2099-0002", score: 5.4, priority: "medium" },
  { id: "CVE-2099-0003", score: 7.1, priority: "high" },
] as const;

const STATUSES = ["under_investigation", "affected", "not_affected", "fixed"] as const;

/**
 * The n-th finding of a seeded vulnerability in a component named `${tag}-lib`: status, due date and first sighting
 * vary with n, priority scores tie on purpose (so that due date, vulnerability and id decide the order), and every
 * tenth is resolved.
 */
export function seededFinding(tag: string, vuln: (typeof SEEDED_VULNERABILITIES)[number], n: number, versionId: string, purl = `pkg:npm/${tag}-lib@1.${n}`): typeof findings.$inferInsert {
  const status = STATUSES[n % 4];
  const seen = new Date(Date.UTC(2026, 9, 1 + (n % 28)));
  return {
    vulnerabilityId: vuln.id,
    softwareVersionId: versionId,
    purl,
    componentName: `${tag}-lib`,
    componentVersion: `1.${n}`,
    ecosystem: "npm",
    matchConfidence: "purl",
    affectedRange: "<2.0",
    fixedVersions: ["2.0"],
    advisories: [],
    status,
    priority: vuln.priority,
    priorityScore: vuln.score * 10 + (n % 3),
    priorityExplanation: "test",
    priorityFactors: [],
    deadlines: [],
    dueAt: status === "not_affected" ? null : `2026-${String(10 + (n % 3)).padStart(2, "0")}-${String(1 + (n % 27)).padStart(2, "0")}`,
    firstSeenAt: seen,
    lastSeenAt: seen,
    resolvedAt: n % 10 === 0 ? seen : null,
    resolution: n % 10 === 0 ? "component_upgraded" : null,
  };
}

/** The seeded vulnerabilities and one finding of each in every given version (the n-th version gives the n-th finding). */
export async function seedFindings(db: Database["db"], tag: string, versionIds: string[]) {
  await db.insert(vulnerabilities).values(
    SEEDED_VULNERABILITIES.map((v) => ({
      id: v.id,
      aliases: [],
      summary: `Seeded vulnerability ${v.id}`,
      withdrawn: false,
      severity: { version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: v.score, level: v.priority.toUpperCase(), source: "osv" },
      cvss: {},
      cwes: [],
      references: [],
      sources: ["osv"],
    })),
  );
  await db.insert(vulnerabilityAliases).values(SEEDED_VULNERABILITIES.map((v) => ({ alias: v.id, vulnerabilityId: v.id })));
  await db.insert(kevEntries).values({ cveId: SEEDED_VULNERABILITIES[0].id, vendorProject: "test", product: "test", name: "test", dateAdded: "2026-01-01", dueDate: null, requiredAction: "Update", knownRansomwareUse: false, notes: null, cwes: [] });
  await db.insert(findings).values(SEEDED_VULNERABILITIES.flatMap((vuln) => versionIds.map((versionId, n) => seededFinding(tag, vuln, n, versionId))));
}
