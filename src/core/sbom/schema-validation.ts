import type { Validation } from "@cyclonedx/cyclonedx-library";
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

export interface AjvError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** A strict schema validator of one spec version over a parsed document: null when valid, else ajv's errors. */
export type CycloneDxValidate = (doc: unknown) => AjvError[] | null | Promise<AjvError[] | null>;

const validators = new Map<string, CycloneDxValidate>();
let validatorSource: ((specVersion: string) => CycloneDxValidate) | undefined;

/**
 * Where the validators come from instead of @cyclonedx/cyclonedx-library's (which compiles the schema at each
 * start): an adapter that keeps them compiled. It must build them as the library does, with the same errors.
 * `undefined` goes back to the library's.
 */
export function setCycloneDxValidators(source: ((specVersion: string) => CycloneDxValidate) | undefined): void {
  validatorSource = source;
  validators.clear();
}

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

/** Top-level arrays that the schemas do not declare uniqueItems. */
const NOT_UNIQUE = new Set(["externalReferences", "properties"]);

/**
 * ajv checks uniqueItems by comparing every pair of items, which takes close to a minute for 10,000 components.
 * Large top-level arrays are therefore validated in slices of this size, and the uniqueness of all their items is
 * checked here in linear time (ajv's report for one slice would give indices within the slice).
 */
const SLICE = 50;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Items identical to an earlier one, as ajv's uniqueItems sees them (deep equality, key order aside). Only items that
 * share a cheap key (their scalar fields) can be identical, so the canonical form is computed for those alone.
 */
function duplicatesOf(key: string, items: readonly unknown[]): SchemaViolation[] {
  const scalars = (item: unknown): string => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return JSON.stringify(item) ?? "";
    const entries = Object.entries(item).filter(([, v]) => v === null || typeof v !== "object");
    return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  const buckets = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = scalars(item);
    const bucket = buckets.get(k);
    if (bucket) bucket.push(i);
    else buckets.set(k, [i]);
  });
  const found: Array<{ first: number; i: number }> = [];
  for (const bucket of buckets.values()) {
    if (bucket.length < 2) continue;
    const firstIndex = new Map<string, number>();
    for (const i of bucket) {
      const canonical = canonicalJson(items[i]);
      const first = firstIndex.get(canonical);
      if (first === undefined) firstIndex.set(canonical, i);
      else found.push({ first, i });
    }
  }
  return found.sort((a, b) => a.i - b.i).map(({ first, i }) => ({ pointer: `/${key}`, message: `must NOT have duplicate items (items ## ${first} and ${i} are identical)` }));
}

/** The library (with ajv and its schemas) is loaded at the first validation: it is a fifth of a second at every start. */
async function validatorFor(specVersion: string): Promise<CycloneDxValidate> {
  let validator = validators.get(specVersion);
  if (!validator) {
    if (validatorSource) validator = validatorSource(specVersion);
    else {
      const { Validation: V } = await import("@cyclonedx/cyclonedx-library");
      const strict: Validation.JsonStrictValidator = new V.JsonStrictValidator(specVersion as ConstructorParameters<typeof V.JsonStrictValidator>[0]);
      validator = async (doc) => (await strict.validate(JSON.stringify(doc))) as AjvError[] | null;
    }
    validators.set(specVersion, validator);
  }
  return validator;
}

async function violationsOf(validator: CycloneDxValidate, doc: unknown): Promise<SchemaViolation[]> {
  const result: unknown = await validator(doc);
  if (result === null) return [];
  const errors = (Array.isArray(result) ? result : [result]) as AjvError[];
  return errors.map((e) => ({ pointer: e.instancePath ?? "", message: describe(e) }));
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
  let doc: unknown = json;
  if (typeof json === "string") {
    try {
      doc = JSON.parse(json);
    } catch (err) {
      return { valid: false, violations: [{ pointer: "", message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] };
    }
  }
  try {
    return await validateParsed(await validatorFor(specVersion), doc);
  } catch (err) {
    // e.g. the library's MissingOptionalDependencyError: fail closed, but say why.
    return { valid: false, violations: [{ pointer: "", message: `schema validation unavailable: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}

async function validateParsed(validator: CycloneDxValidate, doc: unknown): Promise<SchemaValidationResult> {
  const large =
    doc !== null && typeof doc === "object" && !Array.isArray(doc)
      ? Object.entries(doc as Record<string, unknown>).filter((e): e is [string, unknown[]] => Array.isArray(e[1]) && e[1].length > SLICE)
      : [];
  if (large.length === 0) {
    const violations = await violationsOf(validator, doc);
    return violations.length === 0 ? { valid: true } : { valid: false, violations };
  }

  const skeleton: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  for (const [key] of large) skeleton[key] = [];
  const violations = await violationsOf(validator, skeleton);
  for (const [key, items] of large) {
    for (let start = 0; start < items.length; start += SLICE) {
      const sliceViolations = await violationsOf(validator, { ...skeleton, [key]: items.slice(start, start + SLICE) });
      const prefix = `/${key}/`;
      for (const v of sliceViolations) {
        // A skeleton violation, already reported, or ajv's duplicates within the slice, found by duplicatesOf instead
        if (!v.pointer.startsWith(prefix)) continue;
        const rest = v.pointer.slice(prefix.length);
        const cut = rest.indexOf("/");
        const index = Number(cut === -1 ? rest : rest.slice(0, cut)) + start;
        violations.push({ pointer: `${prefix}${index}${cut === -1 ? "" : rest.slice(cut)}`, message: v.message });
      }
    }
    if (!NOT_UNIQUE.has(key)) violations.push(...duplicatesOf(key, items));
  }
  return violations.length === 0 ? { valid: true } : { valid: false, violations };
}
