import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

function pdfText(bytes: Buffer): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-compliance-")), "doc.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
}

type Coverage = { id: string; percent: number; met: number; partial: number; groups: { id: string; percent: number }[] };

describe.each(await backends())("compliance API on %s", (backend) => {
  let vigil: TestVigil;
  let compliance: Session;
  let auditor: Session;
  let contributor: Session;
  const coverage = async () => Object.fromEntries(((await call(vigil, auditor, "GET", "/api/compliance/frameworks")).json() as Coverage[]).map((c) => [c.id, c]));
  const control = async (code: string) => ((await call(vigil, auditor, "GET", "/api/compliance/controls")).json() as { id: string; code: string }[]).find((c) => c.code === code)!;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    compliance = await signInAs(vigil, "compliance_manager");
    auditor = await signInAs(vigil, "auditor");
    contributor = await signInAs(vigil, "contributor");
  });
  afterAll(async () => vigil?.stop());

  test("the demo workspace adopted the whole library; adopting again adds nothing", async () => {
    const lib = (await call(vigil, auditor, "GET", "/api/compliance/library")).json();
    const controls = (await call(vigil, auditor, "GET", "/api/compliance/controls")).json();
    expect(controls).toHaveLength(lib.controls.length);
    expect((await call(vigil, compliance, "POST", "/api/compliance/library/adopt")).json()).toEqual({ adopted: 0 });
    // Expired restore-test evidence turns the implemented backup control to "needs review".
    expect(controls.find((c: { code: string }) => c.code === "OPS-05")).toMatchObject({ status: "implemented", effectiveStatus: "needs_review", needsReview: true });
  });

  test("a control change propagates to every framework it is mapped to, with the derivation chain", async () => {
    const mfa = await control("ACC-03");
    const before = await coverage();
    const res = await call(vigil, compliance, "PATCH", `/api/compliance/controls/${mfa.id}`, { status: "implemented", maturity: 3 });
    expect(res.statusCode, res.body).toBe(200);
    const after = await coverage();
    for (const fw of ["nis2", "iso27001", "cir2024-2690"]) expect(after[fw].percent, fw).toBeGreaterThan(before[fw].percent);
    expect(after.mdr.percent).toBe(before.mdr.percent);
    const nis2 = (await call(vigil, auditor, "GET", "/api/compliance/frameworks/nis2")).json();
    const j = nis2.requirements.find((r: { id: string }) => r.id === "nis2:art21.2.j");
    expect(j.status).toBe("partial");
    expect(j.contributions[0]).toMatchObject({ control: "ACC-03", relationship: "subset", effect: "partial", chain: [{ from: "ACC-03", to: "nis2:art21.2.j", relationship: "subset" }] });
    const iso = (await call(vigil, auditor, "GET", "/api/compliance/frameworks/iso27001")).json();
    expect(iso.requirements.find((r: { id: string }) => r.id === "iso27001:A.8.5").contributions.map((c: { control: string }) => c.control)).toContain("ACC-03");
    // NIS2 requirements by article.
    expect(nis2.coverage.groups.map((g: { id: string }) => g.id)).toEqual(["nis2:art3", "nis2:art20", "nis2:art21", "nis2:art23"]);
  });

  test("excluding a control needs a justification; bulk edit changes many in one audited step", async () => {
    const c = await control("PHY-05");
    const bad = await call(vigil, compliance, "PATCH", `/api/compliance/controls/${c.id}`, { applicable: false });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("body/exclusionJustification");
    const ids = [(await control("HR-01")).id, (await control("HR-02")).id];
    const bulk = await call(vigil, compliance, "POST", "/api/compliance/controls/bulk", { ids, set: { status: "planned", dueDate: "2027-01-31" } });
    expect(bulk.json()).toEqual({ updated: 2 });
    const audit = (await call(vigil, (await signInAs(vigil, "admin")), "GET", "/api/audit?entityType=compliance_control&limit=5")).json();
    expect(JSON.stringify(audit)).toContain("2027-01-31");
    expect((await call(vigil, contributor, "POST", "/api/compliance/controls/bulk", { ids, set: { status: "implemented" } })).statusCode).toBe(403);
  });

  test("evidence upload: SHA-256, versions, expiry turns the control to needs review; download gives the bytes back", async () => {
    const c = await control("OPS-07");
    const bytes = Buffer.from("central log retention: 400 days\n");
    const res = await call(vigil, compliance, "POST", "/api/compliance/evidence", {
      title: "SIEM retention settings",
      validUntil: "2026-12-31",
      file: { fileName: "siem.txt", mediaType: "text/plain", contentBase64: bytes.toString("base64") },
      controlIds: [c.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const ev = res.json();
    expect(ev.file).toMatchObject({ size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), uploadedBy: "compliance@demo-medical.example" });
    const v2 = await call(vigil, compliance, "POST", `/api/compliance/evidence/${ev.id}/versions`, { fileName: "siem-v2.txt", mediaType: "text/plain", contentBase64: Buffer.from("v2").toString("base64"), validUntil: "2027-06-30" });
    expect(v2.json()).toMatchObject({ currentVersion: 2, validUntil: "2027-06-30" });
    const dl = await call(vigil, auditor, "GET", `/api/compliance/evidence/${ev.id}/versions/1/content`);
    expect(dl.rawPayload.equals(bytes)).toBe(true);
    expect(dl.headers["x-content-sha256"]).toBe(ev.file.sha256);
    await call(vigil, compliance, "PATCH", `/api/compliance/controls/${c.id}`, { status: "implemented" });
    vigil.clock.now = new Date("2027-08-01T10:00:00Z");
    compliance = await signInAs(vigil, "compliance_manager");
    auditor = await signInAs(vigil, "auditor");
    const detail = (await call(vigil, auditor, "GET", `/api/compliance/controls/${c.id}`)).json();
    expect(detail).toMatchObject({ effectiveStatus: "needs_review" });
    expect(detail.evidence[0]).toMatchObject({ expired: true, versions: [{ version: 2 }, { version: 1 }] });
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    compliance = await signInAs(vigil, "compliance_manager");
    auditor = await signInAs(vigil, "auditor");
    const record = await call(vigil, compliance, "POST", "/api/compliance/evidence", { title: "x", record: { kind: "sbom", id: "nope" } });
    expect(record.statusCode).toBe(400);
  });

  test("confirming a suggested (intersect) link makes it count", async () => {
    const c = await control("GOV-12");
    const before = (await call(vigil, auditor, "GET", "/api/compliance/frameworks/nis2")).json().requirements.find((r: { id: string }) => r.id === "nis2:art23.1");
    expect(before.suggestions.map((s: { control: string }) => s.control)).toContain("GOV-12");
    await call(vigil, compliance, "PATCH", `/api/compliance/controls/${c.id}`, { status: "implemented" });
    const res = await call(vigil, compliance, "POST", `/api/compliance/controls/${c.id}/mappings`, { requirement: "nis2:art23.1", relationship: "subset" });
    expect(res.statusCode, res.body).toBe(200);
    const detail = (await call(vigil, auditor, "GET", `/api/compliance/controls/${c.id}`)).json();
    expect(detail.mappings.find((m: { requirement: string; origin: string }) => m.requirement === "nis2:art23.1" && m.origin === "confirmed")).toMatchObject({ relationship: "subset", effect: "partial" });
    const suggested = async () =>
      (await call(vigil, auditor, "GET", "/api/compliance/frameworks/nis2")).json().requirements.find((r: { id: string }) => r.id === "nis2:art23.1").suggestions.map((s: { control: string }) => s.control);
    // Once decided, the library's suggestion gives way to the decision everywhere, not only on the control.
    expect(await suggested()).not.toContain("GOV-12");
    const dismissed = await call(vigil, compliance, "POST", `/api/compliance/controls/${c.id}/mappings`, { requirement: "nis2:art23.1", relationship: "not_related" });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(await suggested()).not.toContain("GOV-12");
    const crosswalk = (await call(vigil, auditor, "GET", "/api/compliance/crosswalk")).json();
    expect(JSON.stringify(crosswalk)).not.toMatch(/"GOV-12"[^}]*"nis2:art23\.1"[^}]*"intersect"/);
  });

  test("a malformed custom framework names the line and reason and changes nothing; a good one is mapped and derived", async () => {
    const countFw = async () => ((await call(vigil, auditor, "GET", "/api/compliance/frameworks")).json() as unknown[]).length;
    const n = await countFw();
    const bad = "framework:\n  id: custom-lukas\n  name: St. Lukas requirements\nrequirements:\n  - id: L1\n    title: MFA for remote service\n    mappings:\n      - { control: ACC-03, relationship: equals }\n";
    const res = await call(vigil, compliance, "POST", "/api/compliance/frameworks/import", { fileName: "lukas.yaml", content: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^lukas\.yaml: line 8, column \d+ \(requirements\.0\.mappings\.0\.relationship\): /);
    expect(res.json().error.details[0]).toMatchObject({ path: "line 8", line: 8 });
    expect(await countFw()).toBe(n);
    const good = bad.replace("equals", "equal").concat("  - id: L2\n    title: Patch within 30 days\n    mappings:\n      - { requirement: \"fda524b:b.2.A\", relationship: subset }\n");
    const ok = await call(vigil, compliance, "POST", "/api/compliance/frameworks/import", { fileName: "lukas.yaml", content: good });
    expect(ok.statusCode, ok.body).toBe(201);
    const fw = (await call(vigil, auditor, "GET", "/api/compliance/frameworks/custom-lukas")).json();
    expect(fw.requirements.find((r: { id: string }) => r.id === "custom-lukas:L1")).toMatchObject({ status: "met" });
    const l2 = fw.requirements.find((r: { id: string }) => r.id === "custom-lukas:L2");
    expect(l2.contributions[0].chain.map((s: { to: string }) => s.to)).toEqual(["fda524b:b.2.A", "custom-lukas:L2"]);
    const mfa = await control("ACC-03");
    expect((await call(vigil, auditor, "GET", `/api/compliance/controls/${mfa.id}`)).json().mappedFrom).toEqual([
      { requirement: "custom-lukas:L1", framework: "custom-lukas", title: "MFA for remote service", relationship: "equal" },
    ]);
  });

  test("Statement of Applicability: exactly the 93 Annex A controls, as JSON, CSV, XLSX and PDF", async () => {
    const rows = (await call(vigil, auditor, "GET", "/api/compliance/soa")).json() as { control: string; applicable: boolean }[];
    expect(rows).toHaveLength(93);
    expect(new Set(rows.map((r) => r.control)).size).toBe(93);
    expect(rows[0].control).toBe("A.5.1");
    expect(rows.at(-1)!.control).toBe("A.8.34");
    const csv = await call(vigil, auditor, "GET", "/api/compliance/soa/export?format=csv");
    expect(csv.body.trim().split("\r\n")).toHaveLength(94);
    const xlsx = await call(vigil, auditor, "GET", "/api/compliance/soa/export?format=xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBe(4 + 93);
    const pdf = await call(vigil, auditor, "GET", "/api/compliance/soa/export?format=pdf");
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain("Statement of Applicability");
    for (const id of ["A.5.1", "A.6.8", "A.7.14", "A.8.34"]) expect(text).toContain(id);
    expect((await call(vigil, contributor, "GET", "/api/compliance/soa/export?format=pdf")).statusCode).toBe(403);
  });

  test("snapshots compare, management approval with document hash, NIS2 self-assessment PDF", async () => {
    const s1 = (await call(vigil, compliance, "POST", "/api/compliance/snapshots", { name: "Q4 baseline" })).json();
    const c = await control("SUP-02");
    await call(vigil, compliance, "PATCH", `/api/compliance/controls/${c.id}`, { status: "implemented" });
    const s2 = (await call(vigil, compliance, "POST", "/api/compliance/snapshots", { name: "After supplier clauses" })).json();
    const cmp = (await call(vigil, auditor, "GET", `/api/compliance/snapshots/compare?from=${s1.id}&to=${s2.id}`)).json();
    expect(cmp.controls).toEqual([{ id: "SUP-02", title: expect.any(String), from: "planned", to: "implemented", direction: "improved" }]);
    expect(cmp.improved.map((x: { requirement: string }) => x.requirement)).toContain("iso27001:A.5.20");
    expect(cmp.regressed).toEqual([]);
    const doc = Buffer.from("signed board minutes");
    const ap = await call(vigil, compliance, "POST", "/api/compliance/approvals", {
      snapshotId: s2.id,
      approvedBy: "Dr. Maria Vogt",
      approverFunction: "Managing director",
      approvedAt: "2026-11-20T15:00:00+01:00",
      decision: "The management board approves the cybersecurity risk-management measures.",
      document: { fileName: "board-minutes.pdf", contentBase64: doc.toString("base64") },
    });
    expect(ap.statusCode, ap.body).toBe(201);
    expect(ap.json()).toMatchObject({ measuresVersion: `After supplier clauses (sha256:${s2.contentSha256.slice(0, 16)})`, documentName: "board-minutes.pdf" });
    expect(ap.json().documentSha256).toMatch(/^[0-9a-f]{64}$/);
    const pdf = await call(vigil, auditor, "GET", "/api/compliance/reports/nis2-self-assessment");
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain("self-assessment");
    expect(text).toContain("Supply chain security");
    expect(text).toContain("Dr. Maria Vogt");
  });
});
