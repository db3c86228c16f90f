// Generates the whole workspace into an empty, migrated database, phase by phase, then brings the planner's
// statistics up to date as a running Vigil would have them. VIGIL_BENCH_MAINTENANCE: "product" (default: VACUUM
// ANALYZE on PostgreSQL, as its autovacuum does; on the embedded database, which has no autovacuum, Vigil's own
// statistics job), "vacuum", "analyze", or "none" (as bulk-loaded).
import { sql } from "drizzle-orm";
import type { Database } from "../../src/server/platform/db/client";
import { refreshStatistics } from "../../src/server/platform/db/statistics";
import { rng, timed } from "../support";
import { writeAuditTrail } from "./audit-records";
import type { Counts } from "./counts";
import { writeFindings } from "./finding-records";
import { writeRegisters } from "./registers";
import { writeSboms } from "./sbom-records";
import { RecordsetWriter } from "./writer";

const MAINTENANCE = (process.env.VIGIL_BENCH_MAINTENANCE ?? "product") as "product" | "vacuum" | "analyze" | "none";
if (!["product", "vacuum", "analyze", "none"].includes(MAINTENANCE)) throw new Error(`VIGIL_BENCH_MAINTENANCE must be product, vacuum, analyze or none, not ${MAINTENANCE}`);

async function maintain(database: Database): Promise<string> {
  const kind = MAINTENANCE === "product" ? (database.kind === "postgres" ? "vacuum" : "job") : MAINTENANCE;
  if (kind === "vacuum") await database.db.execute(sql`VACUUM ANALYZE`);
  if (kind === "analyze") await database.db.execute(sql`ANALYZE`);
  if (kind === "job") await refreshStatistics(database);
  return {
    vacuum: "VACUUM ANALYZE after the bulk load",
    analyze: "ANALYZE after the bulk load",
    job: "statistics job (VACUUM ANALYZE) after the bulk load",
    none: "no VACUUM or ANALYZE (VIGIL_BENCH_MAINTENANCE=none)",
  }[kind];
}

export async function generateWorkspace(database: Database, counts: Counts) {
  const db = database.db;
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
  const maintenance = await timed(() => maintain(database));
  return { registers, sbom, found, audit, phases, stats: writer.stats, maintenance: { what: maintenance.value, ms: maintenance.ms } };
}
