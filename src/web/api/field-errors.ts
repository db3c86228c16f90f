import type { ErrorDetail } from "./client";

/** Validator phrasings (`required`, `Invalid input: expected string, received undefined`) in plain words. */
const plainWords: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^required$|received undefined$|^Too small: expected string to have >=1 characters?$/i, () => "This is required"],
  [/^Invalid input: expected (number|int)/i, () => "Enter a number"],
  [/^Invalid (ISO )?date/i, () => "Enter a valid date"],
  [/^Invalid option: expected one of/i, () => "Choose one of the offered options"],
  [/^Too big: expected string to have <=(\d+) characters?$/i, (m) => `Too long: at most ${m[1]} characters`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/i, (m) => `Must be at least ${m[1]}`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/i, (m) => `Must be at most ${m[1]}`],
];

export function plainMessage(message: string): string {
  for (const [pattern, say] of plainWords) {
    const m = message.match(pattern);
    if (m) return say(m);
  }
  return message;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Maps the server's field problems (`body/legalName`, `body/productLines/2`) onto form fields, in plain words,
 * each problem once. A problem inside a list lands on the list's field, naming the entry. Returns what matched
 * no field (problems of the whole body, of the query string, or of fields the form does not have).
 */
export function splitServerErrors(
  details: ErrorDetail[],
  fields: readonly string[],
): { fieldErrors: Record<string, string>; unmatched: ErrorDetail[] } {
  const messages = new Map<string, string[]>();
  const unmatched: ErrorDetail[] = [];
  for (const d of details) {
    const [where, field, entry] = d.path.split("/");
    if (where !== "body" || !field || !fields.includes(field)) {
      unmatched.push(d);
      continue;
    }
    const index = entry !== undefined && /^\d+$/.test(entry) ? Number(entry) : null;
    const message = index === null ? plainMessage(d.message) : `entry ${index + 1}: ${plainMessage(d.message)}`;
    const list = messages.get(field) ?? [];
    if (!list.includes(message)) list.push(message);
    messages.set(field, list);
  }
  const fieldErrors = Object.fromEntries([...messages].map(([field, list]) => [field, capitalised(list.join("; "))]));
  return { fieldErrors, unmatched };
}
