import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DecidingCriterion, ImpactModel, IncidentFacts, SignificanceDecision, SignificanceProposal } from "../../../core/incidents";
import { api } from "../../api/client";
import type { PagedList } from "../../api/paging";

export type IncidentStatus = "open" | "contained" | "resolved" | "closed";
export type Classification = "significant" | "not_significant" | "pending";

export type Incident = {
  id: string;
  reference: string;
  title: string;
  description: string;
  detectedAt: string;
  awareAt: string;
  reporter: string;
  status: IncidentStatus;
  classification: Classification;
  country: string | null;
  affectedDeviceModelIds: string[];
  affectedVersionIds: string[];
  affectedSiteIds: string[];
  affectedSystems: string[];
  suppliersInvolved: string | null;
  impact: ImpactModel | null;
  facts: IncidentFacts;
  assessment: { answers: Record<string, "yes" | "no" | "unknown">; assessedAt: string; assessedBy: string; proposal: SignificanceProposal } | null;
  significance: SignificanceDecision | null;
  /** "unknown": nobody has said yet; null: not a vigilance case. */
  deviceVigilance: { regulation: "mdr" | "ivdr"; category: string; awareAt?: string } | "unknown" | null;
  personalDataBreach: { highRisk: boolean | "unknown" } | "unknown" | null;
  handledAt: string | null;
  impactEndedAt: string | null;
  threatType: string | null;
  rootCause: string | null;
  mitigationsApplied: string[];
  mitigationsOngoing: string[];
  recipientMeasures: string[];
  lessonsLearned: string | null;
  linkedRiskIds: string[];
  linkedControlIds: string[];
  linkedFindingIds: string[];
  evidenceCount: number;
  draftCount: number;
  nextDeadline?: { obligationId: string; stage: string; dueAt: string; overdue: boolean } | null;
};

/** An item of a page of the list: the narrative and the significance assessment are left out (GET /api/incidents/{id} has them). */
export type IncidentListItem = Omit<
  Incident,
  | "description"
  | "suppliersInvolved"
  | "impact"
  | "facts"
  | "assessment"
  | "significance"
  | "rootCause"
  | "mitigationsApplied"
  | "mitigationsOngoing"
  | "recipientMeasures"
  | "lessonsLearned"
>;

export type ObligationView = {
  id: string;
  regime: string;
  stage: string;
  jurisdiction: string;
  recipient: string;
  startsAt?: string;
  dueAt?: string;
  due: { utc: string; local: string; zone: string } | null;
  timeLeftMs: number | null;
  waitingFor?: string;
  condition?: string;
  noFixedDeadline?: boolean;
  rule: string;
  basis: string;
  status: "waiting" | "pending" | "overdue" | "submitted_on_time" | "submitted_late" | "submitted";
  submission?: { submittedAt: string; channel?: string; reference?: string; by?: string };
  lateByMs?: number;
  notes?: string[];
  national?: { country: string; verifiedOn: string | null; source: { ref: string; url?: string } | null };
};

export type Obligations = {
  classification?: Classification;
  nis2: { reportable: boolean; reason: string };
  timeZone: string;
  memberState?: string;
  now: string;
  obligations: ObligationView[];
  notes: string[];
};

export type BoardItem = ObligationView & {
  incident: { id: string; reference: string; title: string; status: IncidentStatus; classification: Classification };
  overdue: boolean;
};

export type TimelineItem = { at: string; kind: string; text: string; by?: string; id?: string; obligationId?: string; late?: boolean; status?: string };
export type Evidence = { id: string; fileName: string; mediaType: string; size: number; sha256: string; description: string | null; uploadedBy: string; createdAt: string };
export type DraftSummary = { id: string; stage: string; version: number; createdBy: string; createdAt: string; title: string; missing: string[] };
export type ReportSection = { id: string; heading: string; text: string; required?: boolean };
export type Draft = {
  id: string;
  stage: string;
  version: number;
  createdBy: string;
  createdAt: string;
  content: {
    title: string;
    kind: string;
    basis: string;
    addressee: Record<string, string>;
    sender: Record<string, string>;
    sections: ReportSection[];
    missing: string[];
  };
};
export type Recipient = {
  customerId: string;
  name: string;
  contactEmail: string | null;
  country: string | null;
  installations: { site: string | null; deviceModel: string; version: string; units: number }[];
};
export type Mir = { id: string; reference: string; type: "initial" | "follow_up" | "final"; submittedAt: string; competentAuthority: string; notes: string | null; recordedBy: string };
export type Fsca = {
  id: string;
  reference: string;
  description: string;
  startedAt: string;
  fieldSafetyNoticeSentAt: string | null;
  affectedVersionIds: string[];
  affectedDevices: string | null;
  status: "planned" | "in_progress" | "completed" | "cancelled";
  completedAt: string | null;
  updatedAt?: string;
};
export type Notification = { id: string; title: string; body: string | null; link: string | null; createdAt: string; readAt: string | null };
export type Customer = { id: string; name: string; sites: { id: string; name: string; city: string | null }[] };
export type { DecidingCriterion };

