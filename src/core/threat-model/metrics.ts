/**
 * Lifecycle metrics of a device's secure maintenance, from records Vigil holds (FDA premarket cybersecurity guidance
 * asks for such metrics; the definitions here are Vigil's):
 * - share remediated within deadline: of the findings whose deadline falls in the period, those remediated on or
 *   before their deadline day;
 * - median time to patch: days from a finding's first detection to its remediation, over findings remediated in the period;
 * - median time to reach the installed base: days from a release to the installation records that run it, weighted
 *   by units, over releases of the period.
 */

export type FindingFacts = { firstSeenAt: string; dueAt: string | null; remediatedAt: string | null };
export type ReleaseFacts = { releaseDate: string | null; installations: Array<{ since: string | null; units: number }> };

export type PeriodMetrics = {
  period: string;
  findingsDue: number;
  remediatedOnTime: number;
  shareOnTime: number | null;
  remediated: number;
  medianDaysToPatch: number | null;
  releases: number;
  unitsUpdated: number;
  medianDaysToInstalledBase: number | null;
};

const DAY = 86_400_000;

/** Calendar quarter of an ISO date or timestamp, e.g. "2026-Q3". */
export function quarterOf(iso: string): string {
  const year = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

const dayStart = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
const daysBetween = (from: string, to: string) => Math.round((dayStart(to) - dayStart(from)) / DAY);

/** Median of values each counted `weight` times; the mean of the two middle values for an even total. */
export function weightedMedian(values: Array<{ value: number; weight: number }>): number | null {
  const sorted = values.filter((v) => v.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((n, v) => n + v.weight, 0);
  if (total === 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.weight;
      if (k < seen) return v.value;
    }
    return sorted[sorted.length - 1].value;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export function lifecycleMetrics(findings: FindingFacts[], releases: ReleaseFacts[]): PeriodMetrics[] {
  const periods = new Map<string, { due: number; onTime: number; patchDays: number[]; releases: number; units: Array<{ value: number; weight: number }> }>();
  const bucket = (p: string) => {
    const found = periods.get(p);
    if (found) return found;
    const b = { due: 0, onTime: 0, patchDays: [] as number[], releases: 0, units: [] as Array<{ value: number; weight: number }> };
    periods.set(p, b);
    return b;
  };
  for (const f of findings) {
    if (f.dueAt) {
      const b = bucket(quarterOf(f.dueAt));
      b.due += 1;
      if (f.remediatedAt && f.remediatedAt.slice(0, 10) <= f.dueAt) b.onTime += 1;
    }
    if (f.remediatedAt) bucket(quarterOf(f.remediatedAt)).patchDays.push(Math.max(0, daysBetween(f.firstSeenAt, f.remediatedAt)));
  }
  for (const r of releases) {
    if (!r.releaseDate) continue;
    const b = bucket(quarterOf(r.releaseDate));
    b.releases += 1;
    for (const i of r.installations) {
      // An installation dated before the release contradicts it; it says nothing about how fast the release spread.
      if (i.since && i.since >= r.releaseDate) b.units.push({ value: daysBetween(r.releaseDate, i.since), weight: i.units });
    }
  }
  return [...periods.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, b]) => ({
      period,
      findingsDue: b.due,
      remediatedOnTime: b.onTime,
      shareOnTime: b.due ? b.onTime / b.due : null,
      remediated: b.patchDays.length,
      medianDaysToPatch: weightedMedian(b.patchDays.map((value) => ({ value, weight: 1 }))),
      releases: b.releases,
      unitsUpdated: b.units.reduce((n, u) => n + u.weight, 0),
      medianDaysToInstalledBase: weightedMedian(b.units),
    }));
}
