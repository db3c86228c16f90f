import type { Advisory, AdvisoryProductStatus, AdvisoryVulnerability } from "./advisory-model";
import { productIndex, recommendedVersionsText } from "./advisory-model";
import type { OpenVexDocument } from "./openvex-schema";
import { toOpenVex } from "./vex-vocabulary";

/**
 * Builds an OpenVEX 0.2.0 document from an advisory: one statement per vulnerability and
 * distinct (status, justification, impact statement, action statement), listing its products.
 * A product's @id is its purl when it has one, else an IRI under the publisher namespace.
 */

export const OPENVEX_CONTEXT = "https://openvex.dev/ns/v0.2.0";
/** Used for affected products that have no remediation yet (OpenVEX requires an action statement). */
export const NO_ACTION_YET = "No remediation is available yet; follow the publisher's advisory for updates.";

type Statement = OpenVexDocument["statements"][number];
type Product = NonNullable<Statement["products"]>[number];

function namespaceIri(advisory: Advisory, ...parts: string[]): string {
  return [advisory.publisher.namespace.replace(/\/+$/, ""), ...parts.map(encodeURIComponent)].join("/");
}

function actionStatement(vuln: AdvisoryVulnerability, productId: string, recommended: string | undefined): string | undefined {
  const details = vuln.remediations.filter((r) => r.productIds.includes(productId)).map((r) => r.details);
  if (recommended) details.push(recommended);
  return details.length > 0 ? details.join(" ") : undefined;
}

export function buildOpenVex(advisory: Advisory): OpenVexDocument {
  const index = productIndex(advisory);
  const current = advisory.revisions[advisory.revisions.length - 1];

  const product = (id: string): Product => {
    const v = index.get(id)?.version;
    const identifiers = {
      ...(v?.purl ? { purl: v.purl } : {}),
      ...(v?.cpe?.startsWith("cpe:2.3:") ? { cpe23: v.cpe } : v?.cpe ? { cpe22: v.cpe } : {}),
    };
    return {
      "@id": v?.purl ?? namespaceIri(advisory, "products", id),
      ...(Object.keys(identifiers).length > 0 ? { identifiers } : {}),
    };
  };

  const statements: Statement[] = advisory.vulnerabilities.flatMap((vuln) => {
    const name = vuln.cve ?? vuln.ids[0].text;
    const aliases = vuln.ids.map((i) => i.text).filter((t) => t !== name);
    const recommended = recommendedVersionsText(index, vuln);
    const groups = new Map<string, { ps: AdvisoryProductStatus; action?: string; ids: string[] }>();
    for (const ps of vuln.productStatus) {
      const action = ps.status === "affected" ? (actionStatement(vuln, ps.productId, recommended) ?? NO_ACTION_YET) : undefined;
      const key = JSON.stringify([ps.status, ps.justification, ps.impactStatement, action]);
      const group = groups.get(key) ?? { ps, action, ids: [] };
      group.ids.push(ps.productId);
      groups.set(key, group);
    }
    return [...groups.values()].map(({ ps, action, ids }) => {
      const { status, justification } = toOpenVex(ps);
      return {
        vulnerability: {
          ...(vuln.cve ? { "@id": `https://nvd.nist.gov/vuln/detail/${vuln.cve}` } : {}),
          name,
          description: vuln.title ?? vuln.description,
          ...(aliases.length > 0 ? { aliases } : {}),
        },
        products: ids.map(product),
        status,
        ...(justification ? { justification } : {}),
        ...(ps.impactStatement && status === "not_affected" ? { impact_statement: ps.impactStatement } : {}),
        ...(action ? { action_statement: action } : {}),
        ...((status === "affected" || status === "under_investigation") && vuln.patientSafetyImpact
          ? { status_notes: `Patient safety: ${vuln.patientSafetyImpact}` }
          : {}),
      };
    });
  });

  return {
    "@context": OPENVEX_CONTEXT,
    "@id": namespaceIri(advisory, "vex", advisory.trackingId, current.number),
    author: advisory.publisher.name,
    role: advisory.publisher.category,
    timestamp: advisory.initialReleaseDate,
    last_updated: current.date,
    version: advisory.revisions.length,
    tooling: `${advisory.generator.name} ${advisory.generator.version}`,
    statements,
  };
}
