import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { gateVerdict } from "../../src/core/reports/gate";
import { openEmbedded } from "../../src/server/platform/db/client";
import { softwareVersions } from "../../src/server/platform/db/schema";
import { listFindings } from "../../src/server/vulnerabilities/store";
import { runVigil } from "../support/cli";
import { seededDataDir } from "../support/db";

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-report-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dataDir = path.join(tmp, "data");
const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", DATABASE_URL: "" };

describe("vigil report, vigil gate and vigil advisory", () => {
  let failing: string | undefined;
  let passing: string | undefined;

  beforeAll(async () => {
    await seededDataDir(dataDir);
    const database = await openEmbedded(dataDir);
    const today = new Date().toISOString().slice(0, 10);
    for (const v of await database.db.select({ id: softwareVersions.id }).from(softwareVersions)) {
      const { items } = await listFindings(database.db, { versionId: v.id, includeResolved: false, limit: 10_000, offset: 0 }, today);
      const verdict = gateVerdict(items.map((f) => ({ vulnerabilityId: f.vulnerability.id, component: f.component.name, priority: f.priority ?? "", kev: f.vulnerability.kev, status: f.status })));
      if (!verdict.pass) failing ??= v.id;
      else passing ??= v.id;
    }
    await database.close();
  }, 120_000);

  test("the gate exits 1 with the blocking findings, 0 for a clean version, 2 for an unknown one", async () => {
    expect(failing, "the demo has a version with a KEV or critical finding awaiting analysis").toBeDefined();
    const fail = await runVigil(["gate", "--version", failing!, "--json"], { env });
    expect(fail.code, fail.stderr).toBe(1);
    const verdict = JSON.parse(fail.stdout);
    expect(verdict.pass).toBe(false);
    expect(verdict.blocking.length).toBeGreaterThan(0);

    expect(passing).toBeDefined();
    const ok = await runVigil(["gate", "--version", passing!], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^PASS /);

    // The SBOM quality option: the demo's SBOMs state no author or timestamp, so NTIA fails a version whose findings pass.
    const quality = await runVigil(["gate", "--version", passing!, "--sbom-profile", "ntia", "--json"], { env });
    expect(quality.code, quality.stderr).toBe(1);
    const qualityVerdict = JSON.parse(quality.stdout);
    expect(qualityVerdict).toMatchObject({ pass: false, blocking: [], sbomQuality: { profile: "ntia", passed: false } });
    const badProfile = await runVigil(["gate", "--version", passing!, "--sbom-profile", "iso"], { env });
    expect(badProfile.code).toBe(2);
    expect(badProfile.stderr).toContain('--sbom-profile must be one of ntia, bsi-tr-03183-2, fda, got "iso"');

    const bad = await runVigil(["gate", "--version", "no-such-version"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no software version/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  test("report board writes a PDF and evidence-pack a ZIP with its manifest; a bad period exits 2", async () => {
    const pdf = path.join(tmp, "board.pdf");
    const board = await runVigil(["report", "board", "--from", "2026-01-01", "--to", "2026-11-23", "--out", pdf], { env });
    expect(board.code, board.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(board.stdout).toMatch(/SHA-256 [0-9a-f]{64}/);

    const zip = path.join(tmp, "pack.zip");
    const pack = await runVigil(["report", "evidence-pack", "--out", zip], { env });
    expect(pack.code, pack.stderr).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    expect(JSON.parse(strFromU8(files["manifest.json"])).files.length).toBeGreaterThan(3);

    const xlsx = path.join(tmp, "registers.xlsx");
    const registers = await runVigil(["report", "registers", "--out", xlsx], { env });
    expect(registers.code, registers.stderr).toBe(0);
    expect(registers.stdout).toMatch(/22 sheets, \d+ rows \(SHA-256 [0-9a-f]{64}\)/);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe("PK");

    const wrong = await runVigil(["report", "board", "--from", "2026-12-01", "--to", "2026-01-01", "--out", pdf], { env });
    expect(wrong.code).toBe(2);
  }, 180_000);

  test("advisory list names the demo advisories; export writes the published CSAF byte for byte and refuses drafts and bad formats", async () => {
    const list = await runVigil(["advisory", "list", "--json"], { env });
    expect(list.code, list.stderr).toBe(0);
    const advisories = JSON.parse(list.stdout) as Array<{ trackingId: string; published: boolean; currentVersion: string | null }>;
    const published = advisories.find((a) => a.published)!;
    const draft = advisories.find((a) => !a.currentVersion)!;
    expect(published).toBeDefined();
    expect(draft).toBeDefined();

    const out = path.join(tmp, "advisories");
    mkdirSync(out);
    const exported = await runVigil(["advisory", "export", "--advisory", published.trackingId, "--out", out], { env });
    expect(exported.code, exported.stderr).toBe(0);
    const [file] = readdirSync(out);
    expect(file).toMatch(/\.csaf\.json$/);
    const csaf = JSON.parse(readFileSync(path.join(out, file), "utf8"));
    expect(csaf.document.tracking.id).toBe(published.trackingId);
    expect(csaf.document.category).toBe("csaf_security_advisory");

    const openvex = await runVigil(["advisory", "export", "--advisory", published.trackingId, "--format", "openvex"], { env });
    expect(openvex.code, openvex.stderr).toBe(0);
    expect(JSON.parse(openvex.stdout)["@context"]).toMatch(/openvex/);

    const never = await runVigil(["advisory", "export", "--advisory", draft.trackingId], { env });
    expect(never.code).toBe(2);
    expect(never.stderr).toMatch(/never been published/);
    const badFormat = await runVigil(["advisory", "export", "--advisory", published.trackingId, "--format", "docx"], { env });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format: expected one of/);
    expect(badFormat.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
