import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { validateCsaf } from "../../core/advisories";
import { csafTracking, parseHashFile } from "../../core/csaf-providers";
import { type Actor, audited } from "../audit/store";
import { type InflateLimits, InflateLimitError, unzipBounded } from "../platform/bounded-inflate";
import type { Db } from "../platform/db/client";
import { AppError, conflict, notFound } from "../platform/http/errors";
import { VEX_FILE_LIMIT } from "../vex-imports/import";
import { acceptRevision, type CheckedDocument } from "./fetch";
import { csafProviderDocuments, csafProviderRevisions, csafProviders } from "./schema";

export const CSAF_UPLOAD_LIMIT = 50 * 1024 * 1024;
const INFLATE: InflateLimits = { maxEntryBytes: VEX_FILE_LIMIT, maxTotalBytes: 200 * 1024 * 1024 };
const MAX_DOCUMENTS = 1000;
const PROBLEMS_PER_DOCUMENT = 10;

export type UploadedFile = { name: string; content: Buffer };
export type UploadProblem = { file: string; path: string; reason: string };
export type UploadOutcome = { documents: number; added: number; unchanged: number; skipped: string[] };

/** A refused upload: every problem with its file, JSON path and reason; nothing was stored. */
export class InvalidCsafUploadError extends AppError {
  constructor(readonly problems: UploadProblem[]) {
    const first = problems[0];
    super(400, "invalid_csaf", `${first.file} was rejected: ${first.path}: ${first.reason}`, problems.slice(0, 200).map((p) => ({ path: `${p.file}: ${p.path}`, message: p.reason })));
  }
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const digest = (algorithm: "sha256" | "sha512", body: Buffer) => createHash(algorithm).update(body).digest("hex");
/** Files of a provider's directory that are not CSAF documents: its metadata, ROLIE feeds, service and category documents. */
const isProviderFile = (doc: unknown) => typeof doc === "object" && doc !== null && !("document" in doc) && ("feed" in doc || "canonical_url" in doc || "service" in doc || "categories" in doc);

/** The uploaded files with every zip unpacked (bounded), named by their path inside the upload. */
function unpack(files: readonly UploadedFile[], problems: UploadProblem[]): UploadedFile[] {
  const out: UploadedFile[] = [];
  let inflated = 0;
  for (const file of files) {
    if (!isZip(file.content)) {
      out.push(file);
      continue;
    }
    try {
      const entries = unzipBounded(file.name, file.content, { ...INFLATE, maxTotalBytes: INFLATE.maxTotalBytes - inflated }, (name) => /\.(json|sha256|sha512)$/i.test(name));
      inflated += entries.reduce((n, e) => n + e.data.length, 0);
      out.push(...entries.map((e) => ({ name: `${file.name}!${e.name}`, content: e.data })));
    } catch (err) {
      problems.push({ file: file.name, path: "(archive)", reason: err instanceof InflateLimitError ? err.message : `not a readable zip archive: ${(err as Error).message}` });
    }
  }
  return out;
}

type ReadDocument = { name: string; doc: unknown; checked: CheckedDocument };

/**
 * Reads and validates every document before anything is stored: JSON, the strict schema and every mandatory test,
 * and the .sha256/.sha512 file beside it where the upload carries one (a provider directory copied as it is).
 */
async function readUpload(files: readonly UploadedFile[]): Promise<{ documents: ReadDocument[]; skipped: string[] }> {
  const problems: UploadProblem[] = [];
  const unpacked = unpack(files, problems);
  const hashFiles = new Map(unpacked.filter((f) => /\.(sha256|sha512)$/i.test(f.name)).map((f) => [f.name.toLowerCase(), f.content.toString("utf8")]));
  const documents: ReadDocument[] = [];
  const skipped: string[] = [];
  const candidates = unpacked.filter((f) => !/\.(sha256|sha512)$/i.test(f.name));
  if (candidates.length === 0 && problems.length === 0) problems.push({ file: files.map((f) => f.name).join(", "), path: "(upload)", reason: "contains no .json CSAF document" });
  if (candidates.length > MAX_DOCUMENTS) problems.push({ file: files.map((f) => f.name).join(", "), path: "(upload)", reason: `holds ${candidates.length} documents; at most ${MAX_DOCUMENTS} per upload` });
  for (const file of problems.length > 0 ? [] : candidates) {
    if (file.content.length > VEX_FILE_LIMIT) {
      problems.push({ file: file.name, path: "(document)", reason: `larger than ${VEX_FILE_LIMIT / 1024 / 1024} MB` });
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(file.content.toString("utf8").replace(/^\uFEFF/, ""));
    } catch (e) {
      problems.push({ file: file.name, path: "(document)", reason: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    if (isProviderFile(doc)) {
      skipped.push(file.name);
      continue;
    }
    const validation = await validateCsaf(doc);
    if (!validation.valid) {
      for (const e of validation.errors.slice(0, PROBLEMS_PER_DOCUMENT)) {
        problems.push({ file: file.name, path: e.path || "(document)", reason: e.test === "schema" ? `schema: ${e.message}` : `mandatory test ${e.test}: ${e.message}` });
      }
      continue;
    }
    const sums = { sha256: digest("sha256", file.content), sha512: digest("sha512", file.content) };
    let hashChecked = "none published in the upload";
    for (const algorithm of ["sha256", "sha512"] as const) {
      const published = hashFiles.get(`${file.name}.${algorithm}`.toLowerCase());
      if (published === undefined || hashChecked !== "none published in the upload") continue;
      const value = parseHashFile(published, algorithm);
      if (!value) problems.push({ file: `${file.name}.${algorithm}`, path: "(file)", reason: `not a ${algorithm} digest` });
      else if (value !== sums[algorithm]) problems.push({ file: file.name, path: "(document)", reason: `${algorithm} mismatch: the upload publishes ${value}, the document hashes to ${sums[algorithm]}` });
      else hashChecked = algorithm;
    }
    const checked = { ok: true as const, body: file.content, ...sums, hashChecked, signature: "not checked (uploaded documents come without the provider's keys)" };
    documents.push({ name: file.name, doc, checked });
  }
  if (problems.length > 0) throw new InvalidCsafUploadError(problems);
  return { documents, skipped };
}

/**
 * Stores the uploaded documents of an upload provider in one transaction, the way fetched ones are stored: each new
 * revision kept with its hashes and TLP, its VEX statements turned into suggestions. One invalid document refuses
 * the whole upload. Older revisions uploaded after newer ones are kept in the history without becoming current.
 */
export async function uploadProviderDocuments(db: Db, providerId: string, files: readonly UploadedFile[], options: { actor: Actor; now: Date }): Promise<UploadOutcome> {
  const [provider] = await db.select().from(csafProviders).where(eq(csafProviders.id, providerId)).limit(1);
  if (!provider) throw notFound("CSAF provider");
  if (provider.kind !== "upload") throw conflict("This provider is fetched from its provider-metadata.json; register an upload provider to upload documents", [{ path: "params/id", message: "not an upload provider" }]);
  const { documents, skipped } = await readUpload(files);
  const { actor, now } = options;
  const known = new Set(
    (
      await db
        .select({ sha256: csafProviderRevisions.sha256 })
        .from(csafProviderRevisions)
        .innerJoin(csafProviderDocuments, eq(csafProviderDocuments.id, csafProviderRevisions.documentId))
        .where(eq(csafProviderDocuments.providerId, provider.id))
    ).map((r) => r.sha256),
  );
  const fresh: ReadDocument[] = [];
  for (const d of documents) {
    if (known.has(d.checked.sha256)) continue;
    known.add(d.checked.sha256);
    fresh.push(d);
  }
  fresh.sort((a, b) => csafTracking(a.doc).currentReleaseDate.localeCompare(csafTracking(b.doc).currentReleaseDate));
  const outcome: UploadOutcome = { documents: documents.length, added: fresh.length, unchanged: documents.length - fresh.length, skipped };
  await audited(db, actor, async (tx) => {
    for (const d of fresh) await acceptRevision(tx, provider, { url: d.name, fileName: d.name.split("!").pop()!.split("/").pop()!, feedTlp: null }, d.checked, d.doc, actor, now);
    await tx.update(csafProviders).set({ lastFetchAt: now, lastGoodFetchAt: now, lastError: null, lastProblems: [], updatedAt: now }).where(eq(csafProviders.id, provider.id));
    return { result: undefined, changes: [{ action: "upload", entityType: "csaf_provider", entityId: provider.id, after: { files: files.map((f) => f.name), ...outcome } }] };
  });
  return outcome;
}
