import { beforeAll, describe, expect, test } from "vitest";
import { inspectCatalogDir } from "../../server/catalog/load";
import type { Catalog } from ".";

let catalog: Catalog;
beforeAll(async () => {
  const loaded = await inspectCatalogDir();
  expect(loaded.problems).toEqual([]);
  catalog = loaded.catalog;
});

// Regression: national records that were stale or wrong before the re-verification of 2026-12-06 (issue 15, item 7).
describe("national transposition records corrected on 2026-12-06", () => {
  test.each([
    ["MT", { status: "in_force", law: /Legal Notice 71 of 2025, S\.L\. 460\.41/, authority: /Critical Infrastructure Protection Department \(CIPD\)/ }],
    ["BG", { status: "in_force", inForceSince: "2026-02-17", law: /adopted by the National Assembly on 5 February 2026/ }],
    ["NL", { status: "bill", inForceSince: undefined, confidence: "V3" }],
    ["RO", { status: "in_force", inForceSince: "2024-12-31", law: /OUG\) no\. 155\/2024 .*Monitorul Oficial no\. 1332 of 31 December 2024/ }],
    ["CY", { status: "in_force", inForceSince: "2025-04-25", law: /Law 60\(I\)\/2025/ }],
    ["PL", { status: "in_force", inForceSince: "2026-04-03", registration: { deadline: "2026-10-03", text: /S46.*PLN 20,000.*PLN 15,000/ } }],
    ["IE", { status: "bill", law: /General Scheme only/, authority: /NCSC.*manufacturing/ }],
    ["ES", { status: "bill", law: /^Anteproyecto de Ley/ }],
    ["LU", { status: "in_force", inForceSince: "2026-05-10", law: /Law of 5 May 2026/, confidence: "V3" }],
  ] as const)("%s", (country, expected) => {
    const record = catalog.memberStates.get(country)!;
    const { law, authority, registration, inForceSince: _, ...plain } = expected as Record<string, unknown>;
    expect(record).toMatchObject(plain);
    if ("inForceSince" in expected) expect(record.inForceSince).toBe(expected.inForceSince);
    if (law) expect(record.law).toMatch(law as RegExp);
    if (authority) expect(record.authority).toMatch(authority as RegExp);
    if (registration) {
      const { deadline, text } = registration as { deadline: string; text: RegExp };
      expect(record.registration?.deadline).toBe(deadline);
      expect(record.registration?.text).toMatch(text);
    }
  });

  test("the records of Ireland and Spain no longer call a draft a bill before parliament or a health agency the device makers' authority", () => {
    expect(catalog.memberStates.get("IE")!.authority).not.toMatch(/^[^:]*health/i);
    expect(catalog.memberStates.get("ES")!.law).not.toMatch(/Proyecto de Ley/);
  });

  test("every record names the sources it was checked against and the day it was verified", () => {
    const records = [...catalog.memberStates.values()];
    expect(records.filter((r) => !r.verifiedOn || !r.sources?.length).map((r) => r.country)).toEqual([]);
    expect(new Set(records.map((r) => r.verifiedOn))).toEqual(new Set(["2026-12-06"]));
  });

  test("no record still claims 'adopted' without an in-force date, or rests on an unverified source", () => {
    const records = [...catalog.memberStates.values()];
    expect(records.filter((r) => r.status === "adopted" && !r.inForceSince).map((r) => r.country)).toEqual([]);
    expect(records.filter((r) => r.confidence === "UNVERIFIED").map((r) => r.country)).toEqual([]);
  });
});
