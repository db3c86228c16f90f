import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../platform/db/client";
import { advisories, advisoryRevisions } from "./schema";

export type PublishedRevision = typeof advisoryRevisions.$inferSelect & { advisoryId: string };

/**
 * The current revision of every published advisory (optionally of some TLP labels or advisories).
 * The TLP filter reads the revision's own label: the working copy may already carry another one.
 */
export async function currentRevisions(db: DbOrTx, filter: { tlps?: string[]; advisoryIds?: string[] } = {}): Promise<PublishedRevision[]> {
  if (filter.advisoryIds && filter.advisoryIds.length === 0) return [];
  const rows = await db
    .select({ revision: advisoryRevisions })
    .from(advisories)
    .innerJoin(advisoryRevisions, and(eq(advisoryRevisions.advisoryId, advisories.id), eq(advisoryRevisions.number, advisories.currentVersion)))
    .where(
      and(
        eq(advisories.published, true),
        filter.tlps ? inArray(advisoryRevisions.tlp, filter.tlps as never[]) : undefined,
        filter.advisoryIds ? inArray(advisories.id, filter.advisoryIds) : undefined,
      ),
    );
  return rows.map((r) => r.revision);
}
