import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const DAY = 86_400_000;
const rtos = {
  name: "Falcon RTOS GmbH",
  supplies: "RTOS for the pump",
  suppliesDeviceComponents: true,
  systemAccess: "none",
  dataAccess: "none",
  deviceImpact: "direct",
  patientSafetyImpact: true,
  substitutability: "hard",
  contacts: [{ name: "Fritz", email: "psirt@falcon.example" }],
};

describe.each(await backends())("suppliers API on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;
  let auditor: Session;
  let supplierId: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    manager = await signInAs(vigil, "compliance_manager");
    auditor = await signInAs(vigil, "auditor");
  });
  afterAll(async () => vigil?.stop());

  const send = async (id: string, body: object = {}) => {
    const res = await call(vigil, manager, "POST", `/api/suppliers/${id}/assessments`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { token: string; path: string; assessment: { id: string } };
  };

  test("the demo register has suppliers in every tier, one expired certificate and one missing clause", async () => {
    const res = await call(vigil, auditor, "GET", "/api/suppliers");
    expect(res.statusCode).toBe(200);
    const rows = res.json() as Array<{ name: string; tier: number; missingClauses: string[]; expiredCertificates: number }>;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set([1, 2, 3]));
    expect(rows.filter((r) => r.expiredCertificates > 0).map((r) => r.name)).toEqual(["Precision Assembly s.r.o."]);
    expect(rows.filter((r) => r.missingClauses.length > 0).map((r) => [r.name, r.missingClauses])).toEqual([["Kestrel RTOS AB", ["sbom_delivery"]]]);
    const filtered = (await call(vigil, auditor, "GET", "/api/suppliers?tier=3")).json() as Array<{ tier: number }>;
    expect(filtered.every((r) => r.tier === 3) && filtered.length > 0).toBe(true);
  });

  test("registering derives the tier with reasons; the auditor may not write", async () => {
    expect((await call(vigil, auditor, "POST", "/api/suppliers", rtos)).statusCode).toBe(403);
    const res = await call(vigil, manager, "POST", "/api/suppliers", rtos);
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    supplierId = s.id;
    expect(s).toMatchObject({ tier: 1, tierReasons: ["direct effect on a device with patient-safety relevance", "direct effect on a device and hard to replace"] });
    expect(s.missingClauses).toHaveLength(7);
    expect(s.lastAssessment).toBeNull();
    const patched = await call(vigil, manager, "PATCH", `/api/suppliers/${supplierId}`, { patientSafetyImpact: false, substitutability: "easy" });
    expect(patched.json()).toMatchObject({ tier: 2, tierReasons: ["direct effect on a device"] });
    await call(vigil, manager, "PATCH", `/api/suppliers/${supplierId}`, { patientSafetyImpact: true });
    expect((await call(vigil, manager, "POST", "/api/suppliers", rtos)).statusCode).toBe(409);
  });

  test("contracts, certificates and components feed missing clauses, flags and the purl lookup", async () => {
    const today = vigil.clock.now;
    const d = (days: number) => new Date(today.getTime() + days * DAY).toISOString().slice(0, 10);
    let res = await call(vigil, manager, "POST", `/api/suppliers/${supplierId}/contracts`, {
      title: "Licence agreement",
      startDate: d(-10),
      endDate: d(700),
      clauses: ["incident_notification", "vulnerability_disclosure", "right_to_audit", "sbom_delivery", "secure_development", "sub_processor_control"],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().missingClauses).toEqual(["end_of_support"]);
    res = await call(vigil, manager, "POST", `/api/suppliers/${supplierId}/certifications`, { type: "iso27001", name: "ISO 27001", expiresOn: d(59) });
    expect(res.json().expiringCertificates).toBe(1);
    res = await call(vigil, manager, "POST", `/api/suppliers/${supplierId}/certifications`, { type: "soc2", name: "SOC 2", expiresOn: d(-1) });
    expect(res.json()).toMatchObject({ expiredCertificates: 1 });
    expect(res.json().certifications.map((c: { state: string }) => c.state).sort()).toEqual(["expired", "expiring"]);
    res = await call(vigil, manager, "POST", `/api/suppliers/${supplierId}/components`, { purl: "pkg:generic/falcon-rtos", match: "prefix" });
    expect(res.statusCode, res.body).toBe(201);
    const owners = await call(vigil, auditor, "GET", `/api/suppliers/by-purl?purl=${encodeURIComponent("pkg:generic/falcon-rtos-net@4.2")}`);
    expect(owners.json().map((o: { name: string }) => o.name)).toEqual(["Falcon RTOS GmbH"]);
    const none = await call(vigil, auditor, "GET", `/api/suppliers/by-purl?purl=${encodeURIComponent("pkg:generic/falconXrtos")}`);
    expect(none.json()).toEqual([]);
    const flagged = (await call(vigil, auditor, "GET", "/api/suppliers?certificates=flagged")).json().map((r: { name: string }) => r.name);
    expect(flagged).toContain("Falcon RTOS GmbH");
  });

  test("a questionnaire link works without an account, saves drafts, submits once and is then refused", async () => {
    const sent = await send(supplierId, { recipientEmail: "psirt@falcon.example" });
    expect(sent.path).toBe(`/q/${sent.token}`);
    const url = `/api/public/questionnaires/${sent.token}`;
    const open = await call(vigil, null, "GET", url);
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json()).toMatchObject({ addressedTo: "Falcon RTOS GmbH", requestedBy: "Demo Medical GmbH", status: "open" });

    const bad = await call(vigil, null, "PUT", url, { answers: { "gov.isms": { value: "perhaps" }, "no.such": { value: "yes" } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((x: { path: string }) => x.path)).toEqual(["body/answers/gov.isms", "body/answers/no.such"]);

    const draft = await call(vigil, null, "PUT", url, { answers: { "gov.isms": { value: "yes" }, "dev.sbom": { value: "on_request" } } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect((await call(vigil, null, "GET", url)).json().answers["gov.isms"]).toEqual({ value: "yes" });

    const file = Buffer.from("%PDF-1.4 certificate");
    const up = await call(vigil, null, "POST", `${url}/attachments`, { fileName: "../../etc/Cert<1>.pdf", mediaType: "application/pdf", questionId: "gov.certification", contentBase64: file.toString("base64") });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ fileName: "Cert_1_.pdf", size: file.length });
    expect(up.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    const big = Buffer.alloc(5 * 1024 * 1024 + 1).toString("base64");
    expect((await call(vigil, null, "POST", `${url}/attachments`, { fileName: "big.bin", contentBase64: big })).statusCode).toBe(413);

    const submit = await call(vigil, null, "POST", `${url}/submit`, { answers: { "gov.isms": { value: "yes" }, "dev.sbom": { value: "on_request" }, "inc.notify": { value: "within_24h" } } });
    expect(submit.statusCode, submit.body).toBe(200);
    for (const [method, path] of [["GET", url], ["PUT", url], ["POST", `${url}/submit`]] as const) {
      const again = await call(vigil, null, method, path, method === "GET" ? undefined : { answers: {} });
      expect(again.statusCode).toBe(410);
      expect(again.json().error.code).toBe("already_submitted");
    }

    const a = await call(vigil, auditor, "GET", `/api/suppliers/${supplierId}/assessments/${sent.assessment.id}`);
    expect(a.json()).toMatchObject({ status: "submitted", answers: { "inc.notify": { value: "within_24h" } } });
    expect(a.json().score.overall).toBeGreaterThan(0);
    expect(a.json().attachments).toHaveLength(1);
    const dl = await call(vigil, auditor, "GET", `/api/suppliers/${supplierId}/assessments/${sent.assessment.id}/attachments/${a.json().attachments[0].id}`);
    expect(dl.rawPayload.equals(file)).toBe(true);
    expect(dl.headers["x-content-sha256"]).toBe(up.json().sha256);

    const reviewed = await call(vigil, manager, "POST", `/api/suppliers/${supplierId}/assessments/${sent.assessment.id}/review`, {
      comments: [{ questionId: "dev.sbom", text: "INTERNAL-REVIEW-NOTE: ask for SBOM with each release" }],
      complete: true,
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().lastAssessment.score).toBe(a.json().score.overall);
    const yearLater = new Date(vigil.clock.now.getTime() + 365 * DAY).toISOString().slice(0, 10);
    expect(reviewed.json().nextAssessmentDue).toBe(yearLater);
    const audit = await call(vigil, auditor, "GET", "/api/audit?entityType=supplier_assessment&limit=50");
    const actions = audit.json().entries?.map((e: { action: string }) => e.action) ?? audit.json().map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["send_questionnaire", "save_draft", "attach", "submit", "review"]));
  });

  test("a link expires, and an expired, revoked or unknown link is refused with a clear message", async () => {
    const sent = await send(supplierId, { expiresInDays: 1 });
    const url = `/api/public/questionnaires/${sent.token}`;
    expect((await call(vigil, null, "GET", url)).statusCode).toBe(200);
    const saved = vigil.clock.now;
    vigil.clock.now = new Date(saved.getTime() + DAY + 1000);
    try {
      const res = await call(vigil, null, "GET", url);
      expect(res.statusCode).toBe(410);
      expect(res.json().error).toMatchObject({ code: "link_expired" });
      expect(res.json().error.message).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
      expect((await call(vigil, null, "PUT", url, { answers: {} })).statusCode).toBe(410);
    } finally {
      vigil.clock.now = saved;
    }
    const other = await send(supplierId);
    manager = await signInAs(vigil, "compliance_manager");
    expect((await call(vigil, manager, "POST", `/api/suppliers/${supplierId}/assessments/${other.assessment.id}/revoke`)).statusCode).toBe(200);
    expect((await call(vigil, null, "GET", `/api/public/questionnaires/${other.token}`)).json().error.code).toBe("link_revoked");
    const unknown = await call(vigil, null, "GET", `/api/public/questionnaires/q_${"A".repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("link_unknown");
  });

  test("a public link reveals nothing else: no register ids, other suppliers, scores or reviewer comments; no other questionnaire (IDOR)", async () => {
    const suppliers = (await call(vigil, auditor, "GET", "/api/suppliers")).json() as Array<{ id: string; name: string }>;
    const kestrel = suppliers.find((s) => s.name === "Kestrel RTOS AB")!;
    const mine = await send(supplierId);
    const theirs = await send(kestrel.id);
    // the other questionnaire gets an attachment, which mine must not reach
    const theirUp = await call(vigil, null, "POST", `/api/public/questionnaires/${theirs.token}/attachments`, { fileName: "secret.txt", contentBase64: Buffer.from("kestrel secret").toString("base64") });
    expect(theirUp.statusCode).toBe(201);
    await call(vigil, manager, "POST", `/api/suppliers/${supplierId}/assessments/${mine.assessment.id}/review`, { comments: [{ questionId: null, text: "INTERNAL-REVIEW-NOTE-2" }] });

    const url = `/api/public/questionnaires/${mine.token}`;
    const bodies = [
      (await call(vigil, null, "GET", url)).body,
      (await call(vigil, null, "PUT", url, { answers: { "gov.isms": { value: "yes" } } })).body,
    ];
    for (const body of bodies) {
      expect(body).toContain("Falcon RTOS GmbH");
      for (const s of suppliers) {
        expect(body).not.toContain(s.id);
        if (s.id !== supplierId) expect(body).not.toContain(s.name);
      }
      for (const secret of [mine.assessment.id, theirs.assessment.id, "INTERNAL-REVIEW-NOTE", "reviewComments", "score", "tokenHash", "supplierId", "recipientEmail", "sentBy", "tier", "kestrel"]) {
        expect(body).not.toContain(secret);
      }
    }
    // another questionnaire's attachment id through my token: not found, not deleted
    const cross = await call(vigil, null, "DELETE", `${url}/attachments/${theirUp.json().id}`);
    expect(cross.statusCode).toBe(404);
    const theirsView = (await call(vigil, null, "GET", `/api/public/questionnaires/${theirs.token}`)).json();
    expect(theirsView.attachments).toHaveLength(1);
    expect(theirsView.addressedTo).toBe("Kestrel RTOS AB");
    // a token cannot be turned into an internal id, and internal routes stay closed to anonymous callers
    expect((await call(vigil, null, "GET", `/api/suppliers/${supplierId}/assessments/${mine.assessment.id}`)).statusCode).toBe(401);
    expect((await call(vigil, null, "GET", "/api/suppliers")).statusCode).toBe(401);
  });

  test("public routes are rate-limited per client address", async () => {
    // A client address of its own, so that the other tests' requests do not count.
    const hit = () => vigil.app.inject({ method: "GET", url: `/api/public/questionnaires/q_${"B".repeat(43)}`, remoteAddress: "127.0.0.77" });
    const codes: number[] = [];
    for (let i = 0; i < 121; i++) codes.push((await hit()).statusCode);
    expect(codes.slice(0, 120).every((c) => c === 404)).toBe(true);
    expect(codes[120]).toBe(429);
    const ok = await call(vigil, null, "GET", `/api/public/questionnaires/q_${"B".repeat(43)}`);
    expect(ok.statusCode).toBe(404);
  });

  test("import: a file with bad rows is rejected whole and every bad row is listed; a good file upserts", async () => {
    const before = (await call(vigil, auditor, "GET", "/api/suppliers")).json().length;
    const header = "name,supplies,system_access,data_access,device_impact,patient_safety_impact,substitutability,contact_name,contact_email";
    const csv = [
      header,
      "Good One Ltd,Cables,none,none,indirect,no,easy,,",
      "Bad Access Ltd,Boards,root,none,direct,no,easy,,",
      ",Nameless,none,none,none,no,easy,,",
      "Bad Mail Ltd,Boxes,none,none,none,maybe,easy,Max,not-an-email",
    ].join("\n");
    const res = await call(vigil, manager, "POST", "/api/suppliers/import", { fileName: "suppliers.csv", contentBase64: Buffer.from(csv).toString("base64") });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("import_rejected");
    expect(res.json().error.details.map((d: { line: number; column: string }) => `${d.line}:${d.column}`)).toEqual([
      "3:system_access",
      "4:name",
      "5:contact_email",
      "5:patient_safety_impact",
    ]);
    expect((await call(vigil, auditor, "GET", "/api/suppliers")).json().length).toBe(before);

    const good = [header, "Good One Ltd,Cables,none,none,indirect,no,easy,Ann,ann@good.example", "Kestrel RTOS AB,RTOS (updated),none,none,direct,yes,hard,,"].join("\n");
    const ok = await call(vigil, manager, "POST", "/api/suppliers/import", { fileName: "suppliers.csv", contentBase64: Buffer.from(good).toString("base64") });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 1, updated: 1 });
  });

  test("XLSX import reports sheet rows; export in both formats round-trips", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    ws.addRow(["name", "system_access", "data_access", "device_impact", "patient_safety_impact", "substitutability"]);
    ws.addRow(["Xlsx Good", "none", "none", "none", "no", "easy"]);
    ws.addRow(["Xlsx Bad", "none", "lots", "none", "no", "never"]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await call(vigil, manager, "POST", "/api/suppliers/import", { fileName: "s.xlsx", contentBase64: bytes.toString("base64") });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { line: number; column: string }) => `${d.line}:${d.column}`)).toEqual(["3:data_access", "3:substitutability"]);

    const csv = await call(vigil, auditor, "GET", "/api/suppliers/export?format=csv");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.split("\r\n")[0]).toMatch(/^name,supplies,/);
    const xlsx = await call(vigil, auditor, "GET", "/api/suppliers/export?format=xlsx");
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(back.worksheets[0].rowCount).toBe(1 + (await call(vigil, auditor, "GET", "/api/suppliers")).json().length);
    // the export is a valid import (derived columns are ignored)
    const again = await call(vigil, manager, "POST", "/api/suppliers/import", { fileName: "back.xlsx", contentBase64: xlsx.rawPayload.toString("base64") });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().created).toBe(0);
  });

  test("portfolio: critical suppliers without a current assessment, missing clauses, certificates", async () => {
    const p = (await call(vigil, auditor, "GET", "/api/suppliers/portfolio")).json();
    const critical = p.criticalWithoutCurrentAssessment.map((s: { name: string }) => s.name);
    expect(critical).toContain("Kestrel RTOS AB");
    expect(critical).not.toContain("Nimbus Cloud Hosting GmbH");
    expect(critical).not.toContain("Falcon RTOS GmbH"); // reviewed above
    expect(p.missingClauses.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(["Kestrel RTOS AB", "Falcon RTOS GmbH"]));
    expect(p.certificates.map((c: { supplier: string; state: string }) => `${c.supplier}:${c.state}`)).toEqual(
      expect.arrayContaining(["Precision Assembly s.r.o.:expired", "Falcon RTOS GmbH:expiring"]),
    );
  });
  test("reminders: overdue re-assessments and expired certificates notify the compliance managers once", async () => {
    expect((await call(vigil, auditor, "POST", "/api/suppliers/reminders/run")).statusCode).toBe(403);
    const first = await call(vigil, manager, "POST", "/api/suppliers/reminders/run");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().created).toBeGreaterThan(0);
    expect((await call(vigil, manager, "POST", "/api/suppliers/reminders/run")).json().created).toBe(0);
    const mine = (await call(vigil, manager, "GET", "/api/notifications")).json();
    const titles = (Array.isArray(mine) ? mine : mine.items ?? mine.notifications).map((n: { title: string }) => n.title);
    expect(titles).toEqual(expect.arrayContaining(["Supplier certificate expired: Precision Assembly s.r.o.", "Supplier assessment overdue: Kestrel RTOS AB"]));
  });
});
