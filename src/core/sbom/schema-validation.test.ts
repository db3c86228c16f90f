import { describe, expect, test } from "vitest";
import { validateCycloneDxJson } from "./index";

function bom(components: unknown[]) {
  return { bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components };
}

const library = (i: number) => ({ type: "library", name: `lib-${i}`, version: "1.0.0", "bom-ref": `c${i}` });

describe("validateCycloneDxJson on large documents", () => {
  test("a violation deep in a large components array keeps its exact pointer", async () => {
    const components = Array.from({ length: 1_200 }, (_, i) => library(i));
    components[937] = { ...library(937), type: "gadget" };
    const result = await validateCycloneDxJson(JSON.stringify(bom(components)), "1.6");
    expect(result).toMatchObject({ valid: false, violations: [{ pointer: "/components/937/type", message: expect.stringMatching(/^must be one of "application"/) }] });
  });

  test("identical items are found across slices, and a document-level violation is reported once", async () => {
    const components = Array.from({ length: 700 }, (_, i) => library(i));
    components[650] = library(3);
    const doc = { ...bom(components), serialNumber: "not-a-urn" };
    const result = await validateCycloneDxJson(doc, "1.6");
    expect(result.valid).toBe(false);
    if (result.valid || !("violations" in result)) return;
    expect(result.violations).toEqual([
      { pointer: "/serialNumber", message: expect.stringMatching(/must match pattern/) },
      { pointer: "/components", message: "must NOT have duplicate items (items ## 3 and 650 are identical)" },
    ]);
  });

  test("regression: identical items close together in a large array are reported (they were dropped with the skeleton's violations)", async () => {
    const components = Array.from({ length: 700 }, (_, i) => library(i));
    components[10] = library(3);
    components[699] = library(3);
    const result = await validateCycloneDxJson(bom(components), "1.6");
    expect(result).toEqual({
      valid: false,
      violations: [
        { pointer: "/components", message: "must NOT have duplicate items (items ## 3 and 10 are identical)" },
        { pointer: "/components", message: "must NOT have duplicate items (items ## 3 and 699 are identical)" },
      ],
    });
  });

  test("items that differ only in the order of their keys are identical, as ajv compares them", async () => {
    const components = Array.from({ length: 700 }, (_, i) => library(i));
    components[500] = { "bom-ref": "c7", version: "1.0.0", name: "lib-7", type: "library" };
    const result = await validateCycloneDxJson(bom(components), "1.6");
    expect(result).toEqual({ valid: false, violations: [{ pointer: "/components", message: "must NOT have duplicate items (items ## 7 and 500 are identical)" }] });
  });

  test("a large valid document is valid, and so is a small one validated in one go", async () => {
    expect(await validateCycloneDxJson(bom(Array.from({ length: 600 }, (_, i) => library(i))), "1.6")).toEqual({ valid: true });
    expect(await validateCycloneDxJson(bom([library(1)]), "1.4")).toEqual({ valid: true });
    expect(await validateCycloneDxJson("{not json", "1.6")).toMatchObject({ valid: false, violations: [{ pointer: "", message: expect.stringMatching(/^not valid JSON/) }] });
  });
});
