import { and, asc, eq } from "drizzle-orm";
import { type ComponentSupportStatus, componentSupportStatus } from "../../core/sbom";
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
