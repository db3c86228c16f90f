// Worker thread of a sharded OSV read (see osv-shards.ts): for each job it is sent, reads its files or archive entries,
// matches each record against the scan's components as it goes, and posts back progress and, at the end, only the
// shard's result.
import { parentPort } from "node:worker_threads";
import { encodeShardResult, OsvShardMatcher } from "../../core/feeds/osv-shards";
import { progressStep, readPart, type ShardJob } from "./osv-shards";

const port = parentPort;
if (!port) throw new Error("osv-shard-worker runs as a worker thread");

port.on("message", (job: ShardJob) => {
  const matcher = new OsvShardMatcher(job.components);
  const every = progressStep(job);
  let pending = 0;
  readPart(job, matcher, (n) => {
    pending += n;
    if (pending >= every) {
      port.postMessage({ progress: pending });
      pending = 0;
    }
  });
  port.postMessage({ progress: pending, result: encodeShardResult(matcher.result()) });
});
