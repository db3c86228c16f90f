import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { validateCsaf } from "../../core/advisories";
import {
  csafTracking,
  effectiveTlp,
  type ListedDocument,
  mergeListings,
  parseHashFile,
  parseIndexTxt,
  parseProviderMetadata,
  parseRolieFeed,
  type ProviderProblem,
} from "../../core/csaf-providers";
import { readVexDocument, statementsWithoutComponent, type VexComponent } from "../../core/vex-import";
import { type Actor, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { errorSummary } from "../platform/db/errors";
import { boundedGet, UNREACHABLE } from "../platform/net/bounded-get";
import type { OutboundAllowList } from "../platform/net/outbound";
import { sbomComponents, sboms } from "../sboms/schema";
import { importVexDocuments, VEX_FILE_LIMIT } from "../vex-imports/import";
import { csafProviderDocuments, csafProviderRevisions, csafProviders } from "./schema";
import { checkSignature, readProviderKeys } from "./signatures";

const LIMITS = { listing: 10 * 1024 * 1024, hash: 1024, signature: 64 * 1024, key: 1024 * 1024, document: VEX_FILE_LIMIT, documents: 1000, timeoutMs: 30_000 };
const VEX_CATEGORIES = ["csaf_vex", "csaf_security_advisory"];
const USER_AGENT = "Vigil-CSAF-Consumer/1";
/** Validation problems shown per refused document: enough to fix it, bounded for the page. */
const PROBLEMS_PER_DOCUMENT = 10;

export type FetchOutcome = { reachable: boolean; listed: number; added: number; unchanged: number; refused: number; problems: ProviderProblem[] };

type Provider = typeof csafProviders.$inferSelect;
type Known = Map<string, { sha256: Set<string>; sha512: Set<string> }>;
type Keys = Awaited<ReturnType<typeof readProviderKeys>>["keys"];

const digest = (algorithm: "sha256" | "sha512", body: Buffer) => createHash(algorithm).update(body).digest("hex");
const fileOf = (url: string) => decodeURIComponent(new URL(url).pathname.split("/").pop() ?? url);

async function knownRevisions(db: Db, providerId: string): Promise<Known> {
  const rows = await db
    .select({ url: csafProviderDocuments.url, sha256: csafProviderRevisions.sha256, sha512: csafProviderRevisions.sha512 })
    .from(csafProviderRevisions)
    .innerJoin(csafProviderDocuments, eq(csafProviderDocuments.id, csafProviderRevisions.documentId))
    .where(eq(csafProviderDocuments.providerId, providerId));
  const known: Known = new Map();
  for (const r of rows) {
    const k = known.get(r.url) ?? { sha256: new Set(), sha512: new Set() };
    k.sha256.add(r.sha256);
    k.sha512.add(r.sha512);
    known.set(r.url, k);
  }
  return known;
}

/** Software versions whose current SBOM holds a product the statements speak about. */
async function versionsNamedBy(db: DbOrTx, statements: Parameters<typeof statementsWithoutComponent>[0]): Promise<string[]> {
  const rows = await db
    .select({ versionId: sboms.softwareVersionId, ref: sbomComponents.ref, name: sbomComponents.name, version: sbomComponents.version, purl: sbomComponents.purl, cpe: sbomComponents.cpe })
    .from(sbomComponents)
    .innerJoin(sboms, eq(sboms.id, sbomComponents.sbomId))
    .where(eq(sboms.isCurrent, true));
  const byVersion = new Map<string, VexComponent[]>();
  for (const { versionId, ...c } of rows) byVersion.set(versionId, [...(byVersion.get(versionId) ?? []), c]);
  return [...byVersion.entries()].filter(([, components]) => statementsWithoutComponent(statements, components).length < statements.length).map(([id]) => id);
}

type Checked = { ok: true; body: Buffer; sha256: string; sha512: string; hashChecked: "sha256" | "sha512"; signature: string } | { ok: false; unchanged: true } | { ok: false; unchanged: false; problem: ProviderProblem };

/**
 * Downloads the published hash, then (unless a stored revision has that hash) the document, and compares them; then
 * checks the document's OpenPGP signature where the provider publishes one.
 */
async function downloadChecked(listed: ListedDocument, known: Known, keys: Keys, allow: OutboundAllowList): Promise<Checked> {
  const path = fileOf(listed.url);
  const get = (url: string, maxBytes: number) => boundedGet(url, { allow, maxBytes, timeoutMs: LIMITS.timeoutMs, userAgent: USER_AGENT });
  let expected: { algorithm: "sha256" | "sha512"; value: string } | null = null;
  const hashProblems: string[] = [];
  for (const [algorithm, url] of [["sha256", listed.sha256Url], ["sha512", listed.sha512Url]] as const) {
    if (!url || expected) continue;
    const res = await get(url, LIMITS.hash);
    const value = res.ok ? parseHashFile(res.body.toString("utf8"), algorithm) : null;
    if (value) expected = { algorithm, value };
    else hashProblems.push(`${fileOf(url)}: ${res.ok ? `not a ${algorithm} digest` : res.reason}`);
  }
  if (!expected) return { ok: false, unchanged: false, problem: { path, reason: `no published hash could be read (${hashProblems.join("; ") || "the listing names no .sha256 or .sha512 file"})` } };
  if (known.get(listed.url)?.[expected.algorithm].has(expected.value)) return { ok: false, unchanged: true };
  const res = await get(listed.url, LIMITS.document);
  if (!res.ok) return { ok: false, unchanged: false, problem: { path, reason: `the document could not be downloaded: ${res.reason}` } };
  const sums = { sha256: digest("sha256", res.body), sha512: digest("sha512", res.body) };
  if (sums[expected.algorithm] !== expected.value) {
    return { ok: false, unchanged: false, problem: { path, reason: `${expected.algorithm} mismatch: the provider publishes ${expected.value}, the document hashes to ${sums[expected.algorithm]}` } };
  }
  const asc = await get(listed.signatureUrl, LIMITS.signature);
  const signature = !asc.ok && asc.reason !== "answered HTTP 404" ? { ok: true as const, state: `not checked (${fileOf(listed.signatureUrl)}: ${asc.reason})` } : await checkSignature(res.body, asc.ok ? asc.body.toString("utf8") : null, keys);
  if (!signature.ok) return { ok: false, unchanged: false, problem: { path, reason: signature.reason } };
  return { ok: true, body: res.body, ...sums, hashChecked: expected.algorithm, signature: signature.state };
}

type Listing = { reachable: boolean; documents: ListedDocument[]; keys: Keys; problems: ProviderProblem[] };

async function listDocuments(provider: { url: string }, allow: OutboundAllowList): Promise<Listing> {
  const get = (url: string, maxBytes = LIMITS.listing) => boundedGet(url, { allow, maxBytes, timeoutMs: LIMITS.timeoutMs, userAgent: USER_AGENT });
  const metadata = await get(provider.url);
  if (!metadata.ok) return { reachable: false, documents: [], keys: [], problems: [{ path: "provider-metadata.json", reason: metadata.reason }] };
  const parsed = parseProviderMetadata(metadata.body.toString("utf8"), provider.url);
  if (!parsed.ok) return { reachable: false, documents: [], keys: [], problems: [parsed.problem] };
  const published = [];
  for (const k of parsed.value.openpgpKeys) {
    const res = await get(k.url, LIMITS.key);
    published.push({ ...k, armored: res.ok ? res.body.toString("utf8") : null, reason: res.ok ? undefined : res.reason });
  }
  const { keys, problems } = await readProviderKeys(published);
  const lists: ListedDocument[][] = [];
  for (const dir of parsed.value.directories) {
    const res = await get(`${dir}index.txt`);
    if (!res.ok) problems.push({ path: `${dir}index.txt`, reason: res.reason });
    else {
      const read = parseIndexTxt(res.body.toString("utf8"), dir);
      lists.push(read.documents);
      problems.push(...read.problems.map((p) => ({ ...p, path: `${dir}${p.path}` })));
    }
  }
  for (const feed of parsed.value.feeds) {
    const res = await get(feed.url);
    if (!res.ok) problems.push({ path: feed.url, reason: res.reason });
    else {
      const read = parseRolieFeed(res.body.toString("utf8"), feed.url, feed.tlp);
      lists.push(read.documents);
      problems.push(...read.problems);
    }
  }
  const documents = mergeListings(...lists);
  if (documents.length > LIMITS.documents) problems.push({ path: provider.url, reason: `lists ${documents.length} documents; the first ${LIMITS.documents} are read` });
  return { reachable: lists.length > 0, documents: documents.slice(0, LIMITS.documents), keys, problems };
}

/** Where a revision came from: its URL (or, uploaded, its path in the upload) and the TLP of the feed that listed it. */
export type RevisionSource = { url: string; fileName: string; feedTlp: string | null };
/** A document ready to store; hashChecked names the published hash compared, or why none was. */
export type CheckedDocument = Omit<Extract<Checked, { ok: true }>, "hashChecked"> & { hashChecked: string };

/**
 * Stores a hash-checked, valid revision and feeds its VEX statements to every software version whose SBOM holds a
 * product they name, as suggestions beside the findings (the VEX import path).
 */
export async function acceptRevision(db: DbOrTx, provider: Pick<Provider, "id">, listed: RevisionSource, checked: CheckedDocument, doc: unknown, actor: Actor, now: Date): Promise<void> {
  const tracking = csafTracking(doc);
  const tlp = effectiveTlp(tracking.tlp, listed.feedTlp);
  const appliedToVersions: string[] = [];
  if (VEX_CATEGORIES.includes(tracking.category)) {
    const read = await readVexDocument({ fileName: listed.fileName, text: checked.body.toString("utf8") });
    if (read.ok) {
      for (const versionId of await versionsNamedBy(db, read.statements)) {
        await importVexDocuments(db, { versionId, files: [{ name: listed.fileName, content: checked.body }], actor, now });
        appliedToVersions.push(versionId);
      }
    }
  }
  await audited(db, actor, async (tx) => {
    const values = {
      providerId: provider.id,
      trackingId: tracking.trackingId,
      url: listed.url,
      title: tracking.title,
      publisher: tracking.publisher,
      category: tracking.category,
      currentVersion: tracking.version,
      currentSha256: checked.sha256,
      tlp,
      status: tracking.status,
      initialReleaseDate: tracking.initialReleaseDate,
      currentReleaseDate: tracking.currentReleaseDate,
      updatedAt: now,
    };
    const [before] = await tx.select().from(csafProviderDocuments).where(and(eq(csafProviderDocuments.providerId, provider.id), eq(csafProviderDocuments.trackingId, tracking.trackingId))).for("update");
    // An older revision served later (a provider rolled back) is kept in the history but does not become current.
    const newer = !before || tracking.currentReleaseDate >= before.currentReleaseDate;
    const [document] = before
      ? newer
        ? await tx.update(csafProviderDocuments).set(values).where(eq(csafProviderDocuments.id, before.id)).returning()
        : [before]
      : await tx.insert(csafProviderDocuments).values({ ...values, createdAt: now }).returning();
    const [revision] = await tx
      .insert(csafProviderRevisions)
      .values({
        documentId: document.id,
        version: tracking.version,
        status: tracking.status,
        currentReleaseDate: tracking.currentReleaseDate,
        tlp,
        sha256: checked.sha256,
        sha512: checked.sha512,
        hashChecked: checked.hashChecked,
        signature: checked.signature,
        csafJson: checked.body.toString("utf8"),
        appliedToVersions,
        fetchedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: csafProviderRevisions.id });
    const after = { providerId: provider.id, trackingId: tracking.trackingId, version: tracking.version, tlp, sha256: checked.sha256, url: listed.url, appliedToVersions };
    return { result: undefined, changes: revision ? [{ action: "import", entityType: "csaf_provider_revision", entityId: revision.id, after }] : [] };
  });
}

/**
 * One fetch of a provider: its metadata, every directory and ROLIE feed it names, and each listed document whose
 * published hash is new. A document with a wrong hash or failing the strict schema or a mandatory test is refused
 * and named with its reason on the provider; nothing of it is stored.
 */
export async function fetchProvider(db: Db, providerId: string, options: { allow: OutboundAllowList; now: Date }): Promise<FetchOutcome | null> {
  const [provider] = await db.select().from(csafProviders).where(eq(csafProviders.id, providerId)).limit(1);
  if (!provider) return null;
  if (provider.kind === "upload" || !provider.url) return { reachable: true, listed: 0, added: 0, unchanged: 0, refused: 0, problems: [] };
  const { now } = options;
  const actor: Actor = { id: null, label: `CSAF provider: ${provider.name}` };
  const listing = await listDocuments({ url: provider.url }, options.allow);
  const problems = [...listing.problems];
  const outcome: FetchOutcome = { reachable: listing.reachable, listed: listing.documents.length, added: 0, unchanged: 0, refused: 0, problems };
  const known = await knownRevisions(db, provider.id);
  for (const listed of listing.documents) {
    const path = fileOf(listed.url);
    try {
      const checked = await downloadChecked(listed, known, listing.keys, options.allow);
      if (!checked.ok) {
        if (checked.unchanged) outcome.unchanged++;
        else {
          problems.push(checked.problem);
          outcome.refused++;
        }
        continue;
      }
      let doc: unknown;
      try {
        doc = JSON.parse(checked.body.toString("utf8").replace(/^\uFEFF/, ""));
      } catch (e) {
        problems.push({ path, reason: `not valid JSON: ${(e as Error).message}` });
        outcome.refused++;
        continue;
      }
      const validation = await validateCsaf(doc);
      if (!validation.valid) {
        for (const e of validation.errors.slice(0, PROBLEMS_PER_DOCUMENT)) {
          problems.push({ path: `${path}: ${e.path || "(document)"}`, reason: e.test === "schema" ? `schema: ${e.message}` : `mandatory test ${e.test}: ${e.message}` });
        }
        outcome.refused++;
        continue;
      }
      await acceptRevision(db, provider, { url: listed.url, fileName: path, feedTlp: listed.feedTlp }, checked, doc, actor, now);
      outcome.added++;
    } catch (err) {
      problems.push({ path, reason: `could not be stored: ${errorSummary(err)}` });
      outcome.refused++;
    }
  }
  const good = listing.reachable && problems.length === 0;
  const first = problems[0] ? `${problems[0].path}: ${problems[0].reason}` : "";
  const lastError = good
    ? null
    : !listing.reachable
      ? problems[0]?.reason === UNREACHABLE
        ? UNREACHABLE
        : `unreachable: ${problems[0] ? first : "no listing could be read"}`
      : outcome.refused > 0
        ? `${outcome.refused} document${outcome.refused === 1 ? "" : "s"} refused (${first})`
        : `${problems.length} listing problem${problems.length === 1 ? "" : "s"} (${first})`;
  await audited(db, actor, async (tx) => {
    const [after] = await tx
      .update(csafProviders)
      .set({ lastFetchAt: now, lastGoodFetchAt: good ? now : provider.lastGoodFetchAt, lastError, lastProblems: problems.slice(0, 200), updatedAt: now })
      .where(eq(csafProviders.id, provider.id))
      .returning();
    const summary = { listed: outcome.listed, added: outcome.added, unchanged: outcome.unchanged, refused: outcome.refused, lastError };
    return { result: after, changes: [{ action: "fetch", entityType: "csaf_provider", entityId: provider.id, after: summary }] };
  });
  return outcome;
}
