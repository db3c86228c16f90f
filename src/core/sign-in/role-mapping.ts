import { isRole, type Role, roles } from "../access/roles";

/** Identity-provider group → Vigil role. */
export type RoleMap = ReadonlyMap<string, Role>;

/**
 * Parses `group=role,group=role` (the value of VIGIL_OIDC_ROLE_MAP). Customer users belong to a customer
 * organisation an administrator chooses, so no group maps to `customer`.
 */
export function parseRoleMap(text: string): { map: RoleMap; problems: string[] } {
  const map = new Map<string, Role>();
  const problems: string[] = [];
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf("=");
    const group = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || !group) problems.push(`"${entry}" is not group=role`);
    else if (!isRole(role)) problems.push(`"${role}" in "${entry}" is not a role (one of ${roles.filter((r) => r !== "customer").join(", ")})`);
    else if (role === "customer") problems.push(`"${entry}": customer users are created by an administrator, not mapped from a group`);
    else if (map.has(group) && map.get(group) !== role) problems.push(`group "${group}" is mapped twice`);
    else map.set(group, role);
  }
  if (map.size === 0 && problems.length === 0) problems.push("maps no group to a role");
  return { map, problems };
}

/** The claim at a dotted path (`groups`, `realm_access.roles`) as a list of strings. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split(".")) {
    if (!value || typeof value !== "object" || !Object.hasOwn(value, key)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * The role a signed-in identity gets: of all groups that map to a role, the one highest in the role list
 * (admin first); null when no group maps, and the user is refused.
 */
export function mappedRole(claims: Record<string, unknown>, claimPath: string, map: RoleMap): Role | null {
  const granted = new Set(claimValues(claims, claimPath).flatMap((g) => (map.has(g) ? [map.get(g)!] : [])));
  return roles.find((r) => granted.has(r)) ?? null;
}
