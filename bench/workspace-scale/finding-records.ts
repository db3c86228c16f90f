// Vulnerabilities and the findings they cause. A vulnerability names one package (popular packages get more of
// them) and a version range; every software version whose SBOM holds the package in that range gets a finding,
// until the target number of findings is reached. KEV and EPSS entries are attached to some of them.
import type { Priority } from "../../src/core/scoring";
import { epssScores, type FindingStatus, findings, kevEntries, vulnerabilities, vulnerabilityAliases } from "../../src/server/vulnerabilities/schema";
import { skewedIndex } from "../support";
import type { Counts } from "./counts";
import { PACKAGE_VERSIONS, type PackageType, packageAt, purlOf, versionOf } from "./portfolio";
import type { Registers } from "./registers";
import type { InstanceIndex } from "./sbom-records";
import type { RecordsetWriter } from "./writer";

const DAY = 86_400_000;
const BATCH = 2_000;
const ECOSYSTEM: Record<PackageType, string> = { npm: "npm", maven: "Maven", pypi: "PyPI", golang: "Go", deb: "Debian" };
const SLA_DAYS: Record<Priority, number> = { critical: 15, high: 30, medium: 90, low: 180, none: 365 };
const VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

export type FindingSummary = { vulnerabilities: number; findings: number; kev: number; epss: number };

