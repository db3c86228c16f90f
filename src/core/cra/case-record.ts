import type { CraCase } from "./cases";
import type { ProductRegime } from "./regime";

/** What opened a CRA case: a KEV listing, the user marking the vulnerability exploited, or an incident on the product. */
export const CRA_TRIGGERS = ["kev", "marked_exploited", "incident"] as const;
export type CraTrigger = (typeof CRA_TRIGGERS)[number];

/** The CRA Art. 14 side of an incident: which case it is, about which product (and finding), and the fix date. */
export type CraCaseRecord = {
  case: CraCase;
  /** The device model (product with digital elements) the case is about. */
  productId: string;
  /** Exploited vulnerability: the finding in which it was found. */
  findingId?: string;
  trigger: CraTrigger;
  /** Exploited vulnerability: when a corrective or mitigating measure became available (starts the final report's 14 days). */
  fixAvailableAt?: string;
  /** Member States where the product is made available, for the early warning (Art. 14(2)(a)). */
  memberStates: string[];
  /** How sensitive the manufacturer considers the notified information (Art. 14(2)(b), 14(4)(b)), in its own words. */
  sensitivity?: string;
};

export type CraCaseProblem = { path: string; message: string };

/**
 * Why a product cannot carry a CRA case: Art. 14 binds only manufacturers of products in CRA scope. An MDR or
 * IVDR device is excluded (Art. 2(2)); its incidents are reported through device vigilance.
 */
export function craCaseProductProblem(productName: string, regime: ProductRegime, path: string): CraCaseProblem | undefined {
  if (regime.cra === "in_scope") return undefined;
  const why = regime.reasons[0] ? ` ${regime.reasons[0].text} (${regime.reasons[0].basis})` : "";
  const what =
    regime.cra === "excluded"
      ? `${productName} is a ${regime.regime.toUpperCase()} device, excluded from the CRA (${regime.label}); report through ${regime.regime.toUpperCase()} vigilance instead`
      : `${productName} is not in CRA scope (${regime.label})`;
  return { path, message: `${what}.${why}` };
}

/** A fix cannot be available before the manufacturer became aware of the vulnerability. */
export function craFixDateProblem(awareAt: Date, fixAvailableAt: Date, path: string): CraCaseProblem | undefined {
  if (fixAvailableAt.getTime() >= awareAt.getTime()) return undefined;
  return {
    path,
    message: `the fix (${fixAvailableAt.toISOString()}) lies before awareness (${awareAt.toISOString()}); record when the corrective or mitigating measure became available, which cannot precede becoming aware of the vulnerability`,
  };
}
