import { describe, expect, test } from "vitest";
import { mayApplyAutomatically, readVexDocument, suggestionChanges, suggestionSentence, suggestionsForFindings, unknownProducts, type VexComponent } from ".";
import { boardCycloneDxVex, windRiverCsafVex } from "./supplier-documents.fixture";

const jquery: VexComponent = { ref: "jquery@3.4.1", name: "jquery", version: "3.4.1", purl: "pkg:npm/jquery@3.4.1", cpe: null };

async function statementsOf(doc: unknown) {
  const r = await readVexDocument({ fileName: "doc.json", text: JSON.stringify(doc) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.statements;
}

describe("suggestions from a supplier's VEX", () => {
  test("a finding known by its GHSA id gets the suggestion of a statement by CVE; other findings get none", async () => {
    const statements = await statementsOf(boardCycloneDxVex());
    const found = suggestionsForFindings(
      [
        { id: "f1", vulnerabilityIds: ["GHSA-jpcq-cgw6-v4j6", "CVE-2020-11023"], component: jquery },
        { id: "f2", vulnerabilityIds: ["CVE-2020-11022"], component: jquery },
      ],
      statements,
    );
    expect(found).toEqual([
      {
        findingId: "f1",
        suggestion: { status: "not_affected", justification: "vulnerable_code_not_in_execute_path", detail: "The console is disabled in production images.", statedVulnerability: "CVE-2020-11023", product: "pkg:npm/jquery@3.4.1", matchedBy: "purl" },
      },
    ]);
    expect(unknownProducts(statements, [jquery])).toEqual([{ vulnerability: "CVE-2026-0001", product: "pkg:generic/acme/acme-boot@7.1", status: "affected" }]);
  });

  test("what a later revision changed", async () => {
    const key = { id: "f", vulnerabilityIds: ["CVE-2020-11023"], component: jquery };
    const [r1] = suggestionsForFindings([key], await statementsOf(windRiverCsafVex(1)));
    const [r3] = suggestionsForFindings([key], await statementsOf(windRiverCsafVex(3)));
    expect(suggestionChanges(r1.suggestion, r3.suggestion)).toEqual([
      { field: "status", before: "under_investigation", after: "not_affected" },
      { field: "justification", before: null, after: "vulnerable_code_not_present" },
      { field: "detail", before: null, after: "The htmlPrefilter code path is removed from the shipped build." },
    ]);
    expect(suggestionChanges(r3.suggestion, r3.suggestion)).toEqual([]);
    // The first CSAF validation compiles the schema and the mandatory tests: slow on a loaded machine.
  }, 120_000);

  test("a trust rule never overrides an own analysis", () => {
    const at = new Date("2026-12-01T10:00:00Z");
    expect(mayApplyAutomatically({ analysedAt: null }, null)).toBe(true);
    expect(mayApplyAutomatically({ analysedAt: at }, null)).toBe(false);
    expect(mayApplyAutomatically({ analysedAt: at }, new Date("2026-11-01T10:00:00Z"))).toBe(false);
    expect(mayApplyAutomatically({ analysedAt: at }, new Date(at))).toBe(true);
  });

  test("the sentence beside the finding", () => {
    expect(suggestionSentence({ publisher: "Wind River Systems", status: "not_affected", justification: "vulnerable_code_not_present", documentId: "WRS-2026-0012", revision: "3" })).toBe(
      "Wind River Systems says: not affected — vulnerable code not present, WRS-2026-0012 rev 3",
    );
    expect(suggestionSentence({ publisher: null, status: "fixed", justification: null, documentId: "urn:x", revision: null })).toBe("The supplier says: fixed, urn:x");
  });
});
