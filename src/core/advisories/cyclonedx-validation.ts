import type { Spec, Validation } from "@cyclonedx/cyclonedx-library";

/**
 * Validates a CycloneDX JSON document against the CycloneDX JSON schema of its spec version,
 * in strict mode (no additional properties), with @cyclonedx/cyclonedx-library's validator.
 * The library reads its bundled schema files; that is the only I/O, and it stays inside the package.
 * It is loaded on first use so that importing the advisories module stays cheap.
 */

export interface CycloneDxValidationError {
  /** JSON pointer into the document. */
  path: string;
  message: string;
}

export interface CycloneDxValidationResult {
  valid: boolean;
  errors: CycloneDxValidationError[];
}

const SUPPORTED = ["1.5", "1.6"] as const;

// A validator compiles its schema on first use (seconds); keep one per spec version.
const validators = new Map<string, Validation.JsonStrictValidator>();

async function validatorFor(version: (typeof SUPPORTED)[number]): Promise<Validation.JsonStrictValidator> {
  let validator = validators.get(version);
  if (!validator) {
    const { Validation: V } = await import("@cyclonedx/cyclonedx-library");
    validator = new V.JsonStrictValidator(version as Spec.Version);
    validators.set(version, validator);
  }
  return validator;
}

export async function validateCycloneDx(doc: unknown): Promise<CycloneDxValidationResult> {
  const specVersion = (doc as { specVersion?: unknown } | null)?.specVersion;
  const version = SUPPORTED.find((v) => v === specVersion);
  if (!version) {
    return {
      valid: false,
      errors: [{ path: "/specVersion", message: `specVersion must be one of ${SUPPORTED.join(", ")}` }],
    };
  }
  try {
    const error = await (await validatorFor(version)).validate(JSON.stringify(doc));
    if (error === null) return { valid: true, errors: [] };
    const list: Array<{ instancePath?: string; message?: string; params?: unknown }> = Array.isArray(error) ? error : [error];
    return {
      valid: false,
      errors: list.map((e) => ({
        path: e.instancePath ?? "",
        message: `${e.message ?? String(e)}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`,
      })),
    };
  } catch (e) {
    return { valid: false, errors: [{ path: "", message: `validator failed: ${(e as Error).message}` }] };
  }
}
