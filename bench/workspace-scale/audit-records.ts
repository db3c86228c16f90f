// The audit trail of the last days: entries chained exactly as recordAudit chains them (the core's canonical JSON
// and SHA-256 over the previous hash), appended after whatever the log already holds, oldest first.
import { desc } from "drizzle-orm";
import { type AuditEntryContent, GENESIS_HASH, hashAuditEntry } from "../../src/core/audit/chain";
import { auditLog } from "../../src/server/audit/schema";
import { auditSnapshot } from "../../src/server/audit/store";
import type { Db } from "../../src/server/platform/db/client";
import type { Counts } from "./counts";
import type { Registers } from "./registers";
import type { RecordsetWriter } from "./writer";

const DAY = 86_400_000;
const BATCH = 5_000;
const STATUSES = ["under_investigation", "affected", "not_affected", "fixed"];

type Change = Pick<AuditEntryContent, "action" | "entityType" | "entityId" | "before" | "after"> & { system?: boolean };

/** What a day of a busy workspace writes: mostly automatic finding updates from feed matching, then people's work. */
function changeAt(random: () => number, registers: Registers, n: number): Change {
  const r = random();
  const version = registers.versions[n % registers.versions.length];
  if (r < 0.5) {
    return {
      system: true,
      action: "update",
      entityType: "finding",
      entityId: crypto.randomUUID(),
      before: { lastSeenAt: new Date(Date.UTC(2026, 9, 1)).toISOString(), priority: "medium", priorityScore: 55 },
      after: { lastSeenAt: new Date(Date.UTC(2026, 10, 1)).toISOString(), priority: "high", priorityScore: 72.5 },
    };
  }
  if (r < 0.75) {
    const from = STATUSES[Math.floor(random() * 2)];
    return {
      action: "update",
      entityType: "finding",
      entityId: crypto.randomUUID(),
      before: { status: from, justification: null, detail: null },
      after: { status: "not_affected", justification: "vulnerable_code_not_in_execute_path", detail: `Reviewed for ${version.version}: the affected function is not called.` },
    };
  }
  if (r < 0.85) return { action: "login", entityType: "user", entityId: registers.users[n % registers.users.length].id, before: null, after: { ip: "10.0.0.1" } };
  if (r < 0.95) {
    return {
      action: "update",
      entityType: "risk",
      entityId: crypto.randomUUID(),
      before: { residualLikelihood: 3, status: "treating", treatmentPlan: "" },
      after: { residualLikelihood: 2, status: "treating", treatmentPlan: "Segment the service network; rotate credentials quarterly." },
    };
  }
  return {
    action: "import",
    entityType: "sbom",
    entityId: crypto.randomUUID(),
    before: null,
    after: { softwareVersionId: version.id, fileName: `${version.version}.cdx.json`, components: 500, dependencies: 500, warnings: 0, diff: { added: 3, removed: 1, changed: 12, unchanged: 484, versionChanges: 12 } },
  };
}

/** Writes `auditDays × auditPerDay` entries ending now; returns how many. */
export async function writeAuditTrail(db: Db, writer: RecordsetWriter, counts: Counts, random: () => number, registers: Registers, now: number): Promise<number> {
  await writer.flush();
  const [last] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const total = counts.auditDays * counts.auditPerDay;
  const start = now - counts.auditDays * DAY;
  const step = (counts.auditDays * DAY) / total;
  let rows: Array<typeof auditLog.$inferInsert> = [];
  for (let n = 0; n < total; n++) {
    const change = changeAt(random, registers, n);
    const actor = change.system ? { id: null, label: "system" } : registers.users[1 + (n % (registers.users.length - 1))];
    const content: AuditEntryContent = {
      seq: ++seq,
      at: new Date(Math.floor(start + n * step)).toISOString(),
      actorId: actor.id,
      actorLabel: actor.label,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: auditSnapshot(change.before),
      after: auditSnapshot(change.after),
      prevHash,
    };
    const hash = hashAuditEntry(content);
    rows.push({ ...content, at: new Date(content.at), hash });
    prevHash = hash;
    if (rows.length >= BATCH) {
      await writer.write(auditLog, rows);
      rows = [];
    }
  }
  await writer.write(auditLog, rows);
  await writer.flush();
  return total;
}
