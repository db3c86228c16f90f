import { asc } from "drizzle-orm";
import { z } from "zod";
import { regimeOf, regimeView } from "../devices/regime";
import { deviceModels } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";

export const productRegimeView = z.object({ id: z.string(), name: z.string(), modelNumber: z.string(), kind: z.string(), regime: regimeView });

/** Every device model and other product with the regulation that governs its cybersecurity. */
export async function productRegimes(db: DbOrTx) {
  const rows = await db.select().from(deviceModels).orderBy(asc(deviceModels.name));
  return rows.map((m) => ({ id: m.id, name: m.name, modelNumber: m.modelNumber, kind: m.kind, regime: regimeOf(m) }));
}
