import { Spec, Validation } from "@cyclonedx/cyclonedx-library";

/**
 * Validates a CycloneDX JSON document against the CycloneDX JSON schema of its spec version,
 * in strict mode (no additional properties), with @cyclonedx/cyclonedx-library's validator.
 * The library reads its bundled schema files; that is the only I/O, and it stays inside the package.
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

const VERSIONS: Record<string, Spec.Version> = {
  "1.5": Spec.Version.v1dot5,
  "1.6": Spec.Version.v1dot6,
};

// A validator compiles its schema on first use (seconds); keep one per spec version.
const validators = new Map<Spec.Version, Validation.JsonStrictValidator>();

function validatorFor(version: Spec.Version): Validation.JsonStrictValidator {
  let validator = validators.get(version);
  if (!validator) {
    validator = new Validation.JsonStrictValidator(version);
    validators.set(version, validator);
  }
  return validator;
}

export async function validateCycloneDx(doc: unknown): Promise<CycloneDxValidationResult> {
  const specVersion = (doc as { specVersion?: unknown } | null)?.specVersion;
  const version = typeof specVersion === "string" ? VERSIONS[specVersion] : undefined;
  if (!version) {
    return {
      valid: false,
      errors: [{ path: "/specVersion", message: `specVersion must be one of ${Object.keys(VERSIONS).join(", ")}` }],
    };
  }
  try {
    const error = await validatorFor(version).validate(JSON.stringify(doc));
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
