import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { AdvisoryIndex, type ComponentRef, matchRecord, type OsvRecord } from "../index";

const numRuns = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);
const MODIFIED = "2024-01-01T00:00:00Z";
// PyPI names that normalise alike (PEP 503), so that one indexed package is spelt differently by its entries; each
// match must report its own entry's spelling.
const SPELLINGS = ["Foo_Bar", "foo-bar", "FOO.bar", "b"];
const LOOKED_UP = ["foo-bar", "b"];
const VERSIONS = ["1.0.0", "1.1.0", "2.0.0", "3.0.0"];

const entry = fc.record({
  name: fc.constantFrom(...SPELLINGS),
  introduced: fc.constantFrom("0", ...VERSIONS),
  fixed: fc.option(fc.constantFrom(...VERSIONS), { nil: undefined }),
  listed: fc.option(fc.constantFrom(...VERSIONS), { nil: undefined }),
});

const record = fc.record({
  id: fc.constantFrom("R-1", "R-2", "R-3"),
  withdrawn: fc.boolean().map((w) => (w ? MODIFIED : undefined)),
  affected: fc.array(entry, { maxLength: 3 }),
});

type Operation =
  | { readonly op: "add"; readonly record: OsvRecord }
  | { readonly op: "remove"; readonly id: string }
  | { readonly op: "look"; readonly component: ComponentRef };

// Adds and lookups interleaved densely, so that records are added to, replaced in and removed from compiled packages.
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: record.map(({ id, withdrawn, affected }) => ({
    op: "add" as const,
    record: {
      id,
      modified: MODIFIED,
      ...(withdrawn ? { withdrawn } : {}),
      affected: affected.map((e) => ({
        package: { ecosystem: "PyPI", name: e.name },
        ranges: [{ type: "SEMVER" as const, events: [{ introduced: e.introduced }, ...(e.fixed ? [{ fixed: e.fixed }] : [])] }],
        ...(e.listed ? { versions: [e.listed] } : {}),
      })),
    },
  })) },
  { weight: 1, arbitrary: fc.constantFrom("R-1", "R-2", "R-3").map((id) => ({ op: "remove" as const, id })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...LOOKED_UP), fc.constantFrom(...VERSIONS))
      .map(([name, version]) => ({ op: "look" as const, component: { ecosystem: "PyPI", name, version } })),
  },
);

const summary = (matches: readonly { advisoryId: string; affectedIndex: number; affectedRange: string; ecosystem: string; packageName: string }[]) =>
  matches.map((m) => `${m.advisoryId}#${m.affectedIndex} ${m.ecosystem}/${m.packageName} ${m.affectedRange}`);

/**
 * The index compiles a package's entries when the package is first looked up, and keeps them compiled through later
 * adds, replacements and removals. Whatever the order of those, a lookup must answer what each current record,
 * matched alone, answers, in the order the records were (last) added.
 */
describe("an index compiled on lookup", () => {
  test("property: matches equal every current record matched alone, whatever was looked up before; withdrawals are kept", () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 4, maxLength: 40 }), (operations) => {
        const index = new AdvisoryIndex();
        const current = new Map<string, OsvRecord>();
        const withdrawn = new Set<string>();
        for (const o of operations) {
          if (o.op === "add") {
            current.delete(o.record.id);
            withdrawn.delete(o.record.id);
            if (o.record.withdrawn) withdrawn.add(o.record.id);
            else current.set(o.record.id, o.record);
            index.add(o.record);
          } else if (o.op === "remove") {
            current.delete(o.id);
            withdrawn.delete(o.id);
            index.remove(o.id);
          } else {
            const expected = [...current.values()].flatMap((r) => matchRecord(r, o.component).matches);
            expect(summary(index.matchComponent(o.component).matches)).toEqual(summary(expected));
          }
        }
        expect(index.size).toBe(current.size);
        expect([...index.withdrawn].sort()).toEqual([...withdrawn].sort());
      }),
      { numRuns },
    );
  });

  test("a record naming one package in two entries matches once, by its first matching entry", () => {
    const index = new AdvisoryIndex([
      {
        id: "TWICE-1",
        modified: MODIFIED,
        affected: [
          { package: { ecosystem: "npm", name: "a" }, ranges: [{ type: "SEMVER", events: [{ introduced: "2.0.0" }] }] },
          { package: { ecosystem: "npm", name: "a" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] },
        ],
      },
    ]);
    expect(summary(index.matchComponent({ ecosystem: "npm", name: "a", version: "1.0.0" }).matches)).toEqual(["TWICE-1#1 npm/a SEMVER all versions"]);
    expect(summary(index.matchComponent({ ecosystem: "npm", name: "a", version: "2.0.0" }).matches)).toEqual(["TWICE-1#0 npm/a SEMVER >= 2.0.0"]);
  });
});
