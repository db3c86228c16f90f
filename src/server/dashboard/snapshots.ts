import { and, asc, eq, gte, isNotNull, lte } from "drizzle-orm";
import { meanDaysToRemediate, type TrendMetric, trendSeries } from "../../core/dashboard";
import { audited, systemActor } from "../audit/store";
import { jobs } from "../platform/jobs/schema";
import type { Db, DbOrTx } from "../platform/db/client";
import type { JobQueue } from "../platform/jobs/queue";
import { findings } from "../vulnerabilities/schema";
import { metricSnapshots } from "./schema";
import { buildDashboard, type DashboardContext } from "./store";

export const SNAPSHOT_QUEUE = "dashboard.snapshot";
const DAY = 86_400_000;

/** Today's value of every trend metric; a metric whose register cannot be read is left out rather than recorded as 0. */
export async function currentMetrics(ctx: DashboardContext): Promise<Partial<Record<TrendMetric, number>>> {
  const d = await buildDashboard(ctx);
  const out: Partial<Record<TrendMetric, number>> = {};
  if (d.vulnerabilities.available) {
    out.open_critical_findings = d.vulnerabilities.byPriority.find((p) => p.priority === "critical")?.count ?? 0;
    out.open_kev_findings = d.vulnerabilities.kev.count;
    out.overdue_findings = d.vulnerabilities.overdue.count;
  }
  if (d.obligations.available) out.overdue_obligations = d.obligations.overdue;
  if (d.nis2.available && d.nis2.percent !== null) out.nis2_coverage_percent = d.nis2.percent;
  if (d.iso27001.available && d.iso27001.percent !== null) out.iso27001_coverage_percent = d.iso27001.percent;
  if (d.incidents.available) out.open_incidents = d.incidents.open;
  const since = new Date(ctx.now.getTime() - 90 * DAY);
  const resolved = await ctx.db
    .select({ firstSeenAt: findings.firstSeenAt, resolvedAt: findings.resolvedAt })
    .from(findings)
    .where(and(isNotNull(findings.resolvedAt), gte(findings.resolvedAt, since), lte(findings.resolvedAt, ctx.now)));
  const mttr = meanDaysToRemediate(resolved.map((r) => ({ firstSeenAt: r.firstSeenAt, resolvedAt: r.resolvedAt! })));
  if (mttr !== null) out.mean_days_to_remediate = mttr;
  return out;
}

/** Records today's metrics (replacing a snapshot already taken today), audited as the system. */
export async function takeSnapshot(db: Db, ctx: Omit<DashboardContext, "db">): Promise<{ day: string; metrics: Partial<Record<TrendMetric, number>> }> {
  const day = ctx.now.toISOString().slice(0, 10);
  const metrics = await currentMetrics({ ...ctx, db });
  await audited(db, systemActor, async (tx) => {
    await tx.delete(metricSnapshots).where(eq(metricSnapshots.day, day));
    const rows = Object.entries(metrics).map(([metric, value]) => ({ day, metric, value, createdAt: ctx.now }));
    if (rows.length > 0) await tx.insert(metricSnapshots).values(rows);
    return { result: null, changes: [{ action: "snapshot", entityType: "metric_snapshots", entityId: day, after: metrics }] };
  });
  return { day, metrics };
}

export async function readTrends(db: DbOrTx, from: string, to: string) {
  const rows = await db
    .select({ day: metricSnapshots.day, metric: metricSnapshots.metric, value: metricSnapshots.value })
    .from(metricSnapshots)
    .where(and(gte(metricSnapshots.day, from), lte(metricSnapshots.day, to)))
    .orderBy(asc(metricSnapshots.day));
  return trendSeries(rows);
}

/** Queues the next snapshot unless one is already queued within a day of `at`. */
export async function scheduleSnapshot(db: Db, queue: JobQueue, at: Date): Promise<void> {
  const [queued] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.queue, SNAPSHOT_QUEUE), eq(jobs.status, "queued"), lte(jobs.runAt, new Date(at.getTime() + DAY))))
    .limit(1);
  if (!queued) await queue.enqueue(SNAPSHOT_QUEUE, {}, { runAt: at });
}

/** The job handler: snapshots at the queue's time and queues itself for a day later. */
export function snapshotJob(queue: JobQueue, db: Db, ctx: () => Promise<Omit<DashboardContext, "db" | "now">>) {
  return async (job: { id: string }) => {
    const now = (await queue.get(job.id))?.updatedAt ?? new Date();
    const result = await takeSnapshot(db, { ...(await ctx()), now });
    await queue.enqueue(SNAPSHOT_QUEUE, {}, { runAt: new Date(now.getTime() + DAY) });
    return result;
  };
}
