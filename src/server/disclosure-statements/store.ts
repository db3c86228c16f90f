import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { type Actor, audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { organisationProfile } from "../organisation/schema";
import { PROFILE_ID } from "../organisation/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { AppError, conflict, notFound } from "../platform/http/errors";
import type { StatementBody } from "./api-schemas";
import type { StatementReference } from "./reference-data";
import {
  deviceModelResponsibilities,
  type ResponsibilityRow,
  type SectionAnswers,
  type StatementAnswer,
  securityStatementRevisions,
  securityStatements,
} from "./schema";

export const DOCUMENT_TITLE = "Manufacturer disclosure statement for medical device security";

/** The statement as exported (JSON) and as stored at publication; the PDF is rendered from it. */
export type StatementDocument = {
  document: typeof DOCUMENT_TITLE;
  structure: string;
  basis: string[];
  sectionsVersion: number;
  manufacturer: string | null;
  deviceModel: { id: string; name: string; modelNumber: string; udiDi: string | null };
  softwareVersion: { id: string; version: string; releaseDate: string | null; supportStatus: string; endOfSupport: string | null };
  revision: number;
  status: "draft" | "published";
  publishedAt: string | null;
  sections: Array<{ id: string; title: string; answer: StatementAnswer | null; notes: string | null }>;
  sharedResponsibility: ResponsibilityRow[];
};

type VersionContext = { version: typeof softwareVersions.$inferSelect; model: typeof deviceModels.$inferSelect };

export async function versionContext(db: DbOrTx, versionId: string): Promise<VersionContext> {
  const [row] = await db
    .select({ version: softwareVersions, model: deviceModels })
    .from(softwareVersions)
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(eq(softwareVersions.id, versionId))
    .limit(1);
  if (!row) throw notFound("Software version");
  return row;
}

export async function statementOf(db: DbOrTx, versionId: string) {
  const [row] = await db.select().from(securityStatements).where(eq(securityStatements.softwareVersionId, versionId)).limit(1);
  return row ?? null;
}

/** The model's own matrix, or the defaults of data/mds2/shared-responsibility.yaml. */
export async function responsibilitiesOf(db: DbOrTx, modelId: string, reference: StatementReference) {
  const [row] = await db.select().from(deviceModelResponsibilities).where(eq(deviceModelResponsibilities.deviceModelId, modelId)).limit(1);
  return row
    ? { rows: row.rows, isDefault: false, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedByLabel }
    : { rows: reference.responsibility.rows, isDefault: true, updatedAt: null, updatedBy: null };
}

export async function revisionsOf(db: DbOrTx, statementId: string) {
  return db.select().from(securityStatementRevisions).where(eq(securityStatementRevisions.statementId, statementId)).orderBy(desc(securityStatementRevisions.revision));
}

/** The latest published revision of a version's statement, if any. */
export async function currentRevision(db: DbOrTx, versionId: string) {
  const [row] = await db
    .select()
    .from(securityStatementRevisions)
    .where(eq(securityStatementRevisions.softwareVersionId, versionId))
    .orderBy(desc(securityStatementRevisions.revision))
    .limit(1);
  return row ?? null;
}

export async function revisionByNumber(db: DbOrTx, versionId: string, revision: number) {
  const [row] = await db
    .select()
    .from(securityStatementRevisions)
    .where(and(eq(securityStatementRevisions.softwareVersionId, versionId), eq(securityStatementRevisions.revision, revision)))
    .limit(1);
  return row ?? null;
}

/** Builds the document of the working copy (a draft preview, or the content about to be published). */
export async function buildDocument(
  db: DbOrTx,
  reference: StatementReference,
  versionId: string,
  opts: { status: "draft" | "published"; publishedAt: string | null },
): Promise<StatementDocument> {
  const ctx = await versionContext(db, versionId);
  const statement = await statementOf(db, versionId);
  const answers: SectionAnswers = statement?.answers ?? {};
  const matrix = await responsibilitiesOf(db, ctx.model.id, reference);
  const [profile] = await db.select({ legalName: organisationProfile.legalName }).from(organisationProfile).where(eq(organisationProfile.id, PROFILE_ID)).limit(1);
  return {
    document: DOCUMENT_TITLE,
    structure: reference.sections.structure,
    basis: reference.sections.basis,
    sectionsVersion: reference.sections.version,
    manufacturer: profile?.legalName || null,
    deviceModel: { id: ctx.model.id, name: ctx.model.name, modelNumber: ctx.model.modelNumber, udiDi: ctx.model.udiDi },
    softwareVersion: {
      id: ctx.version.id,
      version: ctx.version.version,
      releaseDate: ctx.version.releaseDate,
      supportStatus: ctx.version.supportStatus,
      endOfSupport: ctx.version.endOfSupport,
    },
    revision: statement?.revision ?? 1,
    status: opts.status,
    publishedAt: opts.publishedAt,
    sections: reference.sections.sections.map((s) => ({ id: s.id, title: s.title, answer: answers[s.id]?.answer ?? null, notes: answers[s.id]?.notes ?? null })),
    sharedResponsibility: matrix.rows,
  };
}

/** What the version page shows: the working copy with every section, the matrix in force and the published revisions. */
export async function statementView(db: Db, reference: StatementReference, versionId: string) {
  const ctx = await versionContext(db, versionId);
  const statement = await statementOf(db, versionId);
  const matrix = await responsibilitiesOf(db, ctx.model.id, reference);
  const revisions = statement ? await revisionsOf(db, statement.id) : [];
  const answers = statement?.answers ?? {};
  return {
    softwareVersionId: ctx.version.id,
    version: ctx.version.version,
    deviceModel: { id: ctx.model.id, name: ctx.model.name, modelNumber: ctx.model.modelNumber },
    status: statement?.status ?? "draft",
    revision: statement?.revision ?? 1,
    publishedRevision: statement?.publishedRevision ?? null,
    changedSincePublication: statement ? statement.status === "draft" && statement.publishedRevision !== null : false,
    structure: reference.sections.structure,
    basis: reference.sections.basis,
    sectionsVersion: reference.sections.version,
    sections: reference.sections.sections.map((s) => ({ ...s, answer: answers[s.id]?.answer ?? null, notes: answers[s.id]?.notes ?? null })),
    unanswered: reference.sections.sections.filter((s) => !answers[s.id]).map((s) => s.id),
    responsibility: matrix,
    revisions: revisions.map((r) => ({ revision: r.revision, publishedAt: r.publishedAt.toISOString(), publishedBy: r.publishedByLabel, sha256: r.sha256 })),
    updatedAt: statement?.updatedAt.toISOString() ?? null,
    updatedBy: statement?.updatedByLabel ?? null,
  };
}

/**
 * Saves the answers (the whole set; sections left out are unanswered). A draft changes in place; a published
 * statement is frozen, so saving starts the next revision and the published one stays as it was.
 */
export async function saveAnswers(db: Db, actor: Actor, reference: StatementReference, versionId: string, body: StatementBody, now: Date): Promise<void> {
  await versionContext(db, versionId);
  const answers: SectionAnswers = {};
  for (const a of body.answers) answers[a.sectionId] = { answer: a.answer, notes: a.notes ? a.notes : null };
  await audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(securityStatements).where(eq(securityStatements.softwareVersionId, versionId)).for("update");
    if (!before) {
      const [after] = await tx
        .insert(securityStatements)
        .values({ softwareVersionId: versionId, status: "draft", revision: 1, answers, sectionsVersion: reference.sections.version, updatedByLabel: actor.label, createdAt: now, updatedAt: now })
        .returning();
      return { result: after, changes: [{ action: "create", entityType: "security_statement", entityId: after.id, after }] };
    }
    const revision = before.status === "published" ? (before.publishedRevision ?? before.revision) + 1 : before.revision;
    const [after] = await tx
      .update(securityStatements)
      .set({ status: "draft", revision, answers, sectionsVersion: reference.sections.version, updatedByLabel: actor.label, updatedAt: now })
      .where(eq(securityStatements.id, before.id))
      .returning();
    return { result: after, changes: [{ action: "update", entityType: "security_statement", entityId: before.id, before, after }] };
  });
}

