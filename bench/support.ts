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
