import { gunzipSync, gzipSync } from "node:zlib";
import type { Actor } from "../audit/store";
import type { Database } from "../platform/db/client";
import type { JobHandler, JobQueue } from "../platform/jobs/queue";
import { type ImportOptions, InvalidSbomError, type NewVersion, UnknownVersionError, validateAndImport } from "./import";
import { invalidSbom } from "./issues";

export const SBOM_IMPORT_QUEUE = "sbom.import";

/** Large SBOMs are imported by a job; the file travels gzip-compressed in the job's payload. */
export type SbomImportPayload = {
  versionId: string | null;
  /** A version the import creates in its own transaction (pushed with createVersion). */
  newVersion?: NewVersion;
  fileName: string;
  contentGzipBase64: string;
  actor: Actor;
  options: ImportOptions;
};

/** Components from which an upload is imported by a job instead of within the request. */
export const JOB_THRESHOLD_COMPONENTS = 5000;

export function enqueueSbomImport(
  jobs: JobQueue,
  input: { versionId: string | null; newVersion?: NewVersion; fileName: string; content: Uint8Array; actor: Actor; options: ImportOptions },
): Promise<string> {
  const payload: SbomImportPayload = {
    versionId: input.versionId,
    ...(input.newVersion ? { newVersion: input.newVersion } : {}),
    fileName: input.fileName,
    contentGzipBase64: gzipSync(input.content).toString("base64"),
    actor: input.actor,
    options: input.options,
  };
  return jobs.enqueue(SBOM_IMPORT_QUEUE, payload, { createdBy: input.actor.id, maxAttempts: 2 });
}

/**
 * The job's result says whether the import happened: `{ok: true, …ImportResult}` or `{ok: false, error}`
 * with the same error body an upload in the request would have got. A rejected file is a finished job,
 * not a failed one: retrying it cannot help.
 */
export function registerSbomJobs(jobs: JobQueue, database: Database): void {
  jobs.register(SBOM_IMPORT_QUEUE, sbomImportHandler(database));
}

export function sbomImportHandler(database: Database): JobHandler {
  return async (job) => {
    const p = job.payload as SbomImportPayload;
    const content = gunzipSync(Buffer.from(p.contentGzipBase64, "base64"));
    await job.progress({ phase: "validating" });
    try {
      const result = await validateAndImport(database.db, {
        versionId: p.versionId,
        newVersion: p.newVersion,
        file: { fileName: p.fileName, content },
        actor: p.actor,
        options: p.options,
        onProgress: (progress) => job.progress({ phase: "importing", ...progress }),
      });
      return { ok: true, ...result, warnings: result.warnings.slice(0, 100) };
    } catch (err) {
      if (err instanceof InvalidSbomError) {
        const rejected = invalidSbom(err.fileName, err.issues);
        return { ok: false, error: { code: rejected.code, message: rejected.message, details: rejected.details } };
      }
      if (err instanceof UnknownVersionError) {
        return { ok: false, error: { code: "not_found", message: err.message } };
      }
      throw err;
    }
  };
}
