import type { ErrorDetail } from "./client";

/**
 * Maps the server's field problems (`body/legalName`, `body/productLines/2`) onto form fields.
 * A problem inside a list lands on the list's field, naming the entry. Returns what matched no field
 * (problems of the whole body, of the query string, or of fields the form does not have).
 */
export function splitServerErrors(
  details: ErrorDetail[],
  fields: readonly string[],
): { fieldErrors: Record<string, string>; unmatched: ErrorDetail[] } {
  const fieldErrors: Record<string, string> = {};
  const unmatched: ErrorDetail[] = [];
  for (const d of details) {
    const [where, field, entry] = d.path.split("/");
    if (where !== "body" || !field || !fields.includes(field)) {
      unmatched.push(d);
      continue;
    }
    const index = entry !== undefined && /^\d+$/.test(entry) ? Number(entry) : null;
    const message = index === null ? d.message : `entry ${index + 1}: ${d.message}`;
    fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]}; ${message}` : message;
  }
  return { fieldErrors, unmatched };
}
