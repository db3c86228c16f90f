import { createHash, randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { and, asc, eq, getTableColumns, getTableName, sql } from "drizzle-orm";
import {
  componentKey,
  diffSboms,
  inBatches,
  type NormalisedSbom,
  type ParseResult,
  parseAndValidateSbom,
  type SbomComponent,
  type SbomDiff,
  type SbomIssue,
} from "../../core/sbom";
import { type Actor, type AuditChange, audited } from "../audit/store";
import { softwareVersions } from "../devices/schema";
import type { Db, DbOrTx } from "../platform/db/client";
import { inheritFromPredecessor } from "../threat-model/store";
import { matchSoftwareVersion } from "../vulnerabilities/matching";
import { sbomComponents, sbomDependencies, sboms } from "./schema";

export type SbomFile = { fileName: string; content: Uint8Array };

export type ImportProgress = { done: number; total: number };

export type ImportOptions = {
  /** Reject CycloneDX JSON that violates its schema instead of recording the violations as warnings. */
  strict?: boolean;
};

export type ImportResult = {
  sbomId: string;
  /** The software version the SBOM belongs to (created by this import when asked with `newVersion`). */
  versionId: string;
  /** False when the file is the version's current SBOM already: nothing was written. */
  created: boolean;
  sequence: number;
  componentCount: number;
  dependencyCount: number;
  warningCount: number;
  previousSbomId: string | null;
  diff: SbomDiff["summary"] | null;
};

/** An SBOM that failed validation; `issues` locate each problem (file, pointer or line, reason). */
export class InvalidSbomError extends Error {
  constructor(
    readonly fileName: string,
    readonly issues: SbomIssue[],
  ) {
    super(`${fileName} is not a valid SBOM: ${issues.length} problem${issues.length === 1 ? "" : "s"}, first: ${issues[0]?.message ?? "unknown"}`);
    this.name = "InvalidSbomError";
  }
}

export class UnknownVersionError extends Error {
  constructor(readonly versionId: string) {
    super(`Software version ${versionId} not found`);
    this.name = "UnknownVersionError";
  }
}

const COMPONENT_BATCH = 1000;
const EDGE_BATCH = 5000;

/** Reads and validates a file; schema violations are warnings unless `strict`. */
export async function validateSbomFile(file: SbomFile, options: ImportOptions = {}): Promise<ParseResult> {
  return parseAndValidateSbom(file, { schemaViolations: options.strict ? "error" : "warn" });
}

export function sha256Hex(content: Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Rebuilds the core's component shape from a stored row, for diffs against a later upload. */
export function rowToComponent(row: typeof sbomComponents.$inferSelect): SbomComponent {
  return {
    ref: row.ref,
    name: row.name,
    group: row.group,
    version: row.version,
    purl: row.purl,
    cpe: row.cpe,
    type: row.type,
    supplier: row.supplier,
    author: row.author,
    hashes: row.hashes,
    licenses: row.licenses,
    licenseNames: row.licenseNames,
    description: row.description,
    scope: row.scope,
    properties: row.properties,
    support:
      row.supportLevel === null && row.endOfSupport === null
        ? null
        : { level: row.supportLevel, endOfSupport: row.endOfSupport, sources: row.supportSources ?? [] },
    parent: row.parentRef,
    direct: row.direct,
    depth: row.depth,
  };
}

export async function loadComponents(db: DbOrTx, sbomId: string): Promise<SbomComponent[]> {
  const rows = await db.select().from(sbomComponents).where(eq(sbomComponents.sbomId, sbomId)).orderBy(asc(sbomComponents.position));
  return rows.map(rowToComponent);
}

/** Both SBOMs' components compared with the core's diff (only components take part in it). */
export async function diffStoredSboms(db: DbOrTx, olderId: string, newerId: string): Promise<SbomDiff> {
  const [older, newer] = await Promise.all([loadComponents(db, olderId), loadComponents(db, newerId)]);
  return diffSboms(asSbom(older), asSbom(newer));
}

function asSbom(components: SbomComponent[]): NormalisedSbom {
  return {
    format: "cyclonedx",
    encoding: "json",
    specVersion: "",
    document: { name: null, serialNumber: null, namespace: null, version: null, created: null, tools: [], authors: [], primaryComponent: null, rootRefs: [], hasDependencyGraph: false },
    components,
    dependencies: [],
  };
}

function componentRow(sbomId: string, c: SbomComponent, position: number): typeof sbomComponents.$inferInsert {
  const key = componentKey(c);
  const purlBase = key.startsWith("pkg:") ? key : null;
  return {
    sbomId,
    position,
    ref: c.ref,
    name: c.name,
    group: c.group,
    version: c.version,
    purl: c.purl,
    purlBase,
    purlType: purlBase ? purlBase.slice(4, purlBase.indexOf("/")) : null,
    cpe: c.cpe,
    type: c.type,
    supplier: c.supplier,
    author: c.author,
    hashes: c.hashes,
    licenses: c.licenses,
    licenseNames: c.licenseNames,
    description: c.description,
    scope: c.scope,
    properties: c.properties,
    supportLevel: c.support?.level ?? null,
    endOfSupport: c.support?.endOfSupport ?? null,
    supportSources: c.support?.sources ?? null,
    parentRef: c.parent,
    direct: c.direct,
    depth: c.depth,
  };
}

/**
 * Inserts many rows as one JSON parameter expanded by the database (`jsonb_populate_recordset`): binding
 * 26 parameters per component made a 10,000-component import several times slower, most of all on the
 * embedded database. Every column is sent; ids are generated here as for any other insert.
 */
async function insertRecordset<T extends typeof sbomComponents | typeof sbomDependencies>(tx: DbOrTx, table: T, rows: Array<T["$inferInsert"]>): Promise<void> {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name] as const);
  const records = rows.map((r) => {
    const values = r as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, name] of columns) out[name] = values[key] ?? null;
    out.id ??= randomUUID();
    return out;
  });
  const name = sql.identifier(getTableName(table));
  await tx.execute(sql`INSERT INTO ${name} SELECT * FROM jsonb_populate_recordset(NULL::${name}, ${JSON.stringify(records)}::jsonb)`);
}

