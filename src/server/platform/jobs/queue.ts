import { randomUUID } from "node:crypto";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { errorSummary } from "../db/errors";
import { jobs } from "./schema";

export type JobRow = typeof jobs.$inferSelect;
export type JobContext = {
  id: string;
  payload: unknown;
  attempt: number;
  /** Records progress (e.g. `{done: 4000, total: 10000}`) where the UI and CLI can read it. */
  progress(value: Record<string, unknown>): Promise<void>;
};
export type JobHandler = (job: JobContext) => Promise<unknown>;

type EnqueueOptions = { runAt?: Date; maxAttempts?: number; createdBy?: string | null };

/**
 * A job queue stored in the `jobs` table. Workers in any number of processes claim jobs with
 * `FOR UPDATE SKIP LOCKED`, so each job runs once; a job whose worker died is reclaimed after its lock expires,
 * or marked failed with a reason once its attempts are used up.
 */
export class JobQueue {
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private handlers = new Map<string, JobHandler>();
  private running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private db: Db,
    private logger: Logger,
    private opts: { pollMs?: number; lockMs?: number; now?: () => Date } = {},
  ) {}

  private now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  register(queue: string, handler: JobHandler): void {
    this.handlers.set(queue, handler);
  }

  async enqueue(queue: string, payload: unknown, options: EnqueueOptions = {}): Promise<string> {
    const [row] = await this.db
      .insert(jobs)
      .values({
        queue,
        payload: payload as object,
        runAt: options.runAt ?? this.now(),
        maxAttempts: options.maxAttempts ?? 3,
        createdBy: options.createdBy ?? null,
      })
      .returning({ id: jobs.id });
    return row.id;
  }

  /** For daily jobs: queues a run of `queue` at `at` unless one is already queued within a day of it. */
  async enqueueDaily(queue: string, at: Date): Promise<void> {
    const [queued] = await this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.queue, queue), eq(jobs.status, "queued"), lte(jobs.runAt, new Date(at.getTime() + DAY))))
      .limit(1);
    if (!queued) await this.enqueue(queue, {}, { runAt: at });
  }

  async get(id: string): Promise<JobRow | undefined> {
    const [row] = await this.db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
    return row;
  }

  /** Claims and runs at most one due job; returns whether one ran. Tests drive the queue with it. */
  async runOnce(): Promise<boolean> {
    const queues = [...this.handlers.keys()];
    if (queues.length === 0) return false;
    const now = this.now();
    const lockMs = this.opts.lockMs ?? 60_000;
    await this.db.execute(sql`
      UPDATE jobs SET status = 'failed', finished_at = ${now.toISOString()}, updated_at = ${now.toISOString()},
        last_error = coalesce(last_error, '') || 'The worker stopped during the job and no attempts remain.'
      WHERE status = 'running' AND locked_until < ${now.toISOString()} AND attempts >= max_attempts`);
    const res = await this.db.execute(sql`
      UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${this.workerId},
        locked_until = ${new Date(now.getTime() + lockMs).toISOString()}, updated_at = ${now.toISOString()}
      WHERE id = (
        SELECT id FROM jobs
        WHERE queue IN (${sql.join(queues.map((q) => sql`${q}`), sql`, `)})
          AND ((status = 'queued' AND run_at <= ${now.toISOString()})
            OR (status = 'running' AND locked_until < ${now.toISOString()}))
        ORDER BY run_at, created_at
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
      RETURNING id, queue, payload, attempts, max_attempts`);
    const claimed = (res as unknown as { rows: Array<Record<string, unknown>> }).rows[0];
    if (!claimed) return false;
    await this.execute(claimed as { id: string; queue: string; payload: unknown; attempts: number; max_attempts: number }, lockMs);
    return true;
  }

  private async execute(job: { id: string; queue: string; payload: unknown; attempts: number; max_attempts: number }, lockMs: number) {
    const handler = this.handlers.get(job.queue)!;
    const heartbeat = setInterval(() => {
      this.db
        .update(jobs)
        .set({ lockedUntil: new Date(this.now().getTime() + lockMs) })
        .where(eq(jobs.id, job.id))
        .catch(() => {});
    }, Math.max(1000, lockMs / 3));
    try {
      const result = await handler({
        id: job.id,
        payload: job.payload,
        attempt: Number(job.attempts),
        progress: async (value) => {
          await this.db.update(jobs).set({ progress: value, updatedAt: this.now() }).where(eq(jobs.id, job.id));
        },
      });
      const now = this.now();
      await this.db
        .update(jobs)
        .set({ status: "done", result: (result ?? null) as object, finishedAt: now, updatedAt: now, lockedUntil: null })
        .where(eq(jobs.id, job.id));
    } catch (err) {
      const message = errorSummary(err);
      const exhausted = Number(job.attempts) >= Number(job.max_attempts);
      const now = this.now();
      this.logger.warn({ jobId: job.id, queue: job.queue, err: message, exhausted }, "job failed");
      await this.db
        .update(jobs)
        .set({
          status: exhausted ? "failed" : "queued",
          lastError: message,
          runAt: new Date(now.getTime() + 2 ** Number(job.attempts) * 1000),
          lockedUntil: null,
          updatedAt: now,
          finishedAt: exhausted ? now : null,
        })
        .where(eq(jobs.id, job.id));
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Polls for due jobs until `stop()`; `concurrency` jobs may run at once in this process. */
  start(concurrency = 1): void {
    const pollMs = this.opts.pollMs ?? 1000;
    const tick = async () => {
      if (this.stopping) return;
      while (!this.stopping && this.running.size < concurrency) {
        const p = this.runOnce()
          .catch((err) => {
            this.logger.error({ err: errorSummary(err) }, "job queue poll failed");
            return false;
          });
        const tracked = p.then(() => {});
        this.running.add(tracked);
        const ran = await p;
        this.running.delete(tracked);
        if (!ran) break;
      }
      if (!this.stopping) this.timer = setTimeout(tick, pollMs);
    };
    this.timer = setTimeout(tick, 10);
  }

  /** Stops polling and waits for running jobs to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.running]);
  }
}

const DAY = 86_400_000;

/**
 * The handler of a daily job: runs `run` at the time the queue ran the job and queues the next run a day later,
 * unless `again` says the work is not needed any more.
 */
export function dailyJob<R>(queue: JobQueue, name: string, run: (now: Date) => Promise<R>, again: (result: R) => boolean = () => true) {
  return async (job: { id: string }): Promise<R> => {
    const now = (await queue.get(job.id))?.updatedAt ?? new Date();
    const result = await run(now);
    if (again(result)) await queue.enqueue(name, {}, { runAt: new Date(now.getTime() + DAY) });
    return result;
  };
}
