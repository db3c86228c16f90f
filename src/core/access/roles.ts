/**
 * Roles and permissions. Every HTTP route declares exactly one permission (or `public` / `authenticated`);
 * a role grants a fixed set of permissions, least privilege first.
 */
export const roles = [
  "admin",
  "compliance_manager",
  "security_officer",
  "incident_manager",
  "contributor",
  "auditor",
  "customer",
] as const;
export type Role = (typeof roles)[number];

export const roleDescriptions: Record<Role, string> = {
  admin: "Manages users, roles, tokens and workspace settings; full access.",
  compliance_manager: "Runs the compliance workspace: frameworks, controls, evidence, policies, risks, suppliers.",
  security_officer: "Product security: devices, SBOMs, vulnerabilities, VEX triage, advisories, disclosure.",
  incident_manager: "Declares and runs incidents and their regulatory reporting clocks.",
  contributor: "Reads the workspace and edits the records assigned to them.",
  auditor: "Read-only everywhere, may export reports and verify the audit trail.",
  customer: "Hospital (HDO) user: sees only published advisories and documents for its own devices.",
};

export const permissions = [
  "workspace:read", // internal registers (everything but admin areas)
  "org:write", // organisation profile
  "users:manage",
  "audit:read",
  "settings:manage",
  "devices:write",
  "sbom:write",
  "vulnerabilities:write", // feeds import, triage
  "advisories:write",
  "advisories:publish",
  "incidents:write",
  "compliance:write",
  "risks:write",
  "suppliers:write",
  "assigned:write", // records assigned to the caller
  "reports:export",
  "portal:read", // customer portal
  "portal:acknowledge", // a customer records its patch status for an advisory
  "jobs:read",
] as const;
export type Permission = (typeof permissions)[number];

const internalRead: Permission[] = ["workspace:read", "jobs:read"];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(permissions.filter((p) => !p.startsWith("portal:"))),
  compliance_manager: new Set<Permission>([
    ...internalRead,
    "org:write",
    "compliance:write",
    "risks:write",
    "suppliers:write",
    "assigned:write",
    "reports:export",
  ]),
  security_officer: new Set<Permission>([
    ...internalRead,
    "devices:write",
    "sbom:write",
    "vulnerabilities:write",
    "advisories:write",
    "advisories:publish",
    "risks:write",
    "assigned:write",
    "reports:export",
  ]),
  incident_manager: new Set<Permission>([...internalRead, "incidents:write", "risks:write", "assigned:write", "reports:export"]),
  contributor: new Set<Permission>([...internalRead, "assigned:write"]),
  auditor: new Set<Permission>([...internalRead, "audit:read", "reports:export"]),
  customer: new Set<Permission>(["portal:read", "portal:acknowledge"]),
};

/**
 * What a route requires: a permission, any signed-in user (session or token), a signed-in session (the account's
 * own settings and tokens, which no API token may touch), or nothing.
 */
export type Access = Permission | "authenticated" | "session" | "public";

export function roleHas(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