function priorityOf(score: number, kev: boolean): Priority {
  if (kev || score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}

export async function writeFindings(writer: RecordsetWriter, counts: Counts, random: () => number, registers: Registers, index: InstanceIndex, now: number): Promise<FindingSummary> {
  const present = [...index.keys()].sort((a, b) => a - b);
  const summary: FindingSummary = { vulnerabilities: 0, findings: 0, kev: 0, epss: 0 };
  let vulnRows: Array<typeof vulnerabilities.$inferInsert> = [];
  let aliasRows: Array<typeof vulnerabilityAliases.$inferInsert> = [];
  let kevRows: Array<typeof kevEntries.$inferInsert> = [];
  let epssRows: Array<typeof epssScores.$inferInsert> = [];
  let findingRows: Array<typeof findings.$inferInsert> = [];
  const flushVulnerabilities = async () => {
    await writer.write(vulnerabilities, vulnRows);
    await writer.write(vulnerabilityAliases, aliasRows);
    await writer.write(kevEntries, kevRows);
    await writer.write(epssScores, epssRows);
    vulnRows = [];
    aliasRows = [];
    kevRows = [];
    epssRows = [];
  };

  for (let i = 0; i < counts.maxVulnerabilities && summary.findings < counts.findings; i++) {
    const id = `CVE-2025-${String(10000 + i)}`;
    const ghsa = `GHSA-bnch-${i.toString(36).padStart(4, "0")}-${(i * 7919).toString(36).slice(-4).padStart(4, "0")}`;
    const pkg = packageAt(present[skewedIndex(random, present.length)]);
    const fixed = 1 + Math.floor(random() * (PACKAGE_VERSIONS - 1));
    const introduced = random() < 0.3 ? 0 : Math.floor(random() * fixed);
    const score = Math.round((2 + random() * 8) * 10) / 10;
    const kev = random() < 0.03;
    const published = new Date(now - Math.floor(random() * 900) * DAY);
    const level = score >= 9 ? "CRITICAL" : score >= 7 ? "HIGH" : score >= 4 ? "MEDIUM" : "LOW";
    vulnRows.push({
      id,
      aliases: [ghsa],
      summary: `Generated vulnerability ${i} in ${pkg.name}`,
      details: "An attacker can send a crafted request that exhausts memory or executes code; generated text of realistic length for a benchmark record.",
      published,
      modified: new Date(published.getTime() + 30 * DAY),
      withdrawn: false,
      severity: { version: "3.1", vector: VECTOR, score, level, source: "osv" },
      cvss: { v31: VECTOR },
      cwes: ["CWE-400"],
      references: [{ type: "ADVISORY", url: `https://nvd.nist.gov/vuln/detail/${id}` }],
      sources: ["osv"],
    });
    aliasRows.push({ alias: id, vulnerabilityId: id }, { alias: ghsa, vulnerabilityId: id });
    if (kev) {
      summary.kev++;
      kevRows.push({
        cveId: id,
        vendorProject: pkg.group ?? pkg.name,
        product: pkg.name,
        name: `${pkg.name} remote code execution`,
        dateAdded: new Date(published.getTime() + 20 * DAY).toISOString().slice(0, 10),
        dueDate: null,
        requiredAction: "Apply updates per vendor instructions.",
        knownRansomwareUse: random() < 0.2,
        notes: null,
        cwes: ["CWE-400"],
      });
    }
    const epss = random() < 0.9;
    if (epss) {
      summary.epss++;
      const probability = random() ** 4;
      epssRows.push({ cveId: id, probability, percentile: Math.min(1, probability * 3), scoreDate: new Date(now).toISOString().slice(0, 10) });
    }
    summary.vulnerabilities++;

    const priority = priorityOf(score, kev);
    for (const code of index.get(pkg.index) ?? []) {
      const v = code % PACKAGE_VERSIONS;
      if (v < introduced || v >= fixed) continue;
      if (summary.findings >= counts.findings) break;
      const version = registers.versions[Math.floor(code / PACKAGE_VERSIONS)];
      const firstSeen = Math.max(published.getTime(), now - Math.floor(random() * 700) * DAY);
      const r = random();
      const resolved = r < 0.1;
      const status: FindingStatus = resolved ? "fixed" : r < 0.65 ? "under_investigation" : r < 0.85 ? "affected" : "not_affected";
      const analysed = status !== "under_investigation";
      const due = new Date(firstSeen + SLA_DAYS[priority] * DAY).toISOString().slice(0, 10);
      findingRows.push({
        vulnerabilityId: id,
        softwareVersionId: version.id,
        purl: purlOf(pkg, v),
        cpe: "",
        componentName: pkg.name,
        componentVersion: versionOf(pkg, v),
        ecosystem: ECOSYSTEM[pkg.type],
        matchConfidence: "purl",
        affectedRange: `>=${versionOf(pkg, introduced)} <${versionOf(pkg, fixed)}`,
        fixedVersions: [versionOf(pkg, fixed)],
        advisories: [ghsa],
        status,
        justification: status === "not_affected" ? "vulnerable_code_not_in_execute_path" : null,
        response: null,
        detail: analysed ? "Generated analysis" : null,
        uncontrolledRisk: analysed ? false : null,
        analysedAt: analysed ? new Date(firstSeen + 5 * DAY) : null,
        analysedBy: analysed ? registers.users[1 + Math.floor(random() * (registers.users.length - 1))].label : null,
        priority,
        priorityScore: score * 10 + (kev ? 20 : 0),
        priorityExplanation: `CVSS ${score}${kev ? ", in KEV" : ""}`,
        priorityFactors: [{ factor: "cvss", contribution: score * 10, detail: `CVSS 3.1 base score ${score}` }],
        deadlines: [{ id: "remediation", dueDate: due, action: "Remediate or mitigate", basis: `${priority} priority: ${SLA_DAYS[priority]} days` }],
        dueAt: status === "not_affected" || resolved ? null : due,
        rescoring: null,
        firstSeenAt: new Date(firstSeen),
        lastSeenAt: resolved ? new Date(firstSeen + 40 * DAY) : new Date(now),
        resolvedAt: resolved ? new Date(firstSeen + 41 * DAY) : null,
        resolution: resolved ? "component_upgraded" : null,
        createdAt: new Date(firstSeen),
        updatedAt: new Date(firstSeen + 5 * DAY),
      });
      summary.findings++;
    }
    if (vulnRows.length >= BATCH) await flushVulnerabilities();
    if (findingRows.length >= BATCH) {
      // Findings reference vulnerabilities: store those first.
      await flushVulnerabilities();
      await writer.write(findings, findingRows);
      findingRows = [];
    }
  }
  await flushVulnerabilities();
  await writer.write(findings, findingRows);
  return summary;
}
