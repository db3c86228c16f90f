import { createHash } from "node:crypto";
import { parseCvss } from "../scoring/cvss";
import type { Advisory, AdvisoryProductStatus, AdvisoryVulnerability, RemediationCategory } from "./advisory-model";
import { productIndex, recommendedVersionsText } from "./advisory-model";
import { toCycloneDx } from "./vex-vocabulary";

/**
 * Builds a CycloneDX VEX document (spec 1.5 or 1.6, JSON) from an advisory: each product
 * version becomes a component (bom-ref = product id), and each vulnerability gets one entry per
 * distinct analysis (status, justification, detail) with the products it applies to in `affects`.
 */

export type CycloneDxSpecVersion = "1.5" | "1.6";

type Json = Record<string, any>;

export interface CycloneDxVexOptions {
  specVersion: CycloneDxSpecVersion;
  /** urn:uuid serial number; by default derived from the tracking id and version, so rebuilding is stable. */
  serialNumber?: string;
}

const RESPONSE_BY_REMEDIATION: Record<RemediationCategory, string> = {
  vendor_fix: "update",
  workaround: "workaround_available",
  mitigation: "workaround_available",
  no_fix_planned: "will_not_fix",
  none_available: "can_not_fix",
};

/** A name-based (version 5 style) UUID, so the same advisory revision always gets the same serial number. */
export function stableSerialNumber(seed: string): string {
  const hex = createHash("sha1").update(seed).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function ratings(vuln: AdvisoryVulnerability): Json[] {
  const out: Json[] = [];
  const add = (vector: string | undefined, method: string) => {
    if (!vector) return;
    const parsed = parseCvss(vector);
    if (!parsed.ok) return;
    out.push({
      method,
      vector: parsed.score.vector,
      score: parsed.score.baseScore,
      severity: parsed.score.severity,
    });
  };
  add(vuln.cvss.v40, "CVSSv4");
  add(vuln.cvss.v31, "CVSSv31");
  return out;
}

function analysisKey(ps: AdvisoryProductStatus): string {
  return JSON.stringify([ps.status, ps.justification ?? "", ps.impactStatement ?? ""]);
}

export function buildCycloneDxVex(advisory: Advisory, options: CycloneDxVexOptions): Json {
  const index = productIndex(advisory);
  const current = advisory.revisions[advisory.revisions.length - 1];
  const serialNumber =
    options.serialNumber ?? stableSerialNumber(`${advisory.publisher.namespace}|${advisory.trackingId}|${current.number}`);
  const supplier = { name: advisory.publisher.name, url: [advisory.publisher.namespace] };

  const components = [...index.values()].map((entry) => ({
    type: entry.kind,
    "bom-ref": entry.productId,
    supplier: { name: entry.vendor },
    ...(entry.family ? { group: entry.family } : {}),
    name: entry.product,
    version: entry.version.version,
    ...(entry.version.cpe ? { cpe: entry.version.cpe } : {}),
    ...(entry.version.purl ? { purl: entry.version.purl } : {}),
    ...(entry.version.modelNumbers?.length || entry.version.skus?.length
      ? {
          properties: [
            ...(entry.version.modelNumbers ?? []).map((value) => ({ name: "vigil:device:model_number", value })),
            ...(entry.version.skus ?? []).map((value) => ({ name: "vigil:device:sku", value })),
          ],
        }
      : {}),
  }));

  const vulnerabilities = advisory.vulnerabilities.flatMap((vuln, v) => {
    const id = vuln.cve ?? vuln.ids[0].text;
    const otherIds = vuln.cve ? vuln.ids : vuln.ids.slice(1);
    const vulnRatings = ratings(vuln);
    const groups = new Map<string, AdvisoryProductStatus[]>();
    for (const ps of vuln.productStatus) groups.set(analysisKey(ps), [...(groups.get(analysisKey(ps)) ?? []), ps]);

    return [...groups.values()].map((statuses, g) => {
      const first = statuses[0];
      const productIds = new Set(statuses.map((s) => s.productId));
      const remediations = vuln.remediations.filter((r) => r.productIds.some((p) => productIds.has(p)));
      const responses = [...new Set(remediations.map((r) => RESPONSE_BY_REMEDIATION[r.category]))];
      const fix = remediations.filter((r) => ["vendor_fix", "no_fix_planned", "none_available"].includes(r.category));
      const workaround = remediations.filter((r) => r.category === "workaround" || r.category === "mitigation");
      const { state, justification } = toCycloneDx(first);
      const cwe = vuln.cwe ? Number(vuln.cwe.id.slice(4)) : undefined;
      const exposed = first.status === "affected" || first.status === "under_investigation";
      const safety = exposed && vuln.patientSafetyImpact ? `Patient safety: ${vuln.patientSafetyImpact}` : undefined;
      const detail = [first.impactStatement, safety].filter(Boolean).join("\n");
      const recommended = exposed ? recommendedVersionsText(index, vuln) : undefined;
      const recommendation = [...fix.map((r) => r.details), ...(recommended ? [recommended] : [])];
      const advisories = [
        ...advisory.references.filter((r) => r.category === "self").map((r) => ({ title: advisory.title, url: r.url })),
        ...vuln.references.map((r) => ({ title: r.summary, url: r.url })),
      ];
      return {
        "bom-ref": `${advisory.trackingId}/vuln-${v + 1}-${g + 1}`,
        id,
        ...(vuln.cve ? { source: { name: "NVD", url: `https://nvd.nist.gov/vuln/detail/${vuln.cve}` } } : {}),
        ...(otherIds.length > 0 ? { references: otherIds.map((o) => ({ id: o.text, source: { name: o.system } })) } : {}),
        ...(vulnRatings.length > 0 ? { ratings: vulnRatings } : {}),
        ...(cwe ? { cwes: [cwe] } : {}),
        description: vuln.description,
        ...(recommendation.length > 0 ? { recommendation: recommendation.join("\n") } : {}),
        ...(workaround.length > 0 ? { workaround: workaround.map((r) => r.details).join("\n") } : {}),
        ...(advisories.length > 0 ? { advisories } : {}),
        published: vuln.releaseDate ?? advisory.initialReleaseDate,
        updated: current.date,
        analysis: {
          state,
          ...(justification ? { justification } : {}),
          ...(responses.length > 0 && first.status !== "not_affected" ? { response: responses } : {}),
          ...(detail ? { detail } : {}),
          firstIssued: advisory.initialReleaseDate,
          lastUpdated: current.date,
        },
        affects: statuses.map((s) => ({ ref: s.productId })),
      };
    });
  });

  return {
    bomFormat: "CycloneDX",
    specVersion: options.specVersion,
    serialNumber,
    version: advisory.revisions.length,
    metadata: {
      timestamp: current.date,
      tools: {
        components: [{ type: "application", name: advisory.generator.name, version: advisory.generator.version }],
      },
      supplier,
      properties: [
        { name: "vigil:advisory:tracking_id", value: advisory.trackingId },
        { name: "vigil:advisory:version", value: current.number },
        { name: "vigil:advisory:status", value: advisory.status },
        { name: "vigil:advisory:tlp", value: advisory.tlp.label },
      ],
    },
    components,
    vulnerabilities,
  };
}
