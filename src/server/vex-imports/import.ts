import { createHash } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { VexStatement } from "../../core/advisories";
import { mayApplyAutomatically, readVexDocument, suggestionChanges, suggestionsForFindings, type UnknownProduct, unknownProducts, type VexComponent, type VexDocumentInfo } from "../../core/vex-import";
import { type Actor, type AuditChange, audited } from "../audit/store";
import { softwareVersions } from "../devices/schema";
import type { Db, DbOrTx } from "../platform/db/client";
import { AppError, badRequest, notFound } from "../platform/http/errors";
import { sbomComponents, sboms } from "../sboms/schema";
import { rescoreFindings } from "../vulnerabilities/matching";
import { findingHistory, findings, vulnerabilityAliases } from "../vulnerabilities/schema";
import { type VexImportWarning, vexDocuments, vexSuggestions, vexTrustRules } from "./schema";

export const VEX_FILE_LIMIT = 20 * 1024 * 1024;
export const VEX_FILES_PER_IMPORT = 20;

export type VexFile = { name: string; content: Buffer };

/** A refused VEX import: every problem with its file, path and reason; nothing was written. */
export class InvalidVexError extends AppError {
  constructor(readonly issues: VexImportWarning[]) {
    const first = issues[0];
    super(422, "invalid_vex", first ? `${first.file} was rejected: ${first.path}: ${first.reason}` : "invalid VEX document", issues.slice(0, 200));
  }
}

export const documentKeyOf = (d: Pick<VexDocumentInfo, "publisher" | "id">) => `${d.publisher ?? ""}\u001f${d.id}`;

type ReadFile = { file: VexFile; document: VexDocumentInfo; statements: VexStatement[]; warnings: VexImportWarning[]; sha256: string };

/** Reads and validates every file first: one invalid file refuses the whole import. */
export async function readVexFiles(files: readonly VexFile[]): Promise<ReadFile[]> {
  if (files.length === 0) throw badRequest("Send one or more VEX documents", [{ path: "body/files", message: "at least one file" }]);
  if (files.length > VEX_FILES_PER_IMPORT) throw badRequest(`At most ${VEX_FILES_PER_IMPORT} VEX documents per import`, [{ path: "body/files", message: `${files.length} files` }]);
  const issues: VexImportWarning[] = [];
  const out: ReadFile[] = [];
  for (const file of files) {
    if (file.content.length === 0) issues.push({ file: file.name, path: "(document)", reason: "the file is empty" });
    else if (file.content.length > VEX_FILE_LIMIT) issues.push({ file: file.name, path: "(document)", reason: `larger than ${VEX_FILE_LIMIT / 1024 / 1024} MB` });
    if (issues.some((i) => i.file === file.name)) continue;
    const read = await readVexDocument({ fileName: file.name, text: file.content.toString("utf8") });
    if (!read.ok) {
      issues.push(...read.errors.map((e) => ({ file: file.name, path: e.path, reason: e.message })));
      continue;
    }
    out.push({
      file,
      document: read.document,
      statements: read.statements,
      warnings: read.warnings.map((w) => ({ file: file.name, path: w.path, reason: w.message })),
      sha256: createHash("sha256").update(file.content).digest("hex"),
    });
  }
  if (issues.length > 0) throw new InvalidVexError(issues);
  return out;
}

async function versionComponents(tx: DbOrTx, versionId: string): Promise<VexComponent[]> {
  const rows = await tx
    .select({ ref: sbomComponents.ref, name: sbomComponents.name, version: sbomComponents.version, purl: sbomComponents.purl, cpe: sbomComponents.cpe })
    .from(sbomComponents)
    .innerJoin(sboms, eq(sboms.id, sbomComponents.sbomId))
    .where(and(eq(sboms.softwareVersionId, versionId), eq(sboms.isCurrent, true)));
  return rows;
}

