import type { VexJustification, VexStatement, VexStatus } from "../advisories";
import { describeProduct, statementsWithoutComponent, type VexComponent, vexForFinding } from "../vex-import";
import type { ScanComponent, ScanFinding, ScanWarning } from "./findings";

/** What a supplier's VEX document says about one finding of a scan. */
export interface FindingVex {
  readonly status: VexStatus;
  readonly justification: VexJustification | null;
  /** Id of the VEX document (CSAF tracking id, CycloneDX serial number, OpenVEX @id; else its file name). */
  readonly source: string;
  readonly impactStatement?: string;
}

/** One VEX document given to a scan, already validated and read. */
export interface ScanVexDocument {
  readonly file: string;
  readonly id: string;
  readonly statements: readonly VexStatement[];
}

/** Statuses after which a finding needs no action, so `--fail-on` ignores it. */
const SETTLED: ReadonlySet<VexStatus> = new Set(["not_affected", "fixed"]);

export function vexSettles(f: ScanFinding): boolean {
  return f.vex !== undefined && SETTLED.has(f.vex.status);
}

const vexComponent = (c: { ref: string; name: string; version: string | null; purl: string | null; cpe?: string | null }): VexComponent => ({
  ref: c.ref,
  name: c.name,
  version: c.version || null,
  purl: c.purl || null,
  cpe: c.cpe ?? null,
});

/**
 * Applies VEX documents to the findings of a scan: each finding whose vulnerability (id or any alias)
 * and component (purl, bom-ref, CPE, or name and version) a statement names gets that statement's
 * status; with several, the most specific and then newest wins. Statements naming a component that is
 * not in the SBOM come back as warnings, so that a mistyped purl is seen rather than silently ignored.
 */
export function applyVex(
  findings: readonly ScanFinding[],
  components: readonly ScanComponent[],
  documents: readonly ScanVexDocument[],
): { findings: ScanFinding[]; warnings: ScanWarning[] } {
  const sourceOf = new Map<VexStatement, ScanVexDocument>();
  for (const d of documents) for (const s of d.statements) sourceOf.set(s, d);
  const statements = [...sourceOf.keys()];
  const out = findings.map((f) => {
    const match = vexForFinding({ vulnerabilityIds: [f.vulnerability.id, ...f.vulnerability.aliases], component: vexComponent(f.component) }, statements);
    if (!match) return f;
    const s = match.statement;
    const vex: FindingVex = {
      status: s.status,
      justification: s.justification ?? null,
      source: (sourceOf.get(s) as ScanVexDocument).id,
      ...(s.impactStatement ? { impactStatement: s.impactStatement } : {}),
    };
    return { ...f, vex };
  });

  const warnings: ScanWarning[] = [];
  const sbomComponents = components.map(vexComponent);
  for (const d of documents) {
    const seen = new Set<string>();
    for (const s of statementsWithoutComponent(d.statements, sbomComponents)) {
      const product = describeProduct(s);
      const key = `${s.vulnerability.id}|${product}`;
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push({
        source: d.file,
        path: `vulnerability ${s.vulnerability.id}`,
        message: `the VEX statement on ${s.vulnerability.id} (${s.status}) names ${product}, which is not a component of the SBOM`,
      });
    }
  }
  return { findings: out, warnings };
}
