import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openEmbedded } from "../../src/server/platform/db/client";
import { vulnerabilityRecords } from "../../src/server/platform/db/schema";
import { seededDataDir } from "../support/db";
import { runVigil } from "../support/cli";
import { fixture, requireFixtures } from "../support/fixtures";

requireFixtures();

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-vulns-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dataDir = path.join(tmp, "data");
const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", DATABASE_URL: "" };
const NPM_DIR = fixture("osv/records/osv-scanner-offline-db/npm");
const JQUERY = fixture("osv/records/from-bundles/GHSA-jpcq-cgw6-v4j6.json");

async function recordCount(): Promise<number> {
  const database = await openEmbedded(dataDir);
  try {
    return Number((await database.db.select({ n: count() }).from(vulnerabilityRecords))[0].n);
  } finally {
    await database.close();
  }
}

describe("vigil vulns", () => {
  let before: number;
  beforeAll(async () => {
    await seededDataDir(dataDir);
    before = await recordCount();
  });

  test("import reads a directory and a file, records counts, and is idempotent", async () => {
    const first = await runVigil(["vulns", "import", NPM_DIR, JQUERY, "--json"], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ source: "osv", counts: { added: 2, unchanged: 0 } });
    const again = await runVigil(["vulns", "import", NPM_DIR, JQUERY], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 added, 0 updated, 2 unchanged/);
    expect(await recordCount()).toBe(before + 2);
  });

  test("a bad file is refused with exit 2, naming file, path and reason, and nothing is written", async () => {
    const bad = path.join(tmp, "bad.json");
    writeFileSync(bad, JSON.stringify({ id: "VIGIL-CLI-1", modified: "2026-01-01T00:00:00Z", affected: [{ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ fixed: "1.0.0" }] }] }] }));
    const good = path.join(tmp, "good.json");
    writeFileSync(good, JSON.stringify({ id: "VIGIL-CLI-2", modified: "2026-01-01T00:00:00Z", affected: [{ package: { ecosystem: "npm", name: "y" }, versions: ["1.0.0"] }] }));
    const res = await runVigil(["vulns", "import", good, bad], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${bad}: affected[0].ranges[0]`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(await recordCount()).toBe(before + 2);
  });

  test("sync fails with one clear line and exit 1 when the sources cannot be reached", async () => {
    const unreachable = "http://127.0.0.1:9";
    const res = await runVigil(["vulns", "sync", "--ecosystem", "npm"], {
      env: { ...env, VIGIL_OSV_URL: `${unreachable}/{ecosystem}/all.zip`, VIGIL_KEV_URL: `${unreachable}/kev.json`, VIGIL_EPSS_URL: `${unreachable}/epss.csv.gz` },
    });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/npm\/all\.zip/);
    expect(await recordCount()).toBe(before + 2);
  });
});
