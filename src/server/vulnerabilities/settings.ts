import { eq } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_SLA, type SlaConfig } from "../../core/scoring";
import type { DbOrTx } from "../platform/db/client";
import { settings } from "../settings/schema";

export const SLA_KEY = "vulnerabilities.remediation_sla";

const days = z.number().int().min(1).max(3650);
export const remediationSlaSchema = z
  .object({
    days: z.object({ critical: days, high: days, medium: days, low: days }).strict(),
    /** KEV-listed findings are due within at most this many days. */
    kevMaxDays: days,
    /** The devices are on the US market: the FDA postmarket and FD&C §524B timers are shown. */
    usMarket: z.boolean(),
    /** The devices are "cyber devices" under FD&C §524B(c). */
    cyberDevice: z.boolean(),
  })
  .strict();
export type RemediationSla = z.infer<typeof remediationSlaSchema>;

export const DEFAULT_REMEDIATION_SLA: RemediationSla = { days: { ...DEFAULT_SLA.days }, kevMaxDays: DEFAULT_SLA.kevMaxDays, usMarket: false, cyberDevice: false };

export async function getRemediationSla(db: DbOrTx): Promise<RemediationSla> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SLA_KEY)).limit(1);
  if (!row) return DEFAULT_REMEDIATION_SLA;
  const parsed = remediationSlaSchema.safeParse({ ...DEFAULT_REMEDIATION_SLA, ...(row.value as object) });
  return parsed.success ? parsed.data : DEFAULT_REMEDIATION_SLA;
}

export function slaConfigOf(sla: RemediationSla): SlaConfig {
  return { days: sla.days, kevMaxDays: sla.kevMaxDays };
}
