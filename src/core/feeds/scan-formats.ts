import { type AdvisoryInput, cweName, type VexStatus } from "../advisories";
import { parseCvss } from "../scoring";
import type { ScanFinding } from "./findings";
import { type FindingVex, vexSettles } from "./scan-vex";

/** What the scanned SBOM says about itself, for report headers. */
export interface ScannedProduct {
  readonly file: string;
  readonly name: string | null;
  readonly version: string | null;
  readonly supplier: string | null;
}

export interface VexOptions {
  readonly publisherName: string;
  /** A URL naming the publisher (CSAF publisher.namespace). */
  readonly publisherNamespace: string;
  /** ISO date-time of the report. */
  readonly now: string;
  /** Status given to every matched component: the match itself, not an analysis. */
  readonly status: Extract<VexStatus, "affected" | "under_investigation">;
  readonly tlp: "WHITE" | "GREEN" | "AMBER" | "RED";
  readonly toolVersion: string;
}

const SARIF_LEVEL = { critical: "error", high: "error", medium: "warning", low: "note", none: "none" } as const;

/** A component's identity in documents: its purl, else its CPE (CPE-matched components have no purl). */
function componentKey(f: ScanFinding): string {
  return f.component.purl || f.component.cpe || f.component.ref;
}

/** SARIF 2.1.0: one rule per vulnerability, one result per finding, located at the SBOM file and the purl. */
export function toSarif(findings: readonly ScanFinding[], product: ScannedProduct, toolVersion: string): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of findings) {
    const v = f.vulnerability;
    if (ruleIndex.has(v.id)) continue;
    ruleIndex.set(v.id, rules.length);
    const help = v.references.find((r) => r.type === "ADVISORY")?.url ?? v.references[0]?.url;
    rules.push({
      id: v.id,
      name: v.id.replace(/[^A-Za-z0-9]/g, ""),
      shortDescription: { text: v.summary ?? v.id },
      ...(help ? { helpUri: help } : {}),
      properties: {
        tags: ["security", "vulnerability", ...v.cwes],
        aliases: v.aliases,
        ...(v.severity?.score != null ? { "security-severity": v.severity.score.toFixed(1) } : {}),
      },
    });
  }
  const results = findings.map((f) => ({
    ruleId: f.vulnerability.id,
    ruleIndex: ruleIndex.get(f.vulnerability.id),
    level: SARIF_LEVEL[f.priority],
    message: {
      text:
        `${f.component.name} ${f.component.version} is affected by ${f.vulnerability.id}` +
        `${f.vulnerability.aliases.length > 0 ? ` (${f.vulnerability.aliases.join(", ")})` : ""}: ${f.affectedRange}. ` +
        `${f.fixedVersions.length > 0 ? `Fixed in ${f.fixedVersions.join(", ")}. ` : "No fixed version named. "}` +
        `Priority ${f.explanation}.`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: product.file.replaceAll("\\", "/") } },
        logicalLocations: [{ name: f.component.name, fullyQualifiedName: componentKey(f), kind: "module" }],
      },
    ],
    partialFingerprints: { "vigil/v1": `${f.vulnerability.id}|${componentKey(f)}` },
    ...(vexSettles(f) ? { suppressions: [vexSuppression(f)] } : {}),
    properties: {
      priority: f.priority,
      score: f.score,
      purl: f.component.purl,
      ...(f.component.cpe ? { cpe: f.component.cpe, matchConfidence: f.matchConfidence } : {}),
      fixedVersions: f.fixedVersions,
      ...(f.kev ? { kev: f.kev } : {}),
      ...(f.vex ? { vex: f.vex } : {}),
    },
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "vigil", informationUri: "https://github.com/vigil", version: toolVersion, rules } },
        results,
      },
    ],
  };
}

/** A finding a VEX document settles is reported, but suppressed as SARIF viewers and gates understand it. */
function vexSuppression(f: ScanFinding): Record<string, unknown> {
  const vex = f.vex as FindingVex;
  const reason = [vex.status, vex.justification].filter(Boolean).join(": ");
  return {
    kind: "external",
    status: "accepted",
    justification: `VEX ${vex.source}: ${reason}${vex.impactStatement ? ` (${vex.impactStatement})` : ""}`,
  };
}

const PRODUCT_ID_CHARS = /[^A-Za-z0-9._:-]+/g;

function idSystem(id: string): string {
  const prefix = /^([A-Za-z]+)-/.exec(id)?.[1];
  return prefix ? prefix.toUpperCase() : "OSV";
}

function isUrl(u: string): boolean {
  return URL.canParse(u) && /^https?:/i.test(u);
}

function isDateTime(d: string | null): d is string {
  return d !== null && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(d);
}

function cvssOfVersion(f: ScanFinding, version: "3.1" | "4.0"): string | undefined {
  const vector = f.vulnerability.severity?.vector;
  if (!vector) return undefined;
  const parsed = parseCvss(vector);
  return parsed.ok && parsed.score.version === version ? parsed.score.vector : undefined;
}

/**
 * A product's status: the matcher's (`--vex-status`) unless a VEX document states one. A not-affected
 * statement without justification or impact statement names its source as the impact statement, which
 * CSAF requires (test 6.1.27.9).
 */
