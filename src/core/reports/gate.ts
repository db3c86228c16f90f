/** Pipeline gate: a release fails while a known-exploited or critical finding has no VEX analysis yet. */
export type GateFinding = { vulnerabilityId: string; component: string; priority: string; kev: boolean; status: string };

export function gateVerdict(findings: readonly GateFinding[]): { pass: boolean; blocking: GateFinding[] } {
  const blocking = findings.filter((f) => f.status === "under_investigation" && (f.kev || f.priority === "critical"));
  return { pass: blocking.length === 0, blocking };
}
