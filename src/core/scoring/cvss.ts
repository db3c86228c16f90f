import cvssCalculator from "ae-cvss-calculator";

/**
 * CVSS v2.0 / v3.0 / v3.1 / v4.0 vector parsing and scoring.
 * The arithmetic is ae-cvss-calculator's; this module adds the strict vector checks the
 * library leaves out (it silently accepts duplicate, unknown or missing metrics) and never throws.
 */

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator;

export type CvssVersion = "2.0" | "3.0" | "3.1" | "4.0";
export type CvssSeverity = "none" | "low" | "medium" | "high" | "critical";

export interface CvssScore {
  version: CvssVersion;
  /** Canonical vector string (with the `CVSS:x.y/` prefix for v3/v4), only the metrics that were given. */
  vector: string;
  baseScore: number;
  severity: CvssSeverity;
  /**
   * Score including the supplementary metric groups present in the vector
   * (v2/v3: temporal and environmental; v4: threat and environmental). Equals baseScore when none are given.
   */
  overallScore: number;
  overallSeverity: CvssSeverity;
  /** v3 environmental score, when the vector carries environmental metrics. */
  environmentalScore?: number;
}

export type CvssParseResult =
  | { ok: true; score: CvssScore }
  | { ok: false; vector: string; error: string };

const BASE_METRICS: Record<CvssVersion, readonly string[]> = {
  "2.0": ["AV", "AC", "Au", "C", "I", "A"],
  "3.0": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
  "3.1": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
  "4.0": ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"],
};

const PREFIXES: Record<string, CvssVersion> = {
  "CVSS:2.0": "2.0",
  "CVSS:3.0": "3.0",
  "CVSS:3.1": "3.1",
  "CVSS:4.0": "4.0",
};

type AnyVector =
  | InstanceType<typeof Cvss2>
  | InstanceType<typeof Cvss3P0>
  | InstanceType<typeof Cvss3P1>
  | InstanceType<typeof Cvss4P0>;

function newVector(version: CvssVersion): AnyVector {
  switch (version) {
    case "2.0":
      return new Cvss2();
    case "3.0":
      return new Cvss3P0();
    case "3.1":
      return new Cvss3P1();
    case "4.0":
      return new Cvss4P0();
  }
}

/** Qualitative severity rating: FIRST scale for v3/v4, NVD's three-band scale for v2 (it has no critical band). */
export function cvssSeverity(score: number, version: CvssVersion = "3.1"): CvssSeverity {
  if (version === "2.0") {
    if (score >= 7) return "high";
    if (score >= 4) return "medium";
    return "low";
  }
  if (score === 0) return "none";
  if (score < 4) return "low";
  if (score < 7) return "medium";
  if (score < 9) return "high";
  return "critical";
}

export interface ParseCvssOptions {
  /** Version of a vector that lacks its `CVSS:x.y/` prefix (e.g. CycloneDX ratings with method CVSSv31). */
  assumeVersion?: CvssVersion;
}

function fail(vector: string, error: string): CvssParseResult {
  return { ok: false, vector, error };
}

/** Parse and score a CVSS vector. Bad vectors give `{ok:false, error}` naming the offending part. */
export function parseCvss(input: unknown, options: ParseCvssOptions = {}): CvssParseResult {
  if (typeof input !== "string") return fail(String(input), "CVSS vector must be a string");
  let text = input.trim();
  if (text === "") return fail(input, "CVSS vector is empty");
  // NVD writes v2 vectors in parentheses: (AV:N/AC:L/Au:N/C:P/I:P/A:P)
  if (text.startsWith("(") && text.endsWith(")")) text = text.slice(1, -1);

  const parts = text.split("/");
  let version: CvssVersion | undefined;
  if (parts[0].toUpperCase().startsWith("CVSS:")) {
    version = PREFIXES[parts[0].toUpperCase()];
    if (!version) return fail(input, `unsupported CVSS version prefix "${parts[0]}"`);
    parts.shift();
  } else if (options.assumeVersion) {
    version = options.assumeVersion;
  } else if (parts.some((p) => p.startsWith("Au:"))) {
    version = "2.0";
  } else {
    return fail(input, 'CVSS vector has no "CVSS:x.y/" version prefix and is not a v2 vector');
  }

  const vector = newVector(version);
  const seen = new Set<string>();
  for (const part of parts) {
    const match = /^([A-Za-z]+):([A-Za-z0-9]+)$/.exec(part);
    if (!match) return fail(input, `malformed metric "${part}" (expected METRIC:VALUE)`);
    const [, key, value] = match;
    if (seen.has(key)) return fail(input, `metric ${key} appears more than once`);
    seen.add(key);
    if (!vector.findComponent(key)) return fail(input, `unknown metric "${key}" for CVSS ${version}`);
    let applied = false;
    try {
      applied = vector.applyComponentString(key, value);
    } catch {
      applied = false;
    }
    if (!applied) return fail(input, `invalid value "${value}" for metric ${key} in CVSS ${version}`);
  }

  const missing = BASE_METRICS[version].filter((m) => {
    const value = vector.getComponentByStringOpt(m);
    return !seen.has(m) || value === null || value.shortName === "X";
  });
  if (missing.length > 0) return fail(input, `missing base metric(s) ${missing.join(", ")} for CVSS ${version}`);

  try {
    const scores = vector.calculateScores() as unknown as Record<string, number | undefined>;
    const base = version === "4.0" ? (scores.baseMetricsOnly ?? scores.base) : scores.base;
    if (typeof base !== "number" || Number.isNaN(base)) return fail(input, "score could not be computed");
    const overall = typeof scores.overall === "number" ? scores.overall : base;
    const environmental = version === "3.0" || version === "3.1" ? scores.environmental : undefined;
    return {
      ok: true,
      score: {
        version,
        vector: vector.toString(false, undefined, true),
        baseScore: base,
        severity: cvssSeverity(base, version),
        overallScore: overall,
        overallSeverity: cvssSeverity(overall, version),
        ...(typeof environmental === "number" ? { environmentalScore: environmental } : {}),
      },
    };
  } catch (e) {
    return fail(input, `score could not be computed: ${(e as Error).message}`);
  }
}

/** Convenience for callers that already checked the vector; returns null instead of an error. */
export function cvssBaseScore(vector: string, options?: ParseCvssOptions): number | null {
  const result = parseCvss(vector, options);
  return result.ok ? result.score.baseScore : null;
}