function productStatusOf(f: ScanFinding, productId: string, matched: VexOptions["status"]): AdvisoryInput["vulnerabilities"][number]["productStatus"][number] {
  if (!f.vex) return { productId, status: matched };
  const { status, justification, impactStatement, source } = f.vex;
  if (status !== "not_affected") return { productId, status };
  const impact = impactStatement ?? (justification ? undefined : `Not affected according to the VEX document ${source}.`);
  return { productId, status, ...(justification ? { justification } : {}), ...(impact ? { impactStatement: impact } : {}) };
}

/**
 * The scan as a Vigil advisory, from which the CSAF VEX, CycloneDX VEX and OpenVEX builders of
 * the advisories core produce documents. Each matched component version is a product; each
 * vulnerability lists its components with `status` and, as remediation, the fixed versions.
 */
export function scanAdvisory(findings: readonly ScanFinding[], product: ScannedProduct, options: VexOptions): AdvisoryInput {
  const productIds = new Map<string, string>();
  const vendors = new Map<string, Map<string, Array<{ version: string; productId: string; purl?: string; cpe?: string }>>>();
  const addProduct = (vendor: string, name: string, version: string, key: string, purl?: string, cpe?: string): string => {
    const existing = productIds.get(key);
    if (existing) return existing;
    const productId = `VIGIL-${productIds.size + 1}-${`${name}-${version}`.replace(PRODUCT_ID_CHARS, "_")}`.slice(0, 120);
    productIds.set(key, productId);
    const products = vendors.get(vendor) ?? new Map();
    vendors.set(vendor, products);
    const versions = products.get(name) ?? [];
    products.set(name, versions);
    versions.push({ version, productId, ...(purl ? { purl } : {}), ...(cpe ? { cpe } : {}) });
    return productId;
  };
  const vendorOf = (f: ScanFinding) => (f.component.cpe && !f.component.purl ? "CPE-identified components" : `${f.component.ecosystem.split(":")[0] || "Other"} packages`);
  for (const f of findings) addProduct(vendorOf(f), f.component.name, f.component.version, componentKey(f), f.component.purl || undefined, f.component.cpe);
  if (productIds.size === 0) {
    addProduct(product.supplier ?? "Unknown supplier", product.name ?? product.file, product.version ?? "unknown", "(sbom)");
  }

  const byVuln = new Map<string, ScanFinding[]>();
  for (const f of findings) byVuln.set(f.vulnerability.id, [...(byVuln.get(f.vulnerability.id) ?? []), f]);
  const vulnerabilities = [...byVuln.values()].map((list) => {
    const f = list[0];
    const v = f.vulnerability;
    const allIds = [v.id, ...v.aliases];
    const cve = allIds.find((i) => /^CVE-\d{4}-\d{4,}$/.test(i));
    const cwe = v.cwes.find((c) => cweName(c) !== undefined);
    const v31 = cvssOfVersion(f, "3.1");
    const v40 = cvssOfVersion(f, "4.0");
    return {
      ...(cve ? { cve } : {}),
      ids: allIds.filter((i) => i !== cve).map((text) => ({ system: idSystem(text), text })),
      ...(v.summary ? { title: v.summary.slice(0, 500) } : {}),
      description: v.summary ?? `Known vulnerability ${v.id}`,
      ...(cwe ? { cwe: { id: cwe } } : {}),
      cvss: { ...(v31 ? { v31 } : {}), ...(v40 ? { v40 } : {}) },
      ...(isDateTime(v.published) ? { releaseDate: v.published } : {}),
      productStatus: list.map((x) => productStatusOf(x, productIds.get(componentKey(x)) as string, options.status)),
      remediations: list.filter((x) => x.vex?.status !== "not_affected").map((x) => ({
        category: x.fixedVersions.length > 0 ? ("vendor_fix" as const) : ("none_available" as const),
        details:
          x.fixedVersions.length > 0
            ? `Update ${x.component.name} ${x.component.version} to a fixed version (${x.fixedVersions.join(", ")}) or later.`
            : `The advisory names no fixed version for ${x.component.name} ${x.component.version}.`,
        productIds: [productIds.get(componentKey(x)) as string],
      })),
      ...(f.kev ? { exploitStatus: `Listed in the CISA KEV catalog on ${f.kev.dateAdded}` } : {}),
      references: v.references
        .filter((r) => isUrl(r.url))
        .slice(0, 20)
        .map((r) => ({ url: r.url, summary: `${r.type.toLowerCase()} reference` })),
    };
  });

  const title = `Vulnerability scan of ${product.name ?? product.file}${product.version ? ` ${product.version}` : ""}`;
  const trackingId = `VIGIL-SCAN-${options.now.replace(/[^0-9]/g, "").slice(0, 14)}`;
  return {
    trackingId,
    title,
    summary: `${findings.length} finding(s) for ${byVuln.size} vulnerability(ies) in ${productIds.size} component version(s), from matching the SBOM ${product.file} against OSV data. Statuses are matcher results, not analyst decisions${findings.some((f) => f.vex) ? ", except where a supplier's VEX document states one" : ""}.`,
    status: "final",
    tlp: { label: options.tlp },
    publisher: { name: options.publisherName, namespace: options.publisherNamespace, category: "vendor" },
    initialReleaseDate: options.now,
    revisions: [{ number: "1.0.0", date: options.now, summary: "Generated by vigil scan" }],
    products: {
      vendors: [...vendors].map(([name, products]) => ({
        name,
        products: [...products].map(([pname, versions]) => ({ name: pname, kind: "application" as const, versions })),
      })),
    },
    vulnerabilities,
    generator: { name: "Vigil", version: options.toolVersion },
  };
}
