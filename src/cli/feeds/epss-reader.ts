import { emptyResult, type EpssScore, type FeedResult, parseEpssCsv } from "../../core/feeds";
import type { EpssMeta } from "../../core/feeds";
import { readMaybeGzipped } from "./files";

/** EPSS scores from `epss_scores-YYYY-MM-DD.csv` or its `.csv.gz` form. */
export async function readEpss(file: string): Promise<FeedResult<EpssScore> & { meta: EpssMeta }> {
  const text = await readMaybeGzipped(file);
  if (!text.ok) return { ...emptyResult<EpssScore>(), errors: [text.error], meta: { modelVersion: null, scoreDate: null } };
  return parseEpssCsv(file, text.text);
}
