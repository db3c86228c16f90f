import { systemActor } from "../audit/store";
import type { Db } from "../platform/db/client";
import { dailyJob, type JobQueue } from "../platform/jobs/queue";
import { runPolicyExpiry } from "./store";

export const TRIAGE_POLICY_EXPIRY_QUEUE = "triage-policies.expiry";

/** The job handler: re-opens what expired policies decided, at the queue's time, and queues itself for a day later. */
export function triagePolicyExpiryJob(queue: JobQueue, db: Db) {
  return dailyJob(queue, TRIAGE_POLICY_EXPIRY_QUEUE, (now) => runPolicyExpiry(db, systemActor, now));
}
