import { expect, test } from "vitest";
import { loadCatalog } from "../catalog/load";
import { loadControlLibrary } from "./library";

// Regression: SDL-11 claimed to equal FDA 524B(b)(3), which also requires providing the SBOM to FDA.
test("SDL-11 (SBOM maintained) is a subset of FDA 524B(b)(3), not equal", async () => {
  const library = await loadControlLibrary(await loadCatalog());
  const sdl11 = library.controls.find((c) => c.id === "SDL-11")!;
  expect(sdl11.mappings.find((m) => m.to === "fda524b:b.3")).toMatchObject({ relationship: "subset" });
});
