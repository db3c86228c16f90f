import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { ControlLibrary } from "../../core/compliance/library";
import {
  crossedBoundaries,
  diffModels,
  EMPTY_MODEL,
  inheritanceCycle,
  type ModelReferences,
  namesComponent,
  parseThreatModel,
  suggestThreats,
  type RiskFacts,
  type ThreatModel,
  traceability,
} from "../../core/threat-model";
import { rateRisk } from "../../core/risks";
import { type Actor, type AuditChange, audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { Db, DbOrTx } from "../platform/db/client";
import { AppError, badRequest, conflict, notFound } from "../platform/http/errors";
import { risks } from "../risks/schema";
import { getMatrix } from "../risks/store";
import { sbomComponents, sboms } from "../sboms/schema";
import { findings, vulnerabilities } from "../vulnerabilities/schema";
import type { ThreatModelReference } from "./reference-data";
import { threatModels } from "./schema";

const HIGH_LEVELS = new Set(["high", "critical"]);

export type VersionContext = { version: typeof softwareVersions.$inferSelect; model: typeof deviceModels.$inferSelect };

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

/** A version by its device model's number or name and its version string (the command line names versions so). */
export async function findVersionByName(db: DbOrTx, device: string, version: string): Promise<string | null> {
  const rows = await db
    .select({ id: softwareVersions.id, modelNumber: deviceModels.modelNumber, name: deviceModels.name })
    .from(softwareVersions)
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(eq(softwareVersions.version, version));
  return (rows.find((r) => r.modelNumber === device) ?? rows.find((r) => r.name === device))?.id ?? null;
}

export function modelReferences(library: ControlLibrary, ref: ThreatModelReference): ModelReferences {
  return { harmonisedControls: new Set(library.controls.map((c) => c.id)), capabilities: new Set(ref.capabilities.map((c) => c.id)) };
}

export async function storedModel(db: DbOrTx, versionId: string) {
  const [row] = await db.select().from(threatModels).where(eq(threatModels.softwareVersionId, versionId)).limit(1);
  return row ?? null;
}

/** Parses a model or refuses it with every problem, each path prefixed with where the model sat in the request. */
export function parsedOrBadRequest(input: unknown, refs: ModelReferences, at: string): ThreatModel {
  const r = parseThreatModel(input, refs);
  if (r.ok) return r.model;
  const details = r.problems.map((p) => ({ path: `${at}${p.path === "/" ? "" : p.path}`, message: p.message }));
  throw badRequest(`${details.length} problem(s) in the threat model: ${details.slice(0, 5).map((d) => `${d.path}: ${d.message}`).join("; ")}`, details);
}

/** What the register, the findings and the version's current SBOM hold about the records a model links to. */
export async function traceContext(db: DbOrTx, versionId: string, model: ThreatModel) {
  const riskIds = [...new Set(model.threats.flatMap((t) => (t.riskId ? [t.riskId] : [])))];
  const findingIds = [...new Set(model.threats.flatMap((t) => t.findingIds))];
  const matrix = await getMatrix(db);
  const riskRows = riskIds.length ? await db.select().from(risks).where(inArray(risks.id, riskIds)) : [];
  const found = findingIds.length ? await db.select({ id: findings.id }).from(findings).where(inArray(findings.id, findingIds)) : [];
  const facts = new Map<string, RiskFacts & { phase: string; patientSafety: string | null }>(
    riskRows.map((r) => [r.id, { reference: r.reference, title: r.title, level: rateRisk(matrix, r).current.level, accepted: r.status === "accepted", phase: r.phase, patientSafety: r.patientSafety }]),
  );
  const [current] = await db.select({ id: sboms.id }).from(sboms).where(and(eq(sboms.softwareVersionId, versionId), eq(sboms.isCurrent, true))).limit(1);
  const currentComponents = current ? await db.select({ name: sbomComponents.name, purl: sbomComponents.purl }).from(sbomComponents).where(eq(sbomComponents.sbomId, current.id)) : null;
  return { risks: facts, findingIds: new Set(found.map((f) => f.id)), highLevels: HIGH_LEVELS, sbomComponents: currentComponents };
}

/** Open findings of the version per element, through the SBOM components attached to each software item. */
export async function elementFindings(db: DbOrTx, versionId: string, model: ThreatModel) {
  const attached = model.elements.filter((e) => e.components.length > 0);
  if (!attached.length) return {};
  const rows = await db
    .select({ id: findings.id, purl: findings.purl, componentName: findings.componentName, componentVersion: findings.componentVersion, vulnerabilityId: vulnerabilities.id, priority: findings.priority, status: findings.status })
    .from(findings)
    .innerJoin(vulnerabilities, eq(vulnerabilities.id, findings.vulnerabilityId))
    .where(and(eq(findings.softwareVersionId, versionId), isNull(findings.resolvedAt)));
  const out: Record<string, typeof rows> = {};
  for (const e of attached) {
    const hits = rows.filter((f) => e.components.some((key) => namesComponent(key, { name: f.componentName, purl: f.purl })));
    if (hits.length) out[e.id] = hits;
  }
  return out;
}

/** Names and purls of the version's current SBOM, offered when attaching components to software items. */
export async function sbomComponentChoices(db: DbOrTx, versionId: string) {
  return db
    .select({ name: sbomComponents.name, version: sbomComponents.version, purl: sbomComponents.purl })
    .from(sbomComponents)
    .innerJoin(sboms, eq(sboms.id, sbomComponents.sbomId))
    .where(and(eq(sboms.softwareVersionId, versionId), eq(sboms.isCurrent, true)))
    .orderBy(sbomComponents.position)
    .limit(2000);
}

/** The version page's view: the model, its diff from the version it inherited from, suggestions and the traceability matrix. */
export async function modelView(db: Db, ref: ThreatModelReference, versionId: string) {
  const ctx = await versionContext(db, versionId);
  const row = await storedModel(db, versionId);
  const model = row?.model ?? EMPTY_MODEL;
  const parentRow = row?.inheritedFromVersionId ? await versionContext(db, row.inheritedFromVersionId).catch(() => null) : null;
  const parentModel = row?.inheritedFromVersionId ? ((await storedModel(db, row.inheritedFromVersionId))?.model ?? EMPTY_MODEL) : null;
  const trace = traceability(model, await traceContext(db, versionId, model));
  const siblings = await db
    .select({ softwareVersionId: softwareVersions.id, version: softwareVersions.version, releaseDate: softwareVersions.releaseDate })
    .from(softwareVersions)
    .innerJoin(threatModels, eq(threatModels.softwareVersionId, softwareVersions.id))
    .where(eq(softwareVersions.deviceModelId, ctx.model.id))
    .orderBy(softwareVersions.releaseDate, softwareVersions.version);
  return {
    softwareVersionId: ctx.version.id,
    version: ctx.version.version,
    deviceModel: { id: ctx.model.id, name: ctx.model.name, modelNumber: ctx.model.modelNumber },
    model,
    inheritedFrom: parentRow ? { softwareVersionId: parentRow.version.id, version: parentRow.version.version } : null,
    diff: parentModel ? diffModels(parentModel, model) : null,
    /** Other versions of the same device model with a model this version can inherit. */
    inheritCandidates: siblings.filter((x) => x.softwareVersionId !== ctx.version.id),
    crossedBoundaries: Object.fromEntries(crossedBoundaries(model)),
    suggestions: suggestThreats(model, ref.stride),
    traceability: trace,
    elementFindings: await elementFindings(db, versionId, model),
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedByLabel ?? null,
  };
}

/** Replaces a version's model with a validated one (an edit or an import), in one audited write. */
export async function saveModel(db: Db, actor: Actor, versionId: string, model: ThreatModel, now: Date) {
  await versionContext(db, versionId);
  return audited(db, actor, async (tx) => {
    const [before] = await tx.select().from(threatModels).where(eq(threatModels.softwareVersionId, versionId)).for("update");
    const [after] = before
      ? await tx.update(threatModels).set({ model, updatedByLabel: actor.label, updatedAt: now }).where(eq(threatModels.id, before.id)).returning()
      : await tx.insert(threatModels).values({ softwareVersionId: versionId, model, updatedByLabel: actor.label, createdAt: now, updatedAt: now }).returning();
    return { result: after, changes: [{ action: before ? "update" : "create", entityType: "threat_model", entityId: after.id, before: before ?? null, after }] };
  });
}

// The acceptance belongs to the version it was given for; the new version needs its own.
const inheritedCopy = (model: ThreatModel): ThreatModel => ({ ...structuredClone(model), acceptance: null });

/**
 * A version just created starts with a copy of the model of its nearest predecessor that has one, in the device
 * list's version order (release date, then version). Runs in the creating transaction; returns the audit changes,
 * none when no predecessor has a model.
 */
export async function inheritFromPredecessor(tx: DbOrTx, actor: Actor, versionId: string, now: Date | undefined): Promise<AuditChange[]> {
  const [self] = await tx.select({ deviceModelId: softwareVersions.deviceModelId }).from(softwareVersions).where(eq(softwareVersions.id, versionId));
  if (!self) return [];
  const siblings = await tx
    .select({ id: softwareVersions.id, model: threatModels.model })
    .from(softwareVersions)
    .leftJoin(threatModels, eq(threatModels.softwareVersionId, softwareVersions.id))
    .where(eq(softwareVersions.deviceModelId, self.deviceModelId))
    .orderBy(asc(softwareVersions.releaseDate), asc(softwareVersions.version));
  const predecessor = siblings
    .slice(0, siblings.findIndex((v) => v.id === versionId))
    .reverse()
    .find((v) => v.model !== null);
  if (!predecessor?.model) return [];
  const times = now ? { createdAt: now, updatedAt: now } : {};
  const [after] = await tx
    .insert(threatModels)
    .values({ softwareVersionId: versionId, inheritedFromVersionId: predecessor.id, model: inheritedCopy(predecessor.model), updatedByLabel: actor.label, ...times })
    .returning();
  return [{ action: "inherit", entityType: "threat_model", entityId: after.id, before: null, after }];
}

/**
 * Starts a version's model from another version of the same device model (its predecessor): a copy of that model,
 * remembered as the origin so that the page shows the diff. Refused when it would close a cycle of inheritance, or
 * when the version already has a model and `replace` is not set.
 */
export async function inheritModel(db: Db, actor: Actor, versionId: string, fromVersionId: string, replace: boolean, now: Date) {
  const target = await versionContext(db, versionId);
  const [source] = await db.select().from(softwareVersions).where(eq(softwareVersions.id, fromVersionId)).limit(1);
  if (!source) throw badRequest(`body/fromVersionId: no software version with id "${fromVersionId}"`, [{ path: "body/fromVersionId", message: "unknown software version" }]);
  if (source.deviceModelId !== target.model.id) {
    throw badRequest("body/fromVersionId: a version inherits only from a version of the same device model", [{ path: "body/fromVersionId", message: "another device model's version" }]);
  }
  return audited(db, actor, async (tx) => {
    const links = await tx.select({ v: threatModels.softwareVersionId, from: threatModels.inheritedFromVersionId }).from(threatModels);
    const cycle = inheritanceCycle(versionId, fromVersionId, new Map(links.map((l) => [l.v, l.from])));
    if (cycle) {
      const names = new Map((await tx.select({ id: softwareVersions.id, version: softwareVersions.version }).from(softwareVersions).where(inArray(softwareVersions.id, cycle))).map((v) => [v.id, v.version]));
      throw new AppError(409, "inheritance_cycle", `Inheriting would close a cycle: ${cycle.map((id) => names.get(id) ?? id).join(" → ")}`, [{ path: "body/fromVersionId", message: "closes a cycle" }]);
    }
    const [from] = await tx.select().from(threatModels).where(eq(threatModels.softwareVersionId, fromVersionId)).limit(1);
    if (!from) throw new AppError(422, "no_model", `Version ${source.version} has no threat model to inherit`);
    const [before] = await tx.select().from(threatModels).where(eq(threatModels.softwareVersionId, versionId)).for("update");
    const model = inheritedCopy(from.model);
    const hasContent = before && (before.model.elements.length > 0 || before.model.threats.length > 0);
    // Asking again for the copy the version already holds (e.g. the one it started with when it was created) changes nothing.
    if (hasContent && before.inheritedFromVersionId === fromVersionId && diffModels(model, before.model).unchanged) return { result: before, changes: [] };
    if (hasContent && !replace) {
      throw conflict(`Version ${target.version.version} already has its own threat model; set replace to start over from ${source.version}'s model`);
    }
    const [after] = before
      ? await tx.update(threatModels).set({ model, inheritedFromVersionId: fromVersionId, updatedByLabel: actor.label, updatedAt: now }).where(eq(threatModels.id, before.id)).returning()
      : await tx.insert(threatModels).values({ softwareVersionId: versionId, inheritedFromVersionId: fromVersionId, model, updatedByLabel: actor.label, createdAt: now, updatedAt: now }).returning();
    return { result: after, changes: [{ action: "inherit", entityType: "threat_model", entityId: after.id, before: before ?? null, after }] };
  });
}
