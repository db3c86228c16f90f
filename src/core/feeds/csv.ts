import { parse } from "csv-parse/sync";
import type { FeedIssue } from "./types";

/** Rows of a CSV file with a header line, keyed by column name, with their 1-based line numbers. */
export interface CsvTable {
  readonly columns: string[];
  readonly rows: Array<{ line: number; values: Record<string, string> }>;
}

/**
 * Parses CSV text (RFC 4180 quoting, via csv-parse). Leading lines starting with `#` are
 * returned as comments (EPSS puts its model version there). A malformed file gives an error
 * with its line number instead of throwing.
 */
export function parseCsv(file: string, text: string): { ok: true; table: CsvTable; comments: string[] } | { ok: false; error: FeedIssue } {
  const comments: string[] = [];
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let lineOffset = 0;
  while (body.startsWith("#")) {
    const nl = body.indexOf("\n");
    comments.push((nl < 0 ? body : body.slice(0, nl)).replace(/\r$/, ""));
    body = nl < 0 ? "" : body.slice(nl + 1);
    lineOffset++;
  }
  try {
    const parsed = parse(body, { columns: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
    const columns = firstLine === "" ? [] : (parse(firstLine, { trim: true }) as string[][])[0] ?? [];
    return {
      ok: true,
      comments,
      table: { columns, rows: parsed.map((p) => ({ line: p.info.lines + lineOffset, values: p.record })) },
    };
  } catch (err) {
    const e = err as Error & { lines?: number };
    const where = typeof e.lines === "number" ? `line ${e.lines + lineOffset}` : "(document)";
    return { ok: false, error: { file, path: where, reason: `invalid CSV: ${e.message}` } };
  }
}
