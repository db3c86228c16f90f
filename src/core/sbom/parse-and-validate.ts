import { parseSbom } from "./parse";
import { validateCycloneDxJson } from "./schema-validation";
import { decodeContent } from "./text";
import type { ParseOptions, ParseResult, SbomInput, SbomIssue } from "./types";

export interface ValidateOptions extends ParseOptions {
  /**
   * "error" (default) rejects a CycloneDX JSON document that violates its schema; "warn" accepts it
   * and returns the violations as warnings, for real-world SBOMs with small schema slips.
   */
  schemaViolations?: "error" | "warn";
}

/**
 * parseSbom plus, for CycloneDX JSON, validation against the official JSON schema, one issue per
 * violation at its JSON pointer. CycloneDX XML and SPDX are checked structurally by parseSbom.
 */
export async function parseAndValidateSbom(input: SbomInput, options: ValidateOptions = {}): Promise<ParseResult> {
  const result = parseSbom(input, options);
  if (!result.ok || result.sbom.format !== "cyclonedx" || result.sbom.encoding !== "json") return result;
  const validation = await validateCycloneDxJson(decodeContent(input.content), result.sbom.specVersion);
  if (validation.valid) return result;
  const issues: SbomIssue[] =
    "unsupported" in validation
      ? [{ file: input.fileName, code: "unsupported-version", message: validation.unsupported, pointer: "/specVersion" }]
      : validation.violations.map((v) => ({
          file: input.fileName,
          code: "schema" as const,
          message: `${v.message} (CycloneDX ${result.sbom.specVersion} JSON schema)`,
          pointer: v.pointer,
        }));
  if (options.schemaViolations === "warn") return { ...result, warnings: [...result.warnings, ...issues] };
  return { ok: false, errors: issues, warnings: result.warnings };
}
