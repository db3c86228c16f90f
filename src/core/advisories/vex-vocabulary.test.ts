import { describe, expect, test } from "vitest";
import {
  CSAF_PRODUCT_STATUSES,
  CYCLONEDX_JUSTIFICATIONS,
  CYCLONEDX_STATES,
  fromCsaf,
  fromCycloneDx,
  fromOpenVex,
  OPENVEX_STATUSES,
  toCsaf,
  toCycloneDx,
  toOpenVex,
  VEX_JUSTIFICATIONS,
  VEX_STATUSES,
  VEX_VOCABULARY,
  type VexAssessment,
} from "./vex-vocabulary";

const allInternal: VexAssessment[] = [
  ...VEX_STATUSES.map((status) => ({ status })),
  ...VEX_JUSTIFICATIONS.map((justification) => ({ status: "not_affected" as const, justification })),
];

describe("VEX vocabulary table", () => {
  test("each internal assessment has exactly one canonical row", () => {
    for (const a of allInternal) {
      const rows = VEX_VOCABULARY.filter(
        (r) => r.canonical && r.internal.status === a.status && r.internal.justification === a.justification,
      );
      expect(rows, JSON.stringify(a)).toHaveLength(1);
    }
    expect(VEX_VOCABULARY.filter((r) => r.canonical)).toHaveLength(allInternal.length);
  });

  test("every non-canonical row says which format it is read from and what it loses", () => {
    for (const r of VEX_VOCABULARY.filter((row) => !row.canonical)) {
      expect(r.aliasOf).toBeDefined();
      expect(r.lossy).toMatch(/\w/);
    }
  });

  test("every CycloneDX state and justification can be read", () => {
    for (const state of CYCLONEDX_STATES) expect(fromCycloneDx(state).ok, state).toBe(true);
    for (const j of CYCLONEDX_JUSTIFICATIONS) {
      const r = fromCycloneDx("not_affected", j);
      expect(r.ok && r.assessment.status === "not_affected" && r.assessment.justification).toBeTruthy();
    }
  });

  test("every OpenVEX status and CSAF VEX product status can be read", () => {
    for (const s of OPENVEX_STATUSES) expect(fromOpenVex(s).ok, s).toBe(true);
    for (const s of CSAF_PRODUCT_STATUSES) expect(fromCsaf(s).ok, s).toBe(true);
  });
});

describe("round trips for every canonical row", () => {
  for (const row of VEX_VOCABULARY.filter((r) => r.canonical)) {
    const label = `${row.internal.status}/${row.internal.justification ?? "-"}`;
    test(`${label} via CycloneDX, OpenVEX and CSAF`, () => {
      const cdx = toCycloneDx(row.internal);
      expect(cdx).toEqual(row.cyclonedx);
      expect(fromCycloneDx(cdx.state, cdx.justification)).toEqual({ ok: true, assessment: row.internal });

      const ov = toOpenVex(row.internal);
      expect(ov).toEqual(row.openvex);
      expect(fromOpenVex(ov.status, ov.justification)).toEqual({ ok: true, assessment: row.internal });

      const csaf = toCsaf(row.internal);
      expect(csaf.productStatus).toBe(row.csaf.productStatus);
      expect(fromCsaf(csaf.productStatus, csaf.flag)).toEqual({ ok: true, assessment: row.internal });
    });
  }
});

describe("lossy rows (read-only aliases)", () => {
  test("CycloneDX aliases come back as the canonical value and report the loss", () => {
    const cases: Array<[string, string | undefined, VexAssessment, { state: string; justification?: string }]> = [
      ["resolved_with_pedigree", undefined, { status: "fixed" }, { state: "resolved" }],
      [
        "false_positive",
        undefined,
        { status: "not_affected", justification: "component_not_present" },
        { state: "not_affected", justification: "requires_dependency" },
      ],
      [
        "not_affected",
        "requires_environment",
        { status: "not_affected", justification: "vulnerable_code_cannot_be_controlled_by_adversary" },
        { state: "not_affected", justification: "requires_configuration" },
      ],
      [
        "not_affected",
        "protected_at_perimeter",
        { status: "not_affected", justification: "vulnerable_code_cannot_be_controlled_by_adversary" },
        { state: "not_affected", justification: "requires_configuration" },
      ],
      [
        "not_affected",
        "protected_by_compiler",
        { status: "not_affected", justification: "inline_mitigations_already_exist" },
        { state: "not_affected", justification: "protected_by_mitigating_control" },
      ],
      [
        "not_affected",
        "protected_at_runtime",
        { status: "not_affected", justification: "inline_mitigations_already_exist" },
        { state: "not_affected", justification: "protected_by_mitigating_control" },
      ],
    ];
    for (const [state, justification, internal, back] of cases) {
      const read = fromCycloneDx(state, justification);
      expect(read.ok && read.assessment).toEqual(internal);
      expect(read.ok && read.lossy).toMatch(/\w/);
      expect(toCycloneDx(internal)).toEqual(back);
    }
  });

  test("keeping the original CycloneDX justification makes the CycloneDX round trip lossless", () => {
    for (const j of CYCLONEDX_JUSTIFICATIONS) {
      const read = fromCycloneDx("not_affected", j);
      if (!read.ok) throw new Error(read.error);
      expect(toCycloneDx(read.assessment, j)).toEqual({ state: "not_affected", justification: j });
    }
    // A preferred justification that does not fit the assessment is ignored.
    expect(
      toCycloneDx({ status: "not_affected", justification: "component_not_present" }, "code_not_reachable"),
    ).toEqual({ state: "not_affected", justification: "requires_dependency" });
  });

  test("CSAF first/last affected and first fixed collapse to the VEX groups", () => {
    expect(fromCsaf("first_affected")).toMatchObject({ ok: true, assessment: { status: "affected" } });
    expect(fromCsaf("last_affected")).toMatchObject({ ok: true, assessment: { status: "affected" } });
    expect(fromCsaf("first_fixed")).toMatchObject({ ok: true, assessment: { status: "fixed" } });
    expect(toCsaf({ status: "affected" })).toEqual({ productStatus: "known_affected" });
  });

  test("justifications on statuses other than not_affected are dropped", () => {
    expect(fromCycloneDx("exploitable", "code_not_present")).toEqual({ ok: true, assessment: { status: "affected" } });
    expect(toOpenVex({ status: "fixed", justification: "component_not_present" })).toEqual({ status: "fixed" });
  });
});

describe("unknown values are reported, not thrown", () => {
  test("bad inputs", () => {
    expect(fromCycloneDx("maybe")).toEqual({ ok: false, error: 'unknown CycloneDX analysis.state "maybe"' });
    expect(fromCycloneDx("not_affected", "because")).toMatchObject({ ok: false });
    expect(fromOpenVex("affected_maybe")).toMatchObject({ ok: false });
    expect(fromOpenVex("not_affected", "code_not_present")).toMatchObject({ ok: false });
    expect(fromCsaf("recommended")).toEqual({ ok: false, error: 'product_status "recommended" carries no VEX status' });
  });
});
