import {
  type Advisory,
  buildCsaf,
  buildCycloneDxVex,
  buildOpenVex,
  productIndex,
} from "../../core/advisories";
import { parseCvss } from "../../core/scoring/cvss";
import { renderPdf } from "../documents/pdf";

export type ExportFormat = "csaf" | "csaf_vex" | "cyclonedx-1.5" | "cyclonedx-1.6" | "openvex" | "pdf";

const statusLabel: Record<string, string> = {
  affected: "Affected",
  not_affected: "Not affected",
  fixed: "Fixed",
  under_investigation: "Under investigation",
};
const remediationLabel: Record<string, string> = {
  vendor_fix: "Update (vendor fix)",
  workaround: "Workaround",
  mitigation: "Mitigation",
  no_fix_planned: "No fix planned",
  none_available: "No fix available",
};

export function fileBase(advisory: Pick<Advisory, "trackingId">, version: string): string {
  return `${advisory.trackingId.toLowerCase().replace(/[^a-z0-9.-]+/g, "_")}-${version}`;
}

/** The advisory in one format: body, media type and download name. */
export async function exportAdvisory(
  advisory: Advisory,
  format: ExportFormat,
  opts: { generatedAt: string; csafText?: string },
): Promise<{ body: string | Buffer; type: string; fileName: string }> {
  const version = advisory.revisions[advisory.revisions.length - 1].number;
  const base = fileBase(advisory, version);
  switch (format) {
    case "csaf":
      return {
        body: opts.csafText ?? JSON.stringify(buildCsaf(advisory, { profile: "csaf_security_advisory", generatedAt: opts.generatedAt }), null, 2),
        type: "application/json",
        fileName: `${base}.csaf.json`,
      };
    case "csaf_vex":
      return {
        body: JSON.stringify(buildCsaf(advisory, { profile: "csaf_vex", generatedAt: opts.generatedAt }), null, 2),
        type: "application/json",
        fileName: `${base}.csaf-vex.json`,
      };
    case "cyclonedx-1.5":
    case "cyclonedx-1.6":
      return {
        body: JSON.stringify(buildCycloneDxVex(advisory, { specVersion: format === "cyclonedx-1.5" ? "1.5" : "1.6" }), null, 2),
        type: "application/vnd.cyclonedx+json",
        fileName: `${base}.vex.cdx.json`,
      };
    case "openvex":
      return { body: JSON.stringify(buildOpenVex(advisory), null, 2), type: "application/json", fileName: `${base}.openvex.json` };
    case "pdf":
      return { body: await advisoryPdf(advisory), type: "application/pdf", fileName: `${base}.pdf` };
  }
}

/** A human-readable rendering for hospital staff: what is affected, how bad, and what to do. */
export async function advisoryPdf(advisory: Advisory): Promise<Buffer> {
  const products = productIndex(advisory);
  const current = advisory.revisions[advisory.revisions.length - 1];
  const content: unknown[] = [
    { text: advisory.title, style: "title" },
    {
      text: `${advisory.trackingId} · version ${current.number} · ${advisory.status} · TLP:${advisory.tlp.label} · published ${advisory.initialReleaseDate.slice(0, 10)}, updated ${current.date.slice(0, 10)}`,
      style: "subtitle",
    },
    { text: "Summary", style: "h2" },
    { text: advisory.summary },
  ];
  if (advisory.details) content.push({ text: "Details", style: "h2" }, { text: advisory.details });
  content.push(
    { text: "Affected products", style: "h2" },
    {
      table: {
        headerRows: 1,
        widths: ["*", "auto", "auto"],
        body: [
          [
            { text: "Product", style: "tableHeader" },
            { text: "Version", style: "tableHeader" },
            { text: "Model number", style: "tableHeader" },
          ],
          ...[...products.values()].map((p) => [p.product, p.version.version, p.version.modelNumbers?.join(", ") ?? ""]),
        ],
      },
      layout: "lightHorizontalLines",
    },
  );
  for (const vuln of advisory.vulnerabilities) {
    const name = vuln.cve ?? vuln.ids[0]?.text ?? "Vulnerability";
    content.push({ text: vuln.title ? `${name}: ${vuln.title}` : name, style: "h2" }, { text: vuln.description });
    const scores = [vuln.cvss.v31, vuln.cvss.v40]
      .filter((v): v is string => Boolean(v))
      .map((v) => {
        const parsed = parseCvss(v);
        return parsed.ok ? `CVSS ${parsed.score.version} ${parsed.score.baseScore.toFixed(1)} (${parsed.score.severity}) ${parsed.score.vector}` : v;
      });
    if (vuln.cwe) scores.push(`${vuln.cwe.id}${vuln.cwe.name ? ` ${vuln.cwe.name}` : ""}`);
    if (scores.length) content.push({ text: scores.join("\n"), style: "small", margin: [0, 4, 0, 0] });
    if (vuln.patientSafetyImpact) content.push({ text: "Patient safety", style: "h3" }, { text: vuln.patientSafetyImpact });
    if (vuln.exploitStatus) content.push({ text: "Exploitation", style: "h3" }, { text: vuln.exploitStatus });
    content.push(
      { text: "Status per product", style: "h3" },
      {
        ul: vuln.productStatus.map((s) => {
          const p = products.get(s.productId);
          const why = s.impactStatement ? ` — ${s.impactStatement}` : "";
          const recommended = s.recommended ? " — recommended version" : "";
          return `${p ? `${p.product} ${p.version.version}` : s.productId}: ${statusLabel[s.status] ?? s.status}${recommended}${why}`;
        }),
      },
    );
    if (vuln.remediations.length > 0) {
      content.push(
        { text: "What to do", style: "h3" },
        {
          ul: vuln.remediations.map((r) => {
            const names = r.productIds.map((id) => {
              const p = products.get(id);
              return p ? `${p.product} ${p.version.version}` : id;
            });
            return `${remediationLabel[r.category] ?? r.category} for ${names.join(", ")}: ${r.details}${r.url ? ` (${r.url})` : ""}${r.date ? `, from ${r.date.slice(0, 10)}` : ""}`;
          }),
        },
      );
    }
  }
  if (advisory.acknowledgments.length > 0) {
    content.push(
      { text: "Acknowledgments", style: "h2" },
      { ul: advisory.acknowledgments.map((a) => [a.names?.join(", "), a.organization, a.summary].filter(Boolean).join(" — ")) },
    );
  }
  content.push(
    { text: "Revision history", style: "h2" },
    { ul: advisory.revisions.map((r) => `${r.number} (${r.date.slice(0, 10)}): ${r.summary}`) },
    { text: `Published by ${advisory.publisher.name} (${advisory.publisher.namespace}).`, style: "small", margin: [0, 12, 0, 0] },
  );
  return renderPdf({ title: advisory.title, content, footer: `${advisory.trackingId} ${current.number} · TLP:${advisory.tlp.label}` });
}
