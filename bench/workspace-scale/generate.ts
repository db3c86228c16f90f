// Generates the whole workspace into an empty, migrated database, phase by phase, then brings the planner's
// statistics up to date as autovacuum would on PostgreSQL (VIGIL_BENCH_MAINTENANCE: "vacuum" = VACUUM ANALYZE,
// the default; "analyze"; "none" = as bulk-loaded; the embedded database itself never runs autovacuum).
import { sql } from "drizzle-orm";
import type { Db } from "../../src/server/platform/db/client";
import { rng, timed } from "../support";
import { writeAuditTrail } from "./audit-records";
import type { Counts } from "./counts";
import { writeFindings } from "./finding-records";
import { writeRegisters } from "./registers";
import { writeSboms } from "./sbom-records";
import { RecordsetWriter } from "./writer";

export const MAINTENANCE = (process.env.VIGIL_BENCH_MAINTENANCE ?? "vacuum") as "vacuum" | "analyze" | "none";
if (!["vacuum", "analyze", "none"].includes(MAINTENANCE)) throw new Error(`VIGIL_BENCH_MAINTENANCE must be vacuum, analyze or none, not ${MAINTENANCE}`);

export async function generateWorkspace(db: Db, counts: Counts) {
  const random = rng(20261123);
  const now = Date.now();
  const writer = new RecordsetWriter(db);
  const phases: Array<{ phase: string; ms: number }> = [];
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const r = await timed(async () => {
      const v = await fn();
      await writer.flush();
      return v;
    });
    phases.push({ phase: name, ms: r.ms });
    return r.value;
  };
  const registers = await phase("users, customers, devices, installed base, risks, incidents", () => writeRegisters(writer, counts, random, now));
  const sbom = await phase("SBOMs, components, dependency edges", () => writeSboms(writer, counts, random, registers, now));
  const found = await phase("vulnerabilities, KEV, EPSS, findings", () => writeFindings(writer, counts, random, registers, sbom.index, now));
  const audit = await phase("audit trail (hash-chained)", () => writeAuditTrail(db, writer, counts, random, registers, now));
  const maintenance = await timed(async () => {
    if (MAINTENANCE === "vacuum") await db.execute(sql`VACUUM ANALYZE`);
    else if (MAINTENANCE === "analyze") await db.execute(sql`ANALYZE`);
  });
  return { registers, sbom, found, audit, phases, stats: writer.stats, maintenance: { kind: MAINTENANCE, ms: maintenance.ms } };
}
