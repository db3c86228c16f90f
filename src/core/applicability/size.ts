import type { Catalog } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";

export type SizeCategory = "micro" | "small" | "medium" | "large";

export const SIZE_CEILINGS = {
  mediumStaff: 250,
  mediumTurnoverEur: 50_000_000,
  mediumBalanceSheetEur: 43_000_000,
  smallStaff: 50,
  smallTurnoverEur: 10_000_000,
  smallBalanceSheetEur: 10_000_000,
  microStaff: 10,
  microTurnoverEur: 2_000_000,
  microBalanceSheetEur: 2_000_000,
} as const;

export interface SizeFigures {
  staffHeadcount: number;
  annualTurnoverEur: number;
  balanceSheetTotalEur: number;
}

const eur = (n: number) => `€${new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(n)}`;

/**
 * Recommendation 2003/361/EC, Annex Art. 2: the staff ceiling is mandatory and only one of the two financial
 * ceilings needs to be respected ("and/or"). Hence an enterprise exceeds a ceiling when its staff reach the
 * threshold, or when BOTH its turnover and its balance sheet total exceed theirs.
 */
export function classifySize(f: SizeFigures): { value: SizeCategory; rule: string } {
  const c = SIZE_CEILINGS;
  const figures = `staff ${f.staffHeadcount}, turnover ${eur(f.annualTurnoverEur)}, balance sheet ${eur(f.balanceSheetTotalEur)}`;
  if (f.staffHeadcount >= c.mediumStaff) return { value: "large", rule: `large: ${c.mediumStaff} or more staff (${figures})` };
  if (f.annualTurnoverEur > c.mediumTurnoverEur && f.balanceSheetTotalEur > c.mediumBalanceSheetEur) {
    return { value: "large", rule: `large: turnover above €50 m and balance sheet above €43 m (${figures})` };
  }
  if (f.staffHeadcount >= c.smallStaff) {
    return { value: "medium", rule: `medium: not large, and ${c.smallStaff} or more staff (${figures})` };
  }
  if (f.annualTurnoverEur > c.smallTurnoverEur && f.balanceSheetTotalEur > c.smallBalanceSheetEur) {
    return { value: "medium", rule: `medium: not large, and turnover and balance sheet both above €10 m (${figures})` };
  }
  if (
    f.staffHeadcount < c.microStaff &&
    (f.annualTurnoverEur <= c.microTurnoverEur || f.balanceSheetTotalEur <= c.microBalanceSheetEur)
  ) {
    return { value: "micro", rule: `micro: fewer than 10 staff and turnover or balance sheet at most €2 m (${figures})` };
  }
  return {
    value: "small",
    rule: `small: fewer than 50 staff and turnover or balance sheet at most €10 m, not micro (${figures})`,
  };
}

export interface SizeResult {
  value: SizeCategory;
  rule: string;
  basis: LegalBasis;
  notes: string[];
}

export function assessSize(f: SizeFigures, catalog: Catalog): SizeResult {
  const { value, rule } = classifySize(f);
  const ids =
    value === "large" || value === "medium"
      ? ["sme:annex.art2.1", "sme:annex.art2.2"]
      : value === "small"
        ? ["sme:annex.art2.2", "sme:annex.art2.3"]
        : ["sme:annex.art2.3"];
  return {
    value,
    rule,
    basis: basisOf(catalog, ids),
    notes: [
      "Use group-consolidated figures: linked enterprises in full, partner enterprises pro rata (Recommendation 2003/361/EC, Annex Arts 3 and 6; some Member States consider the independence of the entity's systems, NIS2 recital 16) — V3.",
      "A size status changes only after the ceilings are crossed in two consecutive accounting periods (Annex Art. 4(2)) — UNVERIFIED.",
    ],
  };
}
