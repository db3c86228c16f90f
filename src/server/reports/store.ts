import { createHash } from "node:crypto";
import { desc } from "drizzle-orm";
import { type Actor, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { generatedReports } from "./schema";

export type ReportKind = "board_report" | "evidence_pack" | "registers" | "premarket_package";

/** Records that a document was produced (what, by whom, its SHA-256) in the same transaction as its audit entry. */
export async function recordGenerated(
  db: Db,
  actor: Actor,
  doc: { kind: ReportKind; title: string; fileName: string; mediaType: string; bytes: Uint8Array; parameters: Record<string, unknown>; now: Date },
) {
  const sha256 = createHash("sha256").update(doc.bytes).digest("hex");
  return audited(db, actor, async (tx) => {
    const [row] = await tx
      .insert(generatedReports)
      .values({ kind: doc.kind, title: doc.title, fileName: doc.fileName, mediaType: doc.mediaType, size: doc.bytes.length, sha256, parameters: doc.parameters, generatedBy: actor.label, generatedAt: doc.now })
      .returning();
    return { result: row, changes: [{ action: "generate", entityType: "generated_report", entityId: row.id, after: { ...row, generatedAt: row.generatedAt.toISOString() } }] };
  });
}

export async function listGenerated(db: DbOrTx) {
  const rows = await db.select().from(generatedReports).orderBy(desc(generatedReports.generatedAt)).limit(500);
  return rows.map((r) => ({ ...r, generatedAt: r.generatedAt.toISOString() }));
}
