import { describe, expect, test } from "vitest";
import { runVigil } from "../support/cli";
import { fixture, requireFixtures } from "../support/fixtures";
import { tempDir, writeJson } from "./scan-support";

const has = requireFixtures();
const SPDX_WITH_DEPENDENCY = fixture("sbom/spdx/spdx-examples/oss-na-2023/03-SBOMwDependency.spdx.json");
const LARAVEL = fixture("sbom/cyclonedx/bom-examples/laravel-7.12.0/bom.1.4.json");

/** `vigil sbom check` as a pipeline runs it: JSON on stdout, exit 0 pass, 1 fail, 2 bad input. */
describe.skipIf(!has)("vigil sbom check", { timeout: 180_000 }, () => {
  test("a real SPDX SBOM passes NTIA (exit 0) and fails FDA (exit 1) with the documented JSON shape", async () => {
    const ntia = await runVigil(["sbom", "check", SPDX_WITH_DEPENDENCY, "--profile", "ntia", "--json"]);
    expect(ntia.stderr).toBe("");
    expect(ntia.code).toBe(0);
    const passed = JSON.parse(ntia.stdout);
    expect(Object.keys(passed)).toEqual(["profile", "passed", "problems", "summary"]);
    expect(passed).toMatchObject({ profile: "ntia", passed: true, problems: [] });

    const fda = await runVigil(["sbom", "check", SPDX_WITH_DEPENDENCY, "--profile", "fda", "--json"]);
    expect(fda.code).toBe(1);
    const failed = JSON.parse(fda.stdout);
    expect(failed.passed).toBe(false);
    expect(failed.problems[0]).toEqual({ component: expect.any(String), field: "support_level", reason: expect.stringContaining("level of support") });
    expect(failed.summary.missing).toMatchObject({ support_level: failed.summary.components, end_of_support: failed.summary.components, supplier: 0 });
  });

  test("BSI TR-03183-2 on the CycloneDX Laravel example lists hashes and the document's missing creator; text output names them", async () => {
    const r = await runVigil(["sbom", "check", LARAVEL, "--profile", "bsi-tr-03183-2", "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.problems).toContainEqual({ component: "(document)", field: "creator", reason: "no author of the SBOM named" });
    expect(doc.problems).toContainEqual({ component: "asm89/stack-cors-1.3.0.0", field: "hash_sha512", reason: "no SHA-512 hash" });
    const text = await runVigil(["sbom", "check", LARAVEL, "--profile", "ntia"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("fails ntia: 64 problem(s) in 63 of 63 component(s)");
    expect(text.stdout).toContain("asm89/stack-cors-1.3.0.0: supplier: no supplier named");
  });

  test("bad input exits 2: unknown profile, missing file, invalid SBOM", async () => {
    const profile = await runVigil(["sbom", "check", LARAVEL, "--profile", "iso"]);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('--profile must be one of ntia, bsi-tr-03183-2, fda, got "iso"');
    const missing = await runVigil(["sbom", "check", "/nonexistent/bom.json", "--json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("/nonexistent/bom.json: cannot read the SBOM (no such file)");
    const broken = writeJson(tempDir(), "broken.cdx.json", { bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components: [{ type: "library", "bom-ref": "a", name: "x" }], dependencies: [{ ref: "a", dependsOn: ["nowhere"] }] });
    const invalid = await runVigil(["sbom", "check", broken, "--json"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe("");
    expect(invalid.stderr).toContain("/dependencies/0/dependsOn/0");
  });
});
