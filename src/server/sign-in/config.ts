import { parseRoleMap, type RoleMap } from "../../core/sign-in";

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  scopes: string;
  roleClaim: string;
  roleMap: RoleMap;
  /** Create a Vigil user at first sign-in when the identity's groups map to a role. */
  createUsers: boolean;
  /** Label of the sign-in button. */
  label: string;
};

export type SignInConfig = {
  oidc?: OidcConfig;
  /** false: only the break-glass administrators sign in with a password; everyone else through the IdP. */
  localSignIn: boolean;
  breakGlassAdmins: string[];
};

const flag = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : ["true", "1", "yes"].includes(v));
const isFlag = (v: string | undefined) => v === undefined || ["true", "false", "1", "0", "yes", "no"].includes(v);

function absoluteUrl(v: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

export function isLoopbackUrl(url: string): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname);
}

/** Reads the single sign-on variables; each problem names its variable (the client secret is never echoed). */
export function signInConfigFrom(env: Record<string, string | undefined>, publicUrl?: string): { config: SignInConfig; problems: string[] } {
  const problems: string[] = [];
  const get = (k: string) => (env[k]?.trim() ? env[k]!.trim() : undefined);
  for (const k of ["VIGIL_OIDC_JIT", "VIGIL_LOCAL_SIGN_IN"]) if (!isFlag(get(k))) problems.push(`${k}=${JSON.stringify(get(k))}: must be true or false`);
  const breakGlassAdmins = (get("VIGIL_BREAK_GLASS_ADMINS") ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean);
  for (const e of breakGlassAdmins) if (!/^[^@\s]+@[^@\s]+$/.test(e)) problems.push(`VIGIL_BREAK_GLASS_ADMINS: "${e}" is not an e-mail address`);
  const localSignIn = flag(get("VIGIL_LOCAL_SIGN_IN"), true);
  const issuer = get("VIGIL_OIDC_ISSUER");
  const config: SignInConfig = { localSignIn, breakGlassAdmins };
  if (!issuer) {
    for (const k of ["VIGIL_OIDC_CLIENT_ID", "VIGIL_OIDC_CLIENT_SECRET", "VIGIL_OIDC_ROLE_MAP"]) {
      if (get(k)) problems.push(`${k} is set but VIGIL_OIDC_ISSUER is not`);
    }
    if (!localSignIn) problems.push("VIGIL_LOCAL_SIGN_IN=false needs single sign-on (VIGIL_OIDC_ISSUER), or nobody could sign in");
    return { config, problems };
  }
  if (!absoluteUrl(issuer)) problems.push(`VIGIL_OIDC_ISSUER=${JSON.stringify(issuer)}: must be the issuer's absolute URL`);
  else if (new URL(issuer).protocol === "http:" && !isLoopbackUrl(issuer)) problems.push(`VIGIL_OIDC_ISSUER=${JSON.stringify(issuer)}: must be https (plain http only on this machine's loopback)`);
  const clientId = get("VIGIL_OIDC_CLIENT_ID");
  if (!clientId) problems.push("VIGIL_OIDC_CLIENT_ID: required with VIGIL_OIDC_ISSUER");
  const redirectUri = get("VIGIL_OIDC_REDIRECT_URI") ?? (publicUrl ? `${publicUrl}/api/auth/oidc/callback` : undefined);
  if (!redirectUri) problems.push("VIGIL_OIDC_REDIRECT_URI: required with VIGIL_OIDC_ISSUER when VIGIL_PUBLIC_URL is not set");
  else if (!absoluteUrl(redirectUri)) problems.push(`VIGIL_OIDC_REDIRECT_URI=${JSON.stringify(redirectUri)}: must be an absolute URL`);
  const roleMap = parseRoleMap(get("VIGIL_OIDC_ROLE_MAP") ?? "");
  for (const p of roleMap.problems) problems.push(`VIGIL_OIDC_ROLE_MAP: ${p}`);
  if (!localSignIn && breakGlassAdmins.length === 0) {
    problems.push("VIGIL_LOCAL_SIGN_IN=false needs VIGIL_BREAK_GLASS_ADMINS (administrators who can still sign in when the identity provider fails)");
  }
  config.oidc = {
    issuer,
    clientId: clientId ?? "",
    clientSecret: get("VIGIL_OIDC_CLIENT_SECRET"),
    redirectUri: redirectUri ?? "",
    scopes: get("VIGIL_OIDC_SCOPES") ?? "openid email profile",
    roleClaim: get("VIGIL_OIDC_ROLE_CLAIM") ?? "groups",
    roleMap: roleMap.map,
    createUsers: flag(get("VIGIL_OIDC_JIT"), false),
    label: get("VIGIL_OIDC_LABEL") ?? "Sign in with single sign-on",
  };
  return { config, problems };
}
