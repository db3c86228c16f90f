import { describe, expect, test } from "vitest";
import { productRegime } from "./regime";

describe("product regime", () => {
  test("an MDR device is excluded from the CRA (Art. 2(2)(a))", () => {
    const r = productRegime({ kind: "medical_device", riskClass: "IIb", connectivity: ["ethernet"] });
    expect(r).toMatchObject({ regime: "mdr", cra: "excluded", label: "CRA excluded, Art. 2(2)(a)" });
    expect(r.reasons.map((x) => x.basis)).toContain("CRA Art. 2(2)(a), recital 25");
  });

  test("an IVD and an IVD accessory are excluded under the IVDR (Art. 2(2)(b))", () => {
    expect(productRegime({ kind: "ivd", riskClass: "C", connectivity: ["ethernet"] })).toMatchObject({ regime: "ivdr", cra: "excluded" });
    expect(productRegime({ kind: "accessory", riskClass: "B", connectivity: [] })).toMatchObject({ regime: "ivdr", label: "CRA excluded, Art. 2(2)(b)" });
    expect(productRegime({ kind: "accessory", riskClass: null, connectivity: [] })).toMatchObject({ regime: "mdr" });
  });

  test("non-device software with a data connection is in scope, with category and support period", () => {
    const r = productRegime({ kind: "non_device_software", connectivity: ["ethernet", "cloud"], craCategory: "important_class_i", supportPeriodEnd: "2032-12-31" });
    expect(r).toMatchObject({ regime: "cra", cra: "in_scope", category: "important_class_i", supportPeriodEnd: "2032-12-31" });
    expect(r.label).toBe("CRA in scope (important product, class I (Annex III))");
    expect(r.reasons.map((x) => x.basis).join(" ")).toMatch(/Art. 13\(8\)/);
    const unknown = productRegime({ kind: "non_device_hardware", connectivity: ["usb"] });
    expect(unknown).toMatchObject({ cra: "in_scope", category: null });
    expect(unknown.reasons.map((x) => x.text).join(" ")).toMatch(/at least five years/);
  });

  test("non-device software without any data connection is outside Art. 2(1)", () => {
    expect(productRegime({ kind: "non_device_software", connectivity: ["none"] })).toMatchObject({ regime: "none", cra: "out_of_scope" });
  });

  test("pure SaaS is not a CRA product (recital 12)", () => {
    const r = productRegime({ kind: "service", connectivity: ["cloud"] });
    expect(r).toMatchObject({ regime: "none", cra: "not_a_product" });
    expect(r.reasons[0].basis).toBe("CRA recital 12");
    expect(r.reasons[1]).toMatchObject({ basis: "CRA Art. 3(2)", confidence: "UNVERIFIED" });
  });
});
