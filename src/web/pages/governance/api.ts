import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export type Letter = "R" | "A" | "C" | "I";
export type Cell = { activityKey: string; responsibilityKey: string; letter: Letter };
export type Responsibility = {
  key: string;
  title: string;
  description: string;
  mandatory: boolean;
  obligation: "law" | "standard" | "good_practice";
  basis: string[];
  rationale: string;
  holders: { userId: string; name: string; email: string }[];
};
export type ResponsibilitiesState = {
  responsibilities: Responsibility[];
  activities: { key: string; title: string; basis: string[] }[];
  cells: Cell[];
  problems: { activityKey: string; code: string; message: string }[];
};
export type Gap = {
  kind: string;
  severity: "high" | "medium";
  responsibilityKey?: string;
  activityKey?: string;
  message: string;
  basis: string[];
  link: string;
};
export type Person = { id: string; name: string; email: string; role: string };

export type PolicyVersion = {
  id: string;
  version: number;
  status: "draft" | "in_review" | "approved" | "retired";
  content?: string;
  changeNote: string | null;
  createdBy: string;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  returnedReason: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  sha256: string | null;
  retiredAt: string | null;
};
export type Policy = {
  id: string;
  title: string;
  summary: string;
  templateKey: string | null;
  requirementIds: string[];
  reviewMonths: number;
  ownerId: string | null;
  ownerName: string | null;
  status: PolicyVersion["status"];
  currentVersion: PolicyVersion | null;
  openVersion: PolicyVersion | null;
  latestVersion: number;
  nextReviewAt: string | null;
  reviewState: "not_approved" | "ok" | "due_soon" | "overdue";
  acknowledgement: { acknowledged: number; expected: number; rate: number };
  acknowledgedByMe: boolean;
  /** Why the signed-in person may not approve the version under review (four-eyes rule), or null. */
  approvalRefusal: string | null;
};
export type PolicyDetail = Policy & { versions: PolicyVersion[] };
export type Template = { key: string; title: string; summary: string; reviewMonths: number; requirements: string[]; content?: string };
export type Acknowledgements = {
  version: number | null;
  rate: { acknowledged: number; expected: number; rate: number };
  acknowledgements: { userId: string; name: string; email: string; version: number; acknowledgedAt: string }[];
  missing: { userId: string; name: string; email: string }[];
};

export type Target = { userId: string } | { role: string } | { responsibilityKey: string };
export type RoleRate = { role: string; assigned: number; completed: number; rate: number };
export type Campaign = {
  id: string;
  title: string;
  description: string;
  kind: "management_body" | "awareness" | "role_specific" | "onboarding";
  requirementIds: string[];
  dueAt: string | null;
  targets: Target[];
  rates: { overall: RoleRate; byRole: RoleRate[] };
  assignees: { userId: string; name: string; email: string; role: string; status: "completed" | "overdue" | "pending"; recordId: string | null; completedAt: string | null }[];
  records: { id: string; userId: string; completedAt: string; evidenceSha256: string | null; evidenceNote: string | null; source: string; recordedBy: string }[];
};
export type Overdue = { campaignId: string; campaign: string; kind: string; dueAt: string; userId: string; name: string; email: string; role: string };

export const govKeys = {
  all: ["governance"] as const,
  responsibilities: ["governance", "responsibilities"] as const,
  gaps: ["governance", "gaps"] as const,
  people: ["governance", "people"] as const,
  policies: ["governance", "policies"] as const,
  policy: (id: string) => ["governance", "policies", id] as const,
  acks: (id: string) => ["governance", "policies", id, "acks"] as const,
  templates: ["governance", "templates"] as const,
  campaigns: ["governance", "campaigns"] as const,
  campaign: (id: string) => ["governance", "campaigns", id] as const,
  overdue: ["governance", "overdue"] as const,
};

export const useResponsibilities = () => useQuery({ queryKey: govKeys.responsibilities, queryFn: () => api.get<ResponsibilitiesState>("/api/governance/responsibilities") });
export const useGaps = () => useQuery({ queryKey: govKeys.gaps, queryFn: () => api.get<{ gaps: Gap[]; counts: { high: number; medium: number } }>("/api/governance/gaps") });
export const usePeople = () => useQuery({ queryKey: govKeys.people, queryFn: () => api.get<Person[]>("/api/governance/people") });
export const usePolicies = () => useQuery({ queryKey: govKeys.policies, queryFn: () => api.get<Policy[]>("/api/governance/policies") });
export const usePolicy = (id: string) => useQuery({ queryKey: govKeys.policy(id), queryFn: () => api.get<PolicyDetail>(`/api/governance/policies/${encodeURIComponent(id)}`) });
export const useAcknowledgements = (id: string) =>
  useQuery({ queryKey: govKeys.acks(id), queryFn: () => api.get<Acknowledgements>(`/api/governance/policies/${encodeURIComponent(id)}/acknowledgements`) });
export const useTemplates = () => useQuery({ queryKey: govKeys.templates, queryFn: () => api.get<Template[]>("/api/governance/policy-templates"), staleTime: Infinity });
export const useCampaigns = () => useQuery({ queryKey: govKeys.campaigns, queryFn: () => api.get<Campaign[]>("/api/governance/training/campaigns") });
export const useCampaign = (id: string) =>
  useQuery({ queryKey: govKeys.campaign(id), queryFn: () => api.get<Campaign>(`/api/governance/training/campaigns/${encodeURIComponent(id)}`) });
export const useOverdue = () => useQuery({ queryKey: govKeys.overdue, queryFn: () => api.get<Overdue[]>("/api/governance/training/overdue") });

export const percent = (rate: number, total: number) => (total === 0 ? "—" : `${Math.round(rate * 100)} %`);
export const useFourEyes = () => useQuery({ queryKey: ["governance", "four-eyes"], queryFn: () => api.get<{ policyApproval: boolean }>("/api/governance/four-eyes") });
