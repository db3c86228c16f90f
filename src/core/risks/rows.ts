import type { RiskMatrix } from "./matrix";
import { checkRisk, rateRisk } from "./rules";
import { ASSET_TYPES, type AssetType, HARM_SEVERITIES, type HarmSeverity, LIFECYCLE_PHASES, type LifecyclePhase, RISK_STATUSES, type RiskStatus, TREATMENTS, type Treatment } from "./types";

/** Columns of a risk register file (CSV or XLSX), in export order. Computed columns are ignored on import. */
export const RISK_COLUMNS = [
  "reference",
  "title",
  "description",
  "asset",
  "asset_type",
  "phase",
  "threat",
  "vulnerability",
  "confidentiality",
  "integrity",
  "availability",
  "patient_safety",
  "inherent_likelihood",
  "inherent_impact",
  "residual_likelihood",
  "residual_impact",
  "residual_justification",
  "treatment",
  "treatment_plan",
  "owner",
  "device_model",
  "status",
  "review_date",
] as const;
export const COMPUTED_COLUMNS = ["inherent_score", "inherent_level", "residual_score", "residual_level"] as const;
const REQUIRED_COLUMNS = ["title", "asset", "phase", "inherent_likelihood", "inherent_impact"] as const;

export type RowProblem = { line: number; column: string; reason: string };

export type ImportedRisk = {
  reference: string | null;
  title: string;
  description: string;
  asset: string;
  assetType: AssetType;
  phase: LifecyclePhase;
  threat: string;
  vulnerability: string;
  cia: { confidentiality: boolean; integrity: boolean; availability: boolean };
  patientSafety: HarmSeverity | null;
  inherentLikelihood: number;
  inherentImpact: number;
  residualLikelihood: number | null;
  residualImpact: number | null;
  residualJustification: string | null;
  treatment: Treatment | null;
  treatmentPlan: string;
  owner: string | null;
  /** Model number or name of a device model, resolved by the caller. */
  deviceModel: string | null;
  status: RiskStatus;
  reviewDate: string | null;
};

/** Problems with the header row: unknown columns and missing required ones. */
export function checkHeader(header: string[]): RowProblem[] {
  const known = new Set<string>([...RISK_COLUMNS, ...COMPUTED_COLUMNS]);
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  header.forEach((h) => {
    if (!known.has(h)) problems.push({ line: 1, column: h || "(empty)", reason: `unknown column; expected some of: ${RISK_COLUMNS.join(", ")}` });
    if (seen.has(h)) problems.push({ line: 1, column: h, reason: "column appears twice" });
    seen.add(h);
  });
  for (const c of REQUIRED_COLUMNS) if (!seen.has(c)) problems.push({ line: 1, column: c, reason: "required column is missing" });
  return problems;
}

const phaseAliases: Record<string, LifecyclePhase> = {
  "design & development": "design_development",
  "design and development": "design_development",
  design: "design_development",
  "post-market": "post_market",
  postmarket: "post_market",
};

function pick<T extends string>(value: string, allowed: readonly T[], aliases: Record<string, T> = {}): T | undefined {
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  const underscored = v.replace(/[\s-]+/g, "_");
  if ((allowed as readonly string[]).includes(underscored)) return underscored as T;
  return aliases[v];
}

/**
 * Parses one data row (cells by column name) into a risk, collecting every problem with its line and column.
 * `line` is the 1-based line (CSV) or row number (XLSX) as the user sees it.
 */
