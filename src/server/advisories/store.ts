import { createHash } from "node:crypto";
import { asc, eq, inArray } from "drizzle-orm";
import {
  type Advisory,
  type AdvisoryInput,
  buildCsaf,
  type CsafValidationError,
  parseAdvisory,
  validateCsaf,
} from "../../core/advisories";
import { finalAdvisoryGaps } from "../../core/advisories/final-advisory";
import { type InventoryProduct, nextRevision, productsFromInventory } from "../../core/advisories/inventory";
import { csafFileName, relativePath, tlpFolder, WELL_KNOWN_CSAF } from "../../core/advisories/provider";
import { parseCvss } from "../../core/scoring/cvss";
import { deviceModels, softwareVersions } from "../devices/schema";
import { getProfile } from "../organisation/store";
import type { DbOrTx } from "../platform/db/client";
import { notFound } from "../platform/http/errors";
import { advisories, advisoryProducts, advisoryRevisions, advisoryVulnerabilities } from "./schema";

export type AdvisoryRow = typeof advisories.$inferSelect;
export type VulnerabilityRow = typeof advisoryVulnerabilities.$inferSelect;
export type RevisionRow = typeof advisoryRevisions.$inferSelect;

export type ProductView = InventoryProduct & { softwareVersionId: string; deviceModelId: string };

export interface LoadedAdvisory {
  row: AdvisoryRow;
  products: ProductView[];
  vulnerabilities: VulnerabilityRow[];
  revisions: RevisionRow[];
}

export interface Publisher {
  name: string;
  namespace: string;
  contactDetails?: string;
}

export async function vendorName(db: DbOrTx): Promise<string> {
  const profile = await getProfile(db as never);
  return profile?.legalName?.trim() || "Manufacturer";
}

