import { closeSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { decodeShardResult, OsvShardMatcher, type OsvShardResult } from "../../core/feeds/osv-shards";
import type { ComponentRef } from "../../core/vulnerabilities";
import type { ZipEntry } from "../../server/platform/zip-archive";
import { MAX_INFLATED_BYTES, type ProgressCallback, readFailure, statSource } from "./files";
import { isOsvEntry, osvFilesOf, osvZipEntries, readOsvFileInto, readOsvZipInto, readZipTexts } from "./osv-reader";

// A scan reads large feeds on every core: the files of a directory, or the entries of an archive, are split into
// contiguous shards, one per thread, and each thread matches its records against the scan's components (see
// core/feeds/osv-shards.ts). This thread reads the first shard itself while worker threads read the others: it
// would otherwise wait idle, and each worker more costs its own start and its own warming up of the parser and
// matcher. Smaller feeds are read in this thread alone, where starting workers would cost more than they save.
// Sources are planned (listed) first, so that the workers can start while the SBOM is read.

/** A thread's share of one feed; a worker is sent the scan's distinct components with it. */
export type ShardPart = { readonly files: readonly string[] } | { readonly zip: string; readonly archive: SharedArrayBuffer; readonly entries: readonly ZipEntry[] };
export type ShardJob = ShardPart & { readonly components: readonly ComponentRef[] };

export interface ShardOptions {
  /** Threads to read with, this one included; 1 reads in this thread alone. Default: the cores available, at most 4. */
  readonly threads?: number;
  /** Feeds with fewer files or entries than this are read in this thread. */
  readonly minimum?: number;
}

const DEFAULT_MINIMUM = 2_000;

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

/** Progress, and at the end the shard's result as encodeShardResult gives it. */
type WorkerMessage = { progress: number; result?: string };

/** Worker threads started ahead of their jobs (loading their modules meanwhile); each takes one job at a time. */
export class ShardWorkers {
  private readonly workers: Worker[];
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
  }

  /** Runs one job per worker; `onProgress` is told the files or bytes the workers have read so far. */
  run(jobs: readonly ShardJob[], onProgress?: (done: number) => void): Promise<OsvShardResult[]> {
    let done = 0;
    return Promise.all(
      jobs.map(
        (job, i) =>
          new Promise<OsvShardResult>((resolve, reject) => {
            const worker = this.workers[i];
            if (this.failure) return reject(this.failure);
            const onMessage = (m: WorkerMessage) => {
              done += m.progress;
              onProgress?.(done);
              if (m.result === undefined) return;
              worker.off("message", onMessage).off("error", reject).off("exit", onExit).unref();
              resolve(decodeShardResult(m.result));
            };
            const onExit = (code: number) => reject(new Error(`a feed reader thread stopped (exit code ${code})`));
            worker.on("message", onMessage).once("error", reject).once("exit", onExit).ref();
            worker.postMessage(job);
          }),
      ),
    );
  }

  close(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

/** One feed source, listed: read in this thread by `read`, or by workers in `parts` where there are any. */
export interface OsvSourcePlan {
  readonly source: string;
  readonly parts?: readonly ShardPart[];
  readonly total: number;
  readonly unit: "files" | "bytes";
  readonly read: (matcher: OsvShardMatcher, onProgress?: ProgressCallback) => void;
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((part) => part.length > 0);
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

/** Lists `source` (a file, an archive or a directory) and decides whether workers read it. */
export function planOsvSource(source: string, options: ShardOptions = {}): OsvSourcePlan {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const minimum = options.minimum ?? DEFAULT_MINIMUM;
  const single = (read: OsvSourcePlan["read"]): OsvSourcePlan => ({ source, total: 0, unit: "files", read });
  const s = statSource(source);
  if (!s.ok) return single((m) => m.error(s.error));
  if (s.isDirectory) {
    const files = osvFilesOf(source);
    const plan: OsvSourcePlan = {
      source,
      total: files.length,
      unit: "files",
      read: (m, onProgress) =>
        files.forEach((f, i) => {
          readOsvFileInto(f, m);
          if (onProgress && (i + 1 === files.length || (i + 1) % 500 === 0)) onProgress(i + 1, files.length, "files");
        }),
    };
    return threads >= 2 && files.length >= minimum ? { ...plan, parts: split(files, threads).map((part) => ({ files: part })) } : plan;
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
  return {
    source,
    total: osvEntries.reduce((sum, e) => sum + e.compressedSize, 0),
    unit: "bytes",
    parts: split(osvEntries, threads).map((part) => ({ zip: source, archive, entries: part })),
    read: inThisThread.read,
  };
}

/** Workers for the plans that need them (one per shard but the first), started now; undefined when none do. */
export function startShardWorkers(plans: readonly OsvSourcePlan[]): ShardWorkers | undefined {
  const size = Math.max(0, ...plans.map((p) => (p.parts?.length ?? 1) - 1));
  return size > 0 ? new ShardWorkers(size) : undefined;
}

/** How many files or bytes are read between two reports of progress. */
export const progressStep = (part: ShardPart): number => ("files" in part ? 250 : 1024 * 1024);

/** Reads one shard in the calling thread; `onProgress` is told each file or each entry's compressed bytes read. */
export function readPart(part: ShardPart, matcher: OsvShardMatcher, onProgress: (n: number) => void): void {
  if ("files" in part) {
    for (const file of part.files) {
      readOsvFileInto(file, matcher);
      onProgress(1);
    }
  } else {
    readZipTexts(part.zip, Buffer.from(part.archive), part.entries, matcher, onProgress);
  }
}

/**
 * Reads a planned source and matches its records against `components` (the scan's distinct purls, resolved): the
 * shard results in read order, for mergeOsvShards.
 */
export async function matchOsvSource(plan: OsvSourcePlan, components: readonly ComponentRef[], workers?: ShardWorkers, onProgress?: ProgressCallback): Promise<OsvShardResult[]> {
  const matcher = new OsvShardMatcher(components);
  if (plan.parts && plan.parts.length > 1 && workers) {
    let mine = 0;
    let theirs = 0;
    const report = () => onProgress?.(mine + theirs, plan.total, plan.unit);
    const [first, ...rest] = plan.parts;
    const others = workers.run(
      rest.map((part) => ({ ...part, components })),
      (done) => {
        theirs = done;
        report();
      },
    );
    // A worker that fails early rejects while this thread reads; the rejection is taken below.
    others.catch(() => undefined);
    let reported = 0;
    readPart(first, matcher, (n) => {
      mine += n;
      if (mine - reported >= progressStep(first)) {
        reported = mine;
        report();
      }
    });
    report();
    return [matcher.result(), ...(await others)];
  }
  plan.read(matcher, onProgress);
  return [matcher.result()];
}
