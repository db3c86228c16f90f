import { DATA_ACCESS, DEVICE_IMPACT, SUBSTITUTABILITY, SYSTEM_ACCESS, type TierInputs } from "./tier";

/** Columns of the supplier import/export file; the first five tier inputs are required. */
export const IMPORT_COLUMNS = [
  "name",
  "supplies",
  "supplies_device_components",
  "country",
  "website",
  "contact_name",
  "contact_email",
  "contact_phone",
  "system_access",
  "data_access",
  "device_impact",
  "patient_safety_impact",
  "substitutability",
  "notes",
] as const;
/** Columns an export adds; an import ignores them. */
export const EXPORT_ONLY_COLUMNS = ["tier", "tier_reasons", "missing_clauses", "next_assessment_due", "risk_score", "risk_level"] as const;

export type ImportRow = { line: number; values: Record<string, string> };
export type ImportProblem = { line: number; column: string; reason: string };
export type ImportedSupplier = TierInputs & {
  line: number;
  name: string;
  supplies: string;
  suppliesDeviceComponents: boolean;
  country: string | null;
  website: string | null;
  contacts: { name: string; email: string | null; phone: string | null }[];
  notes: string | null;
};

const YES = new Set(["yes", "y", "true", "1", "x"]);
const NO = new Set(["no", "n", "false", "0", ""]);

/**
 * Checks every row of a supplier file and lists every problem (line, column, reason); the file is accepted only
 * when there are none. Names must be unique within the file (case-insensitive).
 */
export function validateSupplierRows(columns: string[], rows: ImportRow[]): { ok: true; suppliers: ImportedSupplier[] } | { ok: false; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const known = new Set<string>([...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS]);
  for (const c of columns) if (!known.has(c)) problems.push({ line: 1, column: c, reason: `unknown column (expected: ${IMPORT_COLUMNS.join(", ")})` });
  for (const c of ["name", "system_access", "data_access", "device_impact", "patient_safety_impact", "substitutability"]) {
    if (!columns.includes(c)) problems.push({ line: 1, column: c, reason: "required column is missing" });
  }
  if (problems.length) return { ok: false, problems };
  if (rows.length === 0) return { ok: false, problems: [{ line: 2, column: "name", reason: "the file has no supplier rows" }] };

  const seen = new Map<string, number>();
  const suppliers: ImportedSupplier[] = [];
  for (const { line, values } of rows) {
    const v = (c: string) => (values[c] ?? "").trim();
    const bad = (column: string, reason: string) => problems.push({ line, column, reason });
    const oneOf = <T extends string>(column: string, list: readonly T[]): T => {
      const x = v(column).toLowerCase();
      if (!(list as readonly string[]).includes(x)) bad(column, x ? `"${x}" is not one of ${list.join(", ")}` : `required: one of ${list.join(", ")}`);
      return x as T;
    };
    const flag = (column: string, required: boolean): boolean => {
      const x = v(column).toLowerCase();
      if (YES.has(x)) return true;
      if (NO.has(x) && !(required && x === "")) return false;
      bad(column, x ? `"${x}" is not yes or no` : "required: yes or no");
      return false;
    };
    const name = v("name");
    if (!name) bad("name", "required");
    else if (name.length > 200) bad("name", "at most 200 characters");
    else {
      const key = name.toLowerCase();
      if (seen.has(key)) bad("name", `duplicate of line ${seen.get(key)}`);
      else seen.set(key, line);
    }
    const country = v("country").toUpperCase();
    if (country && !/^[A-Z]{2}$/.test(country)) bad("country", `"${v("country")}" is not an ISO 3166 alpha-2 code`);
    const website = v("website");
    if (website && !/^https?:\/\/\S+$/.test(website)) bad("website", "must start with http:// or https://");
    const email = v("contact_email");
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bad("contact_email", `"${email}" is not an e-mail address`);
    if ((email || v("contact_phone")) && !v("contact_name")) bad("contact_name", "required when an e-mail or phone is given");
    const systemAccess = oneOf("system_access", SYSTEM_ACCESS);
    const dataAccess = oneOf("data_access", DATA_ACCESS);
    const deviceImpact = oneOf("device_impact", DEVICE_IMPACT);
    const patientSafetyImpact = flag("patient_safety_impact", true);
    const substitutability = oneOf("substitutability", SUBSTITUTABILITY);
    const suppliesDeviceComponents = flag("supplies_device_components", false);
    suppliers.push({
      line,
      name,
      supplies: v("supplies"),
      suppliesDeviceComponents,
      country: country || null,
      website: website || null,
      contacts: v("contact_name") ? [{ name: v("contact_name"), email: email || null, phone: v("contact_phone") || null }] : [],
      notes: v("notes") || null,
      systemAccess,
      dataAccess,
      deviceImpact,
      patientSafetyImpact,
      substitutability,
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, suppliers };
}
