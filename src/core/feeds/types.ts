/**
 * One problem found in a feed file. `path` locates it inside the file: a JSONPath-like path
 * ("vulnerabilities[3].dueDate", "affected[0].ranges[1]") or, for CSV, "line 12, column dueDate".
 */
export interface FeedIssue {
  readonly file: string;
  readonly path: string;
  readonly reason: string;
}

/** What a feed parser returns: never throws on bad data; errors are records that were not read. */
export interface FeedResult<T> {
  readonly records: T[];
  readonly warnings: FeedIssue[];
  readonly errors: FeedIssue[];
}

export function emptyResult<T>(): FeedResult<T> {
  return { records: [], warnings: [], errors: [] };
}

/** Appends another result's records and issues to `into` (in place) and returns it. */
export function mergeInto<T>(into: FeedResult<T>, from: FeedResult<T>): FeedResult<T> {
  for (const r of from.records) into.records.push(r);
  for (const w of from.warnings) into.warnings.push(w);
  for (const e of from.errors) into.errors.push(e);
  return into;
}

export function formatFeedIssue(issue: FeedIssue): string {
  return `${issue.file}: ${issue.path}: ${issue.reason}`;
}

/** JSON.parse that reports the syntax error instead of throwing. */
export function parseJsonText(file: string, text: string): { ok: true; value: unknown } | { ok: false; error: FeedIssue } {
  try {
    return { ok: true, value: JSON.parse(stripBom(text)) };
  } catch (err) {
    return { ok: false, error: { file, path: "(document)", reason: `invalid JSON: ${(err as Error).message}` } };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
