import { parseSbom } from "./parse";
import { validateCycloneDxJson } from "./schema-validation";
import { decodeContent } from "./text";
import type { ParseResult, SbomError, SbomInput } from "./types";

/**
 * parseSbom plus, for CycloneDX JSON, validation against the official JSON schema. A document that
 * reads fine but violates the schema is rejected with one error per violation (JSON pointer).
 */
export async function parseAndValidateSbom(input: SbomInput): Promise<ParseResult> {
  const result = parseSbom(input);
  if (!result.ok || result.sbom.format !== "cyclonedx" || result.sbom.encoding !== "json") return result;
  const validation = await validateCycloneDxJson(decodeContent(input.content), result.sbom.specVersion);
  if (validation.valid) return result;
  const errors: SbomError[] =
    "unsupported" in validation
      ? [{ file: input.fileName, code: "unsupported-version", message: validation.unsupported, pointer: "/specVersion" }]
      : validation.violations.map((v) => ({
          file: input.fileName,
          code: "schema" as const,
          message: `${v.message} (CycloneDX ${result.sbom.specVersion} JSON schema)`,
          pointer: v.pointer,
        }));
  return { ok: false, errors, warnings: result.warnings };
}
