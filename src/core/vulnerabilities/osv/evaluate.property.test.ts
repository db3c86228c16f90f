import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compareVersions, matchRecord, type OsvRecord } from "../index";
import { compileRecord } from "./compile";

const numRuns = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);

const semver = fc
  .tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.constantFrom("", "-alpha", "-rc.1", "-0"))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre}`);

/**
 * Non-overlapping [introduced, fixed) intervals from a sorted set of distinct versions, given
 * to the matcher in shuffled event order; membership must equal the plain interval check.
 */
describe("range evaluation against an interval oracle", () => {
  test("property: SEMVER ranges with several introduced/fixed (or last_affected) pairs in any order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(semver, { minLength: 2, maxLength: 8, comparator: (a, b) => compareVersions("npm", a, b) === 0 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        semver,
        fc.infiniteStream(fc.nat()),
        (distinct, openEnd, zeroStart, useLastAffected, probe, random) => {
          const sorted = [...distinct].sort((a, b) => compareVersions("npm", a, b));
          if (openEnd) sorted.push("*"); // last interval without fix
          const pairs: [string, string][] = [];
          for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([sorted[i], sorted[i + 1]]);
          if (zeroStart && pairs.length > 0) pairs[0] = ["0", pairs[0][1]];
          const end = (to: string) => (useLastAffected ? { last_affected: to } : { fixed: to });
          const events = pairs.flatMap(([from, to]) => (to === "*" ? [{ introduced: from }] : [{ introduced: from }, end(to)]));
          const it = random[Symbol.iterator]();
          const shuffled = events
            .map((e) => ({ e, k: it.next().value as number }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.e);
          const record: OsvRecord = {
            id: "PROP-1",
            modified: "2024-01-01T00:00:00Z",
            affected: [{ package: { ecosystem: "npm", name: "p" }, ranges: [{ type: "SEMVER", events: shuffled }] }],
          };
          const expected = pairs.some(
            ([from, to]) =>
              (from === "0" || compareVersions("npm", probe, from) >= 0) &&
              (to === "*" || compareVersions("npm", probe, to) < (useLastAffected ? 1 : 0)),
          );
          const out = matchRecord(record, { ecosystem: "npm", name: "p", version: probe });
          expect(out.warnings).toEqual([]);
          expect(out.matches.length === 1).toBe(expected);
        },
      ),
      { numRuns },
    );
  });
});

describe("compiled range events", () => {
  // Short ranges are sorted by insertion (no allocation per call), longer ones by the built-in sort: both must give
  // the order the spec's evaluation walks, stably, whatever the events' order in the record.
  test("property: events in version order, introduced before last_affected before fixed at equal versions, limits apart", () => {
    const kinds = ["introduced", "last_affected", "fixed", "limit"] as const;
    const rank = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.constantFrom("1.0.0", "1.2.0", "2.0.0-rc.1", "2.0.0", "3.1.4")), { maxLength: 20 }), (pairs) => {
        const events = pairs.map(([kind, version]) => ({ [kind]: version }));
        const record: OsvRecord = {
          id: "PROP-2",
          modified: "2024-01-01T00:00:00Z",
          affected: [{ package: { ecosystem: "npm", name: "p" }, ranges: [{ type: "SEMVER", events }] }],
        };
        const range = compileRecord(record).affected[0].ranges[0];
        const expected = pairs
          .filter(([kind]) => kind !== "limit")
          .map(([kind, version], at) => ({ kind, version, at }))
          .sort((a, b) => compareVersions("npm", a.version, b.version) || rank[a.kind] - rank[b.kind] || a.at - b.at);
        expect(range.events.map((e) => `${e.kind} ${e.raw}`)).toEqual(expected.map((e) => `${e.kind} ${e.version}`));
        expect(range.limits.map((e) => e.raw)).toEqual(pairs.filter(([kind]) => kind === "limit").map(([, v]) => v));
      }),
      { numRuns },
    );
  });
});
