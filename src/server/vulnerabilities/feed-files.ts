import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  type Cve5Record,
  type EpssScore,
  type FeedIssue,
  type KevEntry,
  type OsvFeedRecord,
  parseCve5Json,
  parseEpssCsv,
  parseKevCsv,
  parseKevJson,
  parseOsvText,
} from "../../core/feeds";
import { gunzipBounded, type InflateLimits, InflateLimitError, unzipBounded } from "../platform/bounded-inflate";
import type { ImportedFile } from "./schema";

/** A file handed to the import: uploaded bytes, or read from disk by the CLI. */
export type FeedFile = { name: string; content: Uint8Array };

export type FeedKind = "osv" | "osv-zip" | "cve5" | "kev" | "epss";

export interface ParsedFeeds {
  osv: OsvFeedRecord[];
  cve: Cve5Record[];
  kev: KevEntry[];
  epss: EpssScore[];
  epssDate: string | null;
  files: ImportedFile[];
  warnings: FeedIssue[];
  errors: FeedIssue[];
}

/** A file (or several) that cannot be imported; `issues` name file, path and reason. Nothing was written. */
export class InvalidFeedError extends Error {
  constructor(readonly issues: FeedIssue[]) {
    const first = issues[0];
    super(
      `${issues.length} problem${issues.length === 1 ? "" : "s"} in the vulnerability data, nothing imported; first: ${first ? `${first.file}: ${first.path}: ${first.reason}` : "unknown"}`,
    );
    this.name = "InvalidFeedError";
  }
}

