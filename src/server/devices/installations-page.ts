import { type AnyColumn, and, asc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { customers, sites } from "../customers/schema";
import type { DbOrTx } from "../platform/db/client";
import { compositeKeyset, containsText, type Page, pageOf, pageRequest, pagingQuery, type SortPart } from "../platform/paging";
import { pastSupport } from "./paging";
import { deviceModels, installations, softwareVersions } from "./schema";

export const INSTALLATION_SORTS = ["customer", "site", "deviceModel", "version", "supportStatus", "endOfSupport", "units", "since"] as const;

export const installationListQuery = z
  .object({
    /** Text in the customer's, site's or device model's name, the model number or the version number. */
    q: z.string().trim().max(200).optional(),
    customerId: z.string().max(100).optional(),
    deviceModelId: z.string().max(100).optional(),
    softwareVersionId: z.string().max(100).optional(),
    /** Only installations of versions past end of support (so marked, or their end-of-support date has gone by), or none of them. */
    pastSupport: z.enum(["true", "false"]).optional(),
    ...pagingQuery(INSTALLATION_SORTS),
  })
  .strict();

export const installationItem = z.object({
  id: z.string(),
  customer: z.string(),
  site: z.string().nullable(),
  deviceModel: z.string(),
  version: z.string(),
  supportStatus: z.string(),
  endOfSupport: z.string().nullable(),
  units: z.number(),
  since: z.string().nullable(),
});

const customerName = sql`${customers.name}`;
const modelName = sql`${deviceModels.name}`;
const versionNumber = sql`${softwareVersions.version}`;
const siteName = sql`coalesce(${sites.name}, '')`;
const noDate = (d: AnyColumn) => sql`coalesce(${d}, '9999-12-31'::date)`;

/** Each sort with the columns that order rows equal in it, so that a customer's installations read by model and version. */
const SORT_KEYS: Record<(typeof INSTALLATION_SORTS)[number], SortPart[]> = {
  customer: [{ expr: customerName }, { expr: modelName }, { expr: versionNumber }],
  site: [{ expr: siteName }, { expr: customerName }],
  deviceModel: [{ expr: modelName }, { expr: versionNumber }, { expr: customerName }],
  version: [{ expr: versionNumber }, { expr: modelName }],
  supportStatus: [{ expr: sql`${softwareVersions.supportStatus}` }, { expr: modelName }, { expr: versionNumber }],
  endOfSupport: [{ expr: noDate(softwareVersions.endOfSupport) }, { expr: modelName }, { expr: versionNumber }],
  units: [{ expr: sql`${installations.units}` }],
  since: [{ expr: noDate(installations.since) }],
};

function filtersOf(q: z.infer<typeof installationListQuery>, today: string) {
  const conditions: SQL[] = [];
  if (q.customerId) conditions.push(eq(installations.customerId, q.customerId));
  if (q.deviceModelId) conditions.push(eq(softwareVersions.deviceModelId, q.deviceModelId));
  if (q.softwareVersionId) conditions.push(eq(installations.softwareVersionId, q.softwareVersionId));
  if (q.pastSupport === "true") conditions.push(pastSupport(today));
  if (q.pastSupport === "false") conditions.push(sql`not ${pastSupport(today)}`);
  if (q.q) conditions.push(containsText(sql`concat_ws(' ', ${customers.name}, ${sites.name}, ${deviceModels.name}, ${deviceModels.modelNumber}, ${softwareVersions.version})`, q.q));
  return and(...conditions);
}

const installationFields = {
  id: installations.id,
  customer: customers.name,
  site: sites.name,
  deviceModel: deviceModels.name,
  version: softwareVersions.version,
  supportStatus: softwareVersions.supportStatus,
  endOfSupport: softwareVersions.endOfSupport,
  units: installations.units,
  since: installations.since,
};

/** Installations with the names of their customer, site, device model and version, and the value a page sorts them by. */
const withNames = (db: DbOrTx, sortValue: SQL<string> = sql<string>`''`) =>
  db
    .select({ ...installationFields, sortValue })
    .from(installations)
    .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .innerJoin(customers, eq(customers.id, installations.customerId))
    .leftJoin(sites, eq(sites.id, installations.siteId));

const withoutSortValue = <T extends { sortValue: string }>({ sortValue: _, ...row }: T) => row;

/** A customer's own installations, for its portal: a few sites' worth, so listed whole. */
export async function customerInstallations(db: DbOrTx, customerId: string) {
  const rows = await withNames(db).where(eq(installations.customerId, customerId)).orderBy(asc(customers.name), asc(deviceModels.name));
  return rows.map(withoutSortValue);
}

/**
 * One page of the installed base: which customer site runs which version, sorted, filtered and counted by the database.
 */
export async function installationPage(db: DbOrTx, q: z.infer<typeof installationListQuery>, today: string) {
  const req = pageRequest(q, { sort: "customer" });
  const filters = filtersOf(q, today);
  const k = compositeKeyset(req, SORT_KEYS[req.sort as (typeof INSTALLATION_SORTS)[number]], installations.id);
  const rows = withNames(db, k.sortValue)
    .where(and(filters, k.where))
    .orderBy(...k.orderBy)
    .limit(k.limit)
    .offset(k.offset);
  // Every installation has a version, model and customer, so the count joins only the tables its filters read.
  let counted = db.select({ total: sql<number>`count(*)::int` }).from(installations).$dynamic();
  if (q.q || q.deviceModelId || q.pastSupport) counted = counted.innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId));
  if (q.q) {
    counted = counted
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .innerJoin(customers, eq(customers.id, installations.customerId))
      .leftJoin(sites, eq(sites.id, installations.siteId));
  }
  const total = counted.where(filters);
  const [found, [{ total: n }]] = await Promise.all([rows, total]);
  const page = pageOf(found, req);
  const items = page.rows.map(withoutSortValue);
  return { items, total: Number(n), nextCursor: page.nextCursor } satisfies Page<z.infer<typeof installationItem>>;
}
