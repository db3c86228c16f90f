import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fixture } from "../support/fixtures";

/** Real fixtures the scan tests pair by hand. */
export const NPM_SBOM = fixture("sbom/cyclonedx/trivy-fixtures/npm-with-vulns.cdx.json"); // jquery 3.3.9
export const POM_SBOM = fixture("sbom/cyclonedx/trivy-fixtures/pom-with-vulns.cdx.json"); // jackson-databind 2.9.1
export const JQUERY_GHSA = fixture("osv/records/from-bundles/GHSA-jpcq-cgw6-v4j6.json"); // CVE-2020-11023, SEMVER >= 1.0.3 < 3.5.0
export const BUNDLE_RECORDS = fixture("osv/records/from-bundles");
export const KEV_JSON = fixture("kev/known_exploited_vulnerabilities.json");
export const KEV_CSV = fixture("kev/known_exploited_vulnerabilities.csv");
export const EPSS_CSV = fixture("epss/epss_scores-excerpt-first-rows.csv");

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "vigil-scan-"));
}

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, "utf8"));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** The real npm SBOM with jquery's version changed (e.g. to the fixed version) and nothing else. */
export function npmSbomWithJquery(dir: string, version: string): string {
  const bom = readJson(NPM_SBOM);
  const from = "pkg:npm/jquery@3.3.9";
  const to = `pkg:npm/jquery@${version}`;
  const text = JSON.stringify(bom).replaceAll(from, to).replaceAll('"version":"3.3.9"', `"version":"${version}"`);
  const file = path.join(dir, `npm-jquery-${version}.cdx.json`);
  writeFileSync(file, text);
  return file;
}
