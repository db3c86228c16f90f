import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
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
 * trip per directory entry would only add waiting. Paths are the directory's joined path and the name: `path.join`
 * per entry normalised each path again, which was most of listing 60,000 files.
 */
export function listFiles(dir: string, accept: (name: string) => boolean, onFile?: (count: number) => void): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // What path.join(d, name) gives for a name without separators: the joined directory, then one separator.
    const prefix = path.join(d, "_").slice(0, -1);
    for (const e of entries) {
      const p = prefix + e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && accept(e.name)) {
        out.push(p);
        onFile?.(out.length);
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Bytes of this thread's reading buffer. A regular file smaller than it is read by one `read` into it: no `fstat`
 * for its size and no buffer per file (a fifth of the CPU of reading 60,000 small feed files).
 */
const READ_BUFFER_BYTES = 1024 * 1024;
let readBuffer: Buffer | undefined;

/**
 * The bytes of a regular file: a view of this thread's reading buffer (valid until the next read) or, for a larger
 * file, its own buffer. Only for a file listed as regular: a short read is its end there, not in a pipe.
 */
function readRegularFile(file: string): Buffer {
  readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const fd = openSync(file, "r");
  let n: number;
  try {
    n = readSync(fd, readBuffer, 0, READ_BUFFER_BYTES, null);
  } finally {
    closeSync(fd);
  }
  // A read that fills the buffer may not have reached the end: the file is read again whole.
  return n < READ_BUFFER_BYTES ? readBuffer.subarray(0, n) : readFileSync(file);
}

/**
 * Reads a file as text, gunzipping it when its content starts with the gzip magic bytes. `regular`: the file was
 * listed as a regular file (not a pipe or a device), which is read with fewer system calls.
 */
export function readMaybeGzipped(file: string, regular = false): { ok: true; text: string } | { ok: false; error: FeedIssue } {
  let bytes: Buffer;
  try {
    bytes = regular ? readRegularFile(file) : readFileSync(file);
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
