import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backupToText, exportWorkspace, parseBackup, restoreWorkspace } from "../../src/server/backup/backup";
import { assemble } from "../../src/server/server";
import pino from "pino";
import { call, signInAs, startTestVigil, testConfig, type TestVigil } from "../support/app";
import { backends, createTestDatabase } from "../support/db";
import { requireFixtures } from "../support/fixtures";
import { realSbom } from "./sbom-fixtures";

requireFixtures();

describe.each(await backends())("SBOMs in a backup from %s", (backend) => {
  let vigil: TestVigil;
  let sbomId: string;
  const original = realSbom("spdx/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json");
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    const officer = await signInAs(vigil, "security_officer");
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ versions: Array<{ id: string }> }>;
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/versions/${models[0].versions[0].id}/sboms?fileName=example.spdx.json`,
      payload: original,
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBe(201);
    sbomId = res.json().sbom.id;
  });
  afterAll(async () => vigil?.stop());

  test("round-trip exactly, and the restored SBOM downloads as the original bytes", async () => {
    const first = backupToText(await exportWorkspace(vigil.database.db));
    const backup = parseBackup(first);
    // The demo workspace brings SBOMs of its own; the uploaded one is among them.
    expect(backup.tables.sboms.rows.map((row) => row[0])).toContain(sbomId);
    expect(backup.tables.sbom_components.rows.length).toBeGreaterThan(0);
    const restored = await createTestDatabase(backend);
    try {
      await restoreWorkspace(restored.db, backup);
      expect(backupToText(await exportWorkspace(restored.db))).toBe(first);
      const again = await assemble(restored, testConfig, pino({ level: "silent" }), { seedDemo: false });
      try {
        const officer = await signInAs(again, "security_officer");
        const [sbom] = (await call(again, officer, "GET", `/api/sboms/${sbomId}`)).json().components.items;
        expect(sbom).toBeDefined();
        const download = await call(again, officer, "GET", `/api/sboms/${sbomId}/download`);
        expect(download.rawPayload.equals(original)).toBe(true);
      } finally {
        await again.close();
      }
    } finally {
      await restored.drop();
    }
  });
});