/**
 * Stores a validated SBOM as the new current SBOM of a software version, in one transaction with its
 * audit entry: the SBOM row (with the gzip-compressed file), components and edges in batches, and the
 * diff against the previous current SBOM. Re-importing the current file changes nothing.
 * `onProgress` is called after each batch; it is not awaited inside the transaction, because the
 * embedded database serialises every query behind an open transaction.
 */
export async function importSbom(
  db: DbOrTx,
  input: {
    /** The existing version, or null with `newVersion` to create it in the same transaction as the import. */
    versionId: string | null;
    newVersion?: NewVersion;
    file: SbomFile;
    sbom: NormalisedSbom;
    warnings: SbomIssue[];
    actor: Actor;
    onProgress?: (progress: ImportProgress) => Promise<void> | void;
  },
): Promise<ImportResult> {
  const { file, sbom, warnings, actor } = input;
  const sha256 = sha256Hex(file.content);
  const total = sbom.components.length + sbom.dependencies.length;
  const pending: Array<Promise<void>> = [];
  const report = (done: number) => {
    if (!input.onProgress) return;
    pending.push(Promise.resolve(input.onProgress({ done, total })).catch(() => {}));
  };
  const fileGzip = gzipSync(file.content).toString("base64");

  const result = await audited(db, actor, async (tx) => {
    // A version asked for with the push is created here, so that a failed or killed import leaves no empty version.
    const created = input.versionId === null ? await createVersion(tx, input.newVersion) : null;
    const versionId = created?.id ?? (input.versionId as string);
    const versionChanges: AuditChange[] = created?.row
      ? [{ action: "create", entityType: "software_version", entityId: created.id, after: created.row }, ...(await inheritFromPredecessor(tx, actor, created.id, undefined))]
      : [];
    const [version] = await tx.select({ id: softwareVersions.id }).from(softwareVersions).where(eq(softwareVersions.id, versionId)).for("update");
    if (!version) throw new UnknownVersionError(versionId);
    const [current] = await tx
      .select({ id: sboms.id, sha256: sboms.sha256, sequence: sboms.sequence, componentCount: sboms.componentCount, dependencyCount: sboms.dependencyCount, warnings: sboms.warnings })
      .from(sboms)
      .where(and(eq(sboms.softwareVersionId, versionId), eq(sboms.isCurrent, true)))
      .limit(1);
    if (current?.sha256 === sha256) {
      const unchanged: ImportResult = {
        sbomId: current.id,
        versionId,
        created: false,
        sequence: current.sequence,
        componentCount: current.componentCount,
        dependencyCount: current.dependencyCount,
        warningCount: current.warnings.length,
        previousSbomId: null,
        diff: null,
      };
      return { result: unchanged, changes: versionChanges };
    }
    const diff = current ? diffSboms(asSbom(await loadComponents(tx, current.id)), sbom).summary : null;
    const [{ maxSeq }] = await tx
      .select({ maxSeq: sql<number>`coalesce(max(${sboms.sequence}), 0)::int` })
      .from(sboms)
      .where(eq(sboms.softwareVersionId, versionId));
    if (current) await tx.update(sboms).set({ isCurrent: false }).where(eq(sboms.id, current.id));
    const { components: _c, dependencies: _d, ...rest } = sbom;
    const [row] = await tx
      .insert(sboms)
      .values({
        softwareVersionId: versionId,
        sequence: Number(maxSeq) + 1,
        isCurrent: true,
        format: rest.format,
        encoding: rest.encoding,
        specVersion: rest.specVersion,
        fileName: file.fileName,
        sha256,
        sizeBytes: file.content.byteLength,
        fileGzip,
        uploadedBy: actor.id,
        uploadedByLabel: actor.label,
        componentCount: sbom.components.length,
        dependencyCount: sbom.dependencies.length,
        warnings,
        document: rest.document,
        previousSbomId: current?.id ?? null,
        diffSummary: diff,
      })
      .returning({ id: sboms.id, sequence: sboms.sequence });
    let done = 0;
    report(0);
    let position = 0;
    for (const batch of inBatches(sbom.components, COMPONENT_BATCH)) {
      await insertRecordset(tx, sbomComponents, batch.map((c) => componentRow(row.id, c, position++)));
      done += batch.length;
      report(done);
    }
    for (const batch of inBatches(sbom.dependencies, EDGE_BATCH)) {
      await insertRecordset(tx, sbomDependencies, batch.map((e) => ({ sbomId: row.id, fromRef: e.from, toRef: e.to, kind: e.kind })));
      done += batch.length;
      report(done);
    }
    // The new component list is matched against the stored vulnerability data in the same transaction.
    await matchSoftwareVersion(tx, versionId, actor);
    const imported: ImportResult = {
      sbomId: row.id,
      versionId,
      created: true,
      sequence: row.sequence,
      componentCount: sbom.components.length,
      dependencyCount: sbom.dependencies.length,
      warningCount: warnings.length,
      previousSbomId: current?.id ?? null,
      diff,
    };
    return {
      result: imported,
      changes: [
        ...versionChanges,
        {
          action: "import",
          entityType: "sbom",
          entityId: row.id,
          after: {
            softwareVersionId: versionId,
            fileName: file.fileName,
            sha256,
            format: sbom.format,
            encoding: sbom.encoding,
            specVersion: sbom.specVersion,
            sequence: row.sequence,
            components: sbom.components.length,
            dependencies: sbom.dependencies.length,
            warnings: warnings.length,
            previousSbomId: current?.id ?? null,
            diff,
          },
        },
      ],
    };
  });
  await Promise.all(pending);
  return result;
}

