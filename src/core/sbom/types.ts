/** Public shapes of the SBOM core: parse input, normalised document, issues, diff. */

export type SbomFormat = "cyclonedx" | "spdx";
export type SbomEncoding = "json" | "xml" | "tag-value";

export interface SbomInput {
  /** Used in every issue so that a user can tell which upload a message is about. */
  fileName: string;
  content: string | Uint8Array;
}

export interface ParseOptions {
  /**
   * "warn" (default): a purl that does not parse is reported and the component kept without purl.
   * "error": the SBOM is rejected, for pipelines where every component must be matchable.
   */
  invalidPurls?: "warn" | "error";
}

export type SbomIssueCode =
  | "empty-input"
  | "unknown-format"
  | "unsupported-format"
  | "syntax"
  | "unsupported-version"
  | "schema"
  | "no-components"
  | "duplicate-ref"
  | "duplicate-component"
  | "invalid-purl"
  | "invalid-cpe"
  | "unknown-ref"
  | "invalid-value"
  /** A defect in this reader rather than in the SBOM; reported instead of thrown. */
  | "internal";

/**
 * One problem found in an SBOM. `pointer` is a JSON pointer (`/components/12/purl`) for JSON
 * documents and an element path (`/bom/components/component[13]/purl`, 1-based indexes) for XML.
 * `line` (1-based) is given for XML, tag-value and JSON syntax errors.
 */
export interface SbomIssue {
  file: string;
  code: SbomIssueCode;
  message: string;
  pointer?: string;
  line?: number;
  column?: number;
}

export type SbomError = SbomIssue;
export type SbomWarning = SbomIssue;

export type ParseResult =
  | { ok: true; sbom: NormalisedSbom; warnings: SbomWarning[] }
  | { ok: false; errors: SbomError[]; warnings: SbomWarning[] };

export interface SbomHash {
  /** CycloneDX spelling (`SHA-256`, `SHA3-512`, `MD5`…); SPDX names are mapped onto it. */
  alg: string;
  /** Lower-case hex (or the value as given when it is not hex). */
  value: string;
}

export interface SbomProperty {
  name: string;
  value: string;
}

/** Support status read from component properties (see README.md for the names recognised). */
export interface SbomSupportInfo {
  level: string | null;
  /** As written in the SBOM (usually an ISO date). */
  endOfSupport: string | null;
  /** Property names the values were read from. */
  sources: string[];
}

export interface SbomComponent {
  /** bom-ref (CycloneDX) or SPDXID (SPDX); synthesised as `vigil:component/<n>` when absent. */
  ref: string;
  name: string;
  /** CycloneDX `group` (Maven groupId, npm scope…); null for SPDX. */
  group: string | null;
  version: string | null;
  /** Canonical purl string produced by packageurl-js; null when absent or unparseable. */
  purl: string | null;
  cpe: string | null;
  /** CycloneDX component type or lower-cased SPDX primaryPackagePurpose. */
  type: string | null;
  supplier: string | null;
  author: string | null;
  hashes: SbomHash[];
  /** SPDX license ids and expressions. */
  licenses: string[];
  /** Free-text license names that are not SPDX ids. */
  licenseNames: string[];
  description: string | null;
  scope: string | null;
  properties: SbomProperty[];
  support: SbomSupportInfo | null;
  /** Ref of the enclosing component for CycloneDX nested components. */
  parent: string | null;
  /** Depended on (or contained) by a root: the primary component or another described package. */
  direct: boolean;
  /** Shortest number of edges from a root; 1 = direct, null = not reachable from a root. */
  depth: number | null;
}

export interface DependencyEdge {
  from: string;
  to: string;
  kind: "depends-on" | "contains";
}

export interface SbomTool {
  vendor: string | null;
  name: string;
  version: string | null;
}

export interface SbomDocument {
  name: string | null;
  /** CycloneDX serialNumber. */
  serialNumber: string | null;
  /** SPDX documentNamespace. */
  namespace: string | null;
  /** CycloneDX BOM version (revision counter). */
  version: number | null;
  /** ISO timestamp as written (CycloneDX metadata.timestamp, SPDX creationInfo.created). */
  created: string | null;
  tools: SbomTool[];
  authors: string[];
  /** The product the SBOM describes (CycloneDX metadata.component, first SPDX described package). */
  primaryComponent: SbomComponent | null;
  /** Refs the graph is rooted at (primary component, further SPDX described packages). */
  rootRefs: string[];
  /** False when the SBOM states no dependency/containment relationship at all. */
  hasDependencyGraph: boolean;
}

export interface NormalisedSbom {
  format: SbomFormat;
  encoding: SbomEncoding;
  specVersion: string;
  document: SbomDocument;
  /** Every component except the primary one, nested CycloneDX components flattened. */
  components: SbomComponent[];
  dependencies: DependencyEdge[];
}

export type ComponentChangeField = "version" | "hashes" | "licenses" | "supplier";

export interface ComponentChange {
  key: string;
  before: SbomComponent;
  after: SbomComponent;
  changed: ComponentChangeField[];
}

export interface SbomDiff {
  added: SbomComponent[];
  removed: SbomComponent[];
  changed: ComponentChange[];
  unchangedCount: number;
  summary: {
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
    versionChanges: number;
  };
}
