import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { FeedIssue } from "../../core/feeds";

/**
 * Called as input is consumed: `done` of `total`, counted in bytes for a single file or archive and in files for a
 * directory (listing sizes of tens of thousands of files would cost a stat each).
 */
export type ProgressCallback = (done: number, total: number, unit: "bytes" | "files") => void;

/** A decompressed feed file larger than this is refused: feeds are tens of MB; a bomb inflates to gigabytes. */
export const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

function errnoReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  if (code === "ERR_BUFFER_TOO_LARGE") return `more than ${MAX_INFLATED_BYTES / 1024 / 1024} MB once decompressed`;
  return code ?? String(err);
}

export function readFailure(file: string, err: unknown): FeedIssue {
  return { file, path: "(file)", reason: `cannot read: ${errnoReason(err)}` };
}

/** Whether `p` is a directory; a path that cannot be read is reported, not thrown. */
export function statSource(p: string): { ok: true; isDirectory: boolean; size: number } | { ok: false; error: FeedIssue } {
  try {
    const s = statSync(p);
    return { ok: true, isDirectory: s.isDirectory(), size: s.size };
  } catch (err) {
    return { ok: false, error: readFailure(p, err) };
  }
}

/**
 * Every file under `dir` (recursively, in path order) whose name matches `accept`. Synchronous on purpose: a feed
 * directory holds tens of thousands of small files, and the command does nothing else meanwhile, so a promise round
 * trip per directory entry would only add waiting.
 */
export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && accept(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads a file as text, gunzipping it when its content starts with the gzip magic bytes. */
export function readMaybeGzipped(file: string): { ok: true; text: string } | { ok: false; error: FeedIssue } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, error: readFailure(file, err) };
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
      const reason = tooLarge ? `refused: ${errnoReason(err)}` : `not a valid gzip file: ${(err as Error).message}`;
      return { ok: false, error: { file, path: "(file)", reason } };
    }
  }
  return { ok: true, text: bytes.toString("utf8") };
}
