/** Text a spreadsheet would run as a formula when it starts a cell (OWASP CSV injection: = + - @ TAB CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 CSV field; a value a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}