const FEED_NAME = /\.(json|ya?ml|zip|csv|gz)$/i;
const decoder = new TextDecoder("utf-8");

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}
function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** Decides what a text file is from its name and first bytes. */
export function kindOfText(name: string, text: string): Exclude<FeedKind, "osv-zip"> {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, "");
  const plainName = name.replace(/\.gz$/i, "");
  if (/\.csv$/i.test(plainName) || !/^\s*[{[]/.test(head)) {
    if (/\.ya?ml$/i.test(plainName)) return "osv";
    const firstLines = head.split(/\r?\n/, 3).join("\n").toLowerCase();
    return /(^|\n)#?\s*model_version|(^|\n)cve,epss/.test(firstLines) ? "epss" : "kev";
  }
  if (/"catalogVersion"\s*:/.test(head) || (/"vulnerabilities"\s*:/.test(head) && /"cveID"/.test(text.slice(0, 65536)))) return "kev";
  if (/"dataType"\s*:\s*"CVE_RECORD"/.test(head) || /"cveMetadata"\s*:/.test(head)) return "cve5";
  return "osv";
}

/** Feeds are tens of MB once inflated (an ecosystem's all.zip a few hundred); a bomb inflates to gigabytes. */
export const FEED_INFLATE_LIMITS: InflateLimits = { maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };

/** A decompression bomb stops the whole import at once, with the file and the limit it passed. */
function refused(out: ParsedFeeds, err: InflateLimitError): ParsedFeeds {
  out.errors.push({ file: err.fileName, path: "(file)", reason: err.message.slice(err.fileName.length + 2) });
  return out;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * Parses every file with the feed parsers of the core (OSV single records, arrays, `{vulns}` bundles, YAML,
 * the osv.dev `all.zip` layout; CVE JSON 5; KEV JSON or CSV; EPSS CSV; any of them gzip-compressed).
 * Bad records are errors: the caller refuses the whole import when there is any.
 */
export function parseFeedFiles(files: readonly FeedFile[], limits: InflateLimits = FEED_INFLATE_LIMITS): ParsedFeeds {
  const out: ParsedFeeds = { osv: [], cve: [], kev: [], epss: [], epssDate: null, files: [], warnings: [], errors: [] };
  let inflated = 0;
  const budget = () => ({ maxEntryBytes: limits.maxEntryBytes, maxTotalBytes: limits.maxTotalBytes - inflated });
  for (const file of files) {
    let bytes = file.content;
    const digest = sha256(bytes);
    if (isGzip(bytes)) {
      try {
        bytes = gunzipBounded(file.name, bytes, budget().maxTotalBytes);
        inflated += bytes.length;
      } catch (err) {
        if (err instanceof InflateLimitError) return refused(out, err);
        out.errors.push({ file: file.name, path: "(file)", reason: `not a valid gzip file: ${(err as Error).message}` });
        continue;
      }
    }
    if (isZip(bytes) || /\.zip$/i.test(file.name)) {
      let entries: Array<{ name: string; data: Buffer }>;
      try {
        entries = unzipBounded(file.name, bytes, budget(), (name) => /\.(json|ya?ml)$/i.test(name));
        inflated += entries.reduce((sum, e) => sum + e.data.length, 0);
      } catch (err) {
        if (err instanceof InflateLimitError) return refused(out, err);
        out.errors.push({ file: file.name, path: "(archive)", reason: `not a readable zip archive: ${(err as Error).message}` });
        continue;
      }
      let records = 0;
      for (const { name, data } of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const r = parseOsvText(`${file.name}!${name}`, decoder.decode(data));
        records += r.records.length;
        out.osv.push(...r.records);
        out.warnings.push(...r.warnings);
        out.errors.push(...r.errors);
      }
      out.files.push({ name: file.name, kind: "osv-zip", records, sha256: digest });
      continue;
    }
    const text = decoder.decode(bytes);
    const kind = kindOfText(file.name, text);
    const plainName = file.name.replace(/\.gz$/i, "");
    let records = 0;
    if (kind === "osv") {
      const r = parseOsvText(plainName, text);
      records = r.records.length;
      out.osv.push(...r.records);
      out.warnings.push(...r.warnings);
      out.errors.push(...r.errors);
    } else if (kind === "cve5") {
      const r = parseCve5Json(file.name, text);
      records = r.records.length;
      out.cve.push(...r.records);
      out.warnings.push(...r.warnings);
      out.errors.push(...r.errors);
    } else if (kind === "kev") {
      const r = /^\s*[{[]/.test(text.slice(0, 64).replace(/^\uFEFF/, "")) ? parseKevJson(file.name, text) : parseKevCsv(file.name, text);
      records = r.records.length;
      out.kev.push(...r.records);
      out.warnings.push(...r.warnings);
      out.errors.push(...r.errors);
    } else {
      const r = parseEpssCsv(file.name, text);
      records = r.records.length;
      out.epss.push(...r.records);
      out.epssDate ??= r.meta.scoreDate;
      out.warnings.push(...r.warnings);
      out.errors.push(...r.errors);
    }
    if (records === 0 && !out.errors.some((e) => e.file.startsWith(file.name) || e.file.startsWith(plainName))) {
      out.errors.push({ file: file.name, path: "(document)", reason: `no ${kind.toUpperCase()} records found` });
    }
    out.files.push({ name: file.name, kind, records, sha256: digest });
  }
  return out;
}

/** Reads paths from disk (directories recursively, feed files only) for the CLI and the sync command. */
export async function readFeedPaths(paths: readonly string[]): Promise<FeedFile[]> {
  const files: FeedFile[] = [];
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InvalidFeedError([{ file: p, path: "(file)", reason: `cannot read: ${code === "ENOENT" ? "no such file or directory" : (code ?? String(err))}` }]);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(p)).sort();
      for (const e of entries) if (!e.startsWith(".")) await walk(path.join(p, e), false);
      return;
    }
    // Inside a directory, a CSV is a feed only when its name says so (OSV trees carry index.csv files).
    if (!explicit && (!FEED_NAME.test(p) || (/\.csv(\.gz)?$/i.test(p) && !/known_exploited|kev|epss/i.test(path.basename(p))))) return;
    files.push({ name: p, content: await readFile(p) });
  };
  for (const p of paths) await walk(p, true);
  return files;
}
