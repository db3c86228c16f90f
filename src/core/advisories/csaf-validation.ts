import type { CsafDocumentTest, default as runTests } from "@secvisogram/csaf-validator-lib/validate.js";

/**
 * CSAF 2.0 validation: the strict JSON schema (no additional properties) plus every mandatory
 * test (6.1.x) of the CSAF 2.0 standard, as implemented by BSI's csaf-validator-lib.
 * Optional (6.2.x) and informative (6.3.x) tests are never run here: some of them spawn
 * hunspell (6.3.8) or fetch URLs (6.3.6), which a pure core must not do.
 *
 * The library's `validateStrict` guards against running caller-supplied test functions, but it
 * imports every optional and informative test to do so (about 18 s of start-up); only the
 * library's own schema and mandatory test functions are ever passed here, so plain `validate`
 * is used. The validator is loaded on first use (about 9 s: it compiles many schemas).
 */

export interface CsafValidationError {
  /** JSON pointer into the document, e.g. `/vulnerabilities/0/scores/0/cvss_v3/baseScore`. */
  path: string;
  message: string;
  /** "schema" for the strict JSON schema, else the test id such as "6.1.9" or "6.1.27.10". */
  test: string;
}

export interface CsafValidationResult {
  valid: boolean;
  errors: CsafValidationError[];
}

interface LoadedValidator {
  validate: typeof runTests;
  tests: CsafDocumentTest[];
}

let loading: Promise<LoadedValidator> | undefined;

function loadValidator(): Promise<LoadedValidator> {
  if (loading) return loading;
  loading = (async (): Promise<LoadedValidator> => {
    const [{ default: validate }, schema, mandatory] = await Promise.all([
      import("@secvisogram/csaf-validator-lib/validate.js"),
      import("@secvisogram/csaf-validator-lib/schemaTests.js"),
      import("@secvisogram/csaf-validator-lib/mandatoryTests.js"),
    ]);
    const mandatoryTests = Object.entries(mandatory as Record<string, unknown>)
      .filter(([name, fn]) => name.startsWith("mandatoryTest_") && typeof fn === "function")
      .map(([, fn]) => fn as CsafDocumentTest);
    return { validate, tests: [schema.csaf_2_0_strict, ...mandatoryTests] };
  })();
  return loading;
}

/** `mandatoryTest_6_1_27_10` → `6.1.27.10`; `csaf_2_0_strict` → `schema`. */
export function csafTestId(functionName: string): string {
  const match = /^mandatoryTest_(\d+(?:_\d+)*)$/.exec(functionName);
  return match ? match[1].replaceAll("_", ".") : "schema";
}

/** Number of mandatory tests run (for reports and tests). */
export async function csafMandatoryTestIds(): Promise<string[]> {
  const { tests } = await loadValidator();
  return tests.map((t) => csafTestId(t.name)).filter((id) => id !== "schema");
}

export async function validateCsaf(doc: unknown): Promise<CsafValidationResult> {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { valid: false, errors: [{ path: "", message: "a CSAF document must be a JSON object", test: "schema" }] };
  }
  try {
    const { validate, tests } = await loadValidator();
    const result = await validate(tests, doc);
    const errors = result.tests.flatMap((t) =>
      t.errors.map((e) => ({ path: e.instancePath, message: e.message, test: csafTestId(t.name) })),
    );
    return { valid: result.isValid && errors.length === 0, errors };
  } catch (e) {
    // A test that crashes on a malformed document is reported, not rethrown.
    return { valid: false, errors: [{ path: "", message: `validator failed: ${(e as Error).message}`, test: "schema" }] };
  }
}
