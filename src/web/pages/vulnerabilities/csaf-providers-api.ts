import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export type CsafProvider = {
  id: string;
  name: string;
  kind: "metadata" | "upload";
  url: string | null;
  supplierId: string | null;
  supplierName: string | null;
  intervalHours: number;
  lastFetchAt: string | null;
  lastGoodFetchAt: string | null;
  lastError: string | null;
  problems: Array<{ path: string; reason: string }>;
  nextFetchAt: string | null;
  documentCount: number;
  createdBy: string;
  createdAt: string;
};

export type CsafProviderRevision = {
  id: string;
  version: string;
  status: string;
  currentReleaseDate: string;
  tlp: string | null;
  sha256: string;
  hashChecked: string;
  signature: string;
  appliedTo: Array<{ versionId: string; label: string }>;
  fetchedAt: string;
};

export type CsafProviderDocument = {
  id: string;
  trackingId: string;
  url: string;
  title: string;
  publisher: string | null;
  category: string;
  currentVersion: string;
  tlp: string | null;
  internal: boolean;
  status: string;
  initialReleaseDate: string;
  currentReleaseDate: string;
  revisions: CsafProviderRevision[];
};

export const csafProviderKeys = { all: ["csaf-providers"] as const, one: (id: string) => ["csaf-providers", id] as const };

export const useCsafProviders = () => useQuery({ queryKey: csafProviderKeys.all, queryFn: () => api.get<{ items: CsafProvider[] }>("/api/csaf-providers") });
export const useCsafProvider = (id: string) => useQuery({ queryKey: csafProviderKeys.one(id), queryFn: () => api.get<CsafProvider>(`/api/csaf-providers/${encodeURIComponent(id)}`) });
export const useCsafProviderDocuments = (id: string) =>
  useQuery({ queryKey: [...csafProviderKeys.one(id), "documents"], queryFn: () => api.get<{ items: CsafProviderDocument[] }>(`/api/csaf-providers/${encodeURIComponent(id)}/documents`) });
