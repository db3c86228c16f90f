import { PackageURL } from "packageurl-js";
import type { VexStatement } from "../advisories";
import { versionInRange } from "./vers";

/**
 * Which components and findings a VEX statement speaks about. A statement names its product by purl,
 * CycloneDX bom-ref or BOM-Link, CPE, or name and version (CSAF product tree, OpenVEX subcomponents);
 * a finding is the same vulnerability when its id or any alias equals the statement's id or any alias.
 */

export interface VexComponent {
  ref: string;
  name: string;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

export type VexMatchKind = "purl" | "ref" | "cpe" | "name" | "document";

/** More specific identification wins when several statements speak about one finding. */
const SPECIFICITY: Record<VexMatchKind, number> = { purl: 4, ref: 4, cpe: 3, name: 2, document: 1 };

interface PurlParts {
  type: string;
  namespace: string;
  name: string;
  version: string | null;
}

function purlParts(purl: string | null | undefined): PurlParts | null {
  if (!purl) return null;
  try {
    const p = PackageURL.fromString(purl);
    return { type: p.type.toLowerCase(), namespace: (p.namespace ?? "").toLowerCase(), name: p.name.toLowerCase(), version: p.version ?? null };
  } catch {
    return null;
  }
}

const sameVersion = (a: string, b: string) => a.replace(/^v/i, "") === b.replace(/^v/i, "");

/** A BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`) names the bom-ref after `#`. */
function localRef(ref: string): string {
  const hash = ref.indexOf("#");
  return ref.startsWith("urn:cdx:") && hash >= 0 ? decodeURIComponent(ref.slice(hash + 1)) : ref;
}

function versionCovered(s: VexStatement, version: string | null, purlVersion: string | null): boolean {
  const stated = purlVersion ?? s.product.version ?? null;
  if (s.product.versionRange) {
    if (!version) return false;
    return versionInRange(version, s.product.versionRange) === true;
  }
  if (!stated) return true;
  return version !== null && sameVersion(stated, version);
}

function cpeProduct(cpe: string): { vendor: string; product: string; version: string } | null {
  const parts = cpe.toLowerCase().split(":");
  if (parts[0] === "cpe" && parts[1] === "2.3") return { vendor: parts[3] ?? "", product: parts[4] ?? "", version: parts[5] ?? "*" };
  if (parts[0] === "cpe" && parts[1]?.startsWith("/")) return { vendor: parts[2] ?? "", product: parts[3] ?? "", version: parts[4] ?? "*" };
  return null;
}

/** How a statement's product identifies the component, or null when it does not name it. */
export function statementNamesComponent(s: VexStatement, c: VexComponent): VexMatchKind | null {
  const p = s.product;
  // A statement without a product (CycloneDX without affects) names no component: applying it to every
  // component with that vulnerability could close a finding of another supplier.
  if (p.ref === "*") return null;
  const purls = [p.purl, ...(p.subcomponents ?? [])].map(purlParts).filter((x): x is PurlParts => x !== null);
  const own = purlParts(c.purl);
  if (own && purls.length > 0) {
    for (const q of purls) {
      if (q.type === own.type && q.namespace === own.namespace && q.name === own.name && versionCovered(s, c.version, q.version)) return "purl";
    }
    return null;
  }
  if (s.source.format === "cyclonedx" && localRef(p.ref) === c.ref) return versionCovered(s, c.version, null) ? "ref" : null;
  if (p.cpe && c.cpe) {
    const a = cpeProduct(p.cpe);
    const b = cpeProduct(c.cpe);
    if (a && b && a.vendor === b.vendor && a.product === b.product) {
      if (a.version === "*" || a.version === "-") return versionCovered(s, b.version === "*" ? c.version : b.version, null) ? "cpe" : null;
      return sameVersion(a.version, b.version === "*" ? (c.version ?? "") : b.version) ? "cpe" : null;
    }
  }
  const name = (p.productName ?? p.name)?.toLowerCase();
  if (name && name === c.name.toLowerCase() && (p.version || p.versionRange)) {
    return versionCovered(s, c.version, null) ? "name" : null;
  }
  return null;
}

export function vulnerabilityIdsOf(s: VexStatement): string[] {
  return [s.vulnerability.id, ...(s.vulnerability.aliases ?? [])].map((id) => id.toUpperCase());
}

export interface VexFindingKey {
  /** The finding's vulnerability id and every alias. */
  vulnerabilityIds: string[];
  component: VexComponent;
}

export interface VexMatch {
  statement: VexStatement;
  kind: VexMatchKind;
}

/** The statement that decides a finding: the most specific identification, then the newest. */
export function vexForFinding(finding: VexFindingKey, statements: readonly VexStatement[]): VexMatch | null {
  const ids = new Set(finding.vulnerabilityIds.map((id) => id.toUpperCase()));
  let best: VexMatch | null = null;
  for (const s of statements) {
    if (!vulnerabilityIdsOf(s).some((id) => ids.has(id))) continue;
    const kind = statementNamesComponent(s, finding.component);
    if (!kind) continue;
    if (
      !best ||
      SPECIFICITY[kind] > SPECIFICITY[best.kind] ||
      (SPECIFICITY[kind] === SPECIFICITY[best.kind] && (s.timestamp ?? "") > (best.statement.timestamp ?? ""))
    ) {
      best = { statement: s, kind };
    }
  }
  return best;
}

/** Statements whose product is none of the components: reported to the user, never dropped silently. */
export function statementsWithoutComponent(statements: readonly VexStatement[], components: readonly VexComponent[]): VexStatement[] {
  return statements.filter((s) => !components.some((c) => statementNamesComponent(s, c) !== null));
}

export function describeProduct(s: VexStatement): string {
  const p = s.product;
  return p.purl ?? ([p.productName ?? p.name, p.version ?? p.versionRange].filter(Boolean).join(" ") || p.ref);
}
