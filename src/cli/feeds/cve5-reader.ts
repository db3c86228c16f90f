import { type Cve5Record, emptyResult, type FeedResult, mergeInto, parseCve5Json } from "../../core/feeds";
import { listFiles, type ProgressCallback, readMaybeGzipped, statSource } from "./files";

/** CVE JSON 5 records from one file or, recursively, a directory such as a cvelistV5 checkout. */
export async function readCve5Source(source: string, onProgress?: ProgressCallback): Promise<FeedResult<Cve5Record>> {
  const out = emptyResult<Cve5Record>();
  const s = statSource(source);
  if (!s.ok) {
    out.errors.push(s.error);
    return out;
  }
  const files = s.isDirectory ? listFiles(source, (n) => /^CVE-.*\.json$/i.test(n)) : [source];
  let done = 0;
  for (const f of files) {
    const text = readMaybeGzipped(f, s.isDirectory);
    if (!text.ok) out.errors.push(text.error);
    else mergeInto(out, parseCve5Json(f, text.text));
    done++;
    if (onProgress && (done === files.length || done % 500 === 0)) onProgress(done, files.length, "files");
  }
  return out;
}