/** Freezes the working copy as its revision: the JSON document is stored byte for byte with its SHA-256. */
export async function publishStatement(db: Db, actor: Actor, reference: StatementReference, versionId: string, now: Date) {
  await versionContext(db, versionId);
  const statement = await statementOf(db, versionId);
  if (!statement) throw new AppError(422, "statement_incomplete", "Nothing to publish: no section is answered yet");
  if (statement.status === "published") throw conflict(`Revision ${statement.revision} is already published; change an answer to start the next revision`);
  const unanswered = reference.sections.sections.filter((s) => !statement.answers[s.id]);
  if (unanswered.length > 0) {
    throw new AppError(
      422,
      "statement_incomplete",
      `Answer every section before publishing; ${unanswered.length} ${unanswered.length === 1 ? "is" : "are"} unanswered: ${unanswered.map((s) => s.title).join(", ")}`,
      unanswered.map((s) => ({ path: `sections/${s.id}`, message: "unanswered" })),
    );
  }
  return audited(db, actor, async (tx) => {
    const [locked] = await tx.select().from(securityStatements).where(eq(securityStatements.id, statement.id)).for("update");
    if (!locked || locked.status === "published") throw conflict("The statement was published meanwhile");
    const document = await buildDocument(tx, reference, versionId, { status: "published", publishedAt: now.toISOString() });
    if (document.sections.some((s) => s.answer === null)) throw conflict("The statement changed while it was being published; try again");
    const documentJson = `${JSON.stringify(document, null, 2)}\n`;
    const [revision] = await tx
      .insert(securityStatementRevisions)
      .values({
        statementId: statement.id,
        softwareVersionId: versionId,
        revision: locked.revision,
        documentJson,
        sha256: createHash("sha256").update(documentJson).digest("hex"),
        publishedAt: now,
        publishedBy: actor.id,
        publishedByLabel: actor.label,
      })
      .returning();
    const [after] = await tx
      .update(securityStatements)
      .set({ status: "published", publishedRevision: locked.revision, updatedAt: now })
      .where(eq(securityStatements.id, statement.id))
      .returning();
    return {
      result: revision,
      changes: [
        { action: "publish", entityType: "security_statement", entityId: statement.id, before: locked, after: { ...after, revisionId: revision.id, sha256: revision.sha256 } },
      ],
    };
  });
}

/** Stores a device model's own responsibility matrix. */
export async function saveResponsibilities(db: Db, actor: Actor, modelId: string, rows: ResponsibilityRow[], now: Date): Promise<void> {
  const [model] = await db.select({ id: deviceModels.id }).from(deviceModels).where(eq(deviceModels.id, modelId)).limit(1);
  if (!model) throw notFound("Device model");
  await audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(deviceModelResponsibilities).where(eq(deviceModelResponsibilities.deviceModelId, modelId)).limit(1);
    const [after] = before
      ? await tx.update(deviceModelResponsibilities).set({ rows, updatedByLabel: actor.label, updatedAt: now }).where(eq(deviceModelResponsibilities.id, before.id)).returning()
      : await tx.insert(deviceModelResponsibilities).values({ deviceModelId: modelId, rows, updatedByLabel: actor.label, createdAt: now, updatedAt: now }).returning();
    return { result: after, changes: [{ action: before ? "update" : "create", entityType: "device_model_responsibilities", entityId: after.id, before: before ?? null, after }] };
  });
}
