import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { conformsToOsvSchema } from "./conforms";
import { osvRecordSchema } from "./schema";

const BASE = {
  schema_version: "1.6.0",
  id: "GHSA-aaaa-bbbb-cccc",
  modified: "2024-05-01T10:00:00Z",
  published: "2024-04-30T09:00:00.123+02:00",
  aliases: ["CVE-2024-0001"],
  related: null,
  summary: "Prototype pollution",
  details: "details",
  severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
  affected: [
    {
      package: { ecosystem: "npm", name: "lib", purl: "pkg:npm/lib" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.2.3" }], database_specific: { source: "x" } }],
      versions: ["1.0.0"],
      ecosystem_specific: { affected_functions: ["f"] },
    },
    { package: { purl: "pkg:pypi/other" }, severity: null },
  ],
  references: [{ type: "WEB", url: "https://example.com" }],
  credits: [{ name: "someone", contact: ["x"] }],
  database_specific: { cwe_ids: ["CWE-1321"] },
  extra_field: { kept: true },
};

/** Every path to a value inside `v` (object keys and array indices). */
function paths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v !== "object" || v === null) return [at];
  const keys: Array<string | number> = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

function replaced(v: unknown, at: Array<string | number>, value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = at;
  if (value === undefined && rest.length === 0 && !Array.isArray(v)) delete copy[head];
  else copy[head] = replaced(copy[head], rest, value);
  return copy;
}

const ALL_PATHS = paths(BASE);
const odd = fc.constantFrom<unknown>(undefined, null, "", "x", "2024-01-01", 0, true, [], {}, [{}], ["x"], [null], { introduced: 1 });

describe("conformsToOsvSchema", () => {
  test("a complete record conforms and is used as it is", () => {
    expect(conformsToOsvSchema(BASE)).toBe(true);
  });

  test("property: whenever it says yes, the schema accepts the value and reads the same record", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ALL_PATHS), odd), { minLength: 1, maxLength: 3 }), (edits) => {
        const value = edits.reduce<unknown>((v, [at, x]) => replaced(v, at, x), BASE);
        const parsed = osvRecordSchema.safeParse(value);
        if (conformsToOsvSchema(value)) {
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(value);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test.each([
    ["an empty id", { id: "" }],
    ["a date for a timestamp", { modified: "2024-05-01" }],
    ["null where a string is optional", { summary: null }],
    ["a range without events", { affected: [{ package: { ecosystem: "npm", name: "a" }, ranges: [{ type: "SEMVER", events: [] }] }] }],
    ["a package with only a name", { affected: [{ package: { name: "a" } }] }],
    ["aliases that are not strings", { aliases: [1] }],
  ])("%s does not conform", (_, change) => {
    expect(conformsToOsvSchema({ ...BASE, ...change })).toBe(false);
  });
});
