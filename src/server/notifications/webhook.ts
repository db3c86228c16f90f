import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { z } from "zod";
import { signPayload, SIGNATURE_HEADER } from "../../core/notifications";
import type { DbOrTx } from "../platform/db/client";
import { guardedLookup, type OutboundAllowList, refusedLiteral } from "../platform/net/outbound";
import { settings } from "../settings/schema";

export const WEBHOOK_KEY = "notifications.webhook";

export type WebhookSettings = { url: string; secret: string; enabled: boolean; since: string };

export const webhookInput = z
  .object({
    url: z.url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL"),
    enabled: z.boolean().default(true),
    /** Leave out to keep the stored secret (or, the first time, to have one generated and shown once). */
    secret: z.string().min(16, "must be at least 16 characters").max(200).optional(),
  })
  .strict();

export async function getWebhook(db: DbOrTx): Promise<WebhookSettings | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, WEBHOOK_KEY)).limit(1);
  return (row?.value as WebhookSettings | undefined) ?? null;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export type WebhookResult = { ok: boolean; status: number | null; error: string | null };

/** One answer for every way a delivery can fail before an HTTP status: the caller learns nothing about the network. */
export const NOT_DELIVERED = "unreachable (no answer, refused, or not an allowed target)";
const TIMEOUT_MS = 10_000;

/**
 * POSTs one signed JSON event. Loopback, link-local, private and unique-local targets are refused unless the
 * administrator allowed them (VIGIL_WEBHOOK_ALLOW); the address is checked as the connection is made.
 */
export function postWebhook(hook: Pick<WebhookSettings, "url" | "secret">, event: unknown, now: Date, allow: OutboundAllowList): Promise<WebhookResult> {
  const body = JSON.stringify(event);
  const url = new URL(hook.url);
  if (refusedLiteral(allow, url.hostname)) return Promise.resolve({ ok: false, status: null, error: NOT_DELIVERED });
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Vigil-Webhook/1", [SIGNATURE_HEADER]: signPayload(hook.secret, body, now) },
      lookup: guardedLookup(allow, url.hostname.replace(/^\[|\]$/g, "")),
      timeout: TIMEOUT_MS,
    });
    req.on("response", (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 300 ? { ok: true, status, error: null } : { ok: false, status, error: `answered HTTP ${status}` });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ ok: false, status: null, error: NOT_DELIVERED }));
    req.end(body);
  });
}
