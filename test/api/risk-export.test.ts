import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv } from "../../src/core/feeds/csv";
import { EXPORT_BATCH } from "../../src/server/platform/csv";
import { risks } from "../../src/server/risks/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type AuditAnswer = { entries: { action: string; actorLabel: string; after: { route?: string; fileName?: string; query?: string } | null }[] };

/** More than two batches, so the export reads a full batch, another full one and a partial last one. */
const ADDED = 2 * EXPORT_BATCH + 37;

describe.each(await backends())("risk register export on %s", (backend) => {
  let vigil: TestVigil;
  let auditor: Session;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    auditor = await signInAs(vigil, "auditor");
    await vigil.database.db.insert(risks).values(
      Array.from({ length: ADDED }, (_, i) => ({
        reference: `EXP-${String(ADDED - i).padStart(4, "0")}`,
        title: i === 0 ? "=HYPERLINK(\"http://evil.example\")" : `Exported risk ${i}`,
        asset: "Export asset",
        assetType: "other" as const,
        phase: "manufacturing" as const,
        cia: { confidentiality: true, integrity: false, availability: false },
        inherentLikelihood: 1 + (i % 5),
        inherentImpact: 1 + (i % 4),
      })),
    );
  }, 300_000);
  afterAll(async () => vigil?.stop());

  const references = async () => (await vigil.database.db.select({ reference: risks.reference }).from(risks)).map((r) => r.reference);

  test("the CSV holds every risk once, by reference, across batches; a formula is neutralised; the download is audited", async () => {
    const res = await call(vigil, auditor, "GET", "/api/risks/export?format=csv");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="risk-register-2026-11-23\.csv"/);
    const parsed = parseCsv("risks.csv", res.body);
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(parsed.table.columns.slice(0, 3)).toEqual(["reference", "title", "description"]);
    const exported = parsed.table.rows.map((r) => r.values.reference);
    const all = await references();
    expect(exported.length).toBe(all.length);
    expect(new Set(exported)).toEqual(new Set(all));
    const added = exported.filter((ref) => ref.startsWith("EXP-"));
    expect(added).toEqual(Array.from({ length: ADDED }, (_, i) => `EXP-${String(i + 1).padStart(4, "0")}`));
    const formula = parsed.table.rows.find((r) => r.values.reference === `EXP-${String(ADDED).padStart(4, "0")}`);
    expect(formula?.values.title).toBe("'=HYPERLINK(\"http://evil.example\")");
    expect(parsed.table.rows.find((r) => r.values.reference === "EXP-0001")?.values).toMatchObject({ asset: "Export asset", phase: "manufacturing" });

    const downloads = (await call(vigil, auditor, "GET", "/api/audit?entityType=file&action=download&limit=1")).json() as AuditAnswer;
    expect(downloads.entries[0]).toMatchObject({ action: "download", after: { route: "/api/risks/export", query: "format=csv", fileName: "risk-register-2026-11-23.csv" } });
  });

  test("the XLSX holds the same rows, read in the same batches", async () => {
    const res = await vigil.app.inject({ method: "GET", url: "/api/risks/export?format=xlsx", headers: { cookie: auditor.cookie } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const exported: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) exported.push(String(row.getCell(1).value));
    });
    expect(exported.length).toBe((await references()).length);
    expect(exported.filter((ref) => ref.startsWith("EXP-"))).toHaveLength(ADDED);
    expect(new Set(exported).size).toBe(exported.length);
  });

});
