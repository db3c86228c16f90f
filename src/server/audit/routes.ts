import { z } from "zod";
import { diffRecords } from "../../core/audit/chain";
import { contentDisposition } from "../incidents/evidence";
import { allPages, csvStream, EXPORT_BATCH } from "../platform/csv";
import type { VigilApp } from "../platform/http/types";
import { pagingQuery } from "../platform/paging";
import type { auditLog } from "./schema";
import { listAudit, verifyAuditChain } from "./store";

type AuditRow = typeof auditLog.$inferSelect;

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
  prevHash: z.string(),
});

const auditFilterQuery = {
  entityType: z.string().max(100).optional(),
  /** Narrows only together with entityType. */
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  actorLabel: z.string().max(200).optional(),
};

const auditListQuery = z
  .object({
    ...auditFilterQuery,
    ...pagingQuery(["seq"]),
    /** Entries to skip: the older way to page, kept for existing callers. */
    offset: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").optional(),
  })
  .strict();

const auditExportQuery = z.object({ ...auditFilterQuery, format: z.enum(["csv"]).default("csv") }).strict();

const AUDIT_CSV_COLUMNS = ["seq", "at", "actor_id", "actor_label", "action", "entity_type", "entity_id", "before", "after", "prev_hash", "hash"] as const;

const auditCsvCells = (r: AuditRow) => [
  r.seq,
  r.at.toISOString(),
  r.actorId,
  r.actorLabel,
  r.action,
  r.entityType,
  r.entityId,
  r.before == null ? "" : JSON.stringify(r.before),
  r.after == null ? "" : JSON.stringify(r.after),
  r.prevHash,
  r.hash,
];

const entryView = (r: AuditRow) => ({
  seq: r.seq,
  at: r.at.toISOString(),
  actorId: r.actorId,
  actorLabel: r.actorLabel,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  changes: diffRecords(r.before, r.after),
  before: r.before ?? null,
  after: r.after ?? null,
  hash: r.hash,
  prevHash: r.prevHash,
});

export async function auditRoutes(app: VigilApp) {
  const db = () => app.services.database.db;

  app.get(
    "/api/audit",
    {
      config: { access: "audit:read" },
      schema: {
        tags: ["audit"],
        summary: "The audit trail, newest first. Entries cannot be changed or deleted.",
        description:
          "50 entries a time unless `limit` says otherwise; `cursor` (the previous answer's `nextCursor`) continues after its last entry by sequence number, stable while entries are appended; `page` or `offset` jump.",
        querystring: auditListQuery,
        response: { 200: z.object({ total: z.number(), entries: z.array(entrySchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { rows, total, nextCursor } = await listAudit(db(), request.query);
      return { total, entries: rows.map(entryView), nextCursor };
    },
  );

  app.get(
    "/api/audit/export",
    {
      config: { access: "audit:read" },
      schema: {
        tags: ["audit"],
        summary: "The audit trail as CSV, oldest first, with the list's filters; streamed in batches read by sequence number",
        querystring: auditExportQuery,
      },
    },
    async (request, reply) => {
      const filters = request.query;
      const batches = allPages((cursor) => listAudit(db(), { ...filters, order: "asc", limit: EXPORT_BATCH, cursor, count: false }).then((p) => ({ items: p.rows, nextCursor: p.nextCursor })));
      const name = `audit-log-${app.services.now().toISOString().slice(0, 10)}.csv`;
      return reply.type("text/csv; charset=utf-8").header("content-disposition", contentDisposition(name)).send(csvStream(AUDIT_CSV_COLUMNS, batches, auditCsvCells));
    },
  );

  app.get(
    "/api/audit/verify",
    {
      config: { access: "audit:read" },
      schema: {
        tags: ["audit"],
        summary: "Verify the hash chain; names the first broken entry if any",
        response: {
          200: z.object({
            intact: z.boolean(),
            entries: z.number(),
            lastHash: z.string().optional(),
            firstBrokenSeq: z.number().optional(),
            reason: z.string().optional(),
          }),
        },
      },
    },
    async () => verifyAuditChain(db()),
  );
}
