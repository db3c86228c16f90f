import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const purls = ["pkg:generic/acme-rtos@4.2.0", "pkg:generic/acme-tls@1.1.1", "pkg:generic/acme-ui@5.15.2"];
const sbom = JSON.stringify({
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  metadata: { timestamp: "2026-11-01T00:00:00Z", component: { type: "firmware", name: "pump-firmware", "bom-ref": "root" } },
  components: [
    { type: "library", "bom-ref": "rtos", name: "acme-rtos", version: "4.2.0", purl: purls[0], supplier: { name: "Acme RTOS GmbH" } },
    { type: "library", "bom-ref": "tls", name: "acme-tls", version: "1.1.1", purl: purls[1] },
    { type: "library", "bom-ref": "ui", name: "acme-ui", version: "5.15.2", purl: purls[2] },
  ],
});

async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
  return rows;
}

describe.each(await backends())("component support across the portfolio on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let auditor: Session;
  let versionId: string;
  let model: string;
  let units: number;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-12-06T09:00:00Z");
    [officer, auditor] = await Promise.all([signInAs(vigil, "security_officer"), signInAs(vigil, "auditor")]);
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ name: string; versions: Array<{ id: string; installedUnits: number }> }>;
    const withUnits = models.flatMap((m) => m.versions.map((v) => ({ m, v }))).find(({ v }) => v.installedUnits > 0)!;
    ({ id: versionId, installedUnits: units } = withUnits.v);
    model = withUnits.m.name;
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/versions/${versionId}/sboms?fileName=pump.cdx.json`,
      payload: sbom,
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => vigil?.stop());

  test("bulk entry is all or nothing: a purl in no SBOM or given twice is named and nothing changes", async () => {
    const unknown = await call(vigil, officer, "POST", "/api/components/support/bulk", {
      items: [{ purl: purls[0], endOfSupport: "2025-01-31" }, { purl: "pkg:generic/nowhere@1", supportLevel: "abandoned" }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([{ path: "body/items/1/purl", message: "no SBOM has a component with this purl" }]);
    const twice = await call(vigil, officer, "POST", "/api/components/support/bulk", { items: [{ purl: purls[0], supportLevel: "abandoned" }, { purl: purls[0], supportLevel: "abandoned" }] });
    expect(twice.json().error.details).toEqual([{ path: "body/items/1/purl", message: "the same purl as items/0" }]);
    const empty = await call(vigil, officer, "POST", "/api/components/support/bulk", { items: [{ purl: purls[0] }] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([{ path: "body/items/0", message: "states none of supplier, level of support, end of support" }]);
    const badDate = await call(vigil, officer, "POST", "/api/components/support/bulk", { items: [{ purl: purls[0], endOfSupport: "31.01.2025" }] });
    expect(badDate.statusCode).toBe(400);
    expect((await call(vigil, auditor, "POST", "/api/components/support/bulk", { items: [{ purl: purls[0] }] })).statusCode).toBe(403);
    const report = (await call(vigil, officer, "GET", `/api/versions/${versionId}/support-report`)).json();
    expect(report.items.find((i: { purl: string }) => i.purl === purls[0])).toMatchObject({ endOfSupport: null, source: "sbom" });
  });

  test("set in bulk, the portfolio lists what is past or near end of support or unmaintained, with the installed units", async () => {
    const ok = await call(vigil, officer, "POST", "/api/components/support/bulk", {
      items: [
        { purl: purls[0], supportLevel: "no longer maintained", endOfSupport: "2025-01-31" },
        { purl: purls[1], endOfSupport: "2027-02-28" },
        { purl: purls[2], supportLevel: "actively maintained", endOfSupport: "2030-12-31" },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items[0]).toMatchObject({ purl: purls[0], supplier: "Acme RTOS GmbH", supportLevel: "no longer maintained", endOfSupport: "2025-01-31" });
    const audit = (await call(vigil, auditor, "GET", `/api/audit?entityType=component_support&entityId=${encodeURIComponent(purls[0])}`)).json();
    expect(audit.entries[0]).toMatchObject({ action: "create" });

    const portfolio = (await call(vigil, auditor, "GET", "/api/components/support-portfolio")).json();
    const ours = portfolio.items.filter((i: { purl: string | null }) => purls.includes(i.purl ?? ""));
    expect(ours.map((i: { name: string }) => i.name)).toEqual(["acme-rtos", "acme-tls"]);
    expect(ours[0]).toMatchObject({ endOfSupportState: "past", reasons: ["end_of_support_passed", "no_longer_maintained"], installedUnits: units });
    expect(ours[0].versions).toEqual([expect.objectContaining({ versionId, deviceModel: model, installedUnits: units })]);
    expect(ours[1]).toMatchObject({ endOfSupportState: "near", reasons: ["end_of_support_near"] });
    const all = (await call(vigil, auditor, "GET", "/api/components/support-portfolio?all=true")).json();
    expect(all.items.some((i: { purl: string | null }) => i.purl === purls[2])).toBe(true);
    expect(all.summary.components).toBeGreaterThanOrEqual(3);
    expect((await call(vigil, auditor, "GET", "/api/components/support-portfolio?all=maybe")).statusCode).toBe(400);
  });

  test("the portfolio and a version's report download as XLSX with the basis named and unknowns written as unknown", async () => {
    const res = await call(vigil, auditor, "GET", "/api/components/support-portfolio/export");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/component-support-2026-12-06\.xlsx/);
    const rows = await sheetRows(res.rawPayload);
    expect(rows[2][0]).toMatch(/^Basis: FDA, Cybersecurity in Medical Devices/);
    const rtos = rows.find((r) => r[0] === "acme-rtos")!;
    expect(rtos).toEqual(["acme-rtos", "4.2.0", "Acme RTOS GmbH", purls[0], "No longer maintained", "2025-01-31", "End of support passed; No longer maintained", model, expect.any(String), String(units)]);

    const version = await call(vigil, auditor, "GET", `/api/versions/${versionId}/support-report/export`);
    expect(version.statusCode).toBe(200);
    const vrows = await sheetRows(version.rawPayload);
    expect(vrows[1][0]).toBe("SBOM: pump.cdx.json; generated 2026-12-06");
    expect(vrows.find((r) => r[0] === "acme-tls")).toEqual(["acme-tls", "1.1.1", "Unknown", purls[1], "Unknown", "2027-02-28", "Near", "Entered in Vigil"]);
    expect((await call(vigil, auditor, "GET", "/api/versions/nope/support-report/export")).statusCode).toBe(404);
  });
});
