import { z } from "zod";
import { type Catalog, type CatalogItem, confidenceSchema, MAPPING_SOURCES, RELATIONSHIPS, STRENGTHS } from "../catalog";
import type { Confidence, MappingSource, Relationship, Strength } from "../catalog";

const ITEM_ID = /^[a-z][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._-]*$/;
const itemId = z.string().regex(ITEM_ID, "must look like <framework>:<local id>, e.g. nis2:art21.2.d");
const nonEmpty = z.string().trim().min(1);
export const CONTROL_ID = /^[A-Z]{2,5}-\d{2,3}$/;

export const libraryMappingSchema = z.strictObject({
  to: itemId,
  relationship: z.enum(RELATIONSHIPS),
  strength: z.enum(STRENGTHS),
  source: z.enum(MAPPING_SOURCES).optional(),
  confidence: confidenceSchema.optional(),
  note: nonEmpty.optional(),
});

export const libraryFileSchema = z.strictObject({
  version: z.number().int().positive(),
  lastReviewed: z.iso.date(),
  library: z.strictObject({ id: nonEmpty, name: nonEmpty }),
  mappingDefaults: z.strictObject({ source: z.enum(MAPPING_SOURCES), confidence: confidenceSchema }),
  frameworks: z
    .array(
      z.strictObject({
        id: nonEmpty,
        optional: z.boolean().optional(),
        roots: z.array(itemId).optional(),
        requirements: z.array(itemId).optional(),
      }),
    )
    .min(1),
  controls: z
    .array(
      z.strictObject({
        id: z.string().regex(CONTROL_ID, "must look like ABC-01"),
        domain: nonEmpty,
        title: nonEmpty,
        description: nonEmpty,
        evidence: z.array(nonEmpty).optional(),
        mappings: z.array(libraryMappingSchema).min(1),
      }),
    )
    .min(1),
});

export interface ControlMapping {
  /** Catalog requirement id. */
  to: string;
  relationship: Relationship;
  strength: Strength;
  source: MappingSource;
  confidence: Confidence;
  note?: string;
}

export interface LibraryControl {
  id: string;
  domain: string;
  title: string;
  description: string;
  /** Kinds of Vigil records that typically evidence the control (sbom, incident, training, …). */
  evidence: string[];
  mappings: ControlMapping[];
}

export interface FrameworkScope {
  id: string;
  optional: boolean;
  /** The catalog items the gap assessment counts for this framework, in catalog order. */
  requirements: string[];
}

export interface ControlLibrary {
  id: string;
  name: string;
  version: number;
  lastReviewed: string;
  controls: LibraryControl[];
  scopes: FrameworkScope[];
}

export interface LibraryProblem {
  path: string;
  reason: string;
}

/** Leaves under `root` (the root itself when it has no children), in catalog order. */
export function leavesUnder(catalog: Catalog, root: string): CatalogItem[] {
  const kids = catalog.children.get(root) ?? [];
  if (kids.length === 0) {
    const item = catalog.items.get(root);
    return item ? [item] : [];
  }
  return kids.flatMap((k) => leavesUnder(catalog, k.id));
}

/** Whether ENISA's 2024/2690 ↔ ISO/IEC 27001 mapping links `cirId` (or a point below it) to one of `isoIds`. */
function enisaSupports(catalog: Catalog, cirId: string, isoIds: Set<string>): boolean {
  const stack = [cirId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const m of catalog.mappingsFrom.get(id) ?? []) if (m.source === "enisa" && isoIds.has(m.to)) return true;
    for (const c of catalog.children.get(id) ?? []) stack.push(c.id);
  }
  return false;
}

/**
 * Checks a parsed control-library file against its schema and the catalog: unique control ids, every mapping target
 * exists and lies in its framework's assessment scope, no control maps twice to one requirement, an `enisa` source
 * is backed by ENISA's mapping. Returns the resolved library (mapping defaults applied) when there is no problem.
 */
export function checkControlLibrary(data: unknown, catalog: Catalog): { library?: ControlLibrary; problems: LibraryProblem[] } {
  const parsed = libraryFileSchema.safeParse(data);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => ({ path: i.path.join("."), reason: i.message })) };
  }
  const file = parsed.data;
  const problems: LibraryProblem[] = [];
  const scopes: FrameworkScope[] = file.frameworks.map((f, i) => {
    if (!catalog.frameworks.has(f.id)) problems.push({ path: `frameworks.${i}.id`, reason: `the catalog has no framework ${f.id}` });
    const ids = new Set<string>();
    for (const root of f.roots ?? []) {
      if (!catalog.items.has(root)) problems.push({ path: `frameworks.${i}.roots`, reason: `the catalog has no item ${root}` });
      for (const leaf of leavesUnder(catalog, root)) ids.add(leaf.id);
    }
    for (const r of f.requirements ?? []) {
      if (!catalog.items.has(r)) problems.push({ path: `frameworks.${i}.requirements`, reason: `the catalog has no item ${r}` });
      ids.add(r);
    }
    for (const id of ids) {
      if (!id.startsWith(`${f.id}:`)) problems.push({ path: `frameworks.${i}`, reason: `${id} is not an item of ${f.id}` });
    }
    return { id: f.id, optional: f.optional ?? false, requirements: [...ids] };
  });
  const inScope = new Set(scopes.flatMap((s) => s.requirements));
  const seen = new Set<string>();
  const controls: LibraryControl[] = file.controls.map((c, i) => {
    if (seen.has(c.id)) problems.push({ path: `controls.${i}.id`, reason: `duplicate control id ${c.id}` });
    seen.add(c.id);
    const targets = new Set<string>();
    const isoIds = new Set(c.mappings.filter((m) => m.to.startsWith("iso27001:")).map((m) => m.to));
    const mappings = c.mappings.map((m, j) => {
      const path = `controls.${i}.mappings.${j}`;
      if (!catalog.items.has(m.to)) problems.push({ path, reason: `${c.id}: the catalog has no requirement ${m.to}` });
      else if (!inScope.has(m.to)) problems.push({ path, reason: `${c.id}: ${m.to} is outside every framework's assessment scope` });
      if (targets.has(m.to)) problems.push({ path, reason: `${c.id}: maps to ${m.to} twice` });
      targets.add(m.to);
      const source = m.source ?? file.mappingDefaults.source;
      if (source === "enisa" && !enisaSupports(catalog, m.to, isoIds)) {
        problems.push({ path, reason: `${c.id}: source enisa, but ENISA's mapping links ${m.to} to none of the control's ISO/IEC 27001 controls` });
      }
      return {
        to: m.to,
        relationship: m.relationship,
        strength: m.strength,
        source,
        confidence: m.confidence ?? file.mappingDefaults.confidence,
        ...(m.note ? { note: m.note } : {}),
      };
    });
    return { id: c.id, domain: c.domain, title: c.title, description: c.description, evidence: c.evidence ?? [], mappings };
  });
  if (problems.length > 0) return { problems };
  return {
    library: { id: file.library.id, name: file.library.name, version: file.version, lastReviewed: file.lastReviewed, controls, scopes },
    problems,
  };
}

export { enisaSupports };
