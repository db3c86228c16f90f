import { and, eq } from "drizzle-orm";
import type { Configuration } from "openid-client";
import { mappedRole } from "../../core/sign-in";
import { users } from "../accounts/schema";
import { findUserByEmail, type UserRow } from "../accounts/users";
import { audited, recordAudit } from "../audit/store";
import type { Db } from "../platform/db/client";
import { createChallenge, deleteChallenge, findChallenge } from "./challenges";
import { isLoopbackUrl, type OidcConfig } from "./config";
import { type OpenedSession, openSession, type SignInMeta } from "./open-session";
import { userIdentities } from "./schema";

export const OIDC_COOKIE = "vigil_oidc";
const REQUEST_TTL_MS = 10 * 60_000;
const DISCOVERY_TIMEOUT_S = 5;

/** Why a single sign-on failed; the code reaches the sign-in page, the detail only the audit log. */
export type OidcFailure = "unavailable" | "expired" | "rejected" | "invalid_response" | "no_account" | "no_role" | "account_disabled";

export class OidcError extends Error {
  constructor(
    readonly code: OidcFailure,
    readonly detail: string,
    readonly userId: string | null = null,
  ) {
    super(detail);
  }
}

/** openid-client loads with the first single sign-on, not at every start. */
const openIdClient = () => import("openid-client");

const discovered = new Map<string, Promise<Configuration>>();

/** The provider's metadata, discovered once per process; a failed discovery is retried at the next sign-in. */
function providerConfiguration(cfg: OidcConfig): Promise<Configuration> {
  const key = `${cfg.issuer} ${cfg.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    pending = openIdClient().then((client) => {
      const execute = new URL(cfg.issuer).protocol === "http:" && isLoopbackUrl(cfg.issuer) ? [client.allowInsecureRequests] : [];
      return client.discovery(new URL(cfg.issuer), cfg.clientId, cfg.clientSecret, undefined, { execute, timeout: DISCOVERY_TIMEOUT_S });
    });
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending.catch((err) => {
    throw new OidcError("unavailable", `discovery of ${cfg.issuer} failed: ${describe(err)}`);
  });
}

function describe(err: unknown): string {
  const e = err as { message?: string; code?: string; error?: string; cause?: { code?: string; message?: string } };
  return [e.code, e.error, e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(": ").slice(0, 300) || "unknown error";
}

/** Starts the authorisation code flow with PKCE; the returned token goes into a short-lived cookie. */
export async function startOidc(db: Db, cfg: OidcConfig, now: Date): Promise<{ redirectTo: string; cookieToken: string }> {
  const config = await providerConfiguration(cfg);
  const client = await openIdClient();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const cookieToken = await createChallenge(db, "oidc", { data: { codeVerifier, state, nonce }, ttlMs: REQUEST_TTL_MS, now });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: cfg.redirectUri,
    scope: cfg.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { redirectTo: url.href, cookieToken };
}

/** Validates the callback (state, PKCE, ID token signature, issuer, audience, nonce, expiry) and signs the user in. */
export async function finishOidc(
  db: Db,
  cfg: OidcConfig,
  breakGlassAdmins: readonly string[],
  callbackUrl: URL,
  cookieToken: string | undefined,
  meta: SignInMeta,
): Promise<OpenedSession> {
  const providerError = callbackUrl.searchParams.get("error");
  const challenge = cookieToken ? await findChallenge(db, cookieToken, "oidc", meta.now) : null;
  if (challenge) await deleteChallenge(db, challenge);
  if (providerError) throw new OidcError("rejected", `the identity provider answered ${providerError}: ${callbackUrl.searchParams.get("error_description") ?? ""}`.slice(0, 300));
  if (!challenge) throw new OidcError("expired", "no sign-in request in progress in this browser (expired, used, or started elsewhere)");
  const config = await providerConfiguration(cfg);
  const client = await openIdClient();
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: challenge.data.codeVerifier,
      expectedState: challenge.data.state,
      expectedNonce: challenge.data.nonce,
      idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    if (!Object.hasOwn(claims, cfg.roleClaim.split(".")[0]) && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    }
  } catch (err) {
    throw new OidcError("invalid_response", describe(err));
  }
  const user = await userForIdentity(db, cfg, breakGlassAdmins, claims, meta.now);
  return openSession(db, user, meta, "oidc");
}

async function userForIdentity(db: Db, cfg: OidcConfig, breakGlassAdmins: readonly string[], claims: Record<string, unknown>, now: Date): Promise<UserRow> {
  const subject = String(claims.sub);
  const email = typeof claims.email === "string" && claims.email_verified !== false ? claims.email.trim().toLowerCase() : null;
  const role = mappedRole(claims, cfg.roleClaim, cfg.roleMap);
  const [linked] = await db
    .select({ user: users })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .where(and(eq(userIdentities.issuer, cfg.issuer), eq(userIdentities.subject, subject)))
    .limit(1);
  const existing = linked?.user ?? (email ? await findUserByEmail(db, email) : undefined);
  if (!role) throw new OidcError("no_role", `none of the identity's ${cfg.roleClaim} maps to a Vigil role`, existing?.id ?? null);
  if (existing && existing.status !== "active") throw new OidcError("account_disabled", "the Vigil account is disabled", existing.id);
  if (!existing && !cfg.createUsers) throw new OidcError("no_account", `no Vigil account for ${email ?? `subject ${subject}`} and user creation at sign-in is off`);
  if (!existing && !email) throw new OidcError("no_account", "the identity provider sent no verified e-mail address to create the account with");
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 200) : (email ?? subject);
  const actor = { id: null, label: `single sign-on (${cfg.issuer})` };
  return audited(db, actor, async (tx) => {
    const changes = [];
    let user = existing;
    if (!user) {
      [user] = await tx.insert(users).values({ email: email!, name, role, passwordHash: null, createdAt: now, updatedAt: now }).returning();
      changes.push({ action: "create", entityType: "user", entityId: user.id, after: { ...user, via: "oidc" } });
    } else if (user.role !== role && !breakGlassAdmins.includes(user.email)) {
      // The identity provider decides the role; a break-glass administrator stays one whatever its groups say.
      const before = user;
      [user] = await tx.update(users).set({ role, updatedAt: now }).where(eq(users.id, before.id)).returning();
      changes.push({ action: "update", entityType: "user", entityId: user.id, before, after: { ...user, reason: `role from ${cfg.roleClaim}` } });
    }
    if (!linked) {
      await tx.insert(userIdentities).values({ issuer: cfg.issuer, subject, userId: user.id, createdAt: now, lastSignInAt: now });
      changes.push({ action: "link_identity", entityType: "user", entityId: user.id, after: { issuer: cfg.issuer, subject } });
    } else {
      await tx.update(userIdentities).set({ lastSignInAt: now }).where(and(eq(userIdentities.issuer, cfg.issuer), eq(userIdentities.subject, subject)));
    }
    return { result: user, changes };
  });
}

/** Every failed single sign-on is a security event. */
export async function auditOidcFailure(db: Db, err: OidcError, ip: string): Promise<void> {
  await db.transaction((tx) =>
    recordAudit(tx, { id: null, label: `single sign-on from ${ip}` }, { action: "oidc_error", entityType: "user", entityId: err.userId, after: { ip, code: err.code, detail: err.detail } }),
  );
}
