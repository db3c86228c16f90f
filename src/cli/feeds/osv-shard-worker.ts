// Worker thread of a shared OSV read (see osv-shards.ts). Sent a feed, it starts taking chunks at once and keeps their
// texts (up to the feed's read-ahead bound) while the main thread reads the SBOM; sent the components, it matches what
// it read ahead, then takes and matches chunks until none is left, posting each chunk's result on the port it was
// given as it is done (so that encoding them is not left for the end, when the main thread waits).
import { setImmediate } from "node:timers";
import { type MessagePort, parentPort } from "node:worker_threads";
import { encodeChunkResults, OsvShardMatcher } from "../../core/feeds/osv-shards";
import type { ComponentRef } from "../../core/vulnerabilities";
import { readChunk, RecordedTexts, type SharedFeed, takeChunk, type WorkerJob } from "./osv-shards";

const port = parentPort;
if (!port) throw new Error("osv-shard-worker runs as a worker thread");

let feed: SharedFeed | undefined;
let ahead: Array<{ chunk: number; texts: RecordedTexts }> = [];
let aheadChars = 0;

/** Takes and reads one chunk ahead, then lets messages in before the next one, until the bound or the feed's end. */
function readAhead(reading: SharedFeed): void {
  if (feed !== reading) return;
  const chunk = aheadChars < reading.readAhead ? takeChunk(reading) : undefined;
  if (!chunk) {
    port?.postMessage({ ahead: ahead.length });
    return;
  }
  const texts = new RecordedTexts();
  readChunk(reading, chunk, texts);
  ahead.push({ chunk: chunk.index, texts });
  aheadChars += texts.chars;
  setImmediate(readAhead, reading);
}

/** Matches what was read ahead, then takes chunks until none is left; each chunk's result is posted as it is done. */
function match(reading: SharedFeed, components: readonly ComponentRef[], results: MessagePort): void {
  const matcher = new OsvShardMatcher(components);
  const post = (chunk: number) => results.postMessage({ result: encodeChunkResults([{ chunk, result: matcher.take() }]) });
  for (const { chunk, texts } of ahead) {
    texts.replay(matcher);
    post(chunk);
  }
  ahead = [];
  aheadChars = 0;
  for (let chunk = takeChunk(reading); chunk; chunk = takeChunk(reading)) {
    readChunk(reading, chunk, matcher);
    post(chunk.index);
  }
  results.postMessage({ done: true });
  results.close();
}

port.on("message", (job: WorkerJob) => {
  if ("feed" in job) {
    feed = job.feed;
    ahead = [];
    aheadChars = 0;
    setImmediate(readAhead, job.feed);
    return;
  }
  const reading = feed;
  feed = undefined;
  if (reading) match(reading, job.components, job.port);
  else {
    job.port.postMessage({ done: true });
    job.port.close();
  }
});
