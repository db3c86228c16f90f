import { asc, inArray, sql } from "drizzle-orm";
import type { Catalog } from "../../core/catalog";
import {
  type ControlLibrary,
  type ControlLink,
  type ControlState,
  type CustomFrameworkInput,
  type Derivation,
  deriveRequirements,
  type FrameworkCoverage,
  type FrameworkModel,
  frameworkCoverage,
  buildFrameworkModels,
  type RequirementLink,
  type SnapshotContent,
} from "../../core/compliance";
import { users } from "../accounts/schema";
import { type Actor, type AuditChange, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import {
  complianceControlEvidence,
  complianceControls,
  complianceEvidence,
  complianceFrameworks,
  complianceRequirements,
} from "./schema";

export type ControlRow = typeof complianceControls.$inferSelect;
export type EvidenceRow = typeof complianceEvidence.$inferSelect;

/** Kinds of Vigil records evidence may point at, and the table that holds them. */
export const RECORD_TABLES: Record<string, string> = {
  sbom: "sboms",
  incident: "incidents",
  training: "training_campaigns",
  backup_restore_test: "backup_restore_tests",
  risk: "risks",
  policy: "policies",
  supplier: "suppliers",
  advisory: "advisories",
  bc_exercise: "bc_exercises",
  device_model: "device_models",
};

/** The table of a record kind; own properties only, so `constructor` or `__proto__` are unknown kinds. */
export function recordTableOf(kind: string): string | undefined {
  return Object.hasOwn(RECORD_TABLES, kind) ? RECORD_TABLES[kind] : undefined;
}

/** Whether the referenced record exists (tables of other domains are only read, by name). */
export async function recordExists(db: DbOrTx, kind: string, id: string): Promise<boolean> {
  const table = recordTableOf(kind);
  if (!table) return false;
  const res = await db.execute(sql`SELECT 1 AS one FROM ${sql.identifier(table)} WHERE id = ${id} LIMIT 1`);
  const rows = (res as unknown as { rows?: unknown[] }).rows ?? (res as unknown as unknown[]);
  return Array.isArray(rows) && rows.length > 0;
}

/** Evidence is expired when its validity ended before `today` (YYYY-MM-DD). */
export const isExpired = (e: Pick<EvidenceRow, "validUntil">, today: string) => e.validUntil !== null && e.validUntil < today;

export const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/** Adopts every library control the workspace does not have yet (new library versions bring new controls). */
export async function adoptLibrary(db: Db, actor: Actor, library: ControlLibrary): Promise<number> {
  return audited(db, actor, async (tx) => {
    const have = new Set((await tx.select({ libraryId: complianceControls.libraryId }).from(complianceControls)).map((r) => r.libraryId));
    const missing = library.controls.filter((c) => !have.has(c.id));
    if (missing.length === 0) return { result: 0, changes: [] };
    await tx.insert(complianceControls).values(
      missing.map((c) => ({
        code: c.id,
        libraryId: c.id,
        libraryVersion: library.version,
        domain: c.domain,
        title: c.title,
        description: c.description,
        links: [],
        mappings: [],
      })),
    );
    const changes: AuditChange[] = [
      { action: "adopt", entityType: "control_library", entityId: library.id, after: { version: library.version, controls: missing.map((c) => c.id) } },
    ];
    return { result: missing.length, changes };
  });
}

export interface Assessment {
  rows: ControlRow[];
  byCode: Map<string, ControlRow>;
  states: ControlState[];
  stateByCode: Map<string, ControlState>;
  links: ControlLink[];
  requirementLinks: RequirementLink[];
  models: FrameworkModel[];
  derivations: Map<string, Derivation>;
  coverage: FrameworkCoverage[];
  evidenceByControl: Map<string, (EvidenceRow & { expired: boolean })[]>;
  customRequirements: (typeof complianceRequirements.$inferSelect)[];
  customFrameworks: (typeof complianceFrameworks.$inferSelect)[];
  ownerNames: Map<string, string>;
}

/** Reads the organisation's controls, evidence and imported frameworks and derives every requirement's status. */
export async function loadAssessment(db: DbOrTx, catalog: Catalog, library: ControlLibrary, now: Date): Promise<Assessment> {
  const today = todayOf(now);
  const [rows, evidenceLinks, frameworks, requirements, owners] = await Promise.all([
    db.select().from(complianceControls).orderBy(asc(complianceControls.code)),
    db
      .select({ controlId: complianceControlEvidence.controlId, evidence: complianceEvidence })
      .from(complianceControlEvidence)
      .innerJoin(complianceEvidence, sql`${complianceEvidence.id} = ${complianceControlEvidence.evidenceId}`),
    db.select().from(complianceFrameworks).orderBy(asc(complianceFrameworks.key)),
    db.select().from(complianceRequirements).orderBy(asc(complianceRequirements.frameworkId), asc(complianceRequirements.position)),
    db.select({ id: users.id, name: users.name }).from(users),
  ]);
  const evidenceByControl = new Map<string, (EvidenceRow & { expired: boolean })[]>();
  for (const l of evidenceLinks) {
    const list = evidenceByControl.get(l.controlId) ?? [];
    list.push({ ...l.evidence, expired: isExpired(l.evidence, today) });
    evidenceByControl.set(l.controlId, list);
  }
  const libById = new Map(library.controls.map((c) => [c.id, c]));
  const states: ControlState[] = rows.map((r) => ({
    id: r.code,
    title: r.title,
    applicable: r.applicable,
    status: r.status,
    needsReview: (evidenceByControl.get(r.id) ?? []).some((e) => e.expired) && (r.status === "implemented" || r.status === "partial"),
  }));
  const links: ControlLink[] = [];
  for (const r of rows) {
    // The organisation's own decision on a requirement (confirmed, re-rated or dismissed as not_related) replaces the library's link.
    const decided = new Set(r.mappings.map((m) => m.requirement));
    for (const m of r.libraryId ? (libById.get(r.libraryId)?.mappings ?? []) : []) {
      if (decided.has(m.to)) continue;
      links.push({ control: r.code, requirement: m.to, relationship: m.relationship, strength: m.strength, source: m.source, origin: "library", ...(m.note ? { note: m.note } : {}) });
    }
    for (const m of r.mappings) {
      links.push({ control: r.code, requirement: m.requirement, relationship: m.relationship, strength: m.strength, source: "organisation", origin: m.origin, ...(m.note ? { note: m.note } : {}) });
    }
  }
  const requirementLinks: RequirementLink[] = catalog.mappings.map((m) => ({
    from: m.from,
    to: m.to,
    relationship: m.relationship,
    strength: m.strength,
    source: m.source,
    ...(m.note ? { note: m.note } : {}),
  }));
  const fwKey = new Map(frameworks.map((f) => [f.id, f.key]));
  const custom: CustomFrameworkInput[] = frameworks.map((f) => ({
    id: f.key,
    name: f.name,
    requirements: requirements
      .filter((q) => q.frameworkId === f.id)
      .map((q) => ({ id: q.requirementId, title: q.title, ...(q.parent ? { parent: q.parent } : {}) })),
  }));
  for (const q of requirements) {
    for (const m of q.mappings) {
      if (m.control) links.push({ control: m.control, requirement: q.requirementId, relationship: m.relationship, strength: m.strength, source: "organisation", origin: "organisation", ...(m.note ? { note: m.note } : {}) });
      if (m.requirement) requirementLinks.push({ from: m.requirement, to: q.requirementId, relationship: m.relationship, strength: m.strength, source: `import:${fwKey.get(q.frameworkId)}`, ...(m.note ? { note: m.note } : {}) });
    }
  }
  const models = buildFrameworkModels(catalog, library, custom);
  const derivations = deriveRequirements({
    requirements: models.flatMap((m) => m.requirements.map((r) => r.id)),
    controls: states,
    links,
    requirementLinks,
  });
  return {
    rows,
    byCode: new Map(rows.map((r) => [r.code, r])),
    states,
    stateByCode: new Map(states.map((s) => [s.id, s])),
    links,
    requirementLinks,
    models,
    derivations,
    coverage: models.map((m) => frameworkCoverage(m, derivations)),
    evidenceByControl,
    customRequirements: requirements,
    customFrameworks: frameworks,
    ownerNames: new Map(owners.map((o) => [o.id, o.name])),
  };
}

/** The frozen form of an assessment. */
export function snapshotContent(a: Assessment, catalog: Catalog, library: ControlLibrary): SnapshotContent {
  return {
    libraryVersion: library.version,
    catalogVersion: catalog.version,
    controls: a.rows.map((r) => ({
      id: r.code,
      title: r.title,
      status: r.status,
      applicable: r.applicable,
      needsReview: a.stateByCode.get(r.code)?.needsReview ?? false,
      maturity: r.maturity,
    })),
    requirements: Object.fromEntries([...a.derivations].map(([id, d]) => [id, d.status])),
    frameworks: a.coverage.map((c) => ({ id: c.id, name: c.name, percent: c.percent, met: c.met, partial: c.partial, total: c.total })),
  };
}

/** Canonical JSON (sorted keys) so that equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export async function controlsByIds(db: DbOrTx, ids: string[]): Promise<ControlRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(complianceControls).where(inArray(complianceControls.id, ids));
}
