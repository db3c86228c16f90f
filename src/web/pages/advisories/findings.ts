import type { AdvisoryInput, VexStatus, VulnerabilityInput } from "./types";

/** A finding as GET /api/findings lists it (src/server/vulnerabilities/README.md). */
export type FindingItem = {
  id: string;
  vulnerability: { id: string; aliases: string[]; summary: string | null; severity: { score: number; vector: string; version: string } | null };
  component: { name: string; version: string };
  deviceModel: { id: string; name: string };
  version: { id: string; version: string };
  status: VexStatus;
  justification: string | null;
};

/** One advisory vulnerability per vulnerability of the chosen findings; their versions become products. */
export function fromFindings(current: AdvisoryInput, findings: FindingItem[]): AdvisoryInput {
  const products = [...current.products];
  const vulnerabilities = [...current.vulnerabilities];
  const byVuln = new Map<string, FindingItem[]>();
  for (const f of findings) byVuln.set(f.vulnerability.id, [...(byVuln.get(f.vulnerability.id) ?? []), f]);
  for (const [vulnId, group] of byVuln) {
    const first = group[0].vulnerability;
    const cve = [vulnId, ...first.aliases].find((a) => /^CVE-\d{4}-\d{4,}$/.test(a));
    const vector = first.severity?.vector;
    const vuln: VulnerabilityInput = {
      ...(cve ? { cve } : {}),
      description: first.summary ?? `${vulnId} in ${group[0].component.name} ${group[0].component.version}`,
      ...(vector?.startsWith("CVSS:3.1/") ? { cvssV31: vector } : {}),
      ...(vector?.startsWith("CVSS:4.0/") ? { cvssV40: vector } : {}),
      productStatus: [],
      remediations: [],
      findingIds: group.map((f) => f.id),
    };
    for (const f of group) {
      if (!products.some((p) => p.softwareVersionId === f.version.id)) products.push({ softwareVersionId: f.version.id });
      if (!vuln.productStatus.some((s) => s.softwareVersionId === f.version.id)) {
        vuln.productStatus.push({
          softwareVersionId: f.version.id,
          status: f.status,
          ...(f.status === "not_affected" && f.justification ? { justification: f.justification } : {}),
        });
      }
    }
    vulnerabilities.push(vuln);
  }
  return {
    ...current,
    products,
    vulnerabilities,
    linkedFindingIds: [...new Set([...current.linkedFindingIds, ...findings.map((f) => f.id)])],
  };
}
