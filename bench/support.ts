import { performance } from "node:perf_hooks";

export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Best of `n` runs, to keep one-off pauses (GC, JIT) out of a ratio. */
export async function bestOf<T>(n: number, fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  let best: { ms: number; value: T } | null = null;
  for (let i = 0; i < n; i++) {
    const r = await timed(fn);
    if (!best || r.ms < best.ms) best = r;
  }
  return best!;
}

export function table(rows: Array<Record<string, string | number>>): void {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i])).join("  ");
  process.stdout.write(`${line(cols)}\n${line(width.map((w) => "-".repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(cols.map((c) => String(r[c])))}\n`);
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** mulberry32: a small seeded PRNG, so that every run generates the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Power-law pick of an index below `n`: low indices (popular items) come up far more often. */
export function skewedIndex(random: () => number, n: number, exponent = 1.5): number {
  return Math.min(n - 1, Math.floor(n * random() ** exponent));
}

/** Nearest-rank percentile of already sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The rows of issue 18's table, gathered from every benchmark of the run and printed together at its end. */
const summaryRows: Array<{ what: string; measured: string; goal: string }> = [];

export function summarise(what: string, measured: string, goal: string): void {
  summaryRows.push({ what, measured, goal });
}

export function printSummary(): void {
  if (summaryRows.length === 0) return;
  process.stdout.write("\n== summary: every figure of the run against its goal ==\n");
  table(summaryRows);
}
