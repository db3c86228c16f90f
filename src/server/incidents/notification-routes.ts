import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { audited } from "../audit/store";
import { notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { notifications } from "./schema";

const notificationView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  targetRole: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const view = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  title: n.title,
  body: n.body,
  link: n.link,
  targetRole: n.targetRole,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

/** The signed-in user's in-app notifications (reminders of reporting clocks and the like). */
export async function notificationRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["notifications"];

  app.get(
    "/api/notifications",
    {
      config: { access: "authenticated" },
      schema: {
        tags,
        summary: "My notifications, newest first",
        querystring: z.object({ unread: z.enum(["true", "false"]).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
        response: { 200: z.object({ unread: z.number(), items: z.array(notificationView) }) },
      },
    },
    async (request) => {
      const userId = request.principal!.userId;
      const mine = eq(notifications.userId, userId);
      const [rows, [{ unread }]] = await Promise.all([
        db()
          .select()
          .from(notifications)
          .where(request.query.unread === "true" ? and(mine, isNull(notifications.readAt)) : mine)
          .orderBy(desc(notifications.createdAt))
          .limit(request.query.limit),
        db().select({ unread: sql<number>`count(*)::int` }).from(notifications).where(and(mine, isNull(notifications.readAt))),
      ]);
      return { unread: Number(unread), items: rows.map(view) };
    },
  );

  app.post(
    "/api/notifications/:id/read",
    {
      config: { access: "authenticated" },
      schema: { tags, summary: "Mark one of my notifications read", params: z.object({ id: z.string().min(1).max(100) }), response: { 200: notificationView } },
    },
    async (request) => {
      const userId = request.principal!.userId;
      const [before] = await db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, request.params.id), eq(notifications.userId, userId)))
        .limit(1);
      if (!before) throw notFound("Notification");
      if (before.readAt) return view(before);
      const after = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [r] = await tx.update(notifications).set({ readAt: app.services.now() }).where(eq(notifications.id, before.id)).returning();
        return { result: r, changes: [{ action: "read", entityType: "notification", entityId: r.id, before: { readAt: null }, after: { readAt: r.readAt } }] };
      });
      return view(after);
    },
  );

  app.post(
    "/api/notifications/read-all",
    { config: { access: "authenticated" }, schema: { tags, summary: "Mark all my notifications read", response: { 200: z.object({ marked: z.number() }) } } },
    async (request) => {
      const userId = request.principal!.userId;
      const marked = await audited(db(), actorOf(request.principal!), async (tx) => {
        const rows = await tx
          .update(notifications)
          .set({ readAt: app.services.now() })
          .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
          .returning({ id: notifications.id });
        return {
          result: rows.length,
          changes: rows.length ? [{ action: "read", entityType: "notification", entityId: null, after: { ids: rows.map((r) => r.id) } }] : [],
        };
      });
      return { marked };
    },
  );
}
