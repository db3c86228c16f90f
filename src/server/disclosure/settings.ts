import { eq } from "drizzle-orm";
import { z } from "zod";
import { defaultDisclosurePolicy, type DisclosurePolicy } from "../../core/advisories/disclosure";
import type { Publisher } from "../advisories/store";
import { getProfile } from "../organisation/store";
import type { Config } from "../platform/config";
import type { DbOrTx } from "../platform/db/client";
import { settings } from "../settings/schema";

export const POLICY_KEY = "disclosure.policy";

const text = (max: number) => z.string().trim().min(1).max(max);
export const policySchema = z
  .object({
    organisation: text(200),
    contactEmail: z.email(),
    website: z.url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL"),
    scope: text(4000),
    outOfScope: text(4000),
    safeHarbour: text(4000),
    acknowledgeWithinDays: z.number().int().min(1).max(30),
    triageWithinDays: z.number().int().min(1).max(365),
    disclosureWithinDays: z.number().int().min(1).max(730),
    securityTxtExpires: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** The CVD policy: stored settings, or defaults from the organisation profile. */
export async function getPolicy(db: DbOrTx, config: Pick<Config, "publicUrl">): Promise<DisclosurePolicy> {
  const [row] = await db.select().from(settings).where(eq(settings.key, POLICY_KEY)).limit(1);
  if (row) return row.value as DisclosurePolicy;
  const profile = await getProfile(db as never);
  const organisation = profile?.legalName?.trim() || "The manufacturer";
  const slug = organisation.toLowerCase().replace(/\b(gmbh|ag|inc|ltd|llc|bv|sa)\b/g, "").trim().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const domain = `${slug || "manufacturer"}.example`;
  return defaultDisclosurePolicy(organisation, `security@${domain}`, config.publicUrl ?? `https://${domain}`);
}

export async function publisherOf(db: DbOrTx, config: Pick<Config, "publicUrl">): Promise<Publisher> {
  const policy = await getPolicy(db, config);
  return { name: policy.organisation, namespace: policy.website, contactDetails: policy.contactEmail };
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * The URL the public reaches Vigil at: the configured public URL. Without one, only a loopback request's
 * own host is believed (a local evaluation); any other Host header is the caller's claim and gives null.
 */
export function baseUrlOf(config: Pick<Config, "publicUrl">, request: { protocol: string; host: string; hostname: string }): string | null {
  if (config.publicUrl) return config.publicUrl;
  return LOOPBACK_HOSTS.has(request.hostname) ? `${request.protocol}://${request.host}` : null;
}

export const PUBLIC_URL_REQUIRED = "Set VIGIL_PUBLIC_URL to the URL the public reaches Vigil at: public URLs are not taken from a request's Host header";
