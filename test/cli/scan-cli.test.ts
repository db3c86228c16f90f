import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { runVigil, vigilBin } from "../support/cli";
import { fixture, requireFixtures } from "../support/fixtures";
import { JQUERY_GHSA, KEV_CSV, NPM_SBOM, POM_SBOM, readJson, tempDir, writeJson } from "./scan-support";

const has = requireFixtures();

/** `vigil scan` as a separate process, the way a pipeline runs it. */
describe.skipIf(!has)("vigil scan (process)", () => {
  test("--format json prints the documented shape for a real SBOM and a real OSV record", async () => {
    const r = await runVigil(["scan", NPM_SBOM, "--vulns", JQUERY_GHSA, "--kev", KEV_CSV, "--format", "json", "--date", "2026-03-01"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(["findings", "warnings"]));
    expect(doc.findings).toHaveLength(1);
    const f = doc.findings[0];
    expect(f.vulnerability.id).toBe("CVE-2020-11023");
    expect(f.vulnerability.aliases).toEqual(["BIT-drupal-2020-11023", "GHSA-jpcq-cgw6-v4j6"]);
    expect(f.vulnerability.severity).toMatchObject({ version: "3.1", score: 6.9, level: "medium" });
    expect(f.component).toMatchObject({ purl: "pkg:npm/jquery@3.3.9", name: "jquery", version: "3.3.9" });
    expect(f.affectedRange).toBe("SEMVER >= 1.0.3, < 3.5.0");
    expect(f.fixedVersions).toEqual(["3.5.0"]);
    // KEV-listed (2025-01-23): +2 on the score and at least "high"
    expect(f.kev).toMatchObject({ dateAdded: "2025-01-23" });
    expect(f.priority).toBe("high");
    expect(f.explanation).toContain("kev +2");
    expect(f.remediateBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Array.isArray(doc.warnings)).toBe(true);
  });

  test("--fail-on: exit 1 when a finding reaches the threshold, 0 when none does", async () => {
    const tripped = await runVigil(["scan", POM_SBOM, "--vulns", fixture("osv/records/from-bundles"), "--fail-on", "critical", "--format", "json"]);
    expect(tripped.code).toBe(1);
    expect(tripped.stderr).toMatch(/--fail-on critical: \d+ finding\(s\) at critical or above/);
    expect(JSON.parse(tripped.stdout).findings.length).toBeGreaterThan(0);
    const calm = await runVigil(["scan", NPM_SBOM, "--vulns", JQUERY_GHSA, "--fail-on", "critical"]);
    expect(calm.code).toBe(0);
    expect(calm.stdout).toContain("CVE-2020-11023");
  });

  test("an invalid SBOM exits 2 naming the file and the JSON pointer", async () => {
    const dir = tempDir();
    const bom = writeJson(dir, "broken.cdx.json", {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      version: 1,
      components: [{ type: "library", "bom-ref": "a", name: "jquery", version: "3.3.9", purl: "pkg:npm/jquery@3.3.9" }],
      dependencies: [{ ref: "a", dependsOn: ["nowhere"] }],
    });
    const r = await runVigil(["scan", bom, "--vulns", JQUERY_GHSA]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bom);
    expect(r.stderr).toContain("/dependencies/0/dependsOn/0");
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
  test("a reader that stops early (| head) ends the scan quietly: no error, no stack trace, the exit code of the scan", async () => {
    // 400 records about jquery 3.3.9 make an output far larger than a pipe holds.
    const dir = tempDir();
    const record = readJson(JQUERY_GHSA);
    for (let i = 0; i < 400; i++) writeJson(dir, `EARLY-${i}.json`, { ...record, id: `EARLY-${i}`, aliases: [`CVE-2099-${10_000 + i}`] });
    for (const format of ["json", "table"]) {
      const child = spawn(process.execPath, [vigilBin, "scan", NPM_SBOM, "--vulns", dir, "--format", format], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.stdout.once("data", () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr, format).toBe("");
      expect(code, format).toBe(0);
    }
  });
});
