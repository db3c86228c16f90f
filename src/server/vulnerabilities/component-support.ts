import { and, asc, eq, sql } from "drizzle-orm";
import { type ComponentSupportStatus, componentSupportStatus, type PortfolioComponentRow } from "../../core/sbom";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { sbomComponents, sboms } from "../sboms/schema";
import { componentSupport } from "./schema";

export interface ComponentSupportRow extends ComponentSupportStatus {
  ref: string;
  purl: string | null;
  name: string;
  version: string | null;
  supplier: string | null;
  /** Where the values came from: entered in Vigil for the purl ("edited"), the SBOM, or nowhere (null). */
  source: "sbom" | "edited" | null;
}

/**
 * Level of support and end of support of each component of a version's current SBOM: a value entered
 * for the purl wins over the SBOM's; nothing known stays "unknown". `sbom` is null when the version has none.
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
  const items = rows.map(({ c, s }) => {
    const supplier = s?.supplier ?? c.supplier;
    const supportLevel = s?.supportLevel ?? c.supportLevel;
    const endOfSupport = s?.endOfSupport ?? c.endOfSupport;
    return {
      ref: c.ref,
      purl: c.purl,
      name: c.group ? `${c.group}/${c.name}` : c.name,
      version: c.version,
      supplier,
      ...componentSupportStatus({ supportLevel, endOfSupport }, today),
      source: s ? ("edited" as const) : supplier || supportLevel || endOfSupport ? ("sbom" as const) : null,
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
      supplier: sql<string | null>`coalesce(${componentSupport.supplier}, ${sbomComponents.supplier})`,
      supportLevel: sql<string | null>`coalesce(${componentSupport.supportLevel}, ${sbomComponents.supportLevel})`,
      endOfSupport: sql<string | null>`coalesce(${componentSupport.endOfSupport}::text, ${sbomComponents.endOfSupport})`,
    })
    .from(sbomComponents)
    .innerJoin(sboms, and(eq(sboms.id, sbomComponents.sbomId), eq(sboms.isCurrent, true)))
    .innerJoin(softwareVersions, eq(softwareVersions.id, sboms.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .leftJoin(componentSupport, eq(componentSupport.purl, sbomComponents.purl));
  return rows.map(({ group, ...r }) => ({ ...r, name: group ? `${group}/${r.name}` : r.name, installedUnits: unitsOf.get(r.versionId) ?? 0 }));
}