/** The version's open findings as the matcher sees them: every alias of the vulnerability, the component with its bom-ref. */
async function versionFindings(tx: DbOrTx, versionId: string, components: readonly VexComponent[]) {
  const rows = await tx.select().from(findings).where(and(eq(findings.softwareVersionId, versionId), isNull(findings.resolvedAt)));
  if (rows.length === 0) return [];
  const aliases = await tx
    .select()
    .from(vulnerabilityAliases)
    .where(inArray(vulnerabilityAliases.vulnerabilityId, [...new Set(rows.map((f) => f.vulnerabilityId))]));
  const idsOf = new Map<string, string[]>();
  for (const a of aliases) idsOf.set(a.vulnerabilityId, [...(idsOf.get(a.vulnerabilityId) ?? []), a.alias]);
  return rows.map((f) => {
    const own = components.find((c) => (f.purl ? c.purl === f.purl : f.cpe !== "" && c.cpe === f.cpe));
    return {
      row: f,
      key: {
        id: f.id,
        vulnerabilityIds: [f.vulnerabilityId, ...(idsOf.get(f.vulnerabilityId) ?? [])],
        component: own ?? { ref: f.purl || f.cpe, name: f.componentName, version: f.componentVersion, purl: f.purl || null, cpe: f.cpe || null },
      },
    };
  });
}

export type VexImportOutcome = {
  documents: Array<{
    id: string;
    fileName: string;
    format: string;
    documentId: string;
    revision: string | null;
    publisher: string | null;
    sha256: string;
    statements: number;
    suggestions: { created: number; updated: number; unchanged: number; applied: number };
    unknownProducts: UnknownProduct[];
    warnings: VexImportWarning[];
  }>;
};

/**
 * Imports supplier VEX documents for a software version in one transaction: each statement that names a finding
 * becomes (or updates) that finding's suggestion; a trusted supplier's suggestion becomes the analysis of a finding
 * nobody has analysed. Statements about products the SBOM does not hold are returned as warnings.
 */
export async function importVexDocuments(db: DbOrTx, input: { versionId: string; files: readonly VexFile[]; actor: Actor; now: Date }): Promise<VexImportOutcome> {
  const read = await readVexFiles(input.files);
  const { actor, now } = input;
  return audited(db, actor, async (tx) => {
    const [version] = await tx.select({ id: softwareVersions.id }).from(softwareVersions).where(eq(softwareVersions.id, input.versionId)).limit(1);
    if (!version) throw notFound("Software version");
    const components = await versionComponents(tx, version.id);
    const open = await versionFindings(tx, version.id, components);
    const trusted = new Set((await tx.select().from(vexTrustRules).where(eq(vexTrustRules.autoAccept, true))).map((r) => r.publisher));
    const changes: AuditChange[] = [];
    const applied: string[] = [];
    const documents: VexImportOutcome["documents"] = [];
    for (const r of read) {
      const unknown = unknownProducts(r.statements, components);
      const documentKey = documentKeyOf(r.document);
      const suggestions = suggestionsForFindings(
        open.map((o) => o.key),
        r.statements,
      );
      const [doc] = await tx
        .insert(vexDocuments)
        .values({
          softwareVersionId: version.id,
          fileName: r.file.name,
          format: r.document.format,
          category: r.document.category,
          documentId: r.document.id,
          revision: r.document.revision,
          publisher: r.document.publisher,
          issuedAt: r.document.issuedAt,
          tlp: r.document.tlp,
          sha256: r.sha256,
          statementCount: r.statements.length,
          suggestionCount: suggestions.length,
          unknownProducts: unknown,
          warnings: r.warnings,
          importedAt: now,
          importedBy: actor.label,
        })
        .returning();
      changes.push({ action: "import", entityType: "vex_document", entityId: doc.id, after: { ...doc, importedAt: now.toISOString() } });
      const counts = { created: 0, updated: 0, unchanged: 0, applied: 0 };
      const source = { vexDocumentId: doc.id, documentKey, publisher: r.document.publisher, documentId: r.document.id, revision: r.document.revision, issuedAt: r.document.issuedAt, sha256: r.sha256 };
      for (const { findingId, suggestion } of suggestions) {
        const [before] = await tx.select().from(vexSuggestions).where(and(eq(vexSuggestions.findingId, findingId), eq(vexSuggestions.documentKey, documentKey))).for("update");
        const values = { ...source, ...suggestion, updatedAt: now };
        let current: typeof vexSuggestions.$inferSelect;
        if (!before) {
          [current] = await tx.insert(vexSuggestions).values({ findingId, ...values, changes: [], previousRevision: null, createdAt: now }).returning();
          counts.created++;
          changes.push({ action: "create", entityType: "vex_suggestion", entityId: current.id, after: { findingId, ...source, ...suggestion } });
        } else if (before.sha256 === r.sha256) {
          current = before;
          counts.unchanged++;
        } else {
          const diff = suggestionChanges(before as Parameters<typeof suggestionChanges>[0], suggestion);
          [current] = await tx
            .update(vexSuggestions)
            .set({ ...values, changes: diff, previousRevision: before.revision, acceptedAt: null, acceptedBy: null })
            .where(eq(vexSuggestions.id, before.id))
            .returning();
          counts.updated++;
          changes.push({ action: "update", entityType: "vex_suggestion", entityId: before.id, before: { revision: before.revision, status: before.status, justification: before.justification }, after: { revision: r.document.revision, changes: diff } });
        }
        const finding = open.find((o) => o.key.id === findingId)!.row;
        const alreadyApplied = current.acceptedAt !== null && current.sha256 === before?.sha256;
        if (r.document.publisher && trusted.has(r.document.publisher) && !alreadyApplied && mayApplyAutomatically(finding, before?.acceptedAt ?? null) && suggestionAcceptable(current) === null) {
          changes.push(await applySuggestion(tx, finding, current, { id: null, label: `trust rule: ${r.document.publisher}` }, now));
          Object.assign(finding, { status: current.status, justification: current.justification, detail: current.detail, analysedAt: now });
          applied.push(findingId);
          counts.applied++;
        }
      }
      documents.push({
        id: doc.id,
        fileName: r.file.name,
        format: r.document.format,
        documentId: r.document.id,
        revision: r.document.revision,
        publisher: r.document.publisher,
        sha256: r.sha256,
        statements: r.statements.length,
        suggestions: counts,
        unknownProducts: unknown,
        warnings: [...r.warnings, ...unknown.map((u) => ({ file: r.file.name, path: u.product, reason: `${u.vulnerability}: the version's SBOM holds no such product` }))],
      });
    }
    if (applied.length > 0) await rescoreFindings(tx, { ids: applied });
    return { result: { documents }, changes };
  });
}

