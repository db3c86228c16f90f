import { and, asc, eq, sql } from "drizzle-orm";
import { type ComponentSupportStatus, componentSupportStatus, decidingSupportRule, type PortfolioComponentRow, resolvedSupport, type SupportSource } from "../../core/sbom";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { sbomComponents, sboms } from "../sboms/schema";
import { componentSupport } from "./schema";
import { supportRules } from "./support-rules-schema";

export interface ComponentSupportRow extends ComponentSupportStatus {
  ref: string;
  purl: string | null;
  name: string;
  version: string | null;
  supplier: string | null;
  /** Where the values came from: entered in Vigil for the purl, the SBOM, a support rule, or nowhere (null). */
  source: SupportSource | null;
}

type SupportColumns = { supplier: string | null; supportLevel: string | null; endOfSupport: string | null };

/** A component's support: entered for its purl (an empty field falls back to the SBOM's), the SBOM's, or a rule's. */
function componentSupportOf(
  c: SupportColumns & { purl: string | null; version: string | null },
  s: SupportColumns | null,
  rules: readonly (typeof supportRules.$inferSelect)[],
) {
  const sbom = { supplier: c.supplier, supportLevel: c.supportLevel, endOfSupport: c.endOfSupport };
  const manual = s && { supplier: s.supplier ?? c.supplier, supportLevel: s.supportLevel ?? c.supportLevel, endOfSupport: s.endOfSupport ?? c.endOfSupport };
  return resolvedSupport(sbom, manual, decidingSupportRule(rules, c.purl, c.version));
}

/**
 * Level of support and end of support of each component of a version's current SBOM: a value entered for the purl
 * wins over the SBOM's, which wins over a support rule; nothing known stays "unknown". `sbom` is null when the version has none.
 */
export async function versionComponentSupport(
  db: DbOrTx,
  versionId: string,
  today: string,
): Promise<{ sbom: { id: string; fileName: string } | null; items: ComponentSupportRow[] }> {
  const [sbom] = await db
    .select({ id: sboms.id, fileName: sboms.fileName })
    .from(sboms)
    .where(and(eq(sboms.softwareVersionId, versionId), eq(sboms.isCurrent, true)))
    .limit(1);
  if (!sbom) return { sbom: null, items: [] };
  const rows = await db
    .select({ c: sbomComponents, s: componentSupport })
    .from(sbomComponents)
    .leftJoin(componentSupport, eq(componentSupport.purl, sbomComponents.purl))
    .where(eq(sbomComponents.sbomId, sbom.id))
    .orderBy(asc(sbomComponents.position));
  const rules = await db.select().from(supportRules);
  const items = rows.map(({ c, s }) => {
    const r = componentSupportOf(c, s, rules);
    return {
      ref: c.ref,
      purl: c.purl,
      name: c.group ? `${c.group}/${c.name}` : c.name,
      version: c.version,
      supplier: r.supplier,
      ...componentSupportStatus(r, today),
      source: r.source,
    };
  });
  return { sbom, items };
}

export type SupportFields = { supplier?: string | null; supportLevel?: string | null; endOfSupport?: string | null };

/**
 * Sets what is known of a component's support by purl, wherever it is used. A first entry starts from what the SBOM
 * said, so that fields not given keep their SBOM value. Returns the audit change; throws when no SBOM has the purl.
 */
export async function upsertComponentSupport(tx: DbOrTx, purl: string, fields: SupportFields, updatedBy: string, now: Date) {
  const [before] = await tx.select().from(componentSupport).where(eq(componentSupport.purl, purl)).limit(1);
  if (before) {
    const [updated] = await tx.update(componentSupport).set({ ...fields, updatedBy, updatedAt: now }).where(eq(componentSupport.purl, purl)).returning();
    return { row: updated, change: { action: "update", entityType: "component_support", entityId: purl, before, after: updated } };
  }
  const [used] = await tx
    .select({ supplier: sbomComponents.supplier, supportLevel: sbomComponents.supportLevel, endOfSupport: sbomComponents.endOfSupport })
    .from(sbomComponents)
    .where(eq(sbomComponents.purl, purl))
    .limit(1);
  if (!used) return null;
  const eos = used.endOfSupport && /^\d{4}-\d{2}-\d{2}$/.test(used.endOfSupport) ? used.endOfSupport : null;
  const [created] = await tx
    .insert(componentSupport)
    .values({ purl, supplier: used.supplier, supportLevel: used.supportLevel, endOfSupport: eos, ...fields, updatedBy, updatedAt: now })
    .returning();
  return { row: created, change: { action: "create", entityType: "component_support", entityId: purl, after: created } };
}

/** Every component of every version's current SBOM, with what is known of its support and the units installed. */
export async function portfolioComponentRows(db: DbOrTx): Promise<PortfolioComponentRow[]> {
  const units = await db
    .select({ versionId: installations.softwareVersionId, units: sql<number>`sum(${installations.units})::int` })
    .from(installations)
    .groupBy(installations.softwareVersionId);
  const unitsOf = new Map(units.map((u) => [u.versionId, Number(u.units)]));
  const rows = await db
    .select({
      versionId: softwareVersions.id,
      version: softwareVersions.version,
      deviceModel: deviceModels.name,
      purl: sbomComponents.purl,
      group: sbomComponents.group,
      name: sbomComponents.name,
      componentVersion: sbomComponents.version,
      supplier: sbomComponents.supplier,
      supportLevel: sbomComponents.supportLevel,
      endOfSupport: sbomComponents.endOfSupport,
      manual: { purl: componentSupport.purl, supplier: componentSupport.supplier, supportLevel: componentSupport.supportLevel, endOfSupport: componentSupport.endOfSupport },
    })
    .from(sbomComponents)
    .innerJoin(sboms, and(eq(sboms.id, sbomComponents.sbomId), eq(sboms.isCurrent, true)))
    .innerJoin(softwareVersions, eq(softwareVersions.id, sboms.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .leftJoin(componentSupport, eq(componentSupport.purl, sbomComponents.purl));
  const rules = await db.select().from(supportRules);
  return rows.map(({ group, manual, ...r }) => {
    const { source, ...support } = componentSupportOf({ ...r, version: r.componentVersion }, manual?.purl ? manual : null, rules);
    return { ...r, ...support, source, name: group ? `${group}/${r.name}` : r.name, installedUnits: unitsOf.get(r.versionId) ?? 0 };
  });
}
