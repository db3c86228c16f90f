import { gunzipSync, gzipSync } from "node:zlib";
import type { Actor } from "../audit/store";
import type { Database } from "../platform/db/client";
import type { JobHandler, JobQueue } from "../platform/jobs/queue";
import type { FeedFile } from "./feed-files";
import { InvalidFeedError } from "./feed-files";
import { importVulnerabilityFiles } from "./import";

export const VULNERABILITY_IMPORT_QUEUE = "vulnerabilities.import";

/** Uploads above this many bytes are imported by a job rather than within the request. */
export const JOB_THRESHOLD_BYTES = 5 * 1024 * 1024;

type Payload = { files: Array<{ name: string; contentGzipBase64: string }>; actor: Actor };

export function enqueueVulnerabilityImport(jobs: JobQueue, files: readonly FeedFile[], actor: Actor): Promise<string> {
  const payload: Payload = { files: files.map((f) => ({ name: f.name, contentGzipBase64: gzipSync(f.content).toString("base64") })), actor };
  return jobs.enqueue(VULNERABILITY_IMPORT_QUEUE, payload, { createdBy: actor.id, maxAttempts: 2 });
}

/** `{ok: true, import}` or `{ok: false, error}` with the body an upload in the request would have got. */
export function vulnerabilityImportHandler(database: Database): JobHandler {
  return async (job) => {
    const p = job.payload as Payload;
    const files = p.files.map((f) => ({ name: f.name, content: gunzipSync(Buffer.from(f.contentGzipBase64, "base64")) }));
    // Progress writes are chained so that they land in the order reported; concurrent updates could overtake.
    let written: Promise<void> = Promise.resolve();
    try {
      const result = await importVulnerabilityFiles(database.db, files, {
        actor: p.actor,
        onProgress: (progress) => {
          written = written.then(() => job.progress(progress)).catch(() => {});
        },
      });
      await written;
      return { ok: true, import: { ...result, startedAt: result.startedAt.toISOString(), finishedAt: result.finishedAt.toISOString() } };
    } catch (err) {
      if (err instanceof InvalidFeedError) return { ok: false, error: { code: "invalid_feed", message: err.message, details: err.issues.slice(0, 200) } };
      throw err;
    }
  };
}

export function registerVulnerabilityJobs(jobs: JobQueue, database: Database): void {
  jobs.register(VULNERABILITY_IMPORT_QUEUE, vulnerabilityImportHandler(database));
}
