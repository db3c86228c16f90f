import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { FeedIssue } from "../../core/feeds";

/** Called as bytes of input are consumed: `done` of `total` bytes (total is known up front). */
export type ProgressCallback = (done: number, total: number) => void;

export interface FeedFile {
  readonly path: string;
  readonly size: number;
}

function errnoReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return code ?? String(err);
}

export function readFailure(file: string, err: unknown): FeedIssue {
  return { file, path: "(file)", reason: `cannot read: ${errnoReason(err)}` };
}

/** Every file under `dir` (recursively, in path order) whose name matches `accept`. */
export async function listFiles(dir: string, accept: (name: string) => boolean): Promise<FeedFile[]> {
  const out: FeedFile[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && accept(e.name)) out.push({ path: p, size: (await stat(p)).size });
    }
  };
  await walk(dir);
  return out;
}

/** Reads a file as text, gunzipping it when its content starts with the gzip magic bytes. */
export async function readMaybeGzipped(file: string): Promise<{ ok: true; text: string } | { ok: false; error: FeedIssue }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    return { ok: false, error: readFailure(file, err) };
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      return { ok: false, error: { file, path: "(file)", reason: `not a valid gzip file: ${(err as Error).message}` } };
    }
  }
  return { ok: true, text: bytes.toString("utf8") };
}
