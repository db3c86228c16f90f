import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { fixture, requireFixtures } from "../../../test/support/fixtures";
import { formatIssue, type ParseResult, parseAndValidateSbom, validateCycloneDxJson } from "./index";

/*
 * The CycloneDX specification's own conformance documents. Upstream rule: a file whose name starts
 * with "valid" must validate, one starting with "invalid" must not. "informal-invalid-*" (1.7)
 * breaks rules the schemas do not formalise; they are counted separately.
 */
const haveFixtures = requireFixtures();
const root = fixture("cyclonedx-spec-testdata");
const VERSIONS = ["1.4", "1.5", "1.6", "1.7"];

type Expectation = "valid" | "invalid" | "informal";

function expectation(file: string): Expectation {
  if (file.startsWith("valid")) return "valid";
  if (file.startsWith("invalid")) return "invalid";
  return "informal";
}

describe.skipIf(!haveFixtures)("CycloneDX conformance corpus", () => {
  for (const version of VERSIONS) {
    test(`${version}: valid-* accepted, invalid-* rejected with a located reason`, async () => {
      const files = readdirSync(path.join(root, version)).filter((f) => f.endsWith(".json") || f.endsWith(".xml"));
      const counts = { accepted: 0, rejected: 0, crashed: 0 };
      const wrong: string[] = [];
      for (const file of files.sort()) {
        const rel = `${version}/${file}`;
        let result: ParseResult;
        try {
          result = await parseAndValidateSbom({ fileName: rel, content: readFileSync(path.join(root, version, file)) });
        } catch (err) {
          counts.crashed++;
          wrong.push(`${rel}: crashed: ${String(err)}`);
          continue;
        }
        const expected = expectation(file);
        if (result.ok) {
          counts.accepted++;
          if (expected !== "valid") wrong.push(`${rel}: accepted`);
          continue;
        }
        counts.rejected++;
        if (expected === "valid") {
          wrong.push(`${rel}: rejected: ${result.errors.map(formatIssue).join("; ")}`);
          continue;
        }
        for (const e of result.errors) {
          const located = e.pointer !== undefined || e.line !== undefined;
          if (!located || e.file !== rel || e.message.length < 10) wrong.push(`${rel}: imprecise error ${formatIssue(e)}`);
          if (file.endsWith(".xml") && e.line === undefined) wrong.push(`${rel}: XML error without line: ${formatIssue(e)}`);
        }
      }
      console.log(
        `CycloneDX ${version} conformance: ${files.length} files, ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.crashed} crashed`,
      );
      expect(wrong).toEqual([]);
      expect(counts.crashed).toBe(0);
      expect(counts.accepted).toBe(files.filter((f) => expectation(f) === "valid").length);
    });
  }

  test("rejections name the offending place", async () => {
    const read = (rel: string) => ({ fileName: rel, content: readFileSync(path.join(root, rel)) });
    const cases: Array<[string, { pointer?: string; line?: number; message: RegExp }]> = [
      ["1.6/invalid-hash-sha256-1.6.json", { pointer: "/components/0/hashes/2/content", message: /must match pattern/ }],
      ["1.6/invalid-scope-1.6.json", { pointer: "/components/0/scope", message: /"required", "optional", "excluded"/ }],
      ["1.6/invalid-serialnumber-1.6.json", { pointer: "/serialNumber", message: /pattern/ }],
      ["1.6/invalid-hash-sha256-1.6.xml", { pointer: "/bom/components/component/hashes/hash[3]", line: 11, message: /hash value "foo"/ }],
      ["1.6/invalid-scope-1.6.xml", { pointer: "/bom/components/component/scope", line: 7, message: /scope "foo"/ }],
      ["1.5/invalid-license-id-1.5.xml", { line: 19, message: /"Apache-2" is not an SPDX license id/ }],
      ["1.4/invalid-component-type-1.4.xml", { line: 4, message: /component type "foo" is not defined in CycloneDX 1.4/ }],
      ["1.6/invalid-namespace-1.6.xml", { pointer: "/bom", line: 2, message: /supported versions are 1\.1, .*1\.7/ }],
      ["1.6/invalid-bomformat-1.6.json", { pointer: "/bomFormat", message: /bomFormat must be "CycloneDX", found "AnotherFormat"/ }],
    ];
    for (const [rel, want] of cases) {
      const result = await parseAndValidateSbom(read(rel));
      expect(result.ok, rel).toBe(false);
      if (result.ok) continue;
      const e = result.errors[0];
      expect(e.message, rel).toMatch(want.message);
      if (want.pointer !== undefined) expect(e.pointer, rel).toBe(want.pointer);
      if (want.line !== undefined) expect(e.line, rel).toBe(want.line);
    }
  });

  test("validateCycloneDxJson accepts a valid document and reports pointers for an invalid one", async () => {
    const valid = readFileSync(path.join(root, "1.5/valid-bom-1.5.json"), "utf8");
    expect(await validateCycloneDxJson(valid, "1.5")).toEqual({ valid: true });
    expect(await validateCycloneDxJson(JSON.parse(valid), "1.5")).toEqual({ valid: true });
    const invalid = readFileSync(path.join(root, "1.5/invalid-patch-type-1.5.json"), "utf8");
    const result = await validateCycloneDxJson(invalid, "1.5");
    expect(result.valid).toBe(false);
    if (!result.valid && "violations" in result) {
      expect(result.violations[0].pointer).toBe("/components/0/pedigree/patches/0/type");
    }
    const unsupported = await validateCycloneDxJson(valid, "1.1");
    expect(unsupported).toMatchObject({ valid: false, unsupported: expect.stringMatching(/supported versions are 1\.2, .*1\.7/) });
  });
});
