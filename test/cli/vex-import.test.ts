import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { boardCycloneDxVex, windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { openEmbedded } from "../../src/server/platform/db/client";
import { findings, vexDocuments, vexSuggestions } from "../../src/server/platform/db/schema";
import { npmLib, smallCycloneDx } from "../api/sbom-fixtures";
import { runVigil } from "../support/cli";
import { seededDataDir } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";

requireFixtures();

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-vex-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: unknown) => {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
};

describe("vigil vex import into the configured database", () => {
  const dataDir = path.join(tmp, "data");
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", VIGIL_URL: "", VIGIL_TOKEN: "" };
  beforeAll(async () => {
    await seededDataDir(dataDir);
    const sbom = write("bom.cdx.json", smallCycloneDx([npmLib("jquery", "3.4.1")]));
    expect((await runVigil(["sbom", "push", "--device", "IS-300", "--version", "9.5.0", "--create-version", sbom], { env })).code).toBe(0);
    const osv = await runVigil(["vulns", "import", fixture("osv", "records", "from-bundles", "GHSA-jpcq-cgw6-v4j6.json")], { env });
    expect(osv.code, osv.stderr).toBe(0);
  }, 300_000);

  test("imports supplier documents as suggestions, warns about products outside the SBOM, and refuses an invalid one with nothing written", async () => {
    const ok = await runVigil(["vex", "import", "--device", "IS-300", "--version", "9.5.0", write("wrs.json", windRiverCsafVex(3)), write("board.cdx.json", boardCycloneDxVex())], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("Imported wrs.json (Wind River Systems, WRS-2026-0012 rev 3) for IS-300 9.5.0: 1 statements, suggestions 1 new");
    expect(ok.stderr).toContain("warning: board.cdx.json pkg:generic/acme/acme-boot@7.1: CVE-2026-0001: the version's SBOM holds no such product");

    const broken = windRiverCsafVex(4) as { vulnerabilities: Array<Record<string, unknown>> };
    delete broken.vulnerabilities[0].threats;
    delete broken.vulnerabilities[0].flags;
    const bad = await runVigil(["vex", "import", "--device", "IS-300", "--version", "9.5.0", write("wrs-4.json", broken)], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/wrs-4\.json vulnerabilities\[0\]\.product_status\.known_not_affected\[0\]: mandatory test 6\.1\.27\.9/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const unknown = await runVigil(["vex", "import", "--device", "IS-300", "--version", "0.0.1", write("wrs-5.json", windRiverCsafVex(3))], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/has no version "0\.0\.1"/);

    const database = await openEmbedded(dataDir);
    try {
      expect((await database.db.select({ n: count() }).from(vexDocuments))[0].n).toBe(2);
      const suggestions = await database.db.select().from(vexSuggestions);
      expect(suggestions.map((s) => [s.publisher, s.revision, s.status])).toEqual(
        expect.arrayContaining([
          ["Wind River Systems", "3", "not_affected"],
          ["Acme Boards", "2", "not_affected"],
        ]),
      );
      expect(suggestions).toHaveLength(2);
    } finally {
      await database.close();
    }
  }, 300_000);
  test("vex trust applies a supplier's pending statements to unanalysed findings, lists the rules, and --off stops trusting", async () => {
    const trusted = await runVigil(["vex", "trust", "Wind River Systems"], { env });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toBe("Wind River Systems is trusted: 1 pending statements applied to findings nobody had analysed.\n");
    // The finding now has an analysis, so the second supplier's statement waits for a person.
    const second = await runVigil(["vex", "trust", "Acme Boards", "--json"], { env });
    expect(JSON.parse(second.stdout)).toMatchObject({ publisher: "Acme Boards", autoAccept: true, applied: 0 });
    const off = await runVigil(["vex", "trust", "Acme Boards", "--off"], { env });
    expect(off.stdout).toBe("Acme Boards is no longer trusted; analyses it already set stay as they are.\n");
    const listed = await runVigil(["vex", "trust"], { env });
    expect(listed.stdout).toMatch(/^Acme Boards {2}not trusted {2}\(cli \(.+\), .+\)\nWind River Systems {2}trusted {2}/);
    const bad = await runVigil(["vex", "trust", "--off"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--off needs the publisher to stop trusting");

    const database = await openEmbedded(dataDir);
    try {
      const rows = await database.db.select({ status: findings.status, justification: findings.justification, analysedBy: findings.analysedBy }).from(findings).where(eq(findings.vulnerabilityId, "CVE-2020-11023"));
      expect(rows).toEqual([{ status: "not_affected", justification: "vulnerable_code_not_present", analysedBy: "trust rule: Wind River Systems" }]);
    } finally {
      await database.close();
    }
  }, 300_000);
});
