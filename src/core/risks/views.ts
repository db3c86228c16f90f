import type { RiskMatrix } from "./matrix";
import type { ActionStatus } from "./types";

/** Calendar dates are ISO strings (YYYY-MM-DD), which compare correctly as text. */
export type IsoDate = string;

export type ActionDue = { status: ActionStatus; dueDate: IsoDate | null };

/** An action is overdue when it is still open and its due date has passed. */
export function isActionOverdue(a: ActionDue, today: IsoDate): boolean {
  return (a.status === "planned" || a.status === "in_progress") && a.dueDate !== null && a.dueDate < today;
}

/** A review is overdue the day after its date; a closed risk needs no review. */
export function isReviewOverdue(r: { reviewDate: IsoDate | null; status: string }, today: IsoDate): boolean {
  return r.status !== "closed" && r.reviewDate !== null && r.reviewDate < today;
}

export function daysOverdue(due: IsoDate, today: IsoDate): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000));
}

/** The next review date after a review on `reviewed`, by level: riskier risks come back sooner. */
export function nextReviewDate(reviewed: IsoDate, months: number): IsoDate {
  const d = new Date(`${reviewed}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

export type Rated = { inherentLikelihood: number; inherentImpact: number; residualLikelihood: number | null; residualImpact: number | null };

/**
 * Counts per cell: `inherent[l-1][i-1]` is the number of risks rated likelihood l and impact i before treatment;
 * `residual` the same after treatment for the risks whose residual risk is rated.
 */
export type HeatMap = { inherent: number[][]; residual: number[][]; residualNotRated: number; total: number };

export function heatMap(matrix: RiskMatrix, risks: Rated[]): HeatMap {
  const grid = () => matrix.likelihood.map(() => matrix.impact.map(() => 0));
  const inherent = grid();
  const residual = grid();
  let residualNotRated = 0;
  const inside = (l: number, i: number) => l >= 1 && l <= matrix.likelihood.length && i >= 1 && i <= matrix.impact.length;
  let total = 0;
  for (const r of risks) {
    // A risk rated on an earlier, larger matrix falls outside: it is counted nowhere rather than in a wrong cell.
    if (!inside(r.inherentLikelihood, r.inherentImpact)) continue;
    total += 1;
    inherent[r.inherentLikelihood - 1][r.inherentImpact - 1] += 1;
    if (r.residualLikelihood !== null && r.residualImpact !== null && inside(r.residualLikelihood, r.residualImpact)) {
      residual[r.residualLikelihood - 1][r.residualImpact - 1] += 1;
    } else residualNotRated += 1;
  }
  return { inherent, residual, residualNotRated, total };
}

/** Which risks a heat-map cell lists: the same test the list filter applies. */
export function inCell(r: Rated, view: "inherent" | "residual", likelihood: number, impact: number): boolean {
  return view === "inherent"
    ? r.inherentLikelihood === likelihood && r.inherentImpact === impact
    : r.residualLikelihood === likelihood && r.residualImpact === impact;
}

/** Counts of items by key, every key of `keys` present (zero when none). */
export function countBy<T, K extends string>(items: T[], keys: readonly K[], keyOf: (t: T) => K | null): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const t of items) {
    const k = keyOf(t);
    if (k !== null && k in out) out[k] += 1;
  }
  return out;
}
