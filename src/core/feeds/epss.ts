import { parseCsv } from "./csv";
import { emptyResult, type FeedResult } from "./types";

/** One row of the FIRST EPSS daily scores. */
export interface EpssScore {
  readonly cve: string;
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  readonly epss: number;
  /** Percentile among all scored CVEs, 0–1. */
  readonly percentile: number;
}

export interface EpssMeta {
  /** From the `#model_version:v2025.03.14,score_date:2025-08-25T12:55:00+0000` line, when present. */
  readonly modelVersion: string | null;
  readonly scoreDate: string | null;
}

function probability(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

function meta(comments: string[]): EpssMeta {
  const fields = new Map<string, string>();
  for (const c of comments) {
    for (const part of c.replace(/^#/, "").split(",")) {
      const i = part.indexOf(":");
      if (i > 0) fields.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
    }
  }
  return { modelVersion: fields.get("model_version") ?? null, scoreDate: fields.get("score_date") ?? null };
}

/** EPSS scores CSV (`cve,epss,percentile`), with or without the leading `#model_version…` comment line. */
export function parseEpssCsv(file: string, content: string): FeedResult<EpssScore> & { meta: EpssMeta } {
  const out = emptyResult<EpssScore>();
  const csv = parseCsv(file, content);
  if (!csv.ok) return { ...out, errors: [csv.error], meta: { modelVersion: null, scoreDate: null } };
  const info = meta(csv.comments);
  const missing = ["cve", "epss", "percentile"].filter((c) => !csv.table.columns.includes(c));
  if (missing.length > 0) {
    const line = csv.comments.length + 1;
    out.errors.push({ file, path: `line ${line}`, reason: `not an EPSS CSV: missing column(s) ${missing.join(", ")}` });
    return { ...out, meta: info };
  }
  for (const { line, values } of csv.table.rows) {
    const cve = values.cve?.trim() ?? "";
    if (!/^CVE-\d{4}-\d{4,}$/.test(cve)) {
      out.errors.push({ file, path: `line ${line}, column cve`, reason: `"${cve}" is not a CVE id` });
      continue;
    }
    const epss = probability(values.epss);
    const percentile = probability(values.percentile);
    if (epss === undefined) {
      out.errors.push({ file, path: `line ${line}, column epss`, reason: `"${values.epss}" is not a probability in [0, 1]` });
      continue;
    }
    if (percentile === undefined) {
      out.errors.push({ file, path: `line ${line}, column percentile`, reason: `"${values.percentile}" is not a percentile in [0, 1]` });
      continue;
    }
    out.records.push({ cve, epss, percentile });
  }
  return { ...out, meta: info };
}
