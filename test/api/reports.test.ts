import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BOARD_SECTIONS } from "../../src/server/reports/board";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

function pdfText(bytes: Buffer): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-board-")), "board.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
}
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe.each(await backends())("reports API on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    manager = await signInAs(vigil, "compliance_manager");
  });
  afterAll(async () => vigil?.stop());

  test("the board report is a PDF with every section, recorded with its hash", async () => {
    const res = await call(vigil, manager, "POST", "/api/reports/board", { from: "2026-01-01", to: "2026-11-23" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    for (const section of BOARD_SECTIONS) expect(text, section).toContain(section);
    expect(text).toContain("2026-01-01 to 2026-11-23");
    // The demo's significant incident of this year appears with its reporting tally.
    expect(text).toMatch(/INC-2026-\d+/);
    expect(text).toContain("Known exploited (CISA KEV)");
    expect(res.headers["x-vigil-sha256"]).toBe(sha256(pdf));

    const history = (await call(vigil, manager, "GET", "/api/reports")).json();
    expect(history[0]).toMatchObject({ kind: "board_report", sha256: sha256(pdf), size: pdf.length, parameters: { from: "2026-01-01", to: "2026-11-23" } });
    expect(history[0].generatedBy).toContain("@");
  });

  test("a period that ends before it starts is refused", async () => {
    const res = await call(vigil, manager, "POST", "/api/reports/board", { from: "2026-12-01", to: "2026-11-01" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe("body/from");
  });

  test("the evidence pack's manifest lists every file with the SHA-256 of its bytes", async () => {
    const res = await call(vigil, manager, "POST", "/api/reports/evidence-pack", {});
    expect(res.statusCode, res.body).toBe(200);
    const zip = unzipSync(new Uint8Array(res.rawPayload));
    const manifest = JSON.parse(strFromU8(zip["manifest.json"]));
    const names = Object.keys(zip).filter((n) => n !== "manifest.json").sort();
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(names);
    for (const f of manifest.files) {
      expect(sha256(zip[f.path]), f.path).toBe(f.sha256);
      expect(zip[f.path].length).toBe(f.size);
    }
    const kinds = new Set(manifest.files.map((f: { kind: string }) => f.kind));
    for (const k of ["soa", "nis2_self_assessment", "policy", "training_records", "audit_verification"]) expect(kinds.has(k), k).toBe(true);
    const evidence = manifest.files.filter((f: { kind: string }) => f.kind === "evidence");
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((f: { controls: string[] }) => f.controls.length > 0)).toBe(true);
    expect(evidence.some((f: { requirements: string[] }) => f.requirements.length > 0)).toBe(true);
    const verdict = JSON.parse(strFromU8(zip["audit/audit-chain-verification.json"]));
    expect(verdict.intact).toBe(true);
    expect(strFromU8(zip["compliance/statement-of-applicability.pdf"].subarray(0, 5))).toBe("%PDF-");

    const history = (await call(vigil, manager, "GET", "/api/reports")).json();
    expect(history.find((h: { kind: string }) => h.kind === "evidence_pack").sha256).toBe(sha256(res.rawPayload));
  });

  test("the registers workbook has one sheet per register whose rows match the workspace, without file contents", async () => {
    const res = await call(vigil, manager, "POST", "/api/reports/registers", {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = (name: string) => wb.getWorksheet(name)!;
    const models = (await call(vigil, manager, "GET", "/api/devices")).json() as unknown[];
    expect(sheet("Device models").rowCount - 1).toBe(models.length);
    const risks = (await call(vigil, manager, "GET", "/api/risks")).json();
    expect(sheet("Risks").rowCount - 1).toBe((Array.isArray(risks) ? risks : risks.items).length);
    const header = (name: string) => (sheet(name).getRow(1).values as unknown[]).filter(Boolean);
    expect(header("Findings")).toContain("status");
    expect(header("Evidence")).not.toContain("contentBase64");
    // The contents sheet counts what each sheet holds.
    const contents = sheet("Contents");
    const counted = new Map<string, number>();
    contents.eachRow((row, n) => {
      if (n > 3) counted.set(String(row.getCell(1).value), Number(row.getCell(2).value));
    });
    expect(counted.get("Device models")).toBe(models.length);
    expect(counted.size).toBe(wb.worksheets.length - 1);

    const history = (await call(vigil, manager, "GET", "/api/reports")).json();
    expect(history.find((h: { kind: string }) => h.kind === "registers").sha256).toBe(sha256(res.rawPayload));
  });

  test("exports need the reports:export permission", async () => {
    const contributor = await signInAs(vigil, "contributor");
    expect((await call(vigil, contributor, "POST", "/api/reports/evidence-pack", {})).statusCode).toBe(403);
    expect((await call(vigil, contributor, "POST", "/api/reports/registers", {})).statusCode).toBe(403);
    expect((await call(vigil, contributor, "GET", "/api/reports")).statusCode).toBe(403);
  });
});
