import { eq } from "drizzle-orm";
import { z } from "zod";
import { audited } from "../audit/store";
import { badRequest } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { settings } from "../settings/schema";
import { recentDeliveries } from "./deliver";
import { notificationPreferences } from "./schema";
import { outboundAllowList } from "../platform/net/outbound";
import { getWebhook, newWebhookSecret, postWebhook, WEBHOOK_KEY, webhookInput } from "./webhook";

const emailMode = z.enum(["immediate", "daily", "off"]);
const preferencesView = z.object({
  email: emailMode,
  /** Whether this Vigil has an SMTP server configured; without one, e-mail preferences wait for it. */
  emailAvailable: z.boolean(),
});
const webhookView = z.object({ configured: z.boolean(), url: z.string().nullable(), enabled: z.boolean(), hasSecret: z.boolean(), since: z.string().nullable() });

/** E-mail preferences of each user, the workspace webhook, and the record of outside deliveries. */
export async function notificationDeliveryRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["notifications"];
  const emailAvailable = () => Boolean(app.services.config.smtpUrl);

  app.get(
    "/api/notifications/preferences",
    { config: { access: "session" }, schema: { tags, summary: "My e-mail notification preference", response: { 200: preferencesView } } },
    async (request) => {
      const [row] = await db().select().from(notificationPreferences).where(eq(notificationPreferences.userId, request.principal!.userId)).limit(1);
      return { email: emailMode.parse(row?.email ?? "immediate"), emailAvailable: emailAvailable() };
    },
  );

  app.put(
    "/api/notifications/preferences",
    {
      config: { access: "session" },
      schema: { tags, summary: "Choose e-mail for each notification, a daily digest, or none", body: z.object({ email: emailMode }).strict(), response: { 200: preferencesView } },
    },
    async (request) => {
      const userId = request.principal!.userId;
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [before] = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).limit(1);
        await tx
          .insert(notificationPreferences)
          .values({ userId, email: request.body.email })
          .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email: request.body.email } });
        return {
          result: null,
          changes: [{ action: "update", entityType: "notification_preferences", entityId: userId, before: before ? { email: before.email } : null, after: request.body }],
        };
      });
      return { email: request.body.email, emailAvailable: emailAvailable() };
    },
  );

  app.get(
    "/api/settings/webhook",
    { config: { access: "settings:manage" }, schema: { tags, summary: "The webhook that receives every notification (secret never shown)", response: { 200: webhookView } } },
    async () => {
      const hook = await getWebhook(db());
      return { configured: Boolean(hook), url: hook?.url ?? null, enabled: hook?.enabled ?? false, hasSecret: Boolean(hook?.secret), since: hook?.since ?? null };
    },
  );

  app.put(
    "/api/settings/webhook",
    {
      config: { access: "settings:manage" },
      schema: {
        tags,
        summary: "Set the webhook; a generated secret is returned once",
        description:
          "Each notification is POSTed as JSON with `X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`. " +
          "Leave `secret` out to keep the stored one; the first time, leaving it out generates one, returned here only.",
        body: webhookInput,
        response: { 200: webhookView.extend({ secret: z.string().optional() }) },
      },
    },
    async (request) => {
      const now = app.services.now();
      const before = await getWebhook(db());
      const generated = !request.body.secret && !before?.secret ? newWebhookSecret() : undefined;
      const secret = request.body.secret ?? before?.secret ?? generated!;
      const value = { url: request.body.url, enabled: request.body.enabled, secret, since: before?.since ?? now.toISOString() };
      if (!before?.enabled && value.enabled) value.since = now.toISOString(); // switching on does not replay older notifications
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await tx.insert(settings).values({ key: WEBHOOK_KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
        return { result: null, changes: [{ action: before ? "update" : "create", entityType: "setting", entityId: WEBHOOK_KEY, before, after: value }] };
      });
      return { configured: true, url: value.url, enabled: value.enabled, hasSecret: true, since: value.since, ...(generated ? { secret: generated } : {}) };
    },
  );

  app.post(
    "/api/settings/webhook/test",
    {
      config: { access: "settings:manage" },
      schema: { tags, summary: "Send a signed test event to the webhook", response: { 200: z.object({ ok: z.boolean(), status: z.number().nullable(), error: z.string().nullable() }) } },
    },
    async () => {
      const hook = await getWebhook(db());
      if (!hook) throw badRequest("No webhook is configured yet.");
      const now = app.services.now();
      return postWebhook(hook, { type: "webhook.test", createdAt: now.toISOString() }, now, outboundAllowList(app.services.config.webhookAllow));
    },
  );

  app.get(
    "/api/notifications/deliveries",
    {
      config: { access: "settings:manage" },
      schema: {
        tags,
        summary: "Recent e-mail and webhook deliveries with their outcome",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                channel: z.string(),
                status: z.string(),
                attempts: z.number(),
                lastError: z.string().nullable(),
                deliveredAt: z.string().nullable(),
                title: z.string(),
                recipient: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const rows = await recentDeliveries(db(), request.query.limit);
      return { items: rows.map((r) => ({ ...r, deliveredAt: r.deliveredAt?.toISOString() ?? null, createdAt: undefined })) };
    },
  );
}
