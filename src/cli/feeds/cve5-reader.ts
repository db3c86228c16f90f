import { stat } from "node:fs/promises";
import { type Cve5Record, emptyResult, type FeedResult, mergeInto, parseCve5Json } from "../../core/feeds";
import { listFiles, readFailure, readMaybeGzipped } from "./files";

/** CVE JSON 5 records from one file or, recursively, a directory such as a cvelistV5 checkout. */
export async function readCve5Source(source: string): Promise<FeedResult<Cve5Record>> {
  const out = emptyResult<Cve5Record>();
  let isDir: boolean;
  try {
    isDir = (await stat(source)).isDirectory();
  } catch (err) {
    out.errors.push(readFailure(source, err));
    return out;
  }
  const files = isDir ? await listFiles(source, (n) => /^CVE-.*\.json$/i.test(n)) : [{ path: source, size: 0 }];
  for (const f of files) {
    const text = await readMaybeGzipped(f.path);
    if (!text.ok) out.errors.push(text.error);
    else mergeInto(out, parseCve5Json(f.path, text.text));
  }
  return out;
}
