import fc from "fast-check";
import { expect, test } from "vitest";
import { readCsafVex } from "./csaf-vex-reader";
import { readCycloneDxVex } from "./cyclonedx-vex-reader";
import { readOpenVex } from "./openvex-reader";
import { fromCsaf, fromCycloneDx, fromOpenVex, toCsaf, toCycloneDx, toOpenVex, VEX_JUSTIFICATIONS, VEX_STATUSES } from "./vex-vocabulary";

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 300);

const assessment = fc.oneof(
  fc.constantFrom(...VEX_STATUSES).map((status) => ({ status })),
  fc.constantFrom(...VEX_JUSTIFICATIONS).map((justification) => ({ status: "not_affected" as const, justification })),
);

test("property: any internal assessment survives a trip through each format", () => {
  fc.assert(
    fc.property(assessment, (a) => {
      const c = toCycloneDx(a);
      const o = toOpenVex(a);
      const s = toCsaf(a);
      for (const back of [fromCycloneDx(c.state, c.justification), fromOpenVex(o.status, o.justification), fromCsaf(s.productStatus, s.flag)]) {
        expect(back).toEqual({ ok: true, assessment: a });
      }
    }),
    { numRuns: RUNS },
  );
});

test("property: the readers never throw on arbitrary JSON inside a plausible envelope", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (value, tree) => {
      const results = [
        readOpenVex({ "@context": "https://openvex.dev/ns/v0.2.0", statements: [value] }),
        readCycloneDxVex({ bomFormat: "CycloneDX", specVersion: "1.6", components: [tree], vulnerabilities: [value] }),
        readCsafVex({ document: { csaf_version: "2.0" }, product_tree: tree, vulnerabilities: [value] }),
        readOpenVex(value),
        readCycloneDxVex(value),
        readCsafVex(value),
      ];
      for (const r of results) if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
    }),
    { numRuns: RUNS },
  );
});
