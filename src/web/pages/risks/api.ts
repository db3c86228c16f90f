import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ActionStatus, AssetType, Authority, Cia, HarmSeverity, LifecyclePhase, LinkKind, RiskLevel, RiskMatrix, RiskStatus, Treatment } from "../../../core/risks";
import { api } from "../../api/client";
import type { PagedList } from "../../api/paging";

export type Rating = { score: number; level: RiskLevel };

export type Risk = {
  id: string;
  reference: string;
  title: string;
  description: string;
  asset: string;
  assetType: AssetType;
  phase: LifecyclePhase;
  threat: string;
  vulnerability: string;
  cia: Cia;
  patientSafety: HarmSeverity | null;
  inherentLikelihood: number;
  inherentImpact: number;
  residualLikelihood: number | null;
  residualImpact: number | null;
  residualJustification: string | null;
  treatment: Treatment | null;
  treatmentPlan: string;
  owner: string | null;
  deviceModelId: string | null;
  deviceModelName: string | null;
  status: RiskStatus;
  reviewDate: string | null;
  templateId: string | null;
  inherent: Rating;
  residual: Rating | null;
  current: Rating;
  openActions: number;
  overdueActions: number;
  reviewOverdue: boolean;
  overdue: boolean;
  requiredAuthority: Authority;
  warnings: { path: string; message: string }[];
};

export type RiskAction = { id: string; title: string; owner: string | null; dueDate: string | null; status: ActionStatus; completedAt: string | null; overdue: boolean };

export type RiskDetail = Risk & {
  actions: RiskAction[];
  reviews: { id: string; reviewedAt: string; reviewedBy: string; notes: string; nextReviewDate: string | null; snapshot: { inherent: Rating; residual: Rating | null; treatment: Treatment | null } }[];
  acceptances: { id: string; acceptedBy: string; authority: Authority; statement: string; benefitRisk: string | null; acceptedAt: string; validUntil: string | null; score: number; level: RiskLevel }[];
  links: { id: string; kind: LinkKind; refId: string; note: string | null }[];
};

export type HeatMapAnswer = { inherent: number[][]; residual: number[][]; residualNotRated: number; total: number; matrix: RiskMatrix };

export type RiskTemplate = {
  id: string;
  phase: LifecyclePhase;
  title: string;
  description: string;
  asset: string;
  threat: string;
  vulnerability: string;
  cia: string[];
  patientSafety: HarmSeverity | null;
  likelihood: number;
  impact: number;
  treatment: Treatment;
  measures: string[];
  requirements: { id: string; title: string }[];
  adopted: { id: string; reference: string }[];
};

export const riskKeys = {
  all: ["risks"] as const,
  list: (query: string) => ["risks", "list", query] as const,
  detail: (id: string) => ["risks", "detail", id] as const,
  matrix: ["risks", "matrix"] as const,
  heatmap: ["risks", "heatmap"] as const,
  templates: ["risks", "templates"] as const,
  owners: ["risks", "owners"] as const,
};

export const useRisks = (query: string) => useQuery({ queryKey: riskKeys.list(query), queryFn: () => api.get<Risk[]>(`/api/risks${query ? `?${query}` : ""}`) });
/** One page of the register, filtered and sorted by the server; the previous page stays shown while the next loads. */
export const useRiskPage = (query: string) =>
  useQuery({ queryKey: riskKeys.list(query), queryFn: () => api.get<PagedList<Risk>>(`/api/risks?${query}`), placeholderData: keepPreviousData });
export const useRiskOwners = () => useQuery({ queryKey: riskKeys.owners, queryFn: () => api.get<{ owner: string; risks: number }[]>("/api/risks/owners") });
export const useRisk = (id: string) => useQuery({ queryKey: riskKeys.detail(id), queryFn: () => api.get<RiskDetail>(`/api/risks/${encodeURIComponent(id)}`) });
export const useMatrix = () => useQuery({ queryKey: riskKeys.matrix, queryFn: () => api.get<RiskMatrix>("/api/risks/matrix"), staleTime: 60_000 });
export const useHeatMap = () => useQuery({ queryKey: riskKeys.heatmap, queryFn: () => api.get<HeatMapAnswer>("/api/risks/heatmap") });
export const useTemplates = () => useQuery({ queryKey: riskKeys.templates, queryFn: () => api.get<RiskTemplate[]>("/api/risks/templates") });

/** Everything about risks is refetched after a change: lists, heat map, details and templates depend on each other. */
export function useRefreshRisks() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: riskKeys.all });
}

export const levelColor: Record<RiskLevel, string> = { low: "teal", medium: "yellow", high: "orange", critical: "red" };
export const treatmentLabels: Record<Treatment, string> = { reduce: "Reduce", avoid: "Avoid", transfer: "Transfer", accept: "Accept" };
export const assetTypeLabels: Record<AssetType, string> = {
  information_system: "Information system",
  manufacturing_line: "Manufacturing line",
  device_model: "Device model / version",
  cloud_backend: "Cloud backend",
  data_set: "Data set",
  supplier_service: "Supplier service",
  other: "Other",
};
export const statusLabels: Record<RiskStatus, string> = { open: "Open", treating: "In treatment", accepted: "Accepted", closed: "Closed" };
