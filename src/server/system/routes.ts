import { sql } from "drizzle-orm";
import { z } from "zod";
import { jobs } from "../platform/jobs/schema";
import { notFound } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import { eq } from "drizzle-orm";

export async function systemRoutes(app: VigilApp) {
  const { services } = app;

  app.get(
    "/api/health",
    {
      config: { access: "public" },
      schema: { tags: ["system"], summary: "Liveness and database reachability", response: { 200: z.object({ status: z.literal("ok"), database: z.string() }), 503: z.unknown() } },
    },
    async (_request, reply) => {
      try {
        await services.database.db.execute(sql`SELECT 1`);
        return { status: "ok" as const, database: services.database.kind };
      } catch {
        return reply.status(503).send({ error: { code: "database_unavailable", message: "The database is not reachable" } });
      }
    },
  );

  app.get(
    "/api/jobs/:id",
    {
      config: { access: "jobs:read" },
      schema: {
        tags: ["system"],
        summary: "Status and progress of a background job",
        params: z.object({ id: z.string().min(1).max(100) }),
        response: {
          200: z.object({
            id: z.string(),
            queue: z.string(),
            status: z.string(),
            attempts: z.number(),
            progress: z.unknown(),
            result: z.unknown(),
            lastError: z.string().nullable(),
            createdAt: z.string(),
            finishedAt: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const [job] = await services.database.db.select().from(jobs).where(eq(jobs.id, request.params.id)).limit(1);
      if (!job) throw notFound("Job");
      return {
        id: job.id,
        queue: job.queue,
        status: job.status,
        attempts: job.attempts,
        progress: job.progress,
        result: job.result,
        lastError: job.lastError,
        createdAt: job.createdAt.toISOString(),
        finishedAt: job.finishedAt?.toISOString() ?? null,
      };
    },
  );
}
