import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog } from "../../src/server/audit/schema";
import { deviceModels } from "../../src/server/devices/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type Model = { id: string; modelNumber: string; kind: string; regime: { regime: string; cra: string; label: string; reasons: { basis: string }[] } };

describe.each(await backends())("product regime per device model on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
  });
  afterAll(async () => vigil?.stop());

  const models = async () => (await call(vigil, officer, "GET", "/api/devices")).json() as Model[];

  test("the demo shows MDR devices excluded from the CRA and the fleet manager in its scope, with the reasons", async () => {
    const byNumber = Object.fromEntries((await models()).map((m) => [m.modelNumber, m]));
    expect(byNumber["IS-300"]).toMatchObject({ kind: "medical_device", regime: { regime: "mdr", cra: "excluded", label: "CRA excluded, Art. 2(2)(a)" } });
    expect(byNumber["FV-FM"]).toMatchObject({ kind: "non_device_software", regime: { regime: "cra", cra: "in_scope" } });
    expect(byNumber["FV-FM"].regime.reasons.map((r) => r.basis).join(" ")).toMatch(/Art\. 13\(8\)/);
  });

  test("marking a product non-device puts it in CRA scope; the change is audited", async () => {
    const created = await call(vigil, officer, "POST", "/api/devices", { name: "Service laptop kit", modelNumber: "SLK-1", kind: "medical_device", connectivity: ["usb"] });
    expect(created.statusCode).toBe(201);
    expect((created.json() as Model).regime.regime).toBe("mdr");
    const id = (created.json() as Model).id;
    const patched = await call(vigil, officer, "PATCH", `/api/devices/${id}`, { kind: "non_device_hardware", craCategory: "important_class_i", connectivity: ["usb"] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ kind: "non_device_hardware", craCategory: "important_class_i", regime: { cra: "in_scope", category: "important_class_i" } });
    const saas = await call(vigil, officer, "PATCH", `/api/devices/${id}`, { kind: "service", craCategory: null });
    expect(saas.json()).toMatchObject({ regime: { regime: "none", cra: "not_a_product" } });
    const entries = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(entries.filter((e) => e.action === "update")).toHaveLength(2);
  });

  test("a new model without a kind is refused: the kind decides MDR/IVDR vigilance or CRA reporting and is never presumed", async () => {
    const res = await call(vigil, officer, "POST", "/api/devices", { name: "Unsaid pump", modelNumber: "UNSAID-1" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/kind: required — one of medical_device, ivd, accessory/);
    expect((await models()).map((m) => m.modelNumber)).not.toContain("UNSAID-1");
    const pump = (await models()).find((m) => m.modelNumber === "IS-300")!;
    const patched = await call(vigil, officer, "PATCH", `/api/devices/${pump.id}`, { name: "InfuSafe 300 infusion pump" });
    expect(patched.statusCode, "an update may still leave the kind as it is").toBe(200);
    expect(patched.json().kind).toBe("medical_device");
  });

  test.each([
    [{ kind: "non_device_software", riskClass: "IIa" }, "riskClass", /has no MDR\/IVDR class/],
    [{ kind: "medical_device", riskClass: "IIa", craCategory: "critical" }, "craCategory", /CRA Art\. 2\(2\)/],
    [{ kind: "ivd", riskClass: "IIb" }, "riskClass", /an IVD has class A, B, C or D/],
    [{ kind: "toaster" }, "kind", /.+/],
  ])("a contradictory product %j is refused naming %s; nothing is stored", async (fields, path, message) => {
    const before = await vigil.database.db.select({ id: deviceModels.id }).from(deviceModels);
    const res = await call(vigil, officer, "POST", "/api/devices", { name: "Bad", modelNumber: `BAD-${path}-${String(fields.kind)}`, ...fields });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(JSON.stringify(error.details)).toContain(path);
    expect(error.message).toMatch(message);
    expect(await vigil.database.db.select({ id: deviceModels.id }).from(deviceModels)).toHaveLength(before.length);
  });

  test("regression: a partial update leaves omitted fields unchanged (connectivity was reset to [], support status to supported)", async () => {
    const pump = (await models()).find((m) => m.modelNumber === "IS-300")! as Model & { connectivity: string[]; versions: { id: string; supportStatus: string }[] };
    expect(pump.connectivity.length).toBeGreaterThan(0);
    const patched = await call(vigil, officer, "PATCH", `/api/devices/${pump.id}`, { intendedUse: "Infusion of fluids in hospital wards" });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ intendedUse: "Infusion of fluids in hospital wards", connectivity: pump.connectivity, kind: pump.kind });
    const limited = pump.versions[0];
    expect((await call(vigil, officer, "PATCH", `/api/versions/${limited.id}`, { supportStatus: "limited" })).statusCode).toBe(200);
    const renamed = await call(vigil, officer, "PATCH", `/api/versions/${limited.id}`, { releaseDate: "2024-01-15" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ supportStatus: "limited", releaseDate: "2024-01-15" });
  });

  test("regression: an MDR device cannot be given a CRA category by a partial update", async () => {
    const pump = (await models()).find((m) => m.modelNumber === "IS-300")!;
    const res = await call(vigil, officer, "PATCH", `/api/devices/${pump.id}`, { craCategory: "default" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/craCategory/);
  });
});
