import { Readable } from "node:stream";

/** Text a spreadsheet would run as a formula when it starts a cell (OWASP CSV injection: = + - @ TAB CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 CSV field; a value a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record with its line break, every field through `csvField`. */
export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvField).join(",")}\r\n`;

/**
 * A CSV body sent as the batches arrive: the header line, then each batch's records. The batches come from the
 * database a page at a time (keyset), so an export holds one batch in memory however long the register is.
 */
export function csvStream<T>(header: readonly string[], batches: AsyncIterable<T[]>, cells: (row: T) => readonly unknown[]): Readable {
  return Readable.from(
    (async function* () {
      yield csvLine(header);
      for await (const rows of batches) if (rows.length > 0) yield rows.map((r) => csvLine(cells(r))).join("");
    })(),
  );
}

/** Rows an export reads from the database per batch. */
export const EXPORT_BATCH = 500;

/** Every page of a keyset-paged read, following its cursor from the first page to the last. */
export async function* allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
