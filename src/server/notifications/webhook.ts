import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { signPayload, SIGNATURE_HEADER } from "../../core/notifications";
import type { DbOrTx } from "../platform/db/client";
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

/** POSTs one signed JSON event; a non-2xx answer or a network error is a failure with its reason. */
export async function postWebhook(hook: Pick<WebhookSettings, "url" | "secret">, event: unknown, now: Date): Promise<WebhookResult> {
  const body = JSON.stringify(event);
  try {
    const res = await fetch(hook.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Vigil-Webhook/1", [SIGNATURE_HEADER]: signPayload(hook.secret, body, now) },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return res.ok ? { ok: true, status: res.status, error: null } : { ok: false, status: res.status, error: `answered HTTP ${res.status}` };
  } catch (err) {
    if ((err as Error).name === "TimeoutError") return { ok: false, status: null, error: "no answer within 10 s" };
    const cause = (err as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
    return { ok: false, status: null, error: `unreachable (${reason})` };
  }
}
