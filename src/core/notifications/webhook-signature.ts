import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures: HMAC-SHA256 over `<unix seconds>.<raw body>` with the shared secret, sent as
 * `X-Vigil-Signature: t=<unix seconds>,v1=<hex>`. Including the timestamp lets a receiver refuse replays.
 */
export const SIGNATURE_HEADER = "x-vigil-signature";

export function signPayload(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** What a receiver does: recompute the HMAC and compare in constant time; refuse signatures older than the tolerance. */
export function verifySignature(secret: string, body: string, header: string, now: Date, toleranceSeconds = 300): SignatureCheck {
  const parts = Object.fromEntries(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? "")) return { ok: false, reason: "malformed signature header" };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: "signature timestamp outside the tolerance" };
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: "signature does not match" };
}
