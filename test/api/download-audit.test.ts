import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, demoEmail, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type Entry = { action: string; entityType: string; entityId: string; actorLabel: string; after: { route: string; query: string | null; fileName: string | null } };

// Security events not audited (hole 9): taking a register, the SoA, an SBOM or an attachment out of Vigil left no trace.
describe.each(await backends())("downloads and exports are audited on %s", (backend) => {
  let vigil: TestVigil;
  let auditor: Session;
  let officer: Session;
  let admin: Session;
  const downloads = async (): Promise<Entry[]> => {
    const res = (await call(vigil, admin, "GET", "/api/audit?entityType=file&limit=500")).json();
    return (res.entries ?? res) as Entry[];
  };

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    [auditor, officer, admin] = await Promise.all((["auditor", "security_officer", "admin"] as const).map((r) => signInAs(vigil, r)));
  });
  afterAll(async () => vigil?.stop());

  test("register exports, the SoA and an SBOM download each leave one entry naming the person, the route and the file", async () => {
    const before = (await downloads()).length;
    const risks = await call(vigil, auditor, "GET", "/api/risks/export?format=csv");
    expect(risks.statusCode).toBe(200);
    const soa = await call(vigil, auditor, "GET", "/api/compliance/soa/export?format=xlsx");
    expect(soa.statusCode).toBe(200);
    const suppliers = await call(vigil, auditor, "GET", "/api/suppliers/export?format=csv");
    expect(suppliers.statusCode).toBe(200);
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ versions: Array<{ id: string }> }>;
    let sbomId = "";
    for (const v of models.flatMap((m) => m.versions)) {
      const [first] = (await call(vigil, officer, "GET", `/api/versions/${v.id}/sboms`)).json();
      if (first) {
        sbomId = first.id;
        break;
      }
    }
    const sbom = await call(vigil, officer, "GET", `/api/sboms/${sbomId}/download`);
    expect(sbom.statusCode).toBe(200);

    const all = await downloads();
    const entries = all.slice(0, all.length - before);
    const routes = entries.map((e) => e.after.route).sort();
    expect(routes).toEqual(["/api/compliance/soa/export", "/api/risks/export", "/api/sboms/:id/download", "/api/suppliers/export"]);
    const risk = entries.find((e) => e.after.route === "/api/risks/export")!;
    expect(risk).toMatchObject({ action: "download", actorLabel: demoEmail("auditor"), after: { query: "format=csv" } });
    expect(risk.after.fileName).toMatch(/\.csv$/);
    expect(entries.find((e) => e.after.route === "/api/sboms/:id/download")).toMatchObject({ entityId: sbomId, actorLabel: demoEmail("security_officer") });
    expect((await call(vigil, admin, "GET", "/api/audit/verify")).json()).toMatchObject({ intact: true });
  });

  test("a refused or failed download leaves no download entry, and ordinary reads leave none", async () => {
    const before = (await downloads()).length;
    const customer = await signInAs(vigil, "customer");
    expect((await call(vigil, customer, "GET", "/api/risks/export?format=csv")).statusCode).toBe(403);
    expect((await call(vigil, auditor, "GET", "/api/sboms/00000000-0000-0000-0000-000000000000/download")).statusCode).toBe(404);
    expect((await call(vigil, auditor, "GET", "/api/risks")).statusCode).toBe(200);
    expect((await downloads()).length).toBe(before);
  });
});
