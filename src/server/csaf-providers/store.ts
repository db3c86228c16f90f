import { asc, count, eq } from "drizzle-orm";
import { type Actor, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { badRequest, conflict } from "../platform/http/errors";
import { suppliers } from "../suppliers/schema";
import { queuedFetch } from "./jobs";
import { csafProviderDocuments, csafProviders } from "./schema";

export type CsafProviderRow = typeof csafProviders.$inferSelect;
export type NewCsafProvider = { name: string; kind: CsafProviderRow["kind"]; url?: string; supplierId?: string | null; intervalHours: number };

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A provider as the API and the CLI show it: its source, the outcome of its last fetch or upload, its document count. */
export async function providerView(db: DbOrTx, p: CsafProviderRow) {
  const [supplier] = p.supplierId ? await db.select({ name: suppliers.name }).from(suppliers).where(eq(suppliers.id, p.supplierId)).limit(1) : [];
  const [docs] = await db.select({ n: count() }).from(csafProviderDocuments).where(eq(csafProviderDocuments.providerId, p.id));
  const next = await queuedFetch(db, p.id);
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    url: p.url,
    supplierId: p.supplierId,
    supplierName: supplier?.name ?? null,
    intervalHours: p.intervalHours,
    lastFetchAt: iso(p.lastFetchAt),
    lastGoodFetchAt: iso(p.lastGoodFetchAt),
    lastError: p.lastError,
    problems: p.lastProblems,
    nextFetchAt: iso(next?.runAt ?? null),
    documentCount: docs.n,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function listProviders(db: DbOrTx) {
  return Promise.all((await db.select().from(csafProviders).orderBy(asc(csafProviders.name))).map((p) => providerView(db, p)));
}

/** Registers a provider; the caller queues the first fetch of one fetched from its URL. */
export async function registerProvider(db: Db, input: NewCsafProvider, actor: Actor, now: Date): Promise<CsafProviderRow> {
  const { supplierId, ...rest } = input;
  return audited(db, actor, async (tx) => {
    if (supplierId) {
      const [s] = await tx.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.id, supplierId)).limit(1);
      if (!s) throw badRequest("No such supplier", [{ path: "body/supplierId", message: "not a supplier of the register" }]);
    }
    const [same] = rest.url ? await tx.select({ id: csafProviders.id }).from(csafProviders).where(eq(csafProviders.url, rest.url)).limit(1) : [];
    if (same) throw conflict("This provider is already registered", [{ path: "body/url", message: `registered as provider ${same.id}` }]);
    const [created] = await tx
      .insert(csafProviders)
      .values({ ...rest, url: rest.url ?? null, supplierId: supplierId ?? null, lastProblems: [], createdBy: actor.label, createdAt: now, updatedAt: now })
      .returning();
    return { result: created, changes: [{ action: "create", entityType: "csaf_provider", entityId: created.id, after: created }] };
  });
}