/** Validates then imports; throws InvalidSbomError when the file is rejected (nothing is written then). */
export async function validateAndImport(
  db: Db,
  input: {
    versionId: string | null;
    newVersion?: NewVersion;
    file: SbomFile;
    actor: Actor;
    options?: ImportOptions;
    onProgress?: (progress: ImportProgress) => Promise<void> | void;
  },
): Promise<ImportResult & { warnings: SbomIssue[] }> {
  const parsed = await validateSbomFile(input.file, input.options);
  if (!parsed.ok) throw new InvalidSbomError(input.file.fileName, parsed.errors);
  const result = await importSbom(db, { ...input, sbom: parsed.sbom, warnings: parsed.warnings });
  return { ...result, warnings: parsed.warnings };
}

/** A software version to add to a device model together with its first SBOM. */
export type NewVersion = { deviceModelId: string; version: string };

async function createVersion(tx: DbOrTx, wanted: NewVersion | undefined): Promise<{ id: string; row: Record<string, unknown> | null }> {
  if (!wanted) throw new Error("importSbom needs a versionId or a newVersion");
  const [row] = await tx.insert(softwareVersions).values({ deviceModelId: wanted.deviceModelId, version: wanted.version }).onConflictDoNothing().returning();
  if (row) return { id: row.id, row };
  // Created by a concurrent push in the meantime.
  const [existing] = await tx
    .select({ id: softwareVersions.id })
    .from(softwareVersions)
    .where(and(eq(softwareVersions.deviceModelId, wanted.deviceModelId), eq(softwareVersions.version, wanted.version)));
  return { id: existing.id, row: null };
}
