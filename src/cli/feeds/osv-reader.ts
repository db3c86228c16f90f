import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Unzip, UnzipInflate } from "fflate";
import { emptyResult, type FeedResult, mergeInto, type OsvFeedRecord, parseOsvText } from "../../core/feeds";
import { listFiles, type ProgressCallback, readFailure, readMaybeGzipped } from "./files";

const OSV_FILE = /\.(json|ya?ml)$/i;
const decoder = new TextDecoder("utf-8");

/**
 * Reads the per-ecosystem `all.zip` export of osv.dev (one record per `<ID>.json` entry),
 * entry by entry: only one entry's bytes are held at a time, so memory follows the records
 * kept, not the archive size.
 */
export async function readOsvZip(file: string, onProgress?: ProgressCallback): Promise<FeedResult<OsvFeedRecord>> {
  const out = emptyResult<OsvFeedRecord>();
  let total: number;
  try {
    total = (await stat(file)).size;
  } catch (err) {
    out.errors.push(readFailure(file, err));
    return out;
  }
  let entries = 0;
  const unzip = new Unzip((entry) => {
    entries++;
    if (entry.name.endsWith("/") || !OSV_FILE.test(entry.name)) return; // not started: skipped without inflating
    const chunks: Uint8Array[] = [];
    const where = `${file}!${entry.name}`;
    entry.ondata = (err, data, final) => {
      if (err) {
        out.errors.push({ file: where, path: "(entry)", reason: `cannot decompress: ${err.message}` });
        return;
      }
      chunks.push(data);
      if (!final) return;
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      mergeInto(out, parseOsvText(where, decoder.decode(bytes)));
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  let done = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      unzip.push(chunk as Uint8Array);
      done += (chunk as Uint8Array).length;
      onProgress?.(done, total);
    }
    unzip.push(new Uint8Array(0), true);
  } catch (err) {
    out.errors.push({ file, path: "(archive)", reason: `not a readable zip archive: ${(err as Error).message}` });
    return out;
  }
  if (entries === 0) out.errors.push({ file, path: "(archive)", reason: "not a zip archive, or an archive without entries" });
  return out;
}

/** Reads OSV records from a file (.json, .yaml, .zip) or, recursively, from a directory of them. */
export async function readOsvSource(source: string, onProgress?: ProgressCallback): Promise<FeedResult<OsvFeedRecord>> {
  const out = emptyResult<OsvFeedRecord>();
  let isDir: boolean;
  try {
    isDir = (await stat(source)).isDirectory();
  } catch (err) {
    out.errors.push(readFailure(source, err));
    return out;
  }
  if (!isDir && /\.zip$/i.test(source)) return readOsvZip(source, onProgress);
  const files = isDir ? await listFiles(source, (n) => OSV_FILE.test(n) || /\.zip$/i.test(n)) : [{ path: source, size: 0 }];
  const total = files.reduce((s, f) => s + f.size, 0);
  let done = 0;
  for (const f of files) {
    if (/\.zip$/i.test(f.path)) {
      mergeInto(out, await readOsvZip(f.path));
    } else {
      const text = await readMaybeGzipped(f.path);
      if (!text.ok) out.errors.push(text.error);
      else mergeInto(out, parseOsvText(f.path, text.text));
    }
    done += f.size;
    onProgress?.(done, total);
  }
  return out;
}
