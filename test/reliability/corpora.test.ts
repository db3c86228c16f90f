import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { validateCsaf } from "../../src/core/advisories/csaf-validation";
import { validateOsvRecord } from "../../src/core/vulnerabilities";
import { fixture, requireFixtures } from "../support/fixtures";

/**
 * Whole public corpora through the validators the importers use, counted as accepted / rejected / crashed.
 * A crash (an exception instead of a verdict) is never acceptable; the expected verdicts are checked per corpus.
 */
const haveFixtures = requireFixtures();

type Counts = { accepted: number; rejected: number; crashed: number };
const counts = (): Counts => ({ accepted: 0, rejected: 0, crashed: 0 });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(json|ya?ml)$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

describe.skipIf(!haveFixtures)("conformance corpora", () => {
  test("OSV: every shared record and the osv-linter fixtures", () => {
    const c = counts();
    const crashes: string[] = [];
    const rejected: string[] = [];
    const root = fixture("osv");
    const files = [...filesUnder(path.join(root, "records")), ...filesUnder(path.join(root, "osv-linter-testdata"))];
    for (const file of files) {
      const rel = path.relative(root, file);
      let record: unknown;
      try {
        const text = readFileSync(file, "utf8");
        record = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
      } catch {
        // An unparseable file (osv.dev keeps a YAML fixture with duplicate keys) is refused before validation.
        c.rejected++;
        rejected.push(rel);
        continue;
      }
      try {
        const v = validateOsvRecord(record);
        if (v.ok) c.accepted++;
        else {
          c.rejected++;
          rejected.push(rel);
        }
      } catch (err) {
        c.crashed++;
        crashes.push(`${rel}: ${String(err)}`);
      }
    }
    console.log(`OSV corpus: ${files.length} records, ${c.accepted} accepted, ${c.rejected} rejected, ${c.crashed} crashed`);
    expect(crashes).toEqual([]);
    // Exactly these are refused: the linter's invalid fixtures, two osv.dev records with an empty `affected`
    // (REC:001) and a YAML fixture with duplicate keys. Every real record from the feeds is accepted.
    expect(rejected.sort()).toEqual(
      [
        "osv-linter-testdata/RHSA-2022_0216.json",
        "osv-linter-testdata/SUSE-FU-2022_0444-1.json",
        "osv-linter-testdata/nointroduced-CVE-2023-41045.json",
        "osv-linter-testdata/nondistinct-CVE-2018-5407.json",
        "records/osv.dev-testdata/DLA-3623-1.json",
        "records/osv.dev-testdata/USN-6332-1.json",
        "records/osv.dev-testdata/yaml/OSV-130.yaml",
      ].sort(),
    );
  });

  test("CSAF 2.0: OASIS examples and every conformance test file", async () => {
    const c = counts();
    const crashes: string[] = [];
    const wrong: string[] = [];
    const cases = JSON.parse(readFileSync(fixture("csaf", "oasis-testfiles", "testcases.json"), "utf8")) as {
      tests: Array<{ id: string; group: string; failures?: Array<{ name: string }>; valid?: Array<{ name: string }> }>;
    };
    // A conformance file targets one test: a failure file must fail that test, a valid file must pass it (it may
    // still fail another one). Only mandatory tests decide validity; optional and informative ones are not run.
    const docs: Array<{ file: string; expect: "valid" | "invalid" | "either"; test?: string }> = [];
    for (const t of cases.tests) {
      const mandatory = t.group === "mandatory";
      for (const { name } of t.failures ?? []) docs.push({ file: path.join("oasis-testfiles", name), expect: mandatory ? "invalid" : "either", test: t.id });
      for (const { name } of t.valid ?? []) docs.push({ file: path.join("oasis-testfiles", name), expect: mandatory ? "valid" : "either", test: t.id });
    }
    // distribution/ holds ROLIE feeds, aggregator and provider metadata, which are not CSAF documents.
    for (const f of filesUnder(fixture("csaf", "oasis-examples")).filter((f) => !f.includes(`${path.sep}distribution${path.sep}`))) {
      docs.push({ file: path.relative(fixture("csaf"), f), expect: "valid" });
    }
    for (const doc of docs) {
      try {
        const result = await validateCsaf(JSON.parse(readFileSync(fixture("csaf", doc.file), "utf8")));
        if (result.valid) c.accepted++;
        else c.rejected++;
        const failsTarget = doc.test ? result.errors.some((e) => e.test === doc.test) : !result.valid;
        if (doc.expect === "valid" && failsTarget) wrong.push(`${doc.file}: rejected`);
        if (doc.expect === "invalid" && !failsTarget) wrong.push(`${doc.file}: accepted`);
      } catch (err) {
        c.crashed++;
        crashes.push(`${doc.file}: ${String(err)}`);
      }
    }
    console.log(`CSAF corpus: ${docs.length} documents, ${c.accepted} accepted, ${c.rejected} rejected, ${c.crashed} crashed`);
    expect(crashes).toEqual([]);
    // csaf-validator-lib 2.0.10 misses the profile-name category of 6.1.26-04 (see src/core/advisories/csaf-validation.test.ts).
    expect(wrong).toEqual(["oasis-testfiles/mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-26-04.json: accepted"]);
  }, 300_000);
});
