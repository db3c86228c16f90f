import type { ZodError } from "zod";
import type { VexAssessment } from "./vex-vocabulary";

/** One VEX assertion, in Vigil's internal vocabulary: a vulnerability's status in one product. */
export interface VexStatement extends VexAssessment {
  vulnerability: { id: string; aliases?: string[] };
  product: {
    /** The product reference as written in the source (bom-ref, BOM-Link, purl or IRI). */
    ref: string;
    name?: string;
    /** The bare product name when `name` is a full product name (CSAF: the product_name branch above it). */
    productName?: string;
    version?: string;
    /** A version range (e.g. `vers:generic/>=2.9|<=4.1`) when the statement covers several versions. */
    versionRange?: string;
    purl?: string;
    cpe?: string;
    /** Components inside the product the statement is about (OpenVEX subcomponents). */
    subcomponents?: string[];
  };
  impactStatement?: string;
  actionStatement?: string;
  statusNotes?: string;
  timestamp?: string;
  /** The source's own status words, kept for audit and for lossless CycloneDX round trips. */
  source: { format: "cyclonedx" | "openvex" | "csaf"; status: string; justification?: string };
  /** Set when reading lost a nuance of the source vocabulary (see VEX_VOCABULARY). */
  lossy?: string;
}

export interface VexIssue {
  /** JSON path inside the document, e.g. `vulnerabilities[2].analysis.state`. */
  path: string;
  message: string;
}

export type VexReadResult =
  | { ok: true; statements: VexStatement[]; warnings: VexIssue[] }
  | { ok: false; errors: VexIssue[] };

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(document)" : out;
}

export function zodIssues(error: ZodError): VexIssue[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
}

/** Accepts a parsed JSON value or JSON text. */
export function parseJsonInput(input: unknown): { ok: true; value: unknown } | { ok: false; errors: VexIssue[] } {
  if (typeof input !== "string") return { ok: true, value: input };
  try {
    return { ok: true, value: JSON.parse(input) };
  } catch (e) {
    return { ok: false, errors: [{ path: "(document)", message: `not valid JSON: ${(e as Error).message}` }] };
  }
}
