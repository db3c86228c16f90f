import { type Risk, useRisks } from "./api";

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

/** The risks linked to a vulnerability finding, by the register's `linked` filter. */
export function useFindingLinkedRisks(findingId: string): LinkedRisks {
  const linked = useRisks(`linked=${encodeURIComponent(`finding:${findingId}`)}`);
  return { risks: (linked.data ?? []).map(summary), pending: linked.isPending, error: linked.error };
}
