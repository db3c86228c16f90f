import { closeSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { type ChunkResult, decodeChunkResults, inReadOrder, OsvShardMatcher, type OsvShardResult } from "../../core/feeds/osv-shards";
import type { FeedIssue } from "../../core/feeds/types";
import type { ComponentRef } from "../../core/vulnerabilities";
import type { ZipEntry } from "../../server/platform/zip-archive";
import { MAX_INFLATED_BYTES, type ProgressCallback, readFailure, statSource } from "./files";
import { isOsvEntry, type OsvTextSink, osvFilesOf, osvZipEntries, readOsvFileInto, readOsvZipInto, readZipTexts } from "./osv-reader";

// A scan reads large feeds on every core. The files of a directory, or the entries of an archive, are taken a chunk
// at a time through a counter the threads share, so that a thread that started late or reads slower files simply
// takes fewer chunks; each thread matches its records against the scan's components (see core/feeds/osv-shards.ts)
// and each chunk's result is one shard of the merge, in read order. Worker threads start as soon as the feed is
// listed and read ahead (the texts of their chunks, up to a bound) while this thread reads the SBOM; then this thread
// takes chunks too, instead of waiting. Smaller feeds are read in this thread alone, where starting workers would
// cost more than they save.

/** A feed shared between threads: its files or archive entries, and the counter of the next chunk to take. */
export type SharedFeed = ({ readonly files: readonly string[] } | { readonly zip: string; readonly archive: SharedArrayBuffer; readonly entries: readonly ZipEntry[] }) & {
  readonly next: SharedArrayBuffer;
  /** Files or entries per chunk. */
  readonly chunk: number;
  /** Characters of text a worker reads ahead before the scan's components arrive. */
  readonly readAhead: number;
};

/** What a worker is sent: a feed to start reading (ahead), then the components to match it against and the port for its results. */
export type WorkerJob = { readonly feed: SharedFeed } | { readonly components: readonly ComponentRef[]; readonly port: MessagePort };

/** The workers' reading of one feed: `poll` takes the results they posted so far; `results`, all of them once they are done. */
export interface ShardRun {
  poll(): void;
  results(): Promise<ChunkResult[]>;
}

/**
 * The result of a chunk a worker has read, as encodeChunkResults gives it; `done` once it has taken its last chunk;
 * `ahead`, the number of chunks it read ahead, once it stops reading ahead.
 */
type WorkerMessage = { result: string } | { done: true } | { ahead: number };

export interface ShardOptions {
  /** Threads to read with, this one included; 1 reads in this thread alone. Default: the cores available, at most 4. */
  readonly threads?: number;
  /** Feeds with fewer files or entries than this are read in this thread. */
  readonly minimum?: number;
  /** Files or entries a thread takes at a time. */
  readonly chunk?: number;
  /** Characters of text each worker reads ahead before the components arrive. */
  readonly readAhead?: number;
  /** Called once it is known that several threads will read the source (a directory: as its listing passes `minimum`). */
  readonly onShared?: (threads: number) => void;
}

const DEFAULT_MINIMUM = 2_000;
const DEFAULT_CHUNK = 200;
/** 32 M characters: a worker holds at most this much text (32 to 64 MB) while the SBOM is read. */
const DEFAULT_READ_AHEAD = 32 * 1024 * 1024;

/**
 * Starts the worker's module beside this one. Read through `meta` on purpose: the build gives each source's literal
 * `import.meta.url` the path of the source, while the worker must be found beside the compiled chunk that runs.
 * From the TypeScript sources (tests), the worker first registers tsx to load them.
 */
const meta = import.meta;
function startWorker(): Worker {
  if (!meta.url.endsWith(".ts")) return new Worker(new URL("./osv-shard-worker.js", meta.url));
  const tsx = JSON.stringify(meta.resolve("tsx/esm/api"));
  const worker = JSON.stringify(new URL("./osv-shard-worker.ts", meta.url).href);
  return new Worker(`import(${tsx}).then((api) => { api.register(); return import(${worker}); })`, { eval: true });
}

/** A chunk taken from a shared feed: its number in read order and the range of files or entries it covers. */
export interface Chunk {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** Takes the next chunk of `feed` for the calling thread, or undefined when every chunk is taken. */
export function takeChunk(feed: SharedFeed): Chunk | undefined {
  const count = "files" in feed ? feed.files.length : feed.entries.length;
  const index = Atomics.add(new Int32Array(feed.next), 0, 1);
  const start = index * feed.chunk;
  return start < count ? { index, start, end: Math.min(count, start + feed.chunk) } : undefined;
}

/** Reads one chunk into `sink`. */
export function readChunk(feed: SharedFeed, chunk: Chunk, sink: OsvTextSink): void {
  if ("files" in feed) {
    for (let i = chunk.start; i < chunk.end; i++) readOsvFileInto(feed.files[i], sink, true);
  } else {
    readZipTexts(feed.zip, Buffer.from(feed.archive), feed.entries.slice(chunk.start, chunk.end), sink);
  }
}

/**
 * The files, or compressed bytes of entries, of the chunks taken so far by every thread: a scan's progress, read from
 * the counter they share (a chunk counts once taken; each is a fraction of a second's work).
 */
function progressOf(feed: SharedFeed): () => number {
  const count = "files" in feed ? feed.files.length : feed.entries.length;
  const chunks = Math.ceil(count / feed.chunk);
  const upTo = [0];
  for (let c = 0; c < chunks; c++) {
    const size = "files" in feed ? Math.min(feed.chunk, count - c * feed.chunk) : feed.entries.slice(c * feed.chunk, (c + 1) * feed.chunk).reduce((sum, e) => sum + e.compressedSize, 0);
    upTo.push(upTo[c] + size);
  }
  const next = new Int32Array(feed.next);
  return () => upTo[Math.min(chunks, Atomics.load(next, 0))];
}

/** Worker threads started ahead of their work (loading their modules, then reading ahead); one feed at a time. */
export class ShardWorkers {
  private readonly workers: Worker[];
  private feeds: Array<SharedFeed | undefined>;
  private aheads: Array<Promise<number>>;
  private failure: Error | undefined;

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = startWorker();
      worker.on("error", (err) => {
        this.failure ??= err;
      });
      // An idle worker does not keep the process alive (a scan that stops early just exits); a busy one does.
      worker.unref();
      return worker;
    });
    this.feeds = this.workers.map(() => undefined);
    this.aheads = this.workers.map(() => Promise.resolve(0));
  }

  /** Every worker starts reading `feed` at once, before its components are known. */
  readAheadOf(feed: SharedFeed): void {
    this.feeds = this.workers.map(() => feed);
    this.aheads = this.workers.map(
      (worker) =>
        new Promise<number>((resolve) => {
          const onAhead = (m: WorkerMessage) => {
            if (!("ahead" in m)) return;
            worker.off("message", onAhead);
            resolve(m.ahead);
          };
          worker.on("message", onAhead);
          worker.postMessage({ feed } satisfies WorkerJob);
        }),
    );
  }

  /** The chunks each worker read ahead, once every one has stopped (at its bound or the feed's end). */
  readAhead(): Promise<number[]> {
    return Promise.all(this.aheads);
  }

  /**
   * Every worker reads `feed` with this thread. Each posts its chunk results on a port of its own, which `poll` reads
   * without waiting (this thread calls it between its own chunks, so that decoding them is not left for the end);
   * `results` gathers the rest once this thread has read its share.
   */
  run(feed: SharedFeed, components: readonly ComponentRef[]): ShardRun {
    const runs = this.workers.map((worker, i) => {
      const { port1: results, port2: port } = new MessageChannel();
      const chunks: ChunkResult[] = [];
      let settle: (error?: Error) => void = () => undefined;
      const finished = new Promise<ChunkResult[]>((resolve, reject) => {
        settle = (error) => {
          results.close();
          worker.off("error", settle).off("exit", onExit).unref();
          if (error) reject(error);
          else resolve(chunks);
        };
      });
      // A worker that fails while this thread reads is reported when the results are asked for.
      finished.catch(() => undefined);
      const onExit = (code: number) => settle(new Error(`a feed reader thread stopped (exit code ${code})`));
      const take = (m: WorkerMessage) => {
        if ("result" in m) chunks.push(...decodeChunkResults(m.result));
        else if ("done" in m) settle();
      };
      if (this.failure) settle(this.failure);
      else {
        worker.once("error", settle).once("exit", onExit).ref();
        if (this.feeds[i] !== feed) worker.postMessage({ feed } satisfies WorkerJob);
        worker.postMessage({ components, port } satisfies WorkerJob, [port]);
      }
      this.feeds[i] = undefined;
      return { results, take, finished };
    });
    const poll = () => {
      for (const run of runs) {
        for (let m = receiveMessageOnPort(run.results); m; m = receiveMessageOnPort(run.results)) run.take(m.message as WorkerMessage);
      }
    };
    return {
      poll,
      results: async () => {
        poll();
        for (const run of runs) run.results.on("message", run.take);
        return (await Promise.all(runs.map((r) => r.finished))).flat();
      },
    };
  }

  close(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

/** One feed source, listed: read in this thread by `read`, or by several threads through `feed` where there is one. */
export interface OsvSourcePlan {
  readonly source: string;
  readonly feed?: SharedFeed;
  readonly threads: number;
  readonly total: number;
  readonly unit: "files" | "bytes";
  readonly read: (matcher: OsvShardMatcher, onProgress?: ProgressCallback) => void;
}

/** Reads a whole file into memory that worker threads share, without copying it. */
function readShared(file: string, size: number): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(size);
  const view = new Uint8Array(shared);
  const fd = openSync(file, "r");
  try {
    for (let at = 0; at < size; ) {
      const n = readSync(fd, view, at, size - at, at);
      if (n === 0) throw Object.assign(new Error("file shrank while read"), { code: "EIO" });
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return shared;
}

/** Lists `source` (a file, an archive or a directory) and decides whether several threads read it. */
export function planOsvSource(source: string, options: ShardOptions = {}): OsvSourcePlan {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const minimum = options.minimum ?? DEFAULT_MINIMUM;
  const shared = (items: { files: readonly string[] } | { zip: string; archive: SharedArrayBuffer; entries: readonly ZipEntry[] }): SharedFeed => ({
    ...items,
    next: new SharedArrayBuffer(4),
    chunk: options.chunk ?? DEFAULT_CHUNK,
    readAhead: options.readAhead ?? DEFAULT_READ_AHEAD,
  });
  const single = (read: OsvSourcePlan["read"]): OsvSourcePlan => ({ source, threads: 1, total: 0, unit: "files", read });
  const s = statSource(source);
  if (!s.ok) return single((m) => m.error(s.error));
  if (s.isDirectory) {
    const sharing = threads >= 2 && options.onShared;
    const files = osvFilesOf(source, sharing ? (count) => count === minimum && sharing(threads) : undefined);
    const plan: OsvSourcePlan = {
      source,
      threads: 1,
      total: files.length,
      unit: "files",
      read: (m, onProgress) =>
        files.forEach((f, i) => {
          readOsvFileInto(f, m, true);
          if (onProgress && (i + 1 === files.length || (i + 1) % 500 === 0)) onProgress(i + 1, files.length, "files");
        }),
    };
    return threads >= 2 && files.length >= minimum ? { ...plan, threads, feed: shared({ files }) } : plan;
  }
  if (!/\.zip$/i.test(source)) return single((m) => readOsvFileInto(source, m));
  const inThisThread = single((m, onProgress) => readOsvZipInto(source, m, onProgress));
  if (threads < 2) return inThisThread;
  let archive: SharedArrayBuffer;
  try {
    archive = readShared(source, s.size);
  } catch (err) {
    return single((m) => m.error(readFailure(source, err)));
  }
  const entries = osvZipEntries(source, Buffer.from(archive));
  const osvEntries = Array.isArray(entries) ? entries.filter(isOsvEntry) : [];
  // An archive over the size limit is read in this thread, which reports where the limit was reached.
  const declared = osvEntries.reduce((sum, e) => sum + e.size, 0);
  if (osvEntries.length < minimum || declared > MAX_INFLATED_BYTES) return inThisThread;
  options.onShared?.(threads);
  return {
    source,
    threads,
    total: osvEntries.reduce((sum, e) => sum + e.compressedSize, 0),
    unit: "bytes",
    feed: shared({ zip: source, archive, entries: osvEntries }),
    read: inThisThread.read,
  };
}

/**
 * Lists every source and starts the worker threads (one per thread but this one) as soon as one source is known to
 * need them: for a directory, as its listing passes the minimum, so that they load their modules while the rest is
 * listed. They then read the first shared feed ahead.
 */
export function planOsvSources(sources: readonly string[], options: ShardOptions = {}): { plans: OsvSourcePlan[]; workers: ShardWorkers | undefined } {
  let workers: ShardWorkers | undefined;
  const onShared = (threads: number) => {
    options.onShared?.(threads);
    workers ??= new ShardWorkers(threads - 1);
  };
  const plans = sources.map((source) => planOsvSource(source, { ...options, onShared }));
  const first = plans.find((p) => p.feed)?.feed;
  if (workers && first) workers.readAheadOf(first);
  return { plans, workers };
}

/** What a thread reads of a shared feed: one result per chunk it took. `onChunk` is called after each. */
function readChunks(feed: SharedFeed, matcher: OsvShardMatcher, onChunk?: () => void): ChunkResult[] {
  const results: ChunkResult[] = [];
  for (let chunk = takeChunk(feed); chunk; chunk = takeChunk(feed)) {
    readChunk(feed, chunk, matcher);
    results.push({ chunk: chunk.index, result: matcher.take() });
    onChunk?.();
  }
  return results;
}

/** A sink that keeps what it is given, to hand it to a matcher later in the same order. */
export class RecordedTexts implements OsvTextSink {
  private readonly items: Array<{ where: string; text: string } | { issue: FeedIssue }> = [];
  chars = 0;

  text(where: string, text: string): void {
    this.items.push({ where, text });
    this.chars += text.length;
  }

  error(issue: FeedIssue): void {
    this.items.push({ issue });
  }

  replay(sink: OsvTextSink): void {
    for (const item of this.items) {
      if ("issue" in item) sink.error(item.issue);
      else sink.text(item.where, item.text);
    }
  }
}

/**
 * Reads a planned source and matches its records against `components` (the scan's distinct purls, resolved): the
 * shard results in read order, for mergeOsvShards. `meanwhile` runs once the workers have the components and before
 * this thread takes its chunks: work done then is shared out, as the workers take the chunks this thread does not.
 */
export async function matchOsvSource(
  plan: OsvSourcePlan,
  components: readonly ComponentRef[],
  workers?: ShardWorkers,
  onProgress?: ProgressCallback,
  meanwhile?: () => Promise<void>,
): Promise<OsvShardResult[]> {
  const matcher = new OsvShardMatcher(components);
  if (plan.feed && workers) {
    const taken = progressOf(plan.feed);
    const report = () => onProgress?.(taken(), plan.total, plan.unit);
    const run = workers.run(plan.feed, components);
    await meanwhile?.();
    const own = readChunks(plan.feed, matcher, () => {
      report();
      run.poll();
    });
    const results = inReadOrder([...own, ...(await run.results())]);
    report();
    return results;
  }
  await meanwhile?.();
  plan.read(matcher, onProgress);
  return [matcher.take()];
}
