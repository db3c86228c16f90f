import type { IssueCollector, IssueLocation } from "./issues";
import { isCpe, normalisePurl } from "./purl";
import { type DeclaredEndOfSupport, readSupportInfo } from "./support";
import type { DependencyEdge, NormalisedSbom, ParseOptions, SbomComponent, SbomDocument, SbomEncoding, SbomFormat, SbomProperty } from "./types";

/** A component as read by a format reader, before purl normalisation and graph analysis. */
export interface RawComponent extends Omit<SbomComponent, "purl" | "direct" | "depth" | "support"> {
  rawPurl: string | null;
  /** Whether the document gave the ref (false: synthesised, never reported as duplicate). */
  refGiven: boolean;
  at: IssueLocation;
  /** End of support stated by a dedicated field of the format (SPDX validUntilDate). */
  declaredEndOfSupport?: DeclaredEndOfSupport | null;
  /** CycloneDX `releaseNotes.properties`: read for support only (named `releaseNotes:<name>` as its source), not kept as the component's properties. */
  releaseNoteProperties?: SbomProperty[];
  /** What the reader needs to locate the purl or CPE later (JSON pointer, XML element, ref index). */
  source: ComponentSource;
}

export interface ComponentSource {
  pointer: string;
  node?: unknown;
  purlIndex?: number;
  cpeIndex?: number;
}

export type RawEdge = DependencyEdge;

/** A place in the document that names a ref; every one must resolve to something in the SBOM. */
/**
 * A place that names a ref. Its location is computed by the reader's locateMention only when the
 * ref does not resolve: documents have tens of thousands of mentions and nearly all resolve.
 */
export interface RefMention {
  ref: string;
  base: string;
  key: string | number;
  node?: unknown;
  /** Only a warning when unresolved (e.g. SPDX DESCRIBES targets that are not in the document). */
  lenient?: boolean;
}

export interface RawSbom {
  format: SbomFormat;
  encoding: SbomEncoding;
  specVersion: string;
  document: Omit<SbomDocument, "primaryComponent" | "rootRefs" | "hasDependencyGraph">;
  primary: RawComponent | null;
  /** Further roots besides the primary component (SPDX documents may describe several packages). */
  extraRoots: string[];
  components: RawComponent[];
  edges: RawEdge[];
  refMentions: RefMention[];
  /** Refs that edges may point at without being components (CycloneDX services, SPDX files). */
  otherRefs: Set<string>;
  locateField: (component: RawComponent, field: "purl" | "cpe") => IssueLocation;
  locateMention: (mention: RefMention) => IssueLocation;
}

function finishComponent(raw: RawComponent, sbom: RawSbom, issues: IssueCollector, options: ParseOptions): SbomComponent {
  let purl: string | null = null;
  if (raw.rawPurl !== null) {
    const parsed = normalisePurl(raw.rawPurl);
    if (parsed.ok) purl = parsed.purl;
    else if (options.invalidPurls === "error") {
      issues.error("invalid-purl", `purl "${raw.rawPurl}" does not parse (${parsed.reason})`, sbom.locateField(raw, "purl"));
    } else {
      issues.warn("invalid-purl", `purl "${raw.rawPurl}" does not parse (${parsed.reason}); component kept without purl`, sbom.locateField(raw, "purl"));
    }
  }
  if (raw.cpe !== null && !isCpe(raw.cpe)) {
    issues.warn("invalid-cpe", `"${raw.cpe}" is neither a CPE 2.3 formatted string nor a CPE 2.2 URI`, sbom.locateField(raw, "cpe"));
  }
  return {
    ref: raw.ref,
    name: raw.name,
    group: raw.group,
    version: raw.version,
    purl,
    cpe: raw.cpe,
    type: raw.type,
    supplier: raw.supplier,
    author: raw.author,
    hashes: raw.hashes,
    licenses: raw.licenses,
    licenseNames: raw.licenseNames,
    description: raw.description,
    scope: raw.scope,
    properties: raw.properties,
    support: readSupportInfo([...raw.properties, ...(raw.releaseNoteProperties ?? []).map((p) => ({ ...p, name: `releaseNotes:${p.name}` }))], raw.declaredEndOfSupport ?? null),
    parent: raw.parent,
    direct: false,
    depth: null,
  };
}

