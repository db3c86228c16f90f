import type ExcelJS from "exceljs";
import { InflateLimitError, type InflateLimits, unzipBounded } from "../platform/bounded-inflate";
import { AppError } from "../platform/http/errors";

/** Register files (CSV or XLSX) are read whole; this bounds the decoded file. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** The JSON body carries the file as base64 (4/3 of its size) plus a little envelope. */
export const IMPORT_BODY_LIMIT = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024;
let exceljs: Promise<typeof ExcelJS> | undefined;
/** A new workbook; exceljs takes about half a second to load, so it is loaded at the first workbook, not at start. */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  exceljs ??= import("exceljs").then((m) => m.default);
  return new (await exceljs).Workbook();
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type SheetRow = { line: number; values: Record<string, string> };
export type SheetTable = { columns: string[]; rows: SheetRow[] };
export type ImportProblem = { line: number; column: string; reason: string };

/** A file with any bad row is refused whole; every problem is listed with its line and column. */
export function importRejected(fileName: string, problems: ImportProblem[]): AppError {
  return new AppError(
    400,
    "import_rejected",
    `${fileName}: ${problems.length} problem(s) in ${new Set(problems.map((p) => p.line)).size} row(s); nothing was imported`,
    problems.map((p) => ({ ...p, path: `line ${p.line}/${p.column}`, message: p.reason })),
  );
}

/** What a user sees in a cell: rich text joined, formulas by their result, dates as days. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    return "";
  }
  return String(value);
}

/** An XLSX file is a zip of XML parts: a 5 MiB workbook that inflates past these is a bomb, not a register. */
export const XLSX_INFLATE_LIMITS: InflateLimits = { maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 128 * 1024 * 1024 };
export const MAX_IMPORT_ROWS = 20_000;

/**
 * Header and non-empty rows of the first worksheet, with their sheet row numbers as lines. The workbook is first
 * inflated within XLSX_INFLATE_LIMITS (each part at most its declared size), so the reader never meets a bomb.
 */
export async function readFirstSheet(bytes: Buffer, fileName = "workbook.xlsx"): Promise<SheetTable> {
  try {
    unzipBounded(fileName, bytes, XLSX_INFLATE_LIMITS);
  } catch (err) {
    if (err instanceof InflateLimitError) throw new AppError(413, "payload_too_large", err.message);
    throw err;
  }
  const wb = await newWorkbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return { columns: [], rows: [] };
  if (sheet.actualRowCount > MAX_IMPORT_ROWS + 1) {
    throw new AppError(413, "payload_too_large", `${fileName}: refused, more than ${MAX_IMPORT_ROWS} rows (import limit)`);
  }
  const columns: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    columns[col - 1] = cellText(cell.value).trim();
  });
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const values: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c) values[c] = cellText(row.getCell(i + 1).value).trim();
    });
    if (Object.values(values).some((v) => v !== "")) rows.push({ line: number, values });
  });
  return { columns: columns.filter(Boolean), rows };
}
