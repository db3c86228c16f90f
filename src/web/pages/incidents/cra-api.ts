import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { incidentKeys } from "./api";

export type CraProposal =
  | {
      case: "exploited_vulnerability";
      findingId: string;
      vulnerabilityId: string;
      product: { id: string; name: string };
      version: string;
      component: string;
      kevDateAdded: string | null;
      markedExploited: { by: string; source: string } | null;
      awareAt: string;
      reason: string;
    }
  | { case: "severe_incident"; incidentId: string; reference: string; title: string; product: { id: string; name: string }; reason: string };

export type CraCase = {
  cra: {
    case: "exploited_vulnerability" | "severe_incident";
    productId: string;
    findingId?: string;
    trigger: "kev" | "marked_exploited" | "incident";
    fixAvailableAt?: string;
    memberStates: string[];
    sensitivity?: string;
  } | null;
  product: { id: string; name: string; regime: string } | null;
  finding: { id: string; vulnerabilityId: string; aliases: string[]; summary: string | null; version: { id: string; version: string }; component: string; kevDateAdded: string | null } | null;
};

/** A CRA Art. 14 report draft, generated from the record; sections hold "[to be confirmed: …]" while not recorded. */
export type CraDraft = {
  case: "exploited_vulnerability" | "severe_incident";
  stage: string;
  basis: string;
  title: string;
  generatedAt: string;
  addressee: { role: string; authority: string; csirt: string; submissionChannel: string; reference: string };
  fields: { label: string; value: string }[];
  sections: { id: string; heading: string; text: string; complete: boolean; source: string; confidence: string }[];
  missing: string[];
};

/** The report stages of each CRA case, as the server names them. */
export const CRA_DRAFT_STAGES = {
  exploited_vulnerability: ["early_warning", "vulnerability_notification", "final_report"],
  severe_incident: ["early_warning", "incident_notification", "final_report"],
} as const;

const proposalsKey = ["cra", "proposals"] as const;

export const useCraProposals = () => useQuery({ queryKey: proposalsKey, queryFn: () => api.get<CraProposal[]>("/api/cra/proposals") });
export type CraDismissal = { key: string; summary: string; reason: string; dismissedBy: string; dismissedAt: string };
export const useCraDismissals = () => useQuery({ queryKey: [...proposalsKey, "dismissed"], queryFn: () => api.get<CraDismissal[]>("/api/cra/proposals/dismissed") });
export const proposalKey = (p: CraProposal) => (p.case === "exploited_vulnerability" ? `finding:${p.findingId}` : `incident:${p.incidentId}`);
export const useCraCase = (incidentId: string) => useQuery({ queryKey: incidentKeys.part(incidentId, "cra"), queryFn: () => api.get<CraCase>(`/api/incidents/${incidentId}/cra`) });

export const craDraftUrl = (incidentId: string, stage: string) => `/api/incidents/${incidentId}/cra/drafts/${stage}`;
export const useCraDraft = (incidentId: string, stage: string | null) =>
  useQuery({
    queryKey: incidentKeys.part(incidentId, `cra-draft-${stage}`),
    queryFn: () => api.get<CraDraft>(craDraftUrl(incidentId, stage ?? "")),
    enabled: stage !== null,
  });

export function useInvalidateCra() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: proposalsKey }), qc.invalidateQueries({ queryKey: incidentKeys.all })]);
}

export const craApi = {
  open: (body: { findingId: string; awareAt?: string }) => api.post<{ id: string; reference: string }>("/api/cra/cases", body),
  set: (incidentId: string, body: { case: string; productId: string; findingId?: string; fixAvailableAt?: string | null; sensitivity?: string | null }) => api.put<CraCase>(`/api/incidents/${incidentId}/cra`, body),
  dismiss: (key: string, reason: string) => api.post<CraDismissal>("/api/cra/proposals/dismiss", { key, reason }),
  restore: (key: string) => api.delete<void>(`/api/cra/proposals/dismissed/${encodeURIComponent(key)}`),
  advisory: (incidentId: string) => api.post<{ id: string; trackingId: string }>(`/api/incidents/${incidentId}/cra/advisory`, {}),
};
