import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog } from "../../src/server/audit/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type EosVersion = { modelNumber: string; version: string; sites: number; customers: number; units: number; installations: Array<{ site: string | null; units: number }> };

describe.each(await backends())("installed base and end of support on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let versionIds: Record<string, string>;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-03-01T10:00:00Z");
    officer = await signInAs(vigil, "security_officer");
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ modelNumber: string; versions: Array<{ id: string; version: string }> }>;
    versionIds = Object.fromEntries(models.flatMap((m) => m.versions.map((v) => [`${m.modelNumber}@${v.version}`, v.id])));
  });
  afterAll(async () => vigil?.stop());

  test("the end-of-support view lists installed versions past end of support with sites and units", async () => {
    const res = await call(vigil, officer, "GET", "/api/devices/end-of-support");
    expect(res.statusCode).toBe(200);
    const body = res.json() as { asOf: string; totals: Record<string, number>; versions: EosVersion[] };
    expect(body.asOf).toBe("2026-03-01");
    // Demo data: pump 2.4.1 is end of support (40 units at St. Lukas main campus, 25 at Ziekenhuis Noord).
    expect(body.versions.map((v) => `${v.modelNumber}@${v.version}`)).toEqual(["IS-300@2.4.1"]);
    expect(body.versions[0]).toMatchObject({ sites: 2, customers: 2, units: 65 });
    expect(body.totals).toEqual({ versions: 1, sites: 2, customers: 2, units: 65 });
    expect((await call(vigil, officer, "GET", "/api/devices/end-of-support/totals")).json()).toEqual({ asOf: "2026-03-01", totals: body.totals });
  });

  test("a version's support status and end-of-support date are editable, audited, and feed the view", async () => {
    const monitor = versionIds["VV-12@5.0.2"];
    const bad = await call(vigil, officer, "PATCH", `/api/versions/${monitor}`, { endOfSupport: "31.12.2025" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/endOfSupport/);
    const res = await call(vigil, officer, "PATCH", `/api/versions/${monitor}`, { supportStatus: "limited", endOfSupport: "2026-01-31" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ supportStatus: "limited", endOfSupport: "2026-01-31", installedUnits: 60, deviceModel: { modelNumber: "VV-12" } });
    const [entry] = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityId, monitor));
    expect(entry).toMatchObject({ action: "update", entityType: "software_version", before: expect.objectContaining({ endOfSupport: "2027-12-31" }) });

    const view = (await call(vigil, officer, "GET", "/api/devices/end-of-support")).json() as { versions: EosVersion[] };
    expect(view.versions.find((v) => v.modelNumber === "VV-12")).toMatchObject({ version: "5.0.2", sites: 1, units: 60 });
    // Past its end-of-support date though still marked limited, and at one site of a customer already counted.
    expect((await call(vigil, officer, "GET", "/api/devices/end-of-support/totals")).json().totals).toEqual({ versions: 2, sites: 2, customers: 2, units: 125 });

    const contributor = await signInAs(vigil, "contributor");
    expect((await call(vigil, contributor, "PATCH", `/api/versions/${monitor}`, { supportStatus: "supported" })).statusCode).toBe(403);
  });

  test("customers, sites and installations: create, update, delete, each audited, with references checked", async () => {
    const customer = await call(vigil, officer, "POST", "/api/customers", { name: "Hôpital Central", country: "FR", contactEmail: "dsi@hopital.example" });
    expect(customer.statusCode, customer.body).toBe(201);
    const customerId = customer.json().id as string;
    const site = await call(vigil, officer, "POST", `/api/customers/${customerId}/sites`, { name: "Bâtiment A", city: "Lyon", country: "FR" });
    expect(site.statusCode).toBe(201);
    const siteId = site.json().id as string;

    const otherCustomer = (await call(vigil, officer, "GET", "/api/customers")).json().find((c: { name: string }) => c.name === "Ziekenhuis Noord");
    const foreignSite = await call(vigil, officer, "POST", "/api/installations", { softwareVersionId: versionIds["IS-300@2.4.1"], customerId: otherCustomer.id, siteId, units: 3 });
    expect(foreignSite.statusCode).toBe(400);
    expect(foreignSite.json().error.message).toMatch(/siteId: the site belongs to another customer/);
    const badUnits = await call(vigil, officer, "POST", "/api/installations", { softwareVersionId: versionIds["IS-300@2.4.1"], customerId, siteId, units: 0 });
    expect(badUnits.statusCode).toBe(400);

    const inst = await call(vigil, officer, "POST", "/api/installations", { softwareVersionId: versionIds["IS-300@2.4.1"], customerId, siteId, units: 8, since: "2022-04-01" });
    expect(inst.statusCode, inst.body).toBe(201);
    const instId = inst.json().id as string;
    let view = (await call(vigil, officer, "GET", "/api/devices/end-of-support")).json() as { versions: EosVersion[] };
    expect(view.versions.find((v) => v.modelNumber === "IS-300")).toMatchObject({ sites: 3, customers: 3, units: 73 });
    const totals = (await call(vigil, officer, "GET", "/api/devices/end-of-support/totals")).json().totals;
    expect(totals).toEqual((view as unknown as { totals: unknown }).totals);
    expect(totals).toMatchObject({ sites: 3, customers: 3, units: 133 });

    // Upgraded to a supported version: no longer exposed.
    const upgraded = await call(vigil, officer, "PATCH", `/api/installations/${instId}`, { softwareVersionId: versionIds["IS-300@3.1.0"], units: 10 });
    expect(upgraded.json()).toMatchObject({ softwareVersionId: versionIds["IS-300@3.1.0"], units: 10, siteId });
    view = (await call(vigil, officer, "GET", "/api/devices/end-of-support")).json() as { versions: EosVersion[] };
    expect(view.versions.find((v) => v.modelNumber === "IS-300")).toMatchObject({ units: 65 });

    expect((await call(vigil, officer, "PATCH", `/api/sites/${siteId}`, { city: "Villeurbanne" })).json().city).toBe("Villeurbanne");
    expect((await call(vigil, officer, "PATCH", `/api/customers/${customerId}`, { name: "Hôpital Central de Lyon" })).json()).toMatchObject({ name: "Hôpital Central de Lyon", installedUnits: 10, sites: [{ city: "Villeurbanne" }] });
    expect((await call(vigil, officer, "DELETE", `/api/installations/${instId}`)).statusCode).toBe(200);
    expect((await call(vigil, officer, "DELETE", `/api/sites/${siteId}`)).statusCode).toBe(200);
    expect((await call(vigil, officer, "DELETE", `/api/customers/${customerId}`)).statusCode).toBe(200);
    expect((await call(vigil, officer, "DELETE", `/api/customers/${customerId}`)).statusCode).toBe(404);

    const lukas = (await call(vigil, officer, "GET", "/api/customers")).json().find((c: { name: string }) => c.name === "St. Lukas Klinikum");
    const refused = await call(vigil, officer, "DELETE", `/api/customers/${lukas.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/portal user/);

    const trail = await vigil.database.db
      .select({ action: auditLog.action, entityType: auditLog.entityType })
      .from(auditLog)
      .where(inArray(auditLog.entityId, [customerId, siteId, instId]))
      .orderBy(asc(auditLog.seq));
    expect(trail.map((e) => `${e.action} ${e.entityType}`)).toEqual([
      "create customer",
      "create site",
      "create installation",
      "update installation",
      "update site",
      "update customer",
      "delete installation",
      "delete site",
      "delete customer",
    ]);
  });
});
