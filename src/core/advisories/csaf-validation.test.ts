import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { csafMandatoryTestIds, csafTestId, validateCsaf } from "./csaf-validation";

const haveFixtures = requireFixtures();
const readJson = (...parts: string[]) => JSON.parse(readFileSync(fixture(...parts), "utf8"));

interface TestCases {
  tests: Array<{ id: string; group: string; failures?: Array<{ name: string }>; valid?: Array<{ name: string }> }>;
}

/**
 * OASIS conformance documents that csaf-validator-lib 2.0.10 does not flag:
 * 6.1.26-04 uses the category "csafsecurityadvisory" (a profile name without underscores),
 * which the library's prohibited-category check does not catch.
 */
const KNOWN_UNDETECTED = new Set(["mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-26-04.json"]);

beforeAll(async () => {
  // Loading the validator compiles its schemas once (several seconds).
  await csafMandatoryTestIds();
});

describe("validateCsaf", () => {
  test("runs the strict schema and every mandatory test, and nothing else", async () => {
    const ids = await csafMandatoryTestIds();
    expect(ids.every((id) => id.startsWith("6.1."))).toBe(true);
    for (const id of ["6.1.1", "6.1.8", "6.1.9", "6.1.11", "6.1.27.9", "6.1.27.10", "6.1.33"]) expect(ids).toContain(id);
    expect(ids).toHaveLength(43);
    expect(csafTestId("mandatoryTest_6_1_27_10")).toBe("6.1.27.10");
    expect(csafTestId("csaf_2_0_strict")).toBe("schema");
  });

  test("non-objects are refused", async () => {
    expect(await validateCsaf("{}")).toEqual({
      valid: false,
      errors: [{ path: "", message: "a CSAF document must be a JSON object", test: "schema" }],
    });
    const empty = await validateCsaf({});
    expect(empty.valid).toBe(false);
    expect(empty.errors.some((e) => e.test === "schema" && /document/.test(e.message))).toBe(true);
  });
});

describe.skipIf(!haveFixtures)("OASIS CSAF 2.0 examples and conformance documents", () => {
  const examples = haveFixtures
    ? [
        ...readdirSync(fixture("csaf", "oasis-examples")).filter((f) => f.endsWith(".json")),
        ...readdirSync(fixture("csaf", "oasis-examples", "csaf_vex"))
          .filter((f) => f.endsWith(".json"))
          .map((f) => `csaf_vex/${f}`),
      ]
    : [];

  test("there are security advisory and VEX examples", () => {
    expect(examples.length).toBe(19);
  });

  test.each(examples)("%s passes the schema and all mandatory tests", async (file) => {
    const result = await validateCsaf(readJson("csaf", "oasis-examples", file));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("each mandatory failure test case fails with its expected test id", async () => {
    const cases: TestCases = readJson("csaf", "oasis-testfiles", "testcases.json");
    let checked = 0;
    const missed: string[] = [];
    for (const t of cases.tests.filter((c) => c.group === "mandatory")) {
      for (const { name } of t.failures ?? []) {
        const result = await validateCsaf(readJson("csaf", "oasis-testfiles", name));
        checked++;
        if (!result.errors.some((e) => e.test === t.id)) missed.push(`${t.id} ${name}`);
        else expect(result.valid).toBe(false);
      }
    }
    expect(checked).toBe(87);
    expect(missed).toEqual([...KNOWN_UNDETECTED].map((n) => `6.1.26 ${n}`));
  });

  test("each mandatory 'valid' test case passes the test it was written for", async () => {
    const cases: TestCases = readJson("csaf", "oasis-testfiles", "testcases.json");
    let checked = 0;
    for (const t of cases.tests.filter((c) => c.group === "mandatory")) {
      for (const { name } of t.valid ?? []) {
        const result = await validateCsaf(readJson("csaf", "oasis-testfiles", name));
        checked++;
        expect(result.errors.filter((e) => e.test === t.id), name).toEqual([]);
      }
    }
    expect(checked).toBe(60);
  });

  test("a chosen failure names the failing path and message", async () => {
    const result = await validateCsaf(
      readJson("csaf", "oasis-testfiles", "mandatory", "oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json"),
    );
    expect(result.errors).toEqual([
      { path: "/product_tree/product_groups/0/product_ids/0", message: "definition of product id missing", test: "6.1.1" },
      { path: "/product_tree/product_groups/0/product_ids/1", message: "definition of product id missing", test: "6.1.1" },
    ]);
  });
});
