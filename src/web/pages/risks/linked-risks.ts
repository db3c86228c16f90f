import { useQueries } from "@tanstack/react-query";
import { api } from "../../api/client";
import { type Risk, type RiskDetail, riskKeys, useRisks } from "./api";

/** What a record shows of a risk linked to it. */
export type LinkedRisk = Pick<Risk, "id" | "reference" | "title" | "current" | "status">;

export type LinkedRisks = { risks: LinkedRisk[]; pending: boolean; error: unknown };

const summary = (r: LinkedRisk): LinkedRisk => ({ id: r.id, reference: r.reference, title: r.title, current: r.current, status: r.status });

/**
 * The risks an incident lists in `linkedRiskIds`. Raising a risk from the incident adds its id there; lessons learned
 * may also name risks by reference, so both are matched.
 */
export function useIncidentLinkedRisks(linkedRiskIds: string[]): LinkedRisks {
  const register = useRisks("");
  const wanted = new Set(linkedRiskIds);
  const risks = (register.data ?? []).filter((r) => wanted.has(r.id) || wanted.has(r.reference)).map(summary);
  return { risks, pending: linkedRiskIds.length > 0 && register.isPending, error: register.error };
}

/**
 * The risks linked to a vulnerability finding. The register has no filter by link, so the risks of the finding's
 * device model are read in detail and their links checked: a risk raised from a finding always carries that model.
 */
export function useFindingLinkedRisks(findingId: string, deviceModelId: string): LinkedRisks {
  const query = `deviceModelId=${encodeURIComponent(deviceModelId)}`;
  const candidates = useRisks(query);
  const details = useQueries({
    queries: (candidates.data ?? []).map((r) => ({
      queryKey: riskKeys.detail(r.id),
      queryFn: () => api.get<RiskDetail>(`/api/risks/${encodeURIComponent(r.id)}`),
    })),
  });
  const risks = details.flatMap((d) => (d.data?.links.some((l) => l.kind === "finding" && l.refId === findingId) ? [summary(d.data)] : []));
  return {
    risks,
    pending: candidates.isPending || details.some((d) => d.isPending),
    error: candidates.error ?? details.find((d) => d.error)?.error ?? null,
  };
}