export function parseRiskRow(cells: Record<string, string>, line: number, matrix: RiskMatrix): { risk: ImportedRisk | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  // An exported cell that looked like a formula carries a leading apostrophe (see csvField); it is not part of the value.
  const get = (c: string) => (cells[c] ?? "").trim().replace(/^'(?=[=+\-@])/, "");
  const bad = (column: string, reason: string) => problems.push({ line, column, reason });
  const text = (c: string, max: number, required = false) => {
    const v = get(c);
    if (required && v === "") bad(c, "required");
    if (v.length > max) bad(c, `at most ${max} characters`);
    return v;
  };
  const level = (c: string, n: number, required: boolean): number | null => {
    const v = get(c);
    if (v === "") {
      if (required) bad(c, "required");
      return null;
    }
    const num = Number(v);
    if (!Number.isInteger(num) || num < 1 || num > n) {
      bad(c, `must be a whole number 1…${n}, got "${v}"`);
      return null;
    }
    return num;
  };
  const yesNo = (c: string): boolean => {
    const v = get(c).toLowerCase();
    if (["", "no", "n", "false", "0"].includes(v)) return false;
    if (["yes", "y", "true", "1", "x"].includes(v)) return true;
    bad(c, `must be yes or no, got "${get(c)}"`);
    return false;
  };
  const oneOf = <T extends string>(c: string, allowed: readonly T[], aliases?: Record<string, T>): T | null => {
    const v = get(c);
    if (v === "") return null;
    const p = pick(v, allowed, aliases);
    if (!p) bad(c, `must be one of ${allowed.join(", ")}, got "${v}"`);
    return p ?? null;
  };

  const title = text("title", 300, true);
  const asset = text("asset", 300, true);
  const phase = oneOf("phase", LIFECYCLE_PHASES, phaseAliases);
  if (get("phase") === "") bad("phase", "required");
  const assetType = oneOf("asset_type", ASSET_TYPES) ?? "other";
  const patientSafety = get("patient_safety").toLowerCase() === "none" ? null : oneOf("patient_safety", HARM_SEVERITIES);
  const inherentLikelihood = level("inherent_likelihood", matrix.likelihood.length, true);
  const inherentImpact = level("inherent_impact", matrix.impact.length, true);
  const residualLikelihood = level("residual_likelihood", matrix.likelihood.length, false);
  const residualImpact = level("residual_impact", matrix.impact.length, false);
  const treatment = oneOf("treatment", TREATMENTS);
  const status = oneOf("status", RISK_STATUSES) ?? "open";
  const reviewDate = get("review_date") || null;
  if (reviewDate !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(reviewDate) || Number.isNaN(Date.parse(`${reviewDate}T00:00:00Z`)))) {
    bad("review_date", `must be a date YYYY-MM-DD, got "${reviewDate}"`);
  }
  const cia = { confidentiality: yesNo("confidentiality"), integrity: yesNo("integrity"), availability: yesNo("availability") };
  const risk: ImportedRisk = {
    reference: get("reference") || null,
    title,
    description: text("description", 20_000),
    asset,
    assetType,
    phase: phase ?? "design_development",
    threat: text("threat", 2000),
    vulnerability: text("vulnerability", 2000),
    cia,
    patientSafety,
    inherentLikelihood: inherentLikelihood ?? 1,
    inherentImpact: inherentImpact ?? 1,
    residualLikelihood,
    residualImpact,
    residualJustification: get("residual_justification") || null,
    treatment,
    treatmentPlan: text("treatment_plan", 20_000),
    owner: get("owner") || null,
    deviceModel: get("device_model") || null,
    status,
    reviewDate,
  };
  if (problems.length === 0) {
    for (const e of checkRisk(matrix, risk).errors) bad(columnOf(e.path), e.message);
  }
  return { risk: problems.length === 0 ? risk : null, problems };
}

const fieldColumns: Record<string, string> = {
  inherentLikelihood: "inherent_likelihood",
  inherentImpact: "inherent_impact",
  residualLikelihood: "residual_likelihood",
  residualImpact: "residual_impact",
  residualJustification: "residual_justification",
  treatment: "treatment",
  cia: "confidentiality",
};
const columnOf = (path: string) => fieldColumns[path] ?? path;

/** One risk as a row of text cells for export (computed columns included). */
export function riskToRow(
  matrix: RiskMatrix,
  r: Omit<ImportedRisk, "reference" | "deviceModel"> & { reference: string; deviceModel: string | null },
): Record<string, string> {
  const rating = rateRisk(matrix, r);
  const yn = (b: boolean) => (b ? "yes" : "no");
  const num = (n: number | null) => (n === null ? "" : String(n));
  return {
    reference: r.reference,
    title: r.title,
    description: r.description,
    asset: r.asset,
    asset_type: r.assetType,
    phase: r.phase,
    threat: r.threat,
    vulnerability: r.vulnerability,
    confidentiality: yn(r.cia.confidentiality),
    integrity: yn(r.cia.integrity),
    availability: yn(r.cia.availability),
    patient_safety: r.patientSafety ?? "",
    inherent_likelihood: String(r.inherentLikelihood),
    inherent_impact: String(r.inherentImpact),
    residual_likelihood: num(r.residualLikelihood),
    residual_impact: num(r.residualImpact),
    residual_justification: r.residualJustification ?? "",
    treatment: r.treatment ?? "",
    treatment_plan: r.treatmentPlan,
    owner: r.owner ?? "",
    device_model: r.deviceModel ?? "",
    status: r.status,
    review_date: r.reviewDate ?? "",
    inherent_score: String(rating.inherent.score),
    inherent_level: rating.inherent.level,
    residual_score: rating.residual ? String(rating.residual.score) : "",
    residual_level: rating.residual?.level ?? "",
  };
}
