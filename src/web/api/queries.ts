import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { AuditPage, ChainVerdict, DeviceModel, Installation, OrganisationProfile, RoleInfo, User, ApiToken } from "./types";

/** Query keys, so that mutations invalidate exactly what they change. */
export const keys = {
  session: ["session"] as const,
  users: ["users"] as const,
  roles: ["roles"] as const,
  tokens: ["tokens"] as const,
  audit: (page: number, size: number, filters: AuditFilters) => ["audit", page, size, filters.entityType ?? "", filters.action ?? ""] as const,
  auditAll: ["audit"] as const,
  auditVerify: ["audit", "verify"] as const,
  organisation: ["organisation"] as const,
  devices: ["devices"] as const,
  installations: ["installations"] as const,
  portalInstallations: ["portal", "installations"] as const,
};

export const useUsers = (enabled = true) => useQuery({ queryKey: keys.users, queryFn: () => api.get<User[]>("/api/users"), enabled });
export const useRoles = () => useQuery({ queryKey: keys.roles, queryFn: () => api.get<RoleInfo[]>("/api/roles"), staleTime: Infinity });
export const useTokens = () => useQuery({ queryKey: keys.tokens, queryFn: () => api.get<ApiToken[]>("/api/tokens") });
export const useDevices = (enabled = true) => useQuery({ queryKey: keys.devices, queryFn: () => api.get<DeviceModel[]>("/api/devices"), enabled });
export const usePortalInstallations = (enabled = true) =>
  useQuery({ queryKey: keys.portalInstallations, queryFn: () => api.get<Installation[]>("/api/portal/installations"), enabled });
export const useOrganisation = () => useQuery({ queryKey: keys.organisation, queryFn: () => api.get<OrganisationProfile>("/api/organisation") });

/** The audit list's filters; the export takes the same. */
export type AuditFilters = { entityType?: string; action?: string };

export const auditFilterParams = (filters: AuditFilters) => new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));

export function useAuditPage(page: number, size: number, filters: AuditFilters) {
  const params = auditFilterParams(filters);
  params.set("limit", String(size));
  params.set("page", String(page));
  return useQuery({
    queryKey: keys.audit(page, size, filters),
    queryFn: () => api.get<AuditPage>(`/api/audit?${params}`),
    placeholderData: (previous) => previous,
  });
}

/** Verifying reads the whole chain, so it runs only when asked for (enabled) and is kept until the next audit change. */
export const useAuditVerify = (enabled: boolean) =>
  useQuery({ queryKey: keys.auditVerify, queryFn: () => api.get<ChainVerdict>("/api/audit/verify"), enabled, staleTime: 60_000 });
