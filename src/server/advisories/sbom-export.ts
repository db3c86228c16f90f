import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db/client";
import { sbomComponents, type sboms } from "../sboms/schema";

type SbomRow = typeof sboms.$inferSelect;

/**
 * The SBOM of a version as CycloneDX JSON: the uploaded file itself when it already is one, else a
 * CycloneDX 1.6 document rebuilt from the stored components (SPDX and XML uploads).
 */
export async function sbomAsCycloneDx(db: DbOrTx, sbom: SbomRow, original: Buffer): Promise<{ body: Buffer | string; fileName: string }> {
  const base = sbom.fileName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_") || "sbom";
  if (sbom.format === "cyclonedx" && sbom.encoding === "json") return { body: original, fileName: `${base}.cdx.json` };
  const components = await db.select().from(sbomComponents).where(eq(sbomComponents.sbomId, sbom.id)).orderBy(asc(sbomComponents.position));
  const doc = {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    metadata: { timestamp: sbom.createdAt.toISOString(), tools: { components: [{ type: "application", name: "Vigil" }] } },
    components: components.map((c) => ({
      type: c.type && ["application", "framework", "library", "container", "platform", "operating-system", "device", "device-driver", "firmware", "file"].includes(c.type) ? c.type : "library",
      "bom-ref": c.ref,
      name: c.name,
      ...(c.group ? { group: c.group } : {}),
      ...(c.version ? { version: c.version } : {}),
      ...(c.purl ? { purl: c.purl } : {}),
      ...(c.cpe ? { cpe: c.cpe } : {}),
      ...(c.supplier ? { supplier: { name: c.supplier } } : {}),
      ...(c.licenses.length ? { licenses: c.licenses.map((id) => ({ license: { id } })) } : {}),
    })),
  };
  return { body: JSON.stringify(doc, null, 2), fileName: `${base}.cdx.json` };
}