/** Why a suggestion cannot become an analysis as it stands, or null. */
export function suggestionAcceptable(s: Pick<typeof vexSuggestions.$inferSelect, "status" | "justification">): string | null {
  if (s.status === "not_affected" && !s.justification) return "the supplier states not_affected without a justification; record the analysis with one yourself";
  return null;
}

/** Copies a suggestion into the finding's analysis, with a history entry naming the document it came from. */
export async function applySuggestion(tx: DbOrTx, finding: typeof findings.$inferSelect, s: typeof vexSuggestions.$inferSelect, actor: Actor, now: Date): Promise<AuditChange> {
  const before = { status: finding.status, justification: finding.justification, response: finding.response, detail: finding.detail, uncontrolledRisk: finding.uncontrolledRisk };
  const next = { status: s.status as typeof finding.status, justification: s.justification, response: null, detail: s.detail };
  await tx.update(findings).set({ ...next, analysedAt: now, analysedBy: actor.label, updatedAt: now }).where(eq(findings.id, finding.id));
  await tx.update(vexSuggestions).set({ acceptedAt: now, acceptedBy: actor.label }).where(eq(vexSuggestions.id, s.id));
  const source = { publisher: s.publisher, documentId: s.documentId, revision: s.revision, issuedAt: s.issuedAt, sha256: s.sha256 };
  const after = { ...next, uncontrolledRisk: finding.uncontrolledRisk, source };
  await tx.insert(findingHistory).values({ findingId: finding.id, at: now, actorId: actor.id, actorLabel: actor.label, kind: "vex_accepted", before, after });
  return { action: "accept_vex", entityType: "finding", entityId: finding.id, before, after };
}

/** The analyst accepts a suggestion into the finding's triage with one click. */
export async function acceptSuggestion(db: Db, suggestionId: string, actor: Actor, now: Date): Promise<{ findingId: string }> {
  return audited(db, actor, async (tx) => {
    const [s] = await tx.select().from(vexSuggestions).where(eq(vexSuggestions.id, suggestionId)).for("update");
    if (!s) throw notFound("VEX suggestion");
    const reason = suggestionAcceptable(s);
    if (reason) throw new AppError(422, "suggestion_not_acceptable", reason);
    const [finding] = await tx.select().from(findings).where(eq(findings.id, s.findingId)).for("update");
    const change = await applySuggestion(tx, finding, s, actor, now);
    await rescoreFindings(tx, { ids: [finding.id] });
    return { result: { findingId: finding.id }, changes: [change] };
  });
}
