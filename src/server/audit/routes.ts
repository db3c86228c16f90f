import { z } from "zod";
import { diffRecords } from "../../core/audit/chain";
import type { VigilApp } from "../platform/http/types";
import { listAudit, verifyAuditChain } from "./store";

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

export async function auditRoutes(app: VigilApp) {
  const db = () => app.services.database.db;

  app.get(
    "/api/audit",
    {
      config: { access: "audit:read" },
      schema: {
        tags: ["audit"],
        summary: "The audit trail, newest first. Entries cannot be changed or deleted.",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
          entityType: z.string().max(100).optional(),
          entityId: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ total: z.number(), entries: z.array(entrySchema) }) },
      },
    },
    async (request) => {
      const { rows, total } = await listAudit(db(), request.query);
      return {
        total,
        entries: rows.map((r) => ({
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
        })),
      };
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
