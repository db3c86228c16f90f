import { describe, expect, test } from "vitest";
import { IMPORT_COLUMNS, validateSupplierRows } from "./import";

const cols = [...IMPORT_COLUMNS];
const row = (line: number, values: Record<string, string>) => ({
  line,
  values: { name: `S${line}`, system_access: "none", data_access: "none", device_impact: "none", patient_safety_impact: "no", substitutability: "easy", ...values },
});

describe("supplier import rows", () => {
  test("a good file becomes suppliers", () => {
    const r = validateSupplierRows(cols, [row(2, { name: "Acme", contact_name: "Ann", contact_email: "ann@acme.example", patient_safety_impact: "yes" })]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.suppliers[0]).toMatchObject({ name: "Acme", patientSafetyImpact: true, contacts: [{ name: "Ann", email: "ann@acme.example" }] });
  });

  test("every bad row and column is listed", () => {
    const r = validateSupplierRows(cols, [
      row(2, {}),
      row(3, { system_access: "root", country: "Germany" }),
      row(4, { name: "S2" }),
      row(5, { patient_safety_impact: "", contact_email: "not-mail" }),
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        { line: 3, column: "country", reason: '"Germany" is not an ISO 3166 alpha-2 code' },
        { line: 3, column: "system_access", reason: '"root" is not one of none, limited, privileged' },
        { line: 4, column: "name", reason: "duplicate of line 2" },
        { line: 5, column: "contact_email", reason: '"not-mail" is not an e-mail address' },
        { line: 5, column: "contact_name", reason: "required when an e-mail or phone is given" },
        { line: 5, column: "patient_safety_impact", reason: "required: yes or no" },
      ]);
  });

  test("missing and unknown columns are reported on the header line", () => {
    const r = validateSupplierRows(["name", "colour"], [row(2, {})]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => `${p.line}:${p.column}`)).toEqual(["1:colour", "1:system_access", "1:data_access", "1:device_impact", "1:patient_safety_impact", "1:substitutability"]);
  });
});
