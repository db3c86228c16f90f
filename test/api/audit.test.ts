import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyAuditChain } from "../../src/server/audit/store";
import { backends } from "../support/db";
import { call, signInAs, startTestVigil, type TestVigil } from "../support/app";

describe.each(await backends())("audit trail on %s", (backend) => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
  });
  afterAll(async () => vigil?.stop());

  test("every change writes an entry with actor, before/after and a chained hash", async () => {
    const officer = await signInAs(vigil, "security_officer");
    const created = await call(vigil, officer, "POST", "/api/devices", { name: "Audit pump", modelNumber: "AP-1", kind: "medical_device", connectivity: ["wifi"] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await call(vigil, officer, "PATCH", `/api/devices/${id}`, { name: "Audit pump II" });
    await call(vigil, officer, "DELETE", `/api/devices/${id}`);
    const auditor = await signInAs(vigil, "auditor");
    const res = await call(vigil, auditor, "GET", `/api/audit?entityType=device_model&entityId=${id}`);
    const entries = res.json().entries as Array<{ action: string; actorLabel: string; changes: Array<{ field: string; before: unknown; after: unknown }>; prevHash: string; hash: string; seq: number }>;
    expect(entries.map((e) => e.action)).toEqual(["delete", "update", "create"]);
    expect(entries.every((e) => e.actorLabel === "psirt@demo-medical.example")).toBe(true);
    const update = entries[1];
    expect(update.changes.find((c) => c.field === "name")).toEqual({ field: "name", before: "Audit pump", after: "Audit pump II" });
    const verdict = await call(vigil, auditor, "GET", "/api/audit/verify");
    expect(verdict.json()).toMatchObject({ intact: true });
  });

  test("secrets never enter the audit trail", async () => {
    const rows = await vigil.database.db.execute(sql`SELECT after::text AS a FROM audit_log WHERE entity_type = 'user'`);
    const text = JSON.stringify(rows);
    expect(text).toContain("[redacted]");
    expect(text).not.toMatch(/scrypt\$/);
  });

  test("the database refuses to change or delete audit entries", async () => {
    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await vigil.database.db.execute(statement);
        return "accepted";
      } catch (err) {
        const e = err as Error & { cause?: Error };
        return e.cause?.message ?? e.message;
      }
    };
    expect(await refusal(sql`UPDATE audit_log SET actor_label = 'mallory' WHERE seq = 1`)).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM audit_log WHERE seq = 1`)).toMatch(/append-only/);
    expect(await refusal(sql`TRUNCATE audit_log`)).toMatch(/append-only/);
  });

  test("there is no API to change audit entries", () => {
    const writes = vigil.app.routeTable.filter((r) => r.url.startsWith("/api/audit") && r.method !== "GET");
    expect(writes).toEqual([]);
  });

  test("verification names the first tampered entry", async () => {
    // Tampering needs the trigger out of the way, as an attacker with database access would do.
    const db = vigil.database.db;
    const before = await verifyAuditChain(db);
    expect(before.intact).toBe(true);
    await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await db.execute(sql`UPDATE audit_log SET after = '{"name":"forged"}'::jsonb WHERE seq = 3`);
    await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    const after = await verifyAuditChain(db);
    expect(after).toMatchObject({ intact: false, firstBrokenSeq: 3, reason: "content does not match its hash" });
  });
});
