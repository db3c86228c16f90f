import { DEFAULT_SLA, type DeadlineInput, type RemediationPlan, remediationPlan, type SlaConfig } from "./deadlines";
import { assessPriority, DEFAULT_PRIORITY_CONFIG, type PriorityAssessment, type PriorityConfig, type PriorityInput } from "./priority";

/** A finding's priority and the deadlines that follow from it, in one call. */
export interface TriageInput extends PriorityInput, Omit<DeadlineInput, "priority" | "kev"> {}

export type TriageResult =
  | { ok: true; assessment: PriorityAssessment; plan: RemediationPlan }
  | { ok: false; error: string };

export function triageFinding(
  input: TriageInput,
  config: { priority?: PriorityConfig; sla?: SlaConfig } = {},
): TriageResult {
  const assessment = assessPriority(input, config.priority ?? DEFAULT_PRIORITY_CONFIG);
  const plan = remediationPlan(
    {
      priority: assessment.priority,
      knownSince: input.knownSince,
      ...(input.kev ? { kev: input.kev } : {}),
      ...(input.uncontrolledRisk !== undefined ? { uncontrolledRisk: input.uncontrolledRisk } : {}),
      ...(input.usMarket !== undefined ? { usMarket: input.usMarket } : {}),
      ...(input.cyberDevice !== undefined ? { cyberDevice: input.cyberDevice } : {}),
    },
    config.sla ?? DEFAULT_SLA,
  );
  return plan.ok ? { ok: true, assessment, plan: plan.plan } : { ok: false, error: plan.error };
}