function sameContent(a: SbomComponent, b: SbomComponent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Turns a reader's output into the normalised SBOM: purls canonicalised, duplicate refs resolved
 * (identical duplicates are dropped with a warning, conflicting ones are errors), edges checked
 * against known refs and every component's distance from the roots computed.
 */
export function assemble(raw: RawSbom, issues: IssueCollector, options: ParseOptions = {}): NormalisedSbom {
  const primary = raw.primary ? finishComponent(raw.primary, raw, issues, options) : null;
  const byRef = new Map<string, SbomComponent>();
  if (primary) byRef.set(primary.ref, primary);
  const components: SbomComponent[] = [];
  for (const rc of raw.components) {
    const c = finishComponent(rc, raw, issues, options);
    const existing = byRef.get(c.ref);
    if (existing) {
      if (sameContent(existing, c)) {
        issues.warn("duplicate-component", `component "${c.ref}" is listed more than once with identical content; kept once`, rc.at);
      } else {
        issues.error("duplicate-ref", `ref "${c.ref}" is used by more than one component with different content`, rc.at);
      }
      continue;
    }
    byRef.set(c.ref, c);
    components.push(c);
  }
  if (components.length === 0) {
    issues.warn("no-components", "the SBOM lists no components (besides the described product, if any)", { pointer: "" });
  }

  const edges: DependencyEdge[] = [];
  const seenEdges = new Set<string>();
  for (const m of raw.refMentions) {
    if (byRef.has(m.ref) || raw.otherRefs.has(m.ref)) continue;
    const message = `"${m.ref}" is not the ref of any component in the SBOM`;
    if (m.lenient) issues.warn("unknown-ref", message, raw.locateMention(m));
    else issues.error("unknown-ref", message, raw.locateMention(m));
  }
  for (const e of raw.edges) {
    const id = `${e.kind}\u0000${e.from}\u0000${e.to}`;
    if (seenEdges.has(id) || !byRef.has(e.from) || !byRef.has(e.to)) continue;
    seenEdges.add(id);
    edges.push({ from: e.from, to: e.to, kind: e.kind });
  }

  const rootRefs = [...(primary ? [primary.ref] : []), ...raw.extraRoots.filter((r) => byRef.has(r) && r !== primary?.ref)];
  markDepths(components, edges, rootRefs);

  return {
    format: raw.format,
    encoding: raw.encoding,
    specVersion: raw.specVersion,
    document: { ...raw.document, primaryComponent: primary, rootRefs, hasDependencyGraph: edges.length > 0 },
    components,
    dependencies: edges,
  };
}

/**
 * Breadth-first from the roots, so cycles terminate and depth is the shortest path. Without a
 * root, components that nothing depends on stand in for the roots' direct dependencies.
 */
function markDepths(components: SbomComponent[], edges: DependencyEdge[], rootRefs: string[]): void {
  if (edges.length === 0) return;
  const children = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const e of edges) {
    const list = children.get(e.from);
    if (list) list.push(e.to);
    else children.set(e.from, [e.to]);
    hasParent.add(e.to);
  }
  const depth = new Map<string, number>();
  let frontier: string[];
  // Generators often leave the product itself out of the graph; then the roots cannot anchor it.
  if (rootRefs.some((r) => children.has(r))) {
    for (const r of rootRefs) depth.set(r, 0);
    frontier = rootRefs;
  } else {
    frontier = components.filter((c) => !hasParent.has(c.ref)).map((c) => c.ref);
    for (const r of frontier) depth.set(r, 1);
  }
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const ref of frontier) {
      const d = depth.get(ref)! + 1;
      for (const child of children.get(ref) ?? []) {
        if (depth.has(child)) continue;
        depth.set(child, d);
        next.push(child);
      }
    }
    frontier = next;
  }
  const roots = new Set(rootRefs);
  for (const c of components) {
    const d = depth.get(c.ref);
    if (d === undefined) continue;
    c.depth = d;
    c.direct = d === 1 && !roots.has(c.ref);
  }
}
