import { Validation } from "@cyclonedx/cyclonedx-library";
import { SUPPORTED_CYCLONEDX_JSON_VERSIONS } from "./versions";

export interface SchemaViolation {
  /** JSON pointer of the offending value ("" for the document itself). */
  pointer: string;
  message: string;
}

export type SchemaValidationResult =
  | { valid: true }
  | { valid: false; violations: SchemaViolation[] }
  | { valid: false; unsupported: string };

interface AjvError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

const validators = new Map<string, Validation.JsonStrictValidator>();

function describe(e: AjvError): string {
  const params = e.params ?? {};
  if (e.keyword === "enum" && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues as unknown[];
    const shown = allowed.slice(0, 12).map((v) => JSON.stringify(v)).join(", ");
    return `must be one of ${shown}${allowed.length > 12 ? ` … (${allowed.length} values)` : ""}`;
  }
  if (e.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    return `must not have property "${params.additionalProperty}"`;
  }
  if (e.keyword === "required" && typeof params.missingProperty === "string") {
    return `must have required property "${params.missingProperty}"`;
  }
  return e.message ?? "is invalid";
}

/**
 * Validates a CycloneDX JSON document against the official JSON schema of `specVersion`, using
 * @cyclonedx/cyclonedx-library's strict validator (ajv; the library loads its bundled schema files).
 * Accepts the raw JSON text or an already parsed value.
 */
export async function validateCycloneDxJson(json: string | unknown, specVersion: string): Promise<SchemaValidationResult> {
  if (!(SUPPORTED_CYCLONEDX_JSON_VERSIONS as readonly string[]).includes(specVersion)) {
    return {
      valid: false,
      unsupported: `CycloneDX specVersion "${specVersion}" has no JSON schema here; supported versions are ${SUPPORTED_CYCLONEDX_JSON_VERSIONS.join(", ")}`,
    };
  }
  let validator = validators.get(specVersion);
  if (!validator) {
    validator = new Validation.JsonStrictValidator(specVersion as ConstructorParameters<typeof Validation.JsonStrictValidator>[0]);
    validators.set(specVersion, validator);
  }
  const text = typeof json === "string" ? json : JSON.stringify(json);
  let result: unknown;
  try {
    result = await validator.validate(text);
  } catch (err) {
    // The validator parses the text itself; a syntax error is the only expected failure here.
    return { valid: false, violations: [{ pointer: "", message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (result === null) return { valid: true };
  const errors = (Array.isArray(result) ? result : [result]) as AjvError[];
  return { valid: false, violations: errors.map((e) => ({ pointer: e.instancePath ?? "", message: describe(e) })) };
}
