import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCatalog } from "../../src/server/catalog/load";
import { readThreatModelReference, unknownCatalogRefs } from "../../src/server/threat-model/reference-data";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { npmLib, smallCycloneDx } from "./sbom-fixtures";

function pdfText(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-premarket-")), "doc.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, " ");
}
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

test("the STRIDE, capability and package data cite only catalog IDs that exist, and every element type gets suggestions", async () => {
  const ref = await readThreatModelReference();
  expect(unknownCatalogRefs(ref, await loadCatalog())).toEqual([]);
  for (const kind of ["software_item", "hardware", "interface", "data_store", "external_system", "data_flow"] as const) expect(ref.stride.applies[kind].length).toBeGreaterThan(0);
  expect(ref.premarket.documents.map((d) => d.file)).toContain("04-traceability-matrix.xlsx");
});

type Model = { id: string; modelNumber: string; versions: { id: string; version: string }[] };

describe.each(await backends())("threat models on %s", (backend) => {
  let vigil: TestVigil;
  let psirt: Session;
  let contributor: Session;
  let auditor: Session;
  let models: Model[];
  const versionId = (modelNumber: string, version: string) => {
    const id = models.find((m) => m.modelNumber === modelNumber)?.versions.find((v) => v.version === version)?.id;
    if (!id) throw new Error(`no ${modelNumber} ${version}`);
    return id;
  };
  const url = (id: string) => `/api/versions/${id}/threat-model`;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00.000Z");
    psirt = await signInAs(vigil, "security_officer");
    contributor = await signInAs(vigil, "contributor");
    auditor = await signInAs(vigil, "auditor");
    models = (await call(vigil, psirt, "GET", "/api/devices")).json();
  }, 300_000);
  afterAll(async () => vigil?.stop());

  test("every threat-model route declares the least privilege it needs", () => {
    const access = Object.fromEntries(vigil.app.routeTable.filter((r) => r.url.includes("threat-model") || r.url === "/api/reports/premarket").map((r) => [`${r.method} ${r.url}`, r.access]));
    expect(access).toEqual({
      "GET /api/threat-model/reference": "workspace:read",
      "GET /api/versions/:versionId/threat-model": "workspace:read",
      "PUT /api/versions/:versionId/threat-model": "devices:write",
      "GET /api/versions/:versionId/threat-model/export": "workspace:read",
      "POST /api/versions/:versionId/threat-model/import": "devices:write",
      "POST /api/versions/:versionId/threat-model/inherit": "devices:write",
      "POST /api/reports/premarket": "reports:export",
    });
  });

  test("the demo's InfuSafe 300 3.1.0 inherits from 2.4.1, shows the diff, and has one complete and one failing trace", async () => {
    const view = (await call(vigil, psirt, "GET", url(versionId("IS-300", "3.1.0")))).json();
    expect(view.inheritedFrom.version).toBe("2.4.1");
    expect(view.diff.elements.added).toEqual(["wifi", "gateway", "hospital-net"]);
    expect(view.diff.boundaries.changed).toEqual([{ id: "pump", fields: ["elementIds"] }]);
    expect(view.diff.elements.changed).toEqual([{ id: "pump-fw", fields: ["components"] }]);
    // The firmware's components are those of 3.1.0's SBOM.
    expect(view.model.elements.find((e: { id: string }) => e.id === "pump-fw").components).toEqual(["zlib", "openssl", "wpasupplicant", "libusb-1.0", "log4j-core"]);
    expect(view.traceability.rows.map((r: { threatId: string; result: string }) => [r.threatId, r.result])).toEqual([
      ["T-1", "pass"],
      ["T-2", "gap"],
    ]);
    expect(view.traceability.rows[1].gaps.map((g: { code: string }) => g.code)).toEqual(["verification_failed"]);
    expect(view.crossedBoundaries.events).toEqual(["pump", "hospital"]);
    expect(view.suggestions.some((s: { id: string }) => s.id === "gateway:spoofing")).toBe(true);
    expect(view.suggestions.some((s: { id: string }) => s.id === "usb-fw:tampering")).toBe(false);
    // The 2.4.1 firmware carries the demo's vulnerable components: their findings are evidence on the element.
    const old = (await call(vigil, psirt, "GET", url(versionId("IS-300", "2.4.1")))).json();
    expect(Object.keys(old.elementFindings)).toEqual(["pump-fw"]);
    // The demo's firmware components are all in each version's current SBOM.
    expect([view.traceability.componentGaps, old.traceability.componentGaps]).toEqual([[], []]);
  });

  test("export and import round-trip the model; a bad file is refused whole, naming the file and every path", async () => {
    const from = versionId("IS-300", "3.1.0");
    const to = versionId("VV-12", "6.0.0");
    const exported = await call(vigil, psirt, "GET", `${url(from)}/export`);
    expect(exported.headers["content-disposition"]).toContain("threat-model-IS-300-3.1.0.json");
    const imported = await call(vigil, psirt, "POST", `${url(to)}/import`, { fileName: "is-300.json", content: exported.body });
    expect(imported.statusCode, imported.body).toBe(200);
    const again = await call(vigil, psirt, "GET", `${url(to)}/export`);
    expect(again.body).toBe(exported.body);

    const model = JSON.parse(exported.body);
    model.flows.push({ id: "ghost-flow", from: "pump-fw", to: "nowhere", data: "x" });
    model.threats[0].target = "nothing";
    const audits = (await call(vigil, psirt, "GET", "/api/audit?limit=1")).json();
    const bad = await call(vigil, psirt, "POST", `${url(to)}/import`, { fileName: "broken.json", content: JSON.stringify(model) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual(
      expect.arrayContaining([
        { path: `broken.json/flows/${model.flows.length - 1}/to`, message: 'unknown element "nowhere"' },
        { path: "broken.json/threats/0/target", message: 'unknown element or flow "nothing"' },
      ]),
    );
    const notJson = await call(vigil, psirt, "POST", `${url(to)}/import`, { fileName: "half.json", content: "{\"elements\": [" });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toMatch(/^half\.json: not valid JSON/);
    const nul = await call(vigil, psirt, "POST", `${url(to)}/import`, { fileName: "nul.json", content: '{"elements":[{"id":"a","name":"x\\u0000y","type":"hardware"}]}' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.details[0].path).toBe("nul.json/elements/0/name");
    expect((await call(vigil, psirt, "GET", `${url(to)}/export`)).body).toBe(exported.body);
    expect((await call(vigil, psirt, "GET", "/api/audit?limit=1")).json()).toEqual(audits);

    const put = await call(vigil, psirt, "PUT", url(to), { ...JSON.parse(exported.body), flows: [{ id: "f", from: "a", to: "b", data: "x" }] });
    expect(put.statusCode).toBe(400);
    expect(put.json().error.details[0].path).toBe("body/flows/0/from");
    expect((await call(vigil, contributor, "PUT", url(to), JSON.parse(exported.body))).statusCode).toBe(403);
  });

  test("a new version inherits its predecessor's model with a diff; a cycle of inheritance is refused", async () => {
    const pump = models.find((m) => m.modelNumber === "IS-300")!;
    const created = await call(vigil, psirt, "POST", `/api/devices/${pump.id}/versions`, { version: "3.2.0", supportStatus: "supported" });
    expect(created.statusCode, created.body).toBe(201);
    const v320 = created.json().id as string;
    // Created after 3.1.0, the version starts with a copy of its model, in the creating transaction and audited.
    const started = (await call(vigil, psirt, "GET", url(v320))).json();
    expect(started.inheritedFrom).toEqual({ softwareVersionId: versionId("IS-300", "3.1.0"), version: "3.1.0" });
    expect(started.diff.unchanged).toBe(false); // the acceptance is the predecessor's own
    expect(started.diff.acceptanceChanged).toBe(true);
    expect(started.model.acceptance).toBeNull();
    const trail = (await call(vigil, auditor, "GET", "/api/audit?limit=2")).json();
    expect(trail.entries.map((e: { action: string; entityType: string }) => `${e.action} ${e.entityType}`)).toEqual(["inherit threat_model", "create software_version"]);
    // Without an SBOM of its own, none of the inherited components can be shown as present.
    expect(started.traceability.componentGaps.map((g: { elementId: string; component: string }) => `${g.elementId}/${g.component}`)).toEqual(
      ["zlib", "openssl", "wpasupplicant", "libusb-1.0", "log4j-core"].map((c) => `pump-fw/${c}`),
    );
    expect(started.traceability.gapCounts.component_not_in_sbom).toBe(5);
    // Asking by hand for the copy it already holds changes nothing.
    const inherited = await call(vigil, psirt, "POST", `${url(v320)}/inherit`, { fromVersionId: versionId("IS-300", "3.1.0") });
    expect(inherited.statusCode, inherited.body).toBe(200);
    expect(inherited.json().model).toEqual(started.model);
    expect((await call(vigil, auditor, "GET", "/api/audit?limit=2")).json()).toEqual(trail);
    const model = inherited.json().model;
    model.elements.push({ id: "ble", name: "Bluetooth LE", type: "interface" });
    model.controls[2].verifications[0].result = "pass";
    const saved = (await call(vigil, psirt, "PUT", url(v320), model)).json();
    expect(saved.diff.elements.added).toEqual(["ble"]);
    expect(saved.diff.controls.changed).toEqual([{ id: "C-PSEUDO", fields: ["verifications"] }]);
    expect(saved.traceability.rows.map((r: { result: string }) => r.result)).toEqual(["pass", "pass"]);

    const again = await call(vigil, psirt, "POST", `${url(v320)}/inherit`, { fromVersionId: versionId("IS-300", "3.1.0") });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("Version 3.2.0 already has its own threat model; set replace to start over from 3.1.0's model");
    const cycle = await call(vigil, psirt, "POST", `${url(versionId("IS-300", "2.4.1"))}/inherit`, { fromVersionId: v320, replace: true });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error).toMatchObject({ code: "inheritance_cycle", message: "Inheriting would close a cycle: 2.4.1 → 3.2.0 → 3.1.0 → 2.4.1" });
    const other = await call(vigil, psirt, "POST", `${url(v320)}/inherit`, { fromVersionId: versionId("VV-12", "6.0.0"), replace: true });
    expect(other.statusCode).toBe(400);
  });

  test("a version with no predecessor holding a model starts empty; one created by an SBOM push inherits and flags the components its SBOM lacks", async () => {
    const pump = models.find((m) => m.modelNumber === "IS-300")!;
    const earliest = await call(vigil, psirt, "POST", `/api/devices/${pump.id}/versions`, { version: "1.0.0", releaseDate: "2019-01-01", supportStatus: "supported" });
    expect(earliest.statusCode, earliest.body).toBe(201);
    const empty = (await call(vigil, psirt, "GET", url(earliest.json().id))).json();
    expect(empty).toMatchObject({ inheritedFrom: null, diff: null, updatedAt: null, model: { elements: [], threats: [] } });
    const gateway = models.find((m) => m.modelNumber === "CL-GW")!;
    const lone = await call(vigil, psirt, "POST", `/api/devices/${gateway.id}/versions`, { version: "1.9.0", supportStatus: "supported" });
    expect((await call(vigil, psirt, "GET", url(lone.json().id))).json()).toMatchObject({ inheritedFrom: null, model: { elements: [] } });

    // 3.3.0 comes after 3.2.0 (same undated release, later version) and its SBOM keeps only zlib and openssl.
    const pushed = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=IS-300&version=3.3.0&createVersion=true&fileName=pump.cdx.json",
      payload: Buffer.from(smallCycloneDx([npmLib("zlib", "1.3.1"), npmLib("openssl", "3.0.15")])),
      headers: { cookie: psirt.cookie, "x-csrf-token": psirt.csrf, "content-type": "application/octet-stream" },
    });
    expect(pushed.statusCode, pushed.body).toBe(201);
    const v330 = (await call(vigil, psirt, "GET", "/api/devices")).json().find((m: Model) => m.id === pump.id).versions.find((v: { version: string }) => v.version === "3.3.0").id;
    const view = (await call(vigil, psirt, "GET", url(v330))).json();
    expect(view.inheritedFrom.version).toBe("3.2.0");
    expect(view.diff.elements).toEqual({ added: [], removed: [], changed: [] });
    expect(view.traceability.componentGaps).toEqual(
      ["wpasupplicant", "libusb-1.0", "log4j-core"].map((c) => ({ elementId: "pump-fw", element: "Pump firmware", component: c, message: `Pump firmware (pump-fw): component "${c}" is not in the version's current SBOM` })),
    );
    expect(view.traceability.gapCounts.component_not_in_sbom).toBe(3);
  });

  test("a verification saved without a method stays without one, and its pass does not complete the trace", async () => {
    const id = versionId("VV-12", "5.0.2");
    const model = JSON.parse((await call(vigil, psirt, "GET", `${url(versionId("IS-300", "3.1.0"))}/export`)).body);
    model.acceptance = null;
    model.controls = model.controls.map((c: { id: string; verifications: unknown[] }) =>
      c.id === "C-SIGN" ? { ...c, verifications: [{ testCaseId: "TC-SIGN-002", result: "pass", evidence: "" }] } : c,
    );
    const saved = await call(vigil, psirt, "PUT", url(id), model);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().model.controls.find((c: { id: string }) => c.id === "C-SIGN").verifications[0].method).toBeNull();
    const t1 = saved.json().traceability.rows[0];
    expect(t1.result).toBe("gap");
    expect(t1.gaps).toContainEqual({ code: "control_without_passing_test", message: "C-SIGN: TC-SIGN-002 passed but no method of verification is stated" });
    // The package says so too: the matrix names no method where nobody stated one.
    const res = await call(vigil, auditor, "POST", "/api/reports/premarket", { versionId: id });
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(unzipSync(new Uint8Array(res.rawPayload))["04-traceability-matrix.xlsx"]) as never);
    const rows = wb.getWorksheet("Traceability")!.getSheetValues().slice(2) as unknown[][];
    expect(rows.filter((r) => r[7] === "C-SIGN").map((r) => [r[9], r[10], r[11], r[13]])).toEqual([["TC-SIGN-002", "not stated", "pass", "gap"]]);
  });

  test("a trace to a deleted risk becomes a flagged gap", async () => {
    const id = versionId("VV-12", "6.0.0");
    const model = (await call(vigil, psirt, "GET", url(id))).json().model;
    const created = await call(vigil, psirt, "POST", "/api/risks", {
      title: "Spoofed gateway",
      asset: "VitaView",
      assetType: "device_model",
      phase: "design_development",
      cia: { confidentiality: false, integrity: true, availability: false },
      inherentLikelihood: 2,
      inherentImpact: 2,
    });
    expect(created.statusCode, created.body).toBe(201);
    model.threats[0].riskId = created.json().id;
    expect((await call(vigil, psirt, "PUT", url(id), model)).json().traceability.rows[0].result).toBe("pass");
    expect((await call(vigil, psirt, "DELETE", `/api/risks/${created.json().id}`)).statusCode).toBe(200);
    const row = (await call(vigil, psirt, "GET", url(id))).json().traceability.rows[0];
    expect(row.result).toBe("gap");
    expect(row.gaps.map((g: { code: string }) => g.code)).toEqual(["risk_missing"]);
  });

  test("the premarket package holds every document with correct hashes and is recorded in the report history", async () => {
    // The demo's own SBOM of 3.1.0: the package is complete from a fresh start.
    const id = versionId("IS-300", "3.1.0");
    const res = await call(vigil, auditor, "POST", "/api/reports/premarket", { versionId: id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain("premarket-IS-300-3.1.0-2026-11-23.zip");
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]).toString());
    const ref = await readThreatModelReference();
    expect(Object.keys(files).sort()).toEqual([...ref.premarket.documents.map((d) => d.file), "manifest.json"].sort());
    expect(manifest.missing).toEqual([]);
    for (const f of manifest.files) expect(sha256(files[f.path]), f.path).toBe(f.sha256);
    expect(manifest.traceability).toMatchObject({ complete: 1, withGaps: 1 });
    const sbom = JSON.parse(Buffer.from(files["05-sbom.cdx.json"]).toString());
    expect(sbom.metadata.component).toMatchObject({ name: "IS-300", version: "3.1.0" });
    expect(sbom.components.map((c: { name: string }) => c.name)).toEqual(["zlib", "openssl", "wpasupplicant", "libusb-1.0", "log4j-core"]);
    expect(pdfText(files["01-architecture-views.pdf"])).toContain("zlib, openssl, wpasupplicant, libusb-1.0, log4j-core");

    expect(pdfText(files["02-threat-model.pdf"])).toContain("Forged firmware update installed through the service port");
    expect(pdfText(files["01-architecture-views.pdf"])).toContain("CareLink clinical gateway");
    const risk = pdfText(files["03-cybersecurity-risk-assessment.pdf"]);
    expect(risk).toContain("RISK-002");
    expect(risk).toContain("key stolen or misused");
    expect(risk).toContain("Design & development");
    expect(risk).toContain("catastrophic");
    expect(risk).toContain("Accepted by Dr. Eva Berger (CEO)");
    const mdr = pdfText(files["10-mdr-technical-documentation.pdf"]);
    expect(mdr).toContain("Annex I, section 17.2");
    expect(mdr).toContain("Annex I, section 17.4");
    expect(mdr).toContain("MDCG 2019-16 checklist");
    expect(pdfText(files["08-labelling-security-items.pdf"])).toContain('Components without a recorded support level: 2 of 5 (shown as "unknown"');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(files["04-traceability-matrix.xlsx"]) as never);
    const rows = wb.getWorksheet("Traceability")!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[9], r[11], r[13]])).toEqual([
      ["T-1", "TC-UPD-001", "pass", "pass"],
      ["T-1", "TC-SIGN-002", "pass", "pass"],
      ["T-2", "TC-LOG-007", "fail", "gap"],
    ]);
    const support = new ExcelJS.Workbook();
    await support.xlsx.load(Buffer.from(files["05-component-support.xlsx"]) as never);
    // Support as read everywhere: the SBOM's statement for the Debian packages, nothing stated for the other two.
    expect((support.getWorksheet("Component support")!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[5], r[6], r[7]])).toEqual([
      ["zlib", "actively_maintained", "2028-06-30", "sbom"],
      ["openssl", "actively_maintained", "2028-06-30", "sbom"],
      ["wpasupplicant", "actively_maintained", "2028-06-30", "sbom"],
      ["libusb-1.0", "unknown", "unknown", "not stated"],
      ["log4j-core", "unknown", "unknown", "not stated"],
    ]);

    // Lifecycle metrics from the demo's own records: 2.4.1 released 2021-03-15 reached 40 units after 78 days and 25 after
    // 306 (median by units 78); 3.1.0 released 2024-02-01 reached 12 units on 2024-05-01, after 90 days.
    const metrics = new ExcelJS.Workbook();
    await metrics.xlsx.load(Buffer.from(files["09-lifecycle-metrics.xlsx"]) as never);
    const periods = new Map((metrics.getWorksheet("Lifecycle metrics")!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r.slice(7, 10)]));
    expect(periods.get("2021-Q1")).toEqual([1, 65, 78]);
    expect(periods.get("2024-Q1")).toEqual([1, 12, 90]);

    const history = (await call(vigil, auditor, "GET", "/api/reports")).json();
    // The test clock stands still, so packages of other versions share this one's timestamp: found by its hash.
    expect(history.find((h: { sha256: string }) => h.sha256 === sha256(res.rawPayload))).toMatchObject({ kind: "premarket_package", fileName: "premarket-IS-300-3.1.0-2026-11-23.zip" });
    expect((await call(vigil, contributor, "POST", "/api/reports/premarket", { versionId: id })).statusCode).toBe(403);

    // The audit evidence pack carries the current package of each active version with a threat model (2.4.1 is past its end of support).
    const pack = unzipSync(new Uint8Array((await call(vigil, auditor, "POST", "/api/reports/evidence-pack", {})).rawPayload));
    expect(Object.keys(pack).filter((p) => p.startsWith("premarket/"))).toEqual(expect.arrayContaining(["premarket/IS-300-3.1.0.zip"]));
    expect(Object.keys(pack)).not.toContain("premarket/IS-300-2.4.1.zip");
    const inner = unzipSync(pack["premarket/IS-300-3.1.0.zip"]);
    expect(Object.keys(inner)).toContain("04-traceability-matrix.xlsx");
    expect(JSON.parse(Buffer.from(pack["manifest.json"]).toString()).files.find((f: { path: string }) => f.path === "premarket/IS-300-3.1.0.zip").sha256).toBe(sha256(pack["premarket/IS-300-3.1.0.zip"]));
    expect((await call(vigil, auditor, "POST", "/api/reports/premarket", { versionId: "nope" })).statusCode).toBe(404);
  });
});
