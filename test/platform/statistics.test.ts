import { and, eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scheduleStatistics, STATISTICS_QUEUE, statisticsJob } from "../../src/server/platform/db/statistics";
import { JobQueue } from "../../src/server/platform/jobs/queue";
import { jobs } from "../../src/server/platform/jobs/schema";
import { backends, createTestDatabase, type TestDatabase } from "../support/db";

const DAY = 86_400_000;

describe.each(await backends())("planner statistics on %s", (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => database?.drop());

  const statisticsRows = async () => {
    const r = await database.db.execute(sql`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'jobs'`);
    return Number((r as unknown as { rows: Array<{ n: number }> }).rows[0].n);
  };
  const queued = () => database.db.select().from(jobs).where(and(eq(jobs.queue, STATISTICS_QUEUE), eq(jobs.status, "queued")));

  test(backend === "embedded" ? "are refreshed at start-up, then once a day" : "are left to autovacuum", async () => {
    const queue = new JobQueue(database.db, pino({ level: "silent" }));
    queue.register(STATISTICS_QUEUE, statisticsJob(queue, database));
    const now = new Date();
    await scheduleStatistics(database, queue, now);
    await scheduleStatistics(database, queue, now);
    if (backend === "postgres") {
      expect(await queued()).toHaveLength(0);
      return;
    }
    expect(await queued()).toHaveLength(1);
    expect(await statisticsRows()).toBe(0);
    expect(await queue.runOnce()).toBe(true);
    // ANALYZE ran (the jobs table holds rows now, so it has column statistics) and the next run is a day later.
    expect(await statisticsRows()).toBeGreaterThan(0);
    const [next] = await queued();
    expect(next.runAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + DAY - 60_000);
  });
});
