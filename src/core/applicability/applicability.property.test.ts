import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { inspectCatalogDir } from "../../server/catalog/load";
import type { Catalog } from "../catalog";
import { type Classification, classify } from "./classify";
import { ACTIVITIES, DESIGNATIONS, type Profile, profileSchema } from "./profile";
import { classifySize, type SizeCategory } from "./size";

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 300);
const CLASS_RANK: Record<Classification, number> = { out_of_scope: 0, important: 1, essential: 2 };
const SIZE_RANK: Record<SizeCategory, number> = { micro: 0, small: 1, medium: 2, large: 3 };

let catalog: Catalog;
beforeAll(async () => {
  const loaded = await inspectCatalogDir();
  expect(loaded.problems).toEqual([]);
  catalog = loaded.catalog;
});

// Figures clustered around the thresholds so that boundaries are crossed often.
const staff = fc.oneof(fc.integer({ min: 0, max: 1200 }), fc.constantFrom(9, 10, 49, 50, 249, 250, 749, 750));
const money = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000 }),
  fc.constantFrom(2e6, 2e6 + 1, 1e7, 1e7 + 1, 4.3e7, 4.3e7 + 1, 5e7, 5e7 + 1),
);
const figures = fc.record({ staffHeadcount: staff, annualTurnoverEur: money, balanceSheetTotalEur: money });
const grow = fc.record({ staff: fc.integer({ min: 0, max: 500 }), turnover: fc.integer({ min: 0, max: 1e9 }), balance: fc.integer({ min: 0, max: 1e9 }) });
const activities = fc.subarray([...ACTIVITIES]);
const designations = fc
  .subarray([...DESIGNATIONS])
  .filter((d) => profileSchema.shape.designations.safeParse(d).success);
const establishments = fc.constantFrom<string[]>(["DE"], ["US"], ["PT", "US"], ["FR", "IT"]);

describe("applicability properties", () => {
  test("property: classification is monotone in size for a fixed activity set, designations and establishments", () => {
    fc.assert(
      fc.property(figures, grow, activities, designations, establishments, (small, delta, acts, desig, est) => {
        const bigger = {
          staffHeadcount: small.staffHeadcount + delta.staff,
          annualTurnoverEur: small.annualTurnoverEur + delta.turnover,
          balanceSheetTotalEur: small.balanceSheetTotalEur + delta.balance,
        };
        const base = { establishments: est, activities: acts, designations: desig };
        const a = classifySize(small).value;
        const b = classifySize(bigger).value;
        expect(SIZE_RANK[b]).toBeGreaterThanOrEqual(SIZE_RANK[a]);
        const ca = classify({ ...base, ...small } as Profile, a, catalog).value;
        const cb = classify({ ...base, ...bigger } as Profile, b, catalog).value;
        expect(CLASS_RANK[cb]).toBeGreaterThanOrEqual(CLASS_RANK[ca]);
      }),
      { numRuns: RUNS },
    );
  });

  test("property: designations never lower the classification", () => {
    fc.assert(
      fc.property(figures, activities, designations, establishments, (f, acts, desig, est) => {
        const size = classifySize(f).value;
        const without = classify({ establishments: est, activities: acts, designations: [], offersServicesInEu: false, ...f } as Profile, size, catalog);
        const withD = classify({ establishments: est, activities: acts, designations: desig, offersServicesInEu: false, ...f } as Profile, size, catalog);
        expect(CLASS_RANK[withD.value]).toBeGreaterThanOrEqual(CLASS_RANK[without.value]);
      }),
      { numRuns: RUNS },
    );
  });
});