export async function loadProducts(db: DbOrTx, advisoryIds: string[]): Promise<Map<string, ProductView[]>> {
  const out = new Map<string, ProductView[]>();
  if (advisoryIds.length === 0) return out;
  const vendor = await vendorName(db);
  const rows = await db
    .select({
      advisoryId: advisoryProducts.advisoryId,
      productId: advisoryProducts.productId,
      family: advisoryProducts.family,
      purl: advisoryProducts.purl,
      cpe: advisoryProducts.cpe,
      softwareVersionId: softwareVersions.id,
      version: softwareVersions.version,
      deviceModelId: deviceModels.id,
      product: deviceModels.name,
      modelNumber: deviceModels.modelNumber,
    })
    .from(advisoryProducts)
    .innerJoin(softwareVersions, eq(softwareVersions.id, advisoryProducts.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(inArray(advisoryProducts.advisoryId, advisoryIds))
    .orderBy(asc(deviceModels.name), asc(softwareVersions.version));
  for (const { advisoryId, ...r } of rows) {
    out.set(advisoryId, [...(out.get(advisoryId) ?? []), { ...r, vendor }]);
  }
  return out;
}

export async function loadAdvisory(db: DbOrTx, id: string): Promise<LoadedAdvisory> {
  const [row] = await db.select().from(advisories).where(eq(advisories.id, id)).limit(1);
  if (!row) throw notFound("Advisory");
  const [products, vulnerabilities, revisions] = await Promise.all([
    loadProducts(db, [id]),
    db.select().from(advisoryVulnerabilities).where(eq(advisoryVulnerabilities.advisoryId, id)).orderBy(asc(advisoryVulnerabilities.position)),
    db.select().from(advisoryRevisions).where(eq(advisoryRevisions.advisoryId, id)).orderBy(asc(advisoryRevisions.createdAt)),
  ]);
  return { row, products: products.get(id) ?? [], vulnerabilities, revisions };
}

const opt = <T>(v: T | null | undefined) => (v === null || v === undefined ? undefined : v);

/** A stored vulnerability as the core model's input. */
export function vulnerabilityInput(v: VulnerabilityRow): AdvisoryInput["vulnerabilities"][number] {
  return {
    cve: opt(v.cve),
    ids: v.ids,
    title: opt(v.title),
    description: v.description,
    cwe: v.cweId ? { id: v.cweId, ...(v.cweName ? { name: v.cweName } : {}) } : undefined,
    cvss: { ...(v.cvssV31 ? { v31: v.cvssV31 } : {}), ...(v.cvssV40 ? { v40: v.cvssV40 } : {}) },
    notes: v.notes,
    discoveryDate: opt(v.discoveryDate),
    productStatus: v.productStatus,
    remediations: v.remediations,
    patientSafetyImpact: opt(v.patientSafetyImpact),
    exploitStatus: opt(v.exploitStatus),
    references: v.references,
    acknowledgments: v.acknowledgments,
  };
}

/** CVSS base scores of the stored vectors, computed by the scoring core. */
export function scoreVectors(v31?: string | null, v40?: string | null): { cvssV31Score: string | null; cvssV40Score: string | null } {
  const score = (vector?: string | null) => {
    if (!vector) return null;
    const parsed = parseCvss(vector);
    return parsed.ok ? parsed.score.baseScore.toFixed(1) : null;
  };
  return { cvssV31Score: score(v31), cvssV40Score: score(v40) };
}

export interface ModelOptions {
  publisher: Publisher;
  revisions: Array<{ number: string; date: string; summary: string }>;
  initialReleaseDate: string;
  /** URL of the published document, added as the CSAF "self" reference. */
  selfUrl?: string;
}

/** The core advisory model of the working copy, with the given revision history. */
export function advisoryInput(loaded: LoadedAdvisory, options: ModelOptions): AdvisoryInput {
  const { row } = loaded;
  const references = [...row.references];
  if (options.selfUrl) references.push({ url: options.selfUrl, summary: "This advisory (CSAF)", category: "self" });
  return {
    trackingId: row.trackingId,
    title: row.title,
    summary: row.summary,
    ...(row.details ? { details: row.details } : {}),
    status: row.documentStatus,
    tlp: { label: row.tlp },
    publisher: {
      name: options.publisher.name,
      namespace: options.publisher.namespace,
      category: "vendor",
      ...(options.publisher.contactDetails ? { contactDetails: options.publisher.contactDetails } : {}),
    },
    initialReleaseDate: options.initialReleaseDate,
    revisions: options.revisions,
    products: loaded.products.length > 0 ? productsFromInventory(loaded.products) : { vendors: [] },
    vulnerabilities: loaded.vulnerabilities.map(vulnerabilityInput),
    acknowledgments: row.acknowledgments,
    references,
  };
}

export type Problem = { path: string; message: string; test: string };

export interface Candidate {
  number: string;
  date: string;
  model: AdvisoryInput;
  advisory: Advisory | null;
  csaf: Record<string, unknown> | null;
  problems: Problem[];
}

/** Where a document of this advisory is served (public TLP:WHITE only), relative to the public base URL. */
export function providerPath(trackingId: string, tlp: string, initialReleaseDate: string): string {
  return `${WELL_KNOWN_CSAF}/${tlpFolder(tlp as "WHITE")}/${relativePath({ trackingId, initialReleaseDate })}`;
}

/**
 * The next revision built from the working copy and checked with the core model, the strict CSAF
 * schema and every mandatory test. `problems` empty means it may be published.
 */
export async function buildCandidate(
  loaded: LoadedAdvisory,
  opts: { now: Date; publisher: Publisher; baseUrl?: string; summary: string; bump: "major" | "minor" | "patch"; skipCsafTests?: boolean },
): Promise<Candidate> {
  const { row } = loaded;
  const date = opts.now.toISOString();
  const isDraft = row.documentStatus === "draft";
  const number = row.currentVersion ? nextRevision(row.currentVersion, opts.bump) : isDraft ? "0.1.0" : "1.0.0";
  const initialReleaseDate = row.initialReleaseDate?.toISOString() ?? date;
  const revisions = [
    ...loaded.revisions.map((r) => ({ number: r.number, date: r.date.toISOString(), summary: r.summary })),
    { number, date, summary: opts.summary },
  ];
  const selfUrl = row.tlp === "WHITE" && opts.baseUrl ? `${opts.baseUrl}${providerPath(row.trackingId, row.tlp, initialReleaseDate)}` : undefined;
  const model = advisoryInput(loaded, { publisher: opts.publisher, revisions, initialReleaseDate, selfUrl });
  const parsed = parseAdvisory(model);
  if (!parsed.ok) {
    return { number, date, model, advisory: null, csaf: null, problems: parsed.errors.map((e) => ({ ...e, test: "model" })) };
  }
  const csaf = buildCsaf(parsed.advisory, { profile: row.profile, generatedAt: date });
  // Demo seeding skips the validator (it takes seconds to load); a test validates the demo document.
  const result = opts.skipCsafTests ? { errors: [] } : await validateCsaf(csaf);
  const problems: Problem[] = result.errors.map((e: CsafValidationError) => ({ path: e.path, message: e.message, test: e.test }));
  if (row.documentStatus === "final") {
    for (const gap of finalAdvisoryGaps(loaded.vulnerabilities)) problems.push({ path: `/${gap.path}`, message: gap.message, test: "publication" });
  }
  if (isDraft) problems.push({ path: "/document/tracking/status", message: "a draft is not published: set the status to interim or final", test: "publication" });
  return { number, date, model, advisory: parsed.advisory, csaf, problems };
}

export function hashes(text: string): { sha256: string; sha512: string } {
  return {
    sha256: createHash("sha256").update(text).digest("hex"),
    sha512: createHash("sha512").update(text).digest("hex"),
  };
}

export { csafFileName };

/** Stores a checked candidate as the advisory's new current revision (never updated afterwards). */
export async function storeRevision(
  tx: DbOrTx,
  loaded: LoadedAdvisory,
  candidate: Candidate,
  summary: string,
  by: { userId: string | null; label: string },
): Promise<{ sha256: string }> {
  const text = JSON.stringify(candidate.csaf, null, 2);
  const at = new Date(candidate.date);
  const initialReleaseDate = loaded.row.initialReleaseDate ?? at;
  const digest = hashes(text);
  await tx.insert(advisoryRevisions).values({
    advisoryId: loaded.row.id,
    number: candidate.number,
    date: at,
    summary,
    trackingId: loaded.row.trackingId,
    tlp: loaded.row.tlp,
    documentStatus: loaded.row.documentStatus,
    profile: loaded.row.profile,
    title: loaded.row.title,
    initialReleaseDate,
    csafJson: text,
    ...digest,
    snapshot: candidate.advisory as unknown as Record<string, unknown>,
    publishedBy: by.userId,
    publishedByLabel: by.label,
    createdAt: at,
  });
  await tx
    .update(advisories)
    .set({ published: true, currentVersion: candidate.number, initialReleaseDate, publishedAt: at, changedSincePublication: false, updatedAt: at })
    .where(eq(advisories.id, loaded.row.id));
  return digest;
}
