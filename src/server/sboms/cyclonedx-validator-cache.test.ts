import { afterEach, describe, expect, it } from "vitest";
import { SUPPORTED_CYCLONEDX_JSON_VERSIONS, setCycloneDxValidators, validateCycloneDxJson } from "../../core/sbom";
import { cachedCycloneDxValidator } from "./cyclonedx-validator-cache";

const component = (i: number, extra: Record<string, unknown> = {}) => ({ type: "library", name: `lib${i}`, version: "1.0", ...extra });

/** Documents with one slip of each kind the schema reports: enum, required, format, additional property, duplicates. */
function documents(specVersion: string): unknown[] {
  const base = { bomFormat: "CycloneDX", specVersion, version: 1 };
  const many = Array.from({ length: 600 }, (_, i) => component(i));
  return [
    { ...base, components: [component(1)] },
    { ...base, components: [component(1, { type: "gadget" })] },
    { ...base, components: [{ type: "library", version: "1" }] },
    { ...base, metadata: { authors: [{ name: "a", email: "not an address" }] } },
    { ...base, components: [component(1, { colour: "red" })] },
    { ...base, components: [component(1), component(1)] },
    { ...base, components: [...many, component(7), { type: "library" }] },
    { ...base, serialNumber: "urn:uuid:not-a-uuid", metadata: { timestamp: "yesterday" } },
  ];
}

describe("cached CycloneDX validators", () => {
  afterEach(() => setCycloneDxValidators(undefined));

  it("report exactly what the library's strict validator reports, for every supported version", async () => {
    for (const specVersion of SUPPORTED_CYCLONEDX_JSON_VERSIONS) {
      const docs = documents(specVersion);
      setCycloneDxValidators(undefined);
      const fromLibrary = [];
      for (const doc of docs) fromLibrary.push(await validateCycloneDxJson(doc, specVersion));
      setCycloneDxValidators(cachedCycloneDxValidator);
      const cached = [];
      for (const doc of docs) cached.push(await validateCycloneDxJson(doc, specVersion));
      expect(cached).toEqual(fromLibrary);
      expect(fromLibrary[0]).toEqual({ valid: true });
      // metadata.authors (the e-mail format) came in 1.4; every other slip is reported in every version
      expect(fromLibrary.filter((r) => !r.valid)).toHaveLength(specVersion < "1.4" ? docs.length - 2 : docs.length - 1);
    }
  });
});
