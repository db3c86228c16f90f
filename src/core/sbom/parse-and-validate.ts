import { parseSbom } from "./parse";
import { validateCycloneDxJson } from "./schema-validation";
import { decodeContent } from "./text";
import type { NormalisedSbom, ParseOptions, ParseResult, SbomInput, SbomIssue } from "./types";

export interface ValidateOptions extends ParseOptions {
  /**
   * "error" (default) rejects a CycloneDX JSON document that violates its schema; "warn" accepts it
   * and returns the violations as warnings, for real-world SBOMs with small schema slips.
   */
  schemaViolations?: "error" | "warn";
}

/**
 * The violations of the official JSON schema in a CycloneDX JSON document that parseSbom has read (`sbom`), one
 * issue per violation at its JSON pointer; none for other formats, which parseSbom checks structurally.
 */
export async function schemaIssues(input: SbomInput, sbom: NormalisedSbom): Promise<SbomIssue[]> {
  if (sbom.format !== "cyclonedx" || sbom.encoding !== "json") return [];
  const validation = await validateCycloneDxJson(decodeContent(input.content), sbom.specVersion);
  if (validation.valid) return [];
  return "unsupported" in validation
    ? [{ file: input.fileName, code: "unsupported-version", message: validation.unsupported, pointer: "/specVersion" }]
    : validation.violations.map((v) => ({
        file: input.fileName,
        code: "schema" as const,
        message: `${v.message} (CycloneDX ${sbom.specVersion} JSON schema)`,
        pointer: v.pointer,
      }));
}

/** parseSbom plus, for CycloneDX JSON, validation against the official JSON schema (schemaIssues). */
export async function parseAndValidateSbom(input: SbomInput, options: ValidateOptions = {}): Promise<ParseResult> {
  const result = parseSbom(input, options);
  if (!result.ok) return result;
  const issues = await schemaIssues(input, result.sbom);
  if (issues.length === 0) return result;
  if (options.schemaViolations === "warn") return { ...result, warnings: [...result.warnings, ...issues] };
  return { ok: false, errors: issues, warnings: result.warnings };
}
