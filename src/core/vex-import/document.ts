import {
  readCsafVex,
  readCycloneDxVex,
  readOpenVex,
  validateCsaf,
  validateOpenVex,
  type VexIssue,
  type VexStatement,
} from "../advisories";
import { validateCycloneDxJson } from "../sbom";

/**
 * One supplier VEX document read for import: CycloneDX (JSON 1.4–1.6, a standalone VEX or an SBOM with
 * `vulnerabilities`), OpenVEX 0.2 (and 0.0.1), or CSAF 2.0 (`csaf_vex` and `csaf_security_advisory`).
 * Each is validated before it is read: CSAF with the strict schema and every mandatory test, CycloneDX with
 * the schema of its spec version, OpenVEX with its schema. An invalid document yields errors only.
 */

export type VexFormat = "cyclonedx" | "openvex" | "csaf";

export const CYCLONEDX_VEX_VERSIONS = ["1.4", "1.5", "1.6"] as const;
const CSAF_CATEGORIES = ["csaf_vex", "csaf_security_advisory"];

export interface VexDocumentInfo {
  format: VexFormat;
  /** CSAF tracking id, CycloneDX serialNumber, OpenVEX @id; the file name when the document has none. */
  id: string;
  /** CSAF tracking version, CycloneDX BOM version, OpenVEX version. */
  revision: string | null;
  /** When the document (this revision) was issued, as written. */
  issuedAt: string | null;
  publisher: string | null;
  /** CSAF category or "cyclonedx" / "openvex". */
  category: string;
  /** CSAF distribution TLP label; null when the document states none. */
  tlp: string | null;
}

export type VexDocumentResult =
  | { ok: true; document: VexDocumentInfo; statements: VexStatement[]; warnings: VexIssue[] }
  | { ok: false; errors: VexIssue[] };

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : v === undefined || v === null ? null : typeof v === "number" ? String(v) : null);
const at = (v: unknown, ...keys: string[]): unknown => {
  let cur = v;
  for (const k of keys) cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
};
const pointerToPath = (pointer: string) =>
  pointer === "" ? "(document)" : pointer.replace(/^\//, "").replace(/\/(\d+)(?=\/|$)/g, "[$1]").replace(/\//g, ".").replace(/^(\d+)/, "[$1]");

export function detectVexFormat(doc: unknown): VexFormat | null {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return null;
  if (at(doc, "document", "csaf_version") !== undefined) return "csaf";
  if (at(doc, "bomFormat") === "CycloneDX") return "cyclonedx";
  const context = at(doc, "@context");
  if (typeof context === "string" && context.startsWith("https://openvex.dev/ns")) return "openvex";
  return null;
}

function info(format: VexFormat, doc: unknown, fileName: string): VexDocumentInfo {
  if (format === "csaf") {
    return {
      format,
      id: str(at(doc, "document", "tracking", "id")) ?? fileName,
      revision: str(at(doc, "document", "tracking", "version")),
      issuedAt: str(at(doc, "document", "tracking", "current_release_date")),
      publisher: str(at(doc, "document", "publisher", "name")),
      category: str(at(doc, "document", "category")) ?? "csaf",
      tlp: str(at(doc, "document", "distribution", "tlp", "label")),
    };
  }
  if (format === "cyclonedx") {
    const authors = at(doc, "metadata", "authors");
    return {
      format,
      id: str(at(doc, "serialNumber")) ?? fileName,
      revision: str(at(doc, "version")),
      issuedAt: str(at(doc, "metadata", "timestamp")),
      publisher:
        str(at(doc, "metadata", "supplier", "name")) ??
        str(at(doc, "metadata", "manufacturer", "name")) ??
        str(at(doc, "metadata", "manufacture", "name")) ??
        (Array.isArray(authors) ? str(at(authors[0], "name")) : null),
      category: "cyclonedx",
      tlp: null,
    };
  }
  return {
    format,
    id: str(at(doc, "@id")) ?? fileName,
    revision: str(at(doc, "version")),
    issuedAt: str(at(doc, "last_updated")) ?? str(at(doc, "timestamp")),
    publisher: str(at(doc, "author")),
    category: "openvex",
    tlp: null,
  };
}

export async function readVexDocument(input: { fileName: string; text: string }): Promise<VexDocumentResult> {
  let doc: unknown;
  try {
    doc = JSON.parse(input.text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, errors: [{ path: "(document)", message: `not valid JSON: ${(e as Error).message}` }] };
  }
  const format = detectVexFormat(doc);
  if (!format) {
    return {
      ok: false,
      errors: [{ path: "(document)", message: "not a VEX document: expected CSAF 2.0 (document.csaf_version), CycloneDX (bomFormat) or OpenVEX (@context https://openvex.dev/ns…)" }],
    };
  }
  if (format === "csaf") {
    const category = at(doc, "document", "category");
    if (!CSAF_CATEGORIES.includes(category as string)) {
      return { ok: false, errors: [{ path: "document.category", message: `CSAF category must be one of ${CSAF_CATEGORIES.join(", ")}, got ${JSON.stringify(category)}` }] };
    }
    const v = await validateCsaf(doc);
    if (!v.valid) {
      return { ok: false, errors: v.errors.map((e) => ({ path: pointerToPath(e.path), message: e.test === "schema" ? `schema: ${e.message}` : `mandatory test ${e.test}: ${e.message}` })) };
    }
  } else if (format === "cyclonedx") {
    const spec = at(doc, "specVersion");
    if (!(CYCLONEDX_VEX_VERSIONS as readonly unknown[]).includes(spec)) {
      return { ok: false, errors: [{ path: "specVersion", message: `CycloneDX VEX must be spec ${CYCLONEDX_VEX_VERSIONS.join(", ")}, got ${JSON.stringify(spec)}` }] };
    }
    const v = await validateCycloneDxJson(doc, spec as string);
    if (!v.valid) {
      return { ok: false, errors: "unsupported" in v ? [{ path: "specVersion", message: v.unsupported }] : v.violations.map((e) => ({ path: pointerToPath(e.pointer), message: `schema: ${e.message}` })) };
    }
  } else {
    const v = validateOpenVex(doc);
    if (!v.valid) return { ok: false, errors: v.errors.map((e) => ({ ...e, message: `schema: ${e.message}` })) };
  }
  const read = format === "csaf" ? readCsafVex(doc) : format === "cyclonedx" ? readCycloneDxVex(doc) : readOpenVex(doc);
  if (!read.ok) return read;
  if (read.statements.length === 0) {
    return { ok: false, errors: [{ path: "(document)", message: "the document holds no VEX statement (no vulnerability with a status for a product)" }] };
  }
  return { ok: true, document: info(format, doc, input.fileName), statements: read.statements, warnings: read.warnings };
}
