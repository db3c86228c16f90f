import type { Permission } from "./roles";

/**
 * API token scopes. A token acts for its owner, limited to the permissions its scopes name:
 * the effective permission set is the owner's role permissions ∩ the scopes' permissions.
 */
export const tokenScopes = {
  read: ["workspace:read", "jobs:read", "portal:read"],
  "sbom:write": ["sbom:write", "devices:write"],
  "vulnerabilities:write": ["vulnerabilities:write"],
  "advisories:write": ["advisories:write", "advisories:publish"],
  "incidents:write": ["incidents:write"],
  "compliance:write": ["compliance:write", "risks:write", "suppliers:write"],
  "reports:export": ["reports:export", "audit:read"],
} as const satisfies Record<string, readonly Permission[]>;

export type TokenScope = keyof typeof tokenScopes;
export const tokenScopeNames = Object.keys(tokenScopes) as TokenScope[];

export function scopePermissions(scopes: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const s of scopes) {
    const granted = (tokenScopes as Record<string, readonly Permission[]>)[s];
    if (granted) for (const p of granted) out.add(p);
  }
  return out;
}
