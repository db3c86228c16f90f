import { parse } from "csv-parse/sync";

/** A row of a training completion import, as read from the file (users are resolved by the caller). */
export type CompletionRow = { line: number; email: string; completedAt: Date; evidenceSha256: string | null; note: string | null };
export type CsvProblem = { line: number; message: string };

export const COMPLETION_CSV_COLUMNS = ["email", "completed_at", "evidence_sha256", "note"] as const;
const REQUIRED = ["email", "completed_at"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SHA256 = /^[0-9a-f]{64}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses a completion CSV (header row with `email,completed_at[,evidence_sha256][,note]`). Every bad row is listed
 * with its line number and reason; `rows` holds the sound rows so that the caller can check them further and report
 * everything at once, but it writes nothing unless the problem list is empty.
 * Dates are ISO 8601 (a bare date means midnight UTC) and may not lie after `now`.
 */
export function parseCompletionCsv(text: string, now: Date): { rows: CompletionRow[]; problems: CsvProblem[] } {
  let records: { record: string[]; line: number }[];
  try {
    const raw = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    records = raw.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], problems: [{ line: e.lines ?? 1, message: `not a readable CSV file: ${e.message}` }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ line: 1, message: "the file is empty" }] };
  const header = records[0].record.map((h) => h.toLowerCase());
  const problems: CsvProblem[] = [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(COMPLETION_CSV_COLUMNS as readonly string[]).includes(h));
  if (missing.length > 0) problems.push({ line: records[0].line, message: `missing column(s): ${missing.join(", ")}` });
  if (unknown.length > 0) problems.push({ line: records[0].line, message: `unknown column(s): ${unknown.join(", ")} (expected ${COMPLETION_CSV_COLUMNS.join(", ")})` });
  if (problems.length > 0) return { rows: [], problems };
  if (records.length === 1) return { rows: [], problems: [{ line: records[0].line, message: "no completion rows after the header" }] };

  const col = (rec: string[], name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? "" : (rec[i] ?? "").trim();
  };
  const rows: CompletionRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, line } of records.slice(1)) {
    const reasons: string[] = [];
    if (record.length > header.length) reasons.push(`${record.length} fields, the header has ${header.length}`);
    const email = col(record, "email").toLowerCase();
    if (!email) reasons.push("email is empty");
    else if (!EMAIL.test(email)) reasons.push(`"${email}" is not an e-mail address`);
    else if (firstLineOf.has(email)) reasons.push(`${email} already appears on line ${firstLineOf.get(email)}`);
    const dateText = col(record, "completed_at");
    let completedAt: Date | null = null;
    if (!dateText) reasons.push("completed_at is empty");
    else if (!DATE.test(dateText) || Number.isNaN(Date.parse(dateText.length === 10 ? `${dateText}T00:00:00Z` : dateText))) {
      reasons.push(`completed_at "${dateText}" is not an ISO 8601 date (YYYY-MM-DD or date and time with offset)`);
    } else {
      completedAt = new Date(dateText.length === 10 ? `${dateText}T00:00:00Z` : dateText);
      if (completedAt.toISOString().slice(0, 10) !== (dateText.length === 10 ? dateText : completedAt.toISOString().slice(0, 10)))
        reasons.push(`completed_at "${dateText}" is not a calendar date`);
      else if (completedAt.getTime() > now.getTime()) reasons.push(`completed_at ${dateText} lies in the future`);
    }
    const hash = col(record, "evidence_sha256");
    if (hash && !SHA256.test(hash)) reasons.push("evidence_sha256 must be 64 hexadecimal characters");
    if (email && !firstLineOf.has(email)) firstLineOf.set(email, line);
    if (reasons.length > 0) problems.push({ line, message: reasons.join("; ") });
    else rows.push({ line, email, completedAt: completedAt!, evidenceSha256: hash ? hash.toLowerCase() : null, note: col(record, "note") || null });
  }
  return { rows, problems };
}
