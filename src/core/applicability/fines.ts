import type { Catalog } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import type { Classification } from "./classify";

export interface MaxFine {
  /** Minimum that national law must allow as the maximum fine; null when out of scope. */
  amountEur: number | null;
  formula: string;
  basis: LegalBasis | null;
  note: string;
}

const FINE_FLOORS = {
  essential: { floorEur: 10_000_000, permille: 20, label: "2 %" },
  important: { floorEur: 7_000_000, permille: 14, label: "1.4 %" },
} as const;

const eur = (n: number) => `€${new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(n)}`;

/** Percentage share in whole cents, computed on integers to avoid binary rounding (1.4 % of €1 bn is €14 m exactly). */
export function shareOfTurnover(turnoverEur: number, permille: number): number {
  const cents = Math.round(turnoverEur * 100);
  return Math.round((cents * permille) / 1000) / 100;
}

export function maxFineFor(classification: Classification, turnoverEur: number, catalog: Catalog): MaxFine {
  if (classification === "out_of_scope") {
    return { amountEur: null, formula: "not applicable (out of scope)", basis: null, note: "No NIS2 fines apply." };
  }
  const f = FINE_FLOORS[classification];
  const share = shareOfTurnover(turnoverEur, f.permille);
  const amount = Math.max(f.floorEur, share);
  return {
    amountEur: amount,
    formula: `max(${eur(f.floorEur)}, ${f.label} × ${eur(turnoverEur)} = ${eur(share)}) = ${eur(amount)}`,
    basis: basisOf(catalog, [classification === "essential" ? "nis2:art34.4" : "nis2:art34.5"]),
    note: "Turnover means the total worldwide annual turnover of the undertaking the entity belongs to, in the preceding financial year; the profile's annual turnover is used. These are floors for the national maxima — national law may set higher maxima or minimum fines.",
  };
}
