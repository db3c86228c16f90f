import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openEmbedded } from "../../src/server/platform/db/client";
import { findings, triagePolicies } from "../../src/server/platform/db/schema";
import { npmLib, smallCycloneDx } from "../api/sbom-fixtures";
import { runVigil } from "../support/cli";
import { seededDataDir } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";

requireFixtures();

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-policy-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
};

const policies = `policies:
  - name: jquery-html-not-rendered
    conditions:
      vulnerabilities: [GHSA-jpcq-cgw6-v4j6]
      purl: "pkg:npm/jquery@3.*"
      deviceModels: [IS-300]
    analysis:
      status: not_affected
      justification: vulnerable_code_not_in_execute_path
    expiresOn: 2099-12-31
`;

describe("vigil policy apply", () => {
  const dataDir = path.join(tmp, "data");
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", VIGIL_URL: "", VIGIL_TOKEN: "" };
  async function jqueryStatus() {
    const database = await openEmbedded(dataDir);
    try {
      return (await database.db.select({ status: findings.status, analysedBy: findings.analysedBy }).from(findings).where(eq(findings.vulnerabilityId, "CVE-2020-11023")));
    } finally {
      await database.close();
    }
  }
  beforeAll(async () => {
    await seededDataDir(dataDir);
    const sbom = write("bom.cdx.json", smallCycloneDx([npmLib("jquery", "3.4.1")]));
    expect((await runVigil(["sbom", "push", "--device", "IS-300", "--version", "9.7.0", "--create-version", sbom], { env })).code).toBe(0);
    const osv = await runVigil(["vulns", "import", fixture("osv", "records", "from-bundles", "GHSA-jpcq-cgw6-v4j6.json")], { env });
    expect(osv.code, osv.stderr).toBe(0);
  }, 300_000);

  test("a dry run prints the findings that would change and writes nothing; applying upserts the policies and decides them", async () => {
    const file = write("policies.yaml", policies);
    const dry = await runVigil(["policy", "apply", file, "--dry-run"], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Policies: 1 would be created, 0 would be updated, 0 unchanged.");
    expect(dry.stdout).toMatch(/InfuSafe 300 infusion pump 9\.7\.0 {2}CVE-2020-11023 {2}pkg:npm\/jquery@3\.4\.1 {2}under_investigation → not_affected \/ vulnerable_code_not_in_execute_path {2}decided by jquery-html-not-rendered/);
    expect(dry.stdout).toContain("Dry run: 1 findings would be decided and 0 re-opened; nothing was changed.");
    expect(await jqueryStatus()).toEqual([{ status: "under_investigation", analysedBy: null }]);

    const applied = await runVigil(["policy", "apply", file, "--json"], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ dryRun: false, applied: 1, policies: { created: ["jquery-html-not-rendered"] }, changes: [{ version: "9.7.0", to: { status: "not_affected" } }] });
    expect(await jqueryStatus()).toEqual([{ status: "not_affected", analysedBy: "policy: jquery-html-not-rendered" }]);
    const again = await runVigil(["policy", "apply", file], { env });
    expect(again.stdout).toContain("Policies: 0 created, 0 updated, 1 unchanged.");
    expect(again.stdout).toContain("0 findings decided, 0 re-opened.");
  }, 300_000);

  test("a bad file exits 2 naming the file, the path and the reason, and changes nothing", async () => {
    const bad = await runVigil(["policy", "apply", write("bad.yaml", policies.replace("status: not_affected", "status: ignored").replace("2099-12-31", "31.12.2099"))], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error: bad\.yaml policies\[0\]\.analysis\.status: /);
    expect(bad.stderr).toContain("error: bad.yaml policies[0].expiresOn: a date as YYYY-MM-DD");
    expect(bad.stderr).toMatch(/bad\.yaml is not a valid triage policy file/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect((await runVigil(["policy", "apply", path.join(tmp, "missing.yaml")], { env })).code).toBe(2);
    const database = await openEmbedded(dataDir);
    try {
      expect((await database.db.select().from(triagePolicies)).map((p) => p.analysis.status)).toEqual(["not_affected"]);
    } finally {
      await database.close();
    }
  }, 300_000);
});
