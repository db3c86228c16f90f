import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, ts, updatedAt } from "../db/columns";

/** The background job queue lives in the database so that it works on both back ends and across processes. */
export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    queue: text("queue").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status").notNull().default("queued"), // queued | running | done | failed
    runAt: ts("run_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    lockedBy: text("locked_by"),
    lockedUntil: ts("locked_until"),
    progress: jsonb("progress"),
    result: jsonb("result"),
    lastError: text("last_error"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("jobs_claim_idx").on(t.status, t.runAt), index("jobs_queue_idx").on(t.queue, t.status)],
);
