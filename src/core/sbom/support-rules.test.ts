import { describe, expect, test } from "vitest";
import { decidingSupportRule, resolvedSupport, type SupportRule, supportRuleSchema } from "./support-rules";

const rule = (name: string, purlPattern: string, versionRange: string | null = null, level = "actively_maintained"): SupportRule => ({
  name,
  purlPattern,
  versionRange,
  level,
  endOfSupport: null,
});
const rules = [
  rule("all acme", "pkg:generic/acme/*"),
  rule("acme tls", "pkg:generic/acme/tls", null, "no_longer_maintained"),
  rule("acme tls 1.x", "pkg:generic/acme/tls", "vers:generic/<2.0", "abandoned"),
  rule("acme t-anything", "pkg:generic/acme/t*"),
  rule("b first", "pkg:npm/*"),
  rule("a first", "pkg:npm/*"),
];

describe("the deciding support rule is the most specific that matches", () => {
  test.each([
    ["pkg:generic/acme/rtos@4.2", "4.2", "all acme"],
    ["pkg:generic/acme/tls@2.1", "2.1", "acme tls"],
    ["pkg:generic/acme/tls@1.1.1", "1.1.1", "acme tls 1.x"],
    ["pkg:generic/acme/tls@1.1.1?arch=arm", "1.1.1", "acme tls 1.x"],
    ["pkg:generic/acme/tcp@1", "1", "acme t-anything"],
    ["pkg:npm/left-pad@1.0.0", "1.0.0", "a first"],
    ["pkg:generic/other/tls@1", "1", null],
    [null, "1", null],
  ])("%s → %s", (purl, version, expected) => {
    expect(decidingSupportRule(rules, purl, version)?.name ?? null).toBe(expected);
  });

  test("a rule with a version range leaves a component without version alone", () => {
    expect(decidingSupportRule([rule("ranged", "pkg:generic/acme/*", "vers:generic/<2.0")], "pkg:generic/acme/tls", null)).toBeNull();
  });
});

describe("a manual entry and the SBOM's statement win over a rule", () => {
  const r = { ...rule("acme", "pkg:generic/acme/*", null, "no_longer_maintained"), endOfSupport: "2025-01-31" };
  const none = { supplier: null, supportLevel: null, endOfSupport: null };
  test.each([
    ["manual wins", { supplier: "Acme", supportLevel: "abandoned", endOfSupport: null }, none, r, { supportLevel: "abandoned", source: "manual" }],
    ["the SBOM's level wins", null, { supplier: null, supportLevel: "supported", endOfSupport: null }, r, { supportLevel: "supported", source: "sbom" }],
    ["the SBOM's date alone wins", null, { supplier: null, supportLevel: null, endOfSupport: "2030-01-01" }, r, { supportLevel: null, source: "sbom" }],
    ["a supplier alone is no statement of support", null, { supplier: "Acme", supportLevel: null, endOfSupport: null }, r, { supplier: "Acme", supportLevel: "no_longer_maintained", endOfSupport: "2025-01-31", source: "rule:acme" }],
    ["no rule: unknown stays unknown", null, none, null, { supportLevel: null, endOfSupport: null, source: null }],
    ["no rule, a supplier from the SBOM", null, { supplier: "Acme", supportLevel: null, endOfSupport: null }, null, { supplier: "Acme", source: "sbom" }],
  ] as const)("%s", (_, manual, sbom, deciding, expected) => {
    expect(resolvedSupport(sbom, manual, deciding)).toMatchObject(expected);
  });
});

describe("a support rule is refused with the field named", () => {
  const ok = { name: "acme", purlPattern: "pkg:generic/acme/*", level: "actively_maintained" };
  test.each([
    [{ ...ok, purlPattern: "generic/acme" }, "purlPattern"],
    [{ ...ok, purlPattern: "pkg:generic/acme/tls@1.0" }, "purlPattern"],
    [{ ...ok, versionRange: "1.0 to 2.0" }, "versionRange"],
    [{ ...ok, level: "maybe" }, "level"],
    [{ ...ok, endOfSupport: "2025-02-30" }, "endOfSupport"],
  ])("%j", (input, field) => {
    const r = supportRuleSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });
  test("a valid rule passes", () => expect(supportRuleSchema.parse({ ...ok, versionRange: "vers:generic/<2.0", endOfSupport: "2027-12-31" })).toBeTruthy());
});
