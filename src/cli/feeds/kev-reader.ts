import { emptyResult, type FeedResult, type KevEntry, parseKevCsv, parseKevJson } from "../../core/feeds";
import { readMaybeGzipped } from "./files";

/** The KEV catalog from a `.json` or `.csv` file (content decides when the extension does not). */
export async function readKev(file: string): Promise<FeedResult<KevEntry>> {
  const text = await readMaybeGzipped(file);
  if (!text.ok) return { ...emptyResult<KevEntry>(), errors: [text.error] };
  const looksJson = /\.json$/i.test(file) || /^\s*[{[]/.test(text.text.slice(0, 64));
  if (looksJson) {
    const { catalog: _catalog, ...result } = parseKevJson(file, text.text);
    return result;
  }
  return parseKevCsv(file, text.text);
}
