import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyAuditChain } from "../../src/server/audit/store";
import { backupToText, exportWorkspace, parseBackup, restoreWorkspace } from "../../src/server/backup/backup";
import { backends, createTestDatabase, type TestDatabase } from "../support/db";
import { call, signInAs, startTestVigil, type TestVigil } from "../support/app";

const kinds = await backends();

describe.each(kinds)("backup and restore from %s", (source) => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil(source);
    const admin = await signInAs(vigil, "admin");
    await call(vigil, admin, "POST", "/api/tokens", { name: "ci", scopes: ["read", "sbom:write"] });
    await call(vigil, admin, "PUT", "/api/organisation", {
      legalName: "Demo Medical GmbH", mainEstablishment: "DE", otherMemberStates: ["AT"], staffHeadcount: 181,
      annualTurnoverEur: 42_000_001, balanceSheetTotalEur: 30_000_000, productLines: ["Pumps"], activities: ["medical_devices"], designations: [],
    });
  });
  afterAll(async () => vigil?.stop());

  test.each(kinds)("round-trips exactly into an empty %s database", async (target) => {
    const first = backupToText(await exportWorkspace(vigil.database.db));
    let restored: TestDatabase | null = null;
    try {
      restored = await createTestDatabase(target);
      const counts = await restoreWorkspace(restored.db, parseBackup(first));
      expect(counts.users).toBe(7);
      expect(counts.audit_log).toBeGreaterThan(5);
      const second = backupToText(await exportWorkspace(restored.db));
      expect(second).toBe(first);
      expect((await verifyAuditChain(restored.db)).intact).toBe(true);
      await expect(restoreWorkspace(restored.db, parseBackup(first))).rejects.toThrow(/not empty/);
    } finally {
      await restored?.drop();
    }
  });

  test("a damaged or foreign file is refused before anything is written", () => {
    expect(() => parseBackup("{not json")).toThrow(/not valid JSON/);
    expect(() => parseBackup(JSON.stringify({ format: "other" }))).toThrow(/format marker/);
    const doc = JSON.parse(backupToText({ format: "vigil-backup", formatVersion: 1, schemaVersion: "0000_old", tables: {} }));
    expect(() => parseBackup(JSON.stringify(doc))).toThrow(/schema 0000_old differs/);
  });
});
