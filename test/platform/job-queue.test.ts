import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jobs } from "../../src/server/platform/jobs/schema";
import { JobQueue } from "../../src/server/platform/jobs/queue";
import { backends, createTestDatabase, type TestDatabase } from "../support/db";

const silent = pino({ level: "silent" });

describe.each(await backends())("database job queue on %s", (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => database?.drop());

  test("several workers share the queue and run every job exactly once", async () => {
    const runs = new Map<number, number>();
    const workers = [0, 1, 2].map(() => {
      const q = new JobQueue(database.db, silent);
      q.register("test.count", async (job) => {
        const n = (job.payload as { n: number }).n;
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
        return { n };
      });
      return q;
    });
    for (let n = 0; n < 40; n++) await workers[0].enqueue("test.count", { n });
    await Promise.all(
      workers.map(async (w) => {
        while (await w.runOnce()) {}
      }),
    );
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((c) => c === 1)).toBe(true);
    const [{ done }] = await database.db.select({ done: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.status, "done"));
    expect(Number(done)).toBe(40);
  });

  test("a failing job is retried, then marked failed with its reason", async () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const q = new JobQueue(database.db, silent, { now: () => now });
    let attempts = 0;
    q.register("test.fail", async () => {
      attempts++;
      throw new Error("upstream file is corrupt");
    });
    const id = await q.enqueue("test.fail", {}, { maxAttempts: 2 });
    expect(await q.runOnce()).toBe(true);
    expect((await q.get(id))!.status).toBe("queued");
    expect(await q.runOnce()).toBe(false); // backing off
    now = new Date(now.getTime() + 60_000);
    expect(await q.runOnce()).toBe(true);
    const job = (await q.get(id))!;
    expect(attempts).toBe(2);
    expect(job.status).toBe("failed");
    expect(job.lastError).toBe("upstream file is corrupt");
  });

  test("a job whose worker died is taken over after its lock expires, or failed with a reason when no attempts remain", async () => {
    let now = new Date("2026-02-01T00:00:00Z");
    const q = new JobQueue(database.db, silent, { now: () => now, lockMs: 30_000 });
    const done: string[] = [];
    q.register("test.resume", async (job) => {
      done.push(job.id);
    });
    const resumable = await q.enqueue("test.resume", {}, { maxAttempts: 3 });
    const exhausted = await q.enqueue("test.resume", {}, { maxAttempts: 1 });
    // Simulate two claims by a process that was killed mid-job.
    await database.db.update(jobs).set({ status: "running", attempts: 1, lockedBy: "dead-worker", lockedUntil: new Date(now.getTime() + 30_000) }).where(eq(jobs.id, resumable));
    await database.db.update(jobs).set({ status: "running", attempts: 1, lockedBy: "dead-worker", lockedUntil: new Date(now.getTime() + 30_000) }).where(eq(jobs.id, exhausted));
    expect(await q.runOnce()).toBe(false);
    now = new Date(now.getTime() + 31_000);
    expect(await q.runOnce()).toBe(true);
    expect(done).toEqual([resumable]);
    expect((await q.get(resumable))!.status).toBe("done");
    const dead = (await q.get(exhausted))!;
    expect(dead.status).toBe("failed");
    expect(dead.lastError).toMatch(/worker stopped during the job/);
  });

  test("progress is recorded where others can read it", async () => {
    const q = new JobQueue(database.db, silent);
    q.register("test.progress", async (job) => {
      await job.progress({ done: 5, total: 10 });
      return { ok: true };
    });
    const id = await q.enqueue("test.progress", {});
    await q.runOnce();
    const job = (await q.get(id))!;
    expect(job.progress).toEqual({ done: 5, total: 10 });
    expect(job.result).toEqual({ ok: true });
  });
});
