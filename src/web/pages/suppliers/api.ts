import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { PagedList } from "../../api/paging";

export type Tier = 1 | 2 | 3;
export type Risk = { score: number; level: "low" | "medium" | "high" | "critical"; factors: { factor: string; points: number }[] };
export type TierInputs = {
  systemAccess: "none" | "limited" | "privileged";
  dataAccess: "none" | "internal" | "health";
  deviceImpact: "none" | "indirect" | "direct";
  patientSafetyImpact: boolean;
  substitutability: "easy" | "moderate" | "hard";
};
export type Contact = { name: string; email?: string | null; phone?: string | null; role?: string | null };

export type SupplierSummary = TierInputs & {
  id: string;
  name: string;
  supplies: string;
  suppliesDeviceComponents: boolean;
  country: string | null;
  website: string | null;
  contacts: Contact[];
  notes: string | null;
  tier: Tier;
  tierReasons: string[];
  registeredOn: string;
  nextAssessmentDue: string;
  requiredClauses: string[];
  missingClauses: string[];
  expiredCertificates: number;
  expiringCertificates: number;
  lastAssessment: { id: string; reviewedOn: string; score: number | null } | null;
  openAssessment: { id: string; status: string; sentOn: string } | null;
  hasCurrentAssessment: boolean;
  schedule: "current" | "due_soon" | "overdue";
  risk: Risk;
  componentCount: number;
};

export type Contract = { id: string; title: string; reference: string | null; startDate: string | null; endDate: string | null; clauses: string[]; notes: string | null; current: boolean };
export type Certification = { id: string; type: "iso27001" | "soc2" | "other"; name: string; issuer: string | null; scope: string | null; issuedOn: string | null; expiresOn: string | null; state: "valid" | "expiring" | "expired" };
export type Component = { id: string; purl: string; match: "exact" | "prefix"; description: string | null };
export type AssessmentSummary = {
  id: string;
  status: "sent" | "in_progress" | "submitted" | "reviewed" | "revoked";
  template?: string;
  recipientEmail: string | null;
  sentBy: string;
  sentAt: string;
  expiresAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  overallScore: number | null;
};
export type SupplierDetail = SupplierSummary & { contracts: Contract[]; certifications: Certification[]; components: Component[]; assessments: AssessmentSummary[] };

export type Question = { id: string; text: string; help?: string; kind: "yes_no" | "choice" | "text"; weight: number; options?: { value: string; label: string; score?: number }[]; evidence?: string };
export type Template = { id: string; version: string; title: string; description: string; sections: { id: string; title: string; weight?: number; questions: Question[] }[] };
export type Answers = Record<string, { value?: string | null; comment?: string | null }>;
export type Score = { overall: number | null; sections: { id: string; title: string; score: number | null; answered: number; questions: number }[]; unanswered: string[] };
export type AssessmentDetail = Omit<AssessmentSummary, "template"> & {
  expired: boolean;
  template: Template;
  answers: Answers;
  draftSavedAt: string | null;
  score: Score | null;
  reviewComments: { questionId: string | null; text: string; by: string; at: string }[];
  attachments: { id: string; questionId: string | null; fileName: string; mediaType: string; size: number; sha256: string; createdAt: string }[];
  followUps: { id: string; title: string; owner: string | null; dueDate: string | null; status: "open" | "done" }[];
};

export type Reference = {
  tiers: Record<Tier, string>;
  clauses: { id: string; title: string; description: string; refs: string[] }[];
  reassessmentMonths: Record<Tier, number>;
};

export type PortfolioEntry = Pick<SupplierSummary, "id" | "name" | "tier" | "risk" | "nextAssessmentDue" | "schedule" | "lastAssessment" | "openAssessment">;
export type Portfolio = {
  totals: { suppliers: number; byTier: Record<Tier, number>; byRisk: Record<Risk["level"], number> };
  criticalWithoutCurrentAssessment: PortfolioEntry[];
  missingClauses: (PortfolioEntry & { missingClauses: string[] })[];
  certificates: { supplierId: string; supplier: string; name: string; type: string; expiresOn: string | null; state: "expired" | "expiring" }[];
  assessmentsDue: PortfolioEntry[];
  highestRisk: PortfolioEntry[];
};

export const supplierKeys = {
  all: ["suppliers"] as const,
  list: ["suppliers", "list"] as const,
  detail: (id: string) => ["suppliers", "detail", id] as const,
  assessment: (id: string, aid: string) => ["suppliers", "assessment", id, aid] as const,
  portfolio: ["suppliers", "portfolio"] as const,
  reference: ["suppliers", "reference"] as const,
};

export const useSupplierPage = (query: string) =>
  useQuery({ queryKey: [...supplierKeys.list, query], queryFn: () => api.get<PagedList<SupplierSummary>>(`/api/suppliers?${query}`), placeholderData: keepPreviousData });
export const useSuppliers = () => useQuery({ queryKey: supplierKeys.list, queryFn: () => api.get<SupplierSummary[]>("/api/suppliers") });
export const useSupplier = (id: string) => useQuery({ queryKey: supplierKeys.detail(id), queryFn: () => api.get<SupplierDetail>(`/api/suppliers/${id}`) });
export const useAssessment = (id: string, aid: string | null) =>
  useQuery({ queryKey: supplierKeys.assessment(id, aid ?? ""), queryFn: () => api.get<AssessmentDetail>(`/api/suppliers/${id}/assessments/${aid}`), enabled: !!aid });
export const usePortfolio = () => useQuery({ queryKey: supplierKeys.portfolio, queryFn: () => api.get<Portfolio>("/api/suppliers/portfolio") });
export const useSupplierReference = () => useQuery({ queryKey: supplierKeys.reference, queryFn: () => api.get<Reference>("/api/suppliers/reference"), staleTime: Infinity });

export const TIER_COLORS: Record<Tier, string> = { 1: "red", 2: "orange", 3: "gray" };
export const RISK_COLORS: Record<Risk["level"], string> = { critical: "red", high: "orange", medium: "yellow", low: "teal" };
export const ACCESS_LABELS = {
  systemAccess: { none: "No access", limited: "Limited access", privileged: "Privileged access" },
  dataAccess: { none: "No data", internal: "Internal data", health: "Patient / health data" },
  deviceImpact: { none: "No effect on devices", indirect: "Indirect (tools, services)", direct: "Direct (in the device)" },
  substitutability: { easy: "Easy to replace", moderate: "Replaceable with effort", hard: "Hard to replace" },
} as const;
