import { readFileSync } from "node:fs";
import { type OsvFeedRecord, parseOsvText } from "../../core/feeds/osv";
import { emptyResult, type FeedIssue, type FeedResult, mergeInto } from "../../core/feeds/types";
import { listFiles, MAX_INFLATED_BYTES, type ProgressCallback, readFailure, readMaybeGzipped, statSource } from "./files";
import { inflateEntry, type ZipEntry, zipEntries } from "../../server/platform/zip-archive";

const OSV_FILE = /\.(json|ya?ml)$/i;
const ZIP_FILE = /\.zip$/i;
const decoder = new TextDecoder("utf-8");

/** Where the texts of OSV files go as they are read: parsed into records here, or matched by a shard of a scan. */
export interface OsvTextSink {
  text(where: string, text: string): void;
  error(issue: FeedIssue): void;
}

function recordsInto(out: FeedResult<OsvFeedRecord>, relevantKeys?: ReadonlySet<string>): OsvTextSink {
  return { text: (where, text) => mergeInto(out, parseOsvText(where, text, relevantKeys)), error: (issue) => out.errors.push(issue) };
}

/** The archive's entries from its central directory, or an error when it is not a zip or has none. */
export function osvZipEntries(file: string, archive: Buffer): ZipEntry[] | FeedIssue {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(archive);
  } catch {
    entries = [];
  }
  return entries.length > 0 ? entries : { file, path: "(archive)", reason: "not a zip archive, or an archive without entries" };
}

/** Whether an entry of an archive holds an OSV record (as opposed to a folder or another file). */
export const isOsvEntry = (entry: ZipEntry): boolean => !entry.isDirectory && OSV_FILE.test(entry.name);

/**
 * Inflates the OSV entries of an archive one after the other into `sink`, each capped at its declared size, and all
 * of them at MAX_INFLATED_BYTES. `onEntry` is told the compressed size of every entry passed.
 */
export function readZipTexts(file: string, archive: Buffer, entries: readonly ZipEntry[], sink: OsvTextSink, onEntry?: (compressedSize: number) => void): void {
  let inflated = 0;
  for (const entry of entries) {
    onEntry?.(entry.compressedSize);
    if (!isOsvEntry(entry)) continue;
    const where = `${file}!${entry.name}`;
    inflated += entry.size;
    if (inflated > MAX_INFLATED_BYTES) {
      sink.error({ file, path: "(archive)", reason: `refused: more than ${MAX_INFLATED_BYTES / 1024 / 1024} MB once decompressed` });
      return;
    }
    let bytes: Buffer;
    try {
      bytes = inflateEntry(archive, entry);
    } catch (err) {
      sink.error({ file: where, path: "(entry)", reason: `cannot decompress: ${(err as Error).message}` });
      continue;
    }
    sink.text(where, decoder.decode(bytes));
  }
}

/** Reads a whole archive file into `sink`. */
export function readOsvZipInto(file: string, sink: OsvTextSink, onProgress?: ProgressCallback): void {
  const s = statSource(file);
  if (!s.ok) {
    sink.error(s.error);
    return;
  }
  let archive: Buffer;
  try {
    archive = readFileSync(file);
  } catch (err) {
    sink.error(readFailure(file, err));
    return;
  }
  const entries = osvZipEntries(file, archive);
  if (!Array.isArray(entries)) {
    sink.error(entries);
    return;
  }
  const total = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  let done = 0;
  let count = 0;
  readZipTexts(file, archive, entries, sink, (size) => {
    done += size;
    if (onProgress && (done === total || ++count % 1000 === 0)) onProgress(done, total, "bytes");
  });
  onProgress?.(total, total, "bytes");
}

/**
 * Reads the per-ecosystem `all.zip` export of osv.dev (one record per `<ID>.json` entry). The central directory is
 * read once; each entry is inflated by node's zlib, capped at its declared size (a bomb that lies about its size
 * fails) and at MAX_INFLATED_BYTES for the whole archive, and parsed before the next one is inflated.
 */
export function readOsvZip(file: string, onProgress?: ProgressCallback, relevantKeys?: ReadonlySet<string>): FeedResult<OsvFeedRecord> {
  const out = emptyResult<OsvFeedRecord>();
  readOsvZipInto(file, recordsInto(out, relevantKeys), onProgress);
  return out;
}

/** Reads one feed file (a record file, or an archive of them) into `sink`; `listed`: listed in a directory as a regular file. */
export function readOsvFileInto(file: string, sink: OsvTextSink, listed = false): void {
  if (ZIP_FILE.test(file)) {
    readOsvZipInto(file, sink);
    return;
  }
  const text = readMaybeGzipped(file, listed);
  if (text.ok) sink.text(file, text.text);
  else sink.error(text.error);
}

/** The feed files of a directory, in path order. */
export function osvFilesOf(dir: string, onFile?: (count: number) => void): string[] {
  return listFiles(dir, (n) => OSV_FILE.test(n) || ZIP_FILE.test(n), onFile);
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
  const files = s.isDirectory ? osvFilesOf(source) : [source];
  const sink = recordsInto(out, relevantKeys);
  let done = 0;
  for (const f of files) {
    readOsvFileInto(f, sink, s.isDirectory);
    done++;
    if (onProgress && (done === files.length || done % 500 === 0)) onProgress(done, files.length, "files");
  }
  return out;
}
