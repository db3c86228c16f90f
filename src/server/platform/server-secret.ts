import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "./db/client";
import { settings } from "../settings/schema";

const SECRET_KEY = "server_secret";

/**
 * A random secret shared by every process on the database, for values the server signs and later checks itself
 * (stateless form tokens). Created once, at start, so that signing never writes.
 */
export async function loadServerSecret(db: DbOrTx): Promise<Buffer> {
  await db
    .insert(settings)
    .values({ key: SECRET_KEY, value: { key: randomBytes(32).toString("base64") } })
    .onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, SECRET_KEY));
  return Buffer.from((row.value as { key: string }).key, "base64");
}

const mac = (secret: Buffer, purpose: string, payload: string) => createHmac("sha256", secret).update(`${purpose}.${payload}`).digest("base64url");

/** `<issued ms, base 36>.<nonce>.<HMAC>`: proves that this server issued the token, and when, without storing it. */
export function signIssuedToken(secret: Buffer, purpose: string, issuedAt: Date): string {
  const payload = `${issuedAt.getTime().toString(36)}.${randomBytes(12).toString("base64url")}`;
  return `${payload}.${mac(secret, purpose, payload)}`;
}

/** When a token signed for `purpose` was issued, or null when it was not signed by this server. */
export function verifyIssuedToken(secret: Buffer, purpose: string, token: string): Date | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !/^[0-9a-z]{1,12}$/.test(parts[0])) return null;
  const payload = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2]);
  const expected = Buffer.from(mac(secret, purpose, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return new Date(Number.parseInt(parts[0], 36));
}
