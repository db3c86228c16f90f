import { asc, eq, getTableColumns } from "drizzle-orm";
import { z } from "zod";
import { customers, sites } from "../customers/schema";
import type { DbOrTx } from "../platform/db/client";
import { notFound } from "../platform/http/errors";
import { sboms } from "../sboms/schema";
import { sbomSummary, sbomSummaryView } from "../sboms/views";
import { deviceModels, installations, softwareVersions } from "./schema";

export const versionDetailView = z.object({
  id: z.string(),
  version: z.string(),
  releaseDate: z.string().nullable(),
  supportStatus: z.string(),
  endOfSupport: z.string().nullable(),
  deviceModel: z.object({ id: z.string(), name: z.string(), modelNumber: z.string(), softwareSafetyClass: z.string().nullable(), connectivity: z.array(z.string()) }),
  installedUnits: z.number(),
  sites: z.number(),
  installations: z.array(
    z.object({ id: z.string(), customerId: z.string(), customer: z.string(), siteId: z.string().nullable(), site: z.string().nullable(), units: z.number(), since: z.string().nullable() }),
  ),
  currentSbom: sbomSummaryView.nullable(),
  sbomCount: z.number(),
});

/** What a version-detail page shows first: the version, its model, where it runs and its current SBOM. */
export async function loadVersionDetail(db: DbOrTx, id: string): Promise<z.infer<typeof versionDetailView>> {
  const [row] = await db
    .select({ v: softwareVersions, m: deviceModels })
    .from(softwareVersions)
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(eq(softwareVersions.id, id))
    .limit(1);
  if (!row) throw notFound("Software version");
  const inst = await db
    .select({ i: installations, customer: customers.name, site: sites.name })
    .from(installations)
    .innerJoin(customers, eq(customers.id, installations.customerId))
    .leftJoin(sites, eq(sites.id, installations.siteId))
    .where(eq(installations.softwareVersionId, id))
    .orderBy(asc(customers.name), asc(sites.name));
  const { fileGzip: _f, ...summaryColumns } = getTableColumns(sboms);
  const sbomRows = await db.select(summaryColumns).from(sboms).where(eq(sboms.softwareVersionId, id));
  const current = sbomRows.find((s) => s.isCurrent) ?? null;
  return {
    id: row.v.id,
    version: row.v.version,
    releaseDate: row.v.releaseDate,
    supportStatus: row.v.supportStatus,
    endOfSupport: row.v.endOfSupport,
    deviceModel: { id: row.m.id, name: row.m.name, modelNumber: row.m.modelNumber, softwareSafetyClass: row.m.softwareSafetyClass, connectivity: row.m.connectivity },
    installedUnits: inst.reduce((n, r) => n + r.i.units, 0),
    sites: new Set(inst.map((r) => r.i.siteId ?? r.i.customerId)).size,
    installations: inst.map((r) => ({ id: r.i.id, customerId: r.i.customerId, customer: r.customer, siteId: r.i.siteId, site: r.site, units: r.i.units, since: r.i.since })),
    currentSbom: current ? sbomSummary(current) : null,
    sbomCount: sbomRows.length,
  };
}
