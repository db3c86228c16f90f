import { readFileSync } from "node:fs";
import { emptyResult, type FeedResult, mergeInto, type OsvFeedRecord, parseOsvText } from "../../core/feeds";
import { listFiles, MAX_INFLATED_BYTES, type ProgressCallback, readFailure, readMaybeGzipped, statSource } from "./files";
import { inflateEntry, type ZipEntry, zipEntries } from "../../server/platform/zip-archive";

const OSV_FILE = /\.(json|ya?ml)$/i;
const ZIP_FILE = /\.zip$/i;
const decoder = new TextDecoder("utf-8");

/**
 * Reads the per-ecosystem `all.zip` export of osv.dev (one record per `<ID>.json` entry). The central directory is
 * read once; each entry is inflated by node's zlib, capped at its declared size (a bomb that lies about its size
 * fails) and at MAX_INFLATED_BYTES for the whole archive, and parsed before the next one is inflated.
 */
export function readOsvZip(file: string, onProgress?: ProgressCallback, relevantKeys?: ReadonlySet<string>): FeedResult<OsvFeedRecord> {
  const out = emptyResult<OsvFeedRecord>();
  const s = statSource(file);
  if (!s.ok) {
    out.errors.push(s.error);
    return out;
  }
  let archive: Buffer;
  try {
    archive = readFileSync(file);
  } catch (err) {
    out.errors.push(readFailure(file, err));
    return out;
  }
  let entries: ZipEntry[];
  try {
    entries = zipEntries(archive);
  } catch {
    entries = [];
  }
  if (entries.length === 0) {
    out.errors.push({ file, path: "(archive)", reason: "not a zip archive, or an archive without entries" });
    return out;
  }
  const total = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  let done = 0;
  let inflated = 0;
  for (const entry of entries) {
    done += entry.compressedSize;
    if (entry.isDirectory || !OSV_FILE.test(entry.name)) continue;
    const where = `${file}!${entry.name}`;
    inflated += entry.size;
    if (inflated > MAX_INFLATED_BYTES) {
      out.errors.push({ file, path: "(archive)", reason: `refused: more than ${MAX_INFLATED_BYTES / 1024 / 1024} MB once decompressed` });
      return out;
    }
    let bytes: Buffer;
    try {
      bytes = inflateEntry(archive, entry);
    } catch (err) {
      out.errors.push({ file: where, path: "(entry)", reason: `cannot decompress: ${(err as Error).message}` });
      continue;
    }
    mergeInto(out, parseOsvText(where, decoder.decode(bytes), relevantKeys));
    if (onProgress && (done === total || out.records.length % 1000 === 0)) onProgress(done, total, "bytes");
  }
  onProgress?.(total, total, "bytes");
  return out;
}

/**
 * Reads OSV records from a file (.json, .yaml, .zip) or, recursively, from a directory of them. With `relevantKeys`
 * (the package keys of the components being scanned) records about other packages are kept as their identity only.
 */
export async function readOsvSource(source: string, onProgress?: ProgressCallback, relevantKeys?: ReadonlySet<string>): Promise<FeedResult<OsvFeedRecord>> {
  const out = emptyResult<OsvFeedRecord>();
  const s = statSource(source);
  if (!s.ok) {
    out.errors.push(s.error);
    return out;
  }
  if (!s.isDirectory && ZIP_FILE.test(source)) return readOsvZip(source, onProgress, relevantKeys);
  const files = s.isDirectory ? listFiles(source, (n) => OSV_FILE.test(n) || ZIP_FILE.test(n)) : [source];
  let done = 0;
  for (const f of files) {
    if (ZIP_FILE.test(f)) {
      mergeInto(out, readOsvZip(f, undefined, relevantKeys));
    } else {
      const text = readMaybeGzipped(f);
      if (!text.ok) out.errors.push(text.error);
      else mergeInto(out, parseOsvText(f, text.text, relevantKeys));
    }
    done++;
    if (onProgress && (done === files.length || done % 500 === 0)) onProgress(done, files.length, "files");
  }
  return out;
}
