import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";

export type Counts = { total: number; met: number; partial: number; notMet: number; unmapped: number; notApplicable: number; needsReview: number; percent: number | null };
export type FrameworkCoverage = Counts & { id: string; name: string; optional: boolean; custom: boolean; groups: (Counts & { id: string; title: string; label: string })[] };
export type ChainStep = { from: string; to: string; relationship: string; strength?: string; source: string; note?: string };
export type Contribution = { control: string; controlId: string | null; controlTitle: string; controlStatus: string; needsReview: boolean; relationship: string; effect: string; chain: ChainStep[] };
export type Requirement = { id: string; title: string; ref: string; group: string; groupTitle: string; status: string; score: number; needsReview: boolean; explanation: string; contributions: Contribution[]; suggestions: Contribution[] };
export type Control = {
  id: string;
  code: string;
  libraryId: string | null;
  domain: string;
  title: string;
  description: string;
  applicable: boolean;
  exclusionJustification: string | null;
  status: string;
  needsReview: boolean;
  effectiveStatus: string;
  ownerId: string | null;
  ownerName: string | null;
  dueDate: string | null;
  maturity: number;
  notes: string;
  evidenceCount: number;
  frameworks: Record<string, number>;
};
export type Evidence = {
  id: string;
  title: string;
  kind: "file" | "record";
  record: { kind: string; id: string } | null;
  validUntil: string | null;
  expired: boolean;
  currentVersion: number;
  file: { fileName: string; size: number; sha256: string; uploadedBy: string; uploadedAt: string } | null;
  versions: { version: number; fileName: string; sha256: string; uploadedAt: string }[];
  controls: { id: string; code: string; title: string }[];
};
export type ControlDetail = Control & {
  evidenceHints: string[];
  mappings: { requirement: string; framework: string; title: string; relationship: string; strength: string | null; source: string; origin: string; requirementStatus: string | null; effect: string }[];
  mappedFrom: { requirement: string; framework: string; title: string; relationship: string }[];
  evidence: Evidence[];
};

export const CONTROL_STATUSES = ["not_started", "planned", "partial", "implemented", "not_applicable"] as const;
export const label = (s: string) => s.replace(/_/g, " ");
export const statusColor: Record<string, string> = {
  met: "green",
  implemented: "green",
  partial: "yellow",
  needs_review: "orange",
  planned: "blue",
  not_met: "red",
  not_started: "gray",
  unmapped: "gray",
  not_applicable: "dark",
};

export const useCoverage = () => useQuery({ queryKey: ["compliance", "frameworks"], queryFn: () => api.get<FrameworkCoverage[]>("/api/compliance/frameworks") });
export const useControls = () => useQuery({ queryKey: ["compliance", "controls"], queryFn: () => api.get<Control[]>("/api/compliance/controls") });

/** Every compliance change may move coverage everywhere: refresh the whole section. */
export function useComplianceMutation<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ["compliance"] }) });
}

export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}
