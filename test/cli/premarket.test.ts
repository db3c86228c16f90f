import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runVigil } from "../support/cli";
import { seededDataDir } from "../support/db";

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-premarket-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dataDir = path.join(tmp, "data");
const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", DATABASE_URL: "" };

beforeAll(async () => seededDataDir(dataDir), 120_000);

test("report premarket writes the demo InfuSafe 300 3.1.0 package from a fresh workspace; an unknown version exits 2", async () => {
  const out = path.join(tmp, "premarket.zip");
  const run = await runVigil(["report", "premarket", "--device", "IS-300", "--version", "3.1.0", "--out", out], { env });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/1 complete trace\(s\), 1 with gaps \(SHA-256 [0-9a-f]{64}\)/);
  // The hash printed is the one recorded in the report history, and it is the file's.
  expect(run.stdout).toContain(`SHA-256 ${createHash("sha256").update(readFileSync(out)).digest("hex")}`);
  const files = unzipSync(new Uint8Array(readFileSync(out)));
  const manifest = JSON.parse(strFromU8(files["manifest.json"]));
  expect(manifest).toMatchObject({ format: "vigil-premarket-package/1", softwareVersion: "3.1.0", traceability: { complete: 1, withGaps: 1 } });
  // The demo gives 3.1.0 its SBOM, so the package from a fresh start is complete.
  expect(manifest.missing).toEqual([]);
  expect(JSON.parse(strFromU8(files["05-sbom.cdx.json"])).metadata.component).toMatchObject({ name: "IS-300", version: "3.1.0" });
  expect(Object.keys(files)).toHaveLength(manifest.files.length + 1);

  const bad = await runVigil(["report", "premarket", "--device", "IS-300", "--version", "9.9.9", "--out", out], { env });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/no software version 9\.9\.9/);
  expect(bad.stderr).not.toMatch(/\n\s+at /);
}, 180_000);
