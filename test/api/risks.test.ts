import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const risk = {
  title: "Ransomware in manufacturing",
  asset: "MES and line PCs",
  assetType: "manufacturing_line",
  phase: "manufacturing",
  threat: "Ransomware via phishing",
  vulnerability: "Flat network",
  cia: { confidentiality: false, integrity: true, availability: true },
  inherentLikelihood: 4,
  inherentImpact: 4,
};

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

describe.each(await backends())("risk register API on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let auditor: Session;
  let contributor: Session;
  let id: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    officer = await signInAs(vigil, "security_officer");
    auditor = await signInAs(vigil, "auditor");
    contributor = await signInAs(vigil, "contributor");
  });
  afterAll(async () => vigil?.stop());

  const get = async (url: string, who = officer) => {
    const res = await call(vigil, who, "GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  test("a risk is recorded with a reference, its ratings on the default 5×5 matrix and an audit entry", async () => {
    const res = await call(vigil, officer, "POST", "/api/risks", risk);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    id = r.id;
    expect(r.reference).toMatch(/^RISK-\d{3}$/);
    expect(r).toMatchObject({ inherent: { score: 16, level: "high" }, residual: null, current: { level: "high" }, status: "open", requiredAuthority: "executive" });
    const audit = await get(`/api/audit?entityType=risk&entityId=${id}`, auditor);
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(["create"]);
    const matrix = await get("/api/risks/matrix", contributor);
    expect(matrix.likelihood).toHaveLength(5);
    expect(matrix.impact[4]).toMatchObject({ value: 5, label: "Severe" });
  });

  test("the rules refuse bad ratings with field paths and save nothing", async () => {
    const before = (await get("/api/risks")).length;
    const above = await call(vigil, officer, "POST", "/api/risks", { ...risk, residualLikelihood: 5, residualImpact: 5, treatment: "reduce" });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.details).toEqual([{ path: "body/residualJustification", message: expect.stringMatching(/justification required/) }]);
    const range = await call(vigil, officer, "POST", "/api/risks", { ...risk, inherentImpact: 6 });
    expect(range.json().error.details).toEqual([{ path: "body/inherentImpact", message: "must be an impact level 1…5" }]);
    const accepted = await call(vigil, officer, "POST", "/api/risks", { ...risk, status: "accepted" });
    expect(accepted.json().error.details[0].path).toBe("body/status");
    const model = await call(vigil, officer, "POST", "/api/risks", { ...risk, deviceModelId: "nope" });
    expect(model.json().error.details[0].path).toBe("body/deviceModelId");
    expect((await call(vigil, contributor, "POST", "/api/risks", risk)).statusCode).toBe(403);
    expect((await get("/api/risks")).length).toBe(before);
  });

  test("treatment, actions with owners and due dates, overdue logic, review history and acceptance by authority", async () => {
    const treated = await call(vigil, officer, "PATCH", `/api/risks/${id}`, { treatment: "reduce", residualLikelihood: 2, residualImpact: 4, owner: "Head of Production" });
    expect(treated.statusCode, treated.body).toBe(200);
    expect(treated.json()).toMatchObject({ residual: { score: 8, level: "medium" }, current: { level: "medium" } });

    const late = await call(vigil, officer, "POST", `/api/risks/${id}/actions`, { title: "Segment the OT network", owner: "OT lead", dueDate: "2026-11-01" });
    expect(late.statusCode, late.body).toBe(201);
    await call(vigil, officer, "POST", `/api/risks/${id}/actions`, { title: "Immutable backups", owner: "IT", dueDate: "2027-01-15" });
    let detail = await get(`/api/risks/${id}`);
    expect(detail.actions.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
    expect(detail).toMatchObject({ openActions: 2, overdueActions: 1, overdue: true });
    expect((await get("/api/risks?overdue=true")).map((r: { id: string }) => r.id)).toContain(id);
    const overview = await get("/api/risks/overview");
    expect(overview.overdue.find((o: { id: string }) => o.id === id)).toMatchObject({ overdueActions: 1 });

    const done = await call(vigil, officer, "PATCH", `/api/risks/${id}/actions/${late.json().id}`, { status: "done" });
    expect(done.json()).toMatchObject({ status: "done", completedAt: "2026-11-23T10:00:00.000Z" });
    detail = await get(`/api/risks/${id}`);
    expect(detail.overdue).toBe(false);

    const review = await call(vigil, officer, "POST", `/api/risks/${id}/reviews`, { notes: "Segmentation done; backups pending" });
    expect(review.statusCode, review.body).toBe(201);
    expect(review.json().reviewDate).toBe("2027-11-23");
    expect(review.json().reviews[0]).toMatchObject({ notes: "Segmentation done; backups pending", snapshot: { residual: { score: 8, level: "medium" }, treatment: "reduce" } });

    // Accepting: the treatment must be accept, and the authority must match the level (medium → head of department).
    const notAccept = await call(vigil, officer, "POST", `/api/risks/${id}/acceptances`, { acceptedBy: "Dr. Eva Berger", authority: "executive", statement: "ok" });
    expect(notAccept.statusCode).toBe(400);
    expect(notAccept.json().error.details.map((d: { path: string }) => d.path)).toEqual(["treatment"]);
    await call(vigil, officer, "PATCH", `/api/risks/${id}`, { treatment: "accept" });
    const weak = await call(vigil, officer, "POST", `/api/risks/${id}/acceptances`, { acceptedBy: "Pat Owner", authority: "risk_owner", statement: "Residual risk accepted" });
    expect(weak.json().error.details).toEqual([{ path: "body/authority", message: "a medium risk may only be accepted by department head or higher" }]);
    const ok = await call(vigil, officer, "POST", `/api/risks/${id}/acceptances`, {
      acceptedBy: "Dr. Eva Berger, COO",
      authority: "executive",
      statement: "Residual risk accepted until the MES upgrade in Q3 2027",
      validUntil: "2027-09-30",
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: "accepted", acceptances: [{ acceptedBy: "Dr. Eva Berger, COO", authority: "executive", level: "medium", score: 8, acceptedAt: "2026-11-23T10:00:00.000Z" }] });
    const audit = await get("/api/audit?entityType=risk_acceptance", auditor);
    expect(audit.entries[0]).toMatchObject({ action: "accept" });
  });

  test("links to controls, findings and device models; a control link needs no table, a device model must exist", async () => {
    const devices = await get("/api/devices");
    const pump = devices.find((d: { modelNumber: string }) => d.modelNumber === "IS-300");
    expect((await call(vigil, officer, "POST", `/api/risks/${id}/links`, { kind: "control", refId: "ctl-network-segmentation" })).statusCode).toBe(201);
    expect((await call(vigil, officer, "POST", `/api/risks/${id}/links`, { kind: "device_model", refId: pump.id })).statusCode).toBe(201);
    const missing = await call(vigil, officer, "POST", `/api/risks/${id}/links`, { kind: "device_model", refId: "no-such-model" });
    expect(missing.json().error.details).toEqual([{ path: "body/refId", message: 'no device model with id "no-such-model"' }]);
    const req = await call(vigil, officer, "POST", `/api/risks/${id}/links`, { kind: "requirement", refId: "nis2:art99" });
    expect(req.statusCode).toBe(400);
    const twice = await call(vigil, officer, "POST", `/api/risks/${id}/links`, { kind: "control", refId: "ctl-network-segmentation" });
    expect(twice.statusCode).toBe(409);
    const detail = await get(`/api/risks/${id}`);
    expect(detail.links.map((l: { kind: string }) => l.kind).sort()).toEqual(["control", "device_model"]);
    const removed = await call(vigil, officer, "DELETE", `/api/risks/${id}/links/${detail.links[0].id}`);
    expect(removed.statusCode).toBe(200);
  });

  test("an incident raises a pre-filled, linked risk with one action; asking again answers the same risk", async () => {
    const im = await signInAs(vigil, "incident_manager");
    const inc = await call(vigil, im, "POST", "/api/incidents", {
      title: "Ransomware on the firmware update server",
      detectedAt: "2026-11-20T06:40:00Z",
      awareAt: "2026-11-20T08:15:00Z",
      affectedSystems: ["Firmware update service"],
      impact: {
        availability: { severity: "high", description: "" },
        integrity: { severity: "medium", description: "" },
        confidentiality: { severity: "none", description: "" },
        patientSafety: { severity: "low", description: "" },
      },
    });
    expect(inc.statusCode, inc.body).toBe(201);
    const raised = await call(vigil, im, "POST", "/api/risks/from-record", { kind: "incident", id: inc.json().id });
    expect(raised.statusCode, raised.body).toBe(201);
    const r = raised.json().risk;
    expect(raised.json().created).toBe(true);
    expect(r).toMatchObject({
      title: expect.stringContaining("INC-2026-"),
      phase: "post_market",
      asset: "Firmware update service",
      cia: { confidentiality: false, integrity: true, availability: true },
      patientSafety: "minor",
      inherentLikelihood: 4,
      inherentImpact: 4,
    });
    expect(r.links).toEqual([expect.objectContaining({ kind: "incident", refId: inc.json().id })]);
    const incident = await get(`/api/incidents/${inc.json().id}`);
    expect(incident.linkedRiskIds).toEqual([r.id]);
    const again = await call(vigil, im, "POST", "/api/risks/from-record", { kind: "incident", id: inc.json().id });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, risk: { id: r.id } });

    // Updating an existing risk from the incident adds the link and raises its likelihood, never lowers it.
    const upd = await call(vigil, im, "POST", "/api/risks/from-record", { kind: "incident", id: inc.json().id, riskId: id });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().risk.inherentLikelihood).toBe(4);
    expect(upd.json().risk.links.map((l: { kind: string }) => l.kind)).toContain("incident");

    // The register lists exactly the risks linked to a record.
    const linked = await get(`/api/risks?linked=${encodeURIComponent(`incident:${inc.json().id}`)}`);
    expect(linked.map((x: { id: string }) => x.id).sort()).toEqual([r.id, id].sort());
    expect(await get("/api/risks?linked=incident:no-such-incident")).toEqual([]);
    const badLink = await call(vigil, im, "GET", "/api/risks?linked=spaceship:1");
    expect(badLink.statusCode).toBe(400);

    const unknown = await call(vigil, im, "POST", "/api/risks/from-record", { kind: "finding", id: "no-such-finding" });
    expect(unknown.json().error.details).toEqual([{ path: "body/id", message: 'no finding with id "no-such-finding"' }]);
  });

  test("templates cite catalog requirements and can be adopted as a linked risk", async () => {
    const templates = await get("/api/risks/templates", contributor);
    expect(templates.length).toBeGreaterThanOrEqual(15);
    const phases = new Set(templates.map((t: { phase: string }) => t.phase));
    expect([...phases].sort()).toEqual(["design_development", "distribution", "manufacturing", "post_market"]);
    const pipeline = templates.find((t: { id: string }) => t.id === "tpl.design.build-pipeline");
    expect(pipeline.requirements[0]).toEqual({ id: "nis2:art21.2.e", title: expect.stringMatching(/development/) });
    const adopted = await call(vigil, officer, "POST", "/api/risks/templates/tpl.design.build-pipeline/adopt", { owner: "Head of R&D" });
    expect(adopted.statusCode, adopted.body).toBe(201);
    expect(adopted.json()).toMatchObject({ title: "Compromised build pipeline", phase: "design_development", templateId: "tpl.design.build-pipeline", owner: "Head of R&D", patientSafety: "critical" });
    expect(adopted.json().links.filter((l: { kind: string }) => l.kind === "requirement").map((l: { refId: string }) => l.refId)).toEqual(
      [...pipeline.requirements.map((x: { id: string }) => x.id)].sort(),
    );
    const after = await get("/api/risks/templates");
    expect(after.find((t: { id: string }) => t.id === "tpl.design.build-pipeline").adopted).toContainEqual({ id: adopted.json().id, reference: adopted.json().reference });
    expect((await call(vigil, officer, "POST", "/api/risks/templates/tpl.nope/adopt", {})).statusCode).toBe(404);
  });

  test("heat map counts inherent and residual per cell, and a cell filter lists the same risks", async () => {
    const map = await get("/api/risks/heatmap", auditor);
    const list = await get("/api/risks", auditor);
    const open = list.filter((r: { status: string }) => r.status !== "closed");
    expect(map.total).toBe(open.length);
    for (let l = 1; l <= 5; l++) {
      for (let i = 1; i <= 5; i++) {
        if (map.inherent[l - 1][i - 1] === 0) continue;
        const cell = await get(`/api/risks?cell=inherent:${l}:${i}`, auditor);
        expect(cell.length).toBe(map.inherent[l - 1][i - 1]);
      }
    }
    expect(map.residual[1][3]).toBeGreaterThanOrEqual(1);
    expect((await get("/api/risks?cell=residual:2:4", auditor)).map((r: { id: string }) => r.id)).toContain(id);
    const bad = await call(vigil, auditor, "GET", "/api/risks?cell=sideways:1:1");
    expect(bad.statusCode).toBe(400);
    const byPhase = await get("/api/risks?phase=design_development");
    expect(byPhase.every((r: { phase: string }) => r.phase === "design_development")).toBe(true);
    const noOwner = await get("/api/risks?noOwner=true");
    expect(noOwner.every((r: { owner: string | null }) => r.owner === null)).toBe(true);
  });

  test("the matrix can be changed, but not so that existing ratings fall outside it", async () => {
    const matrix = await get("/api/risks/matrix");
    const small = { ...matrix, likelihood: matrix.likelihood.slice(0, 3), bands: [{ level: "low", minScore: 1 }, { level: "medium", minScore: 4 }, { level: "high", minScore: 9 }] };
    const refused = await call(vigil, officer, "PUT", "/api/risks/matrix", small);
    expect(refused.statusCode).toBe(409);
    const invalid = await call(vigil, officer, "PUT", "/api/risks/matrix", { ...matrix, bands: [{ level: "high", minScore: 1 }, { level: "low", minScore: 5 }] });
    expect(invalid.json().error.details.map((d: { path: string }) => d.path)).toEqual(["body/bands/1/level"]);
    const relabelled = { ...matrix, likelihood: matrix.likelihood.map((l: { label: string }, n: number) => (n === 0 ? { ...l, label: "Very rare" } : l)) };
    expect((await call(vigil, officer, "PUT", "/api/risks/matrix", relabelled)).statusCode).toBe(200);
    expect((await get("/api/risks/matrix")).likelihood[0].label).toBe("Very rare");
  });

  test("CSV export and re-import round-trips; a file with bad rows is rejected whole, listing every bad row", async () => {
    const exported = await call(vigil, auditor, "GET", "/api/risks/export?format=csv");
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["content-type"]).toMatch(/text\/csv/);
    const csv = exported.body;
    expect(csv.split("\r\n")[0]).toMatch(/^reference,title,description,asset,asset_type,phase/);
    const count = (await get("/api/risks")).length;
    // Re-importing the export updates every risk in place and creates none.
    const again = await call(vigil, officer, "POST", "/api/risks/import", { fileName: "register.csv", contentBase64: b64(csv) });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: count });
    expect((await call(vigil, auditor, "GET", "/api/risks/export?format=csv")).body).toBe(csv);

    const header = "title,asset,phase,inherent_likelihood,inherent_impact,integrity,device_model,review_date";
    const good = `${header}\nUSB malware on test station,Test station 3,manufacturing,3,3,yes,IS-300,2027-03-01\n`;
    const bad = [
      header,
      "USB malware on test station,Test station 3,manufacturing,3,3,yes,IS-300,2027-03-01",
      ",Asset,manufacturing,3,3,yes,,",
      "Bad scale,Asset,sideways,9,3,maybe,XX-1,31/12/2026",
      "Fine row,Asset,distribution,2,2,yes,,",
    ].join("\n");
    const rejected = await call(vigil, officer, "POST", "/api/risks/import", { fileName: "bad.csv", contentBase64: b64(bad) });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.code).toBe("import_rejected");
    const details = rejected.json().error.details as { line: number; column: string; reason: string }[];
    expect(details.map((d) => [d.line, d.column])).toEqual([
      [3, "title"],
      [4, "phase"],
      [4, "inherent_likelihood"],
      [4, "review_date"],
      [4, "integrity"],
      [4, "device_model"],
    ]);
    expect(details[1].reason).toMatch(/must be one of design_development/);
    expect((await get("/api/risks")).length).toBe(count);

    const imported = await call(vigil, officer, "POST", "/api/risks/import", { fileName: "good.csv", contentBase64: b64(good) });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ created: 1, updated: 0 });
    const created = (await get("/api/risks")).find((r: { reference: string }) => r.reference === imported.json().references[0]);
    expect(created).toMatchObject({ title: "USB malware on test station", deviceModelName: "InfuSafe 300 infusion pump", reviewDate: "2027-03-01" });

    const unknownColumn = await call(vigil, officer, "POST", "/api/risks/import", { fileName: "x.csv", contentBase64: b64("title,asset,colour\nA,B,red\n") });
    expect(unknownColumn.json().error.details.map((d: { column: string }) => d.column)).toEqual(["colour", "phase", "inherent_likelihood", "inherent_impact"]);
    const wrongType = await call(vigil, officer, "POST", "/api/risks/import", { fileName: "x.txt", contentBase64: b64("x") });
    expect(wrongType.statusCode).toBe(400);
  });

  test("XLSX export reads back with exceljs; an XLSX with a bad row is rejected with its sheet row number", async () => {
    const res = await vigil.app.inject({ method: "GET", url: "/api/risks/export?format=xlsx", headers: { cookie: auditor.cookie } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(2).value).toBe("title");
    expect(sheet.rowCount - 1).toBe((await get("/api/risks")).length);

    const out = new ExcelJS.Workbook();
    const s = out.addWorksheet("Risks");
    s.addRow(["title", "asset", "phase", "inherent_likelihood", "inherent_impact", "availability"]);
    s.addRow(["Cloud outage", "Backend", "distribution", 3, 4, "yes"]);
    s.addRow(["Cloud breach", "Backend", "distribution", 3, 0, "yes"]);
    const bytes = Buffer.from(await out.xlsx.writeBuffer());
    const rejected = await call(vigil, officer, "POST", "/api/risks/import", { fileName: "risks.xlsx", contentBase64: b64(bytes) });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.details).toEqual([expect.objectContaining({ line: 3, column: "inherent_impact" })]);
  });
});