const base = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

export const incidentKeys = {
  all: ["incidents"] as const,
  list: ["incidents", "list"] as const,
  board: ["incidents", "board"] as const,
  one: (id: string) => ["incidents", id] as const,
  part: (id: string, part: string) => ["incidents", id, part] as const,
  notifications: ["notifications"] as const,
};

/** One page of the incident list; its key starts with the list's, so that a change refetches it too. */
export const useIncidentPage = (query: string) =>
  useQuery({ queryKey: [...incidentKeys.list, query], queryFn: () => api.get<PagedList<IncidentListItem>>(`/api/incidents?${query}`), placeholderData: keepPreviousData });
export const useBoard = () =>
  useQuery({
    queryKey: incidentKeys.board,
    queryFn: () => api.get<{ now: string; items: BoardItem[]; problems: { reference: string; message: string }[] }>("/api/incidents/board"),
    refetchInterval: 60_000,
  });
export const useIncident = (id: string) => useQuery({ queryKey: incidentKeys.one(id), queryFn: () => api.get<Incident>(base(id)) });
export const useObligations = (id: string) => useQuery({ queryKey: incidentKeys.part(id, "obligations"), queryFn: () => api.get<Obligations>(`${base(id)}/obligations`) });
export const useTimeline = (id: string) =>
  useQuery({ queryKey: incidentKeys.part(id, "timeline"), queryFn: () => api.get<{ timeZone: string; items: TimelineItem[] }>(`${base(id)}/timeline`) });
export const useEvidence = (id: string) => useQuery({ queryKey: incidentKeys.part(id, "evidence"), queryFn: () => api.get<Evidence[]>(`${base(id)}/evidence`) });
export const useDrafts = (id: string) => useQuery({ queryKey: incidentKeys.part(id, "drafts"), queryFn: () => api.get<DraftSummary[]>(`${base(id)}/drafts`) });
export const useDraft = (id: string, stage: string, version: number | null) =>
  useQuery({
    queryKey: [...incidentKeys.part(id, "drafts"), stage, version ?? "latest"],
    queryFn: () => api.get<Draft>(`${base(id)}/drafts/${stage}${version ? `?version=${version}` : ""}`),
  });
export const useRecipients = (id: string) => useQuery({ queryKey: incidentKeys.part(id, "recipients"), queryFn: () => api.get<Recipient[]>(`${base(id)}/recipients`) });
export const useVigilance = (id: string) =>
  useQuery({ queryKey: incidentKeys.part(id, "vigilance"), queryFn: () => api.get<{ mirs: Mir[]; fscas: Fsca[] }>(`${base(id)}/vigilance`) });
export const useCustomers = () => useQuery({ queryKey: ["customers"], queryFn: () => api.get<Customer[]>("/api/customers") });
export const useNotifications = () =>
  useQuery({
    queryKey: incidentKeys.notifications,
    queryFn: () => api.get<{ unread: number; items: Notification[] }>("/api/notifications?limit=50"),
    refetchInterval: 60_000,
  });

export const incidentApi = {
  base,
  create: (body: unknown) => api.post<Incident>("/api/incidents", body),
  update: (id: string, body: unknown) => api.patch<Incident>(base(id), body),
  assess: (id: string, body: unknown) => api.post<Incident>(`${base(id)}/assessment`, body),
  confirm: (id: string, body: unknown) => api.post<Incident>(`${base(id)}/confirm`, body),
  submit: (id: string, body: unknown) => api.post<{ status: string; late: boolean }>(`${base(id)}/submissions`, body),
  requestIntermediate: (id: string, body: unknown) => api.post(`${base(id)}/intermediate-requests`, body),
  addAction: (id: string, body: unknown) => api.post(`${base(id)}/timeline`, body),
  addEvidence: (id: string, body: unknown) => api.post<Evidence>(`${base(id)}/evidence`, body),
  createDraft: (id: string, stage: string) => api.post<Draft>(`${base(id)}/drafts/${stage}`),
  editDraft: (id: string, stage: string, body: unknown) => api.patch<Draft>(`${base(id)}/drafts/${stage}`, body),
  addMir: (id: string, body: unknown) => api.post<Mir>(`${base(id)}/mir-reports`, body),
  addFsca: (id: string, body: unknown) => api.post<Fsca>(`${base(id)}/fscas`, body),
  updateFsca: (id: string, fscaId: string, body: unknown) => api.patch<Fsca>(`${base(id)}/fscas/${fscaId}`, body),
  lessonsLearned: (id: string, body: unknown) => api.put(`${base(id)}/lessons-learned`, body),
};

/** After a change: every incident query (the record, its parts, the list and the board) is stale. */
export function useInvalidateIncident() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: incidentKeys.all });
}
