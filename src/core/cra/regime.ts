import type { Confidence } from "../catalog";

/** What a product is, regulatorily: decides whether MDR/IVDR or the Cyber Resilience Act governs it. */
export const PRODUCT_KINDS = [
  "medical_device",
  "ivd",
  "accessory",
  "non_device_software",
  "non_device_hardware",
  "service",
] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** CRA category: default, important products class I/II (Annex III), critical products (Annex IV). */
export const CRA_CATEGORIES = ["default", "important_class_i", "important_class_ii", "critical"] as const;
export type CraCategory = (typeof CRA_CATEGORIES)[number];

/** IVDR classes are letters; MDR classes are roman numerals. */
const IVD_CLASSES = new Set(["A", "B", "C", "D"]);

export type ProductRegimeInput = {
  kind: ProductKind;
  /** MDR (I … III) or IVDR (A … D) class, when the product is a device or accessory. */
  riskClass?: string | null;
  connectivity: readonly string[];
  craCategory?: CraCategory | null;
  /** End of the support period the manufacturer declared (YYYY-MM-DD). */
  supportPeriodEnd?: string | null;
};

export type RegimeReason = { text: string; basis: string; confidence: Confidence };

export type ProductRegime = {
  /** The product regulation that governs the product's cybersecurity: mdr, ivdr, cra, or none. */
  regime: "mdr" | "ivdr" | "cra" | "none";
  /**
   * - `excluded`: MDR or IVDR applies, Art. 2(2) CRA.
   * - `in_scope`: product with digital elements and a data connection; Art. 14 reporting applies.
   * - `not_a_product`: pure software as a service (recital 12).
   * - `out_of_scope`: no data connection (Art. 2(1)).
   */
  cra: "excluded" | "in_scope" | "not_a_product" | "out_of_scope";
  /** One line for lists, e.g. "CRA excluded, Art. 2(2)(a)". */
  label: string;
  reasons: RegimeReason[];
  category: CraCategory | null;
  supportPeriodEnd: string | null;
};

const CRA = "CRA";
const hasDataConnection = (connectivity: readonly string[]) => connectivity.some((c) => c !== "none");

function excluded(regulation: "mdr" | "ivdr", first: RegimeReason): ProductRegime {
  const point = regulation === "mdr" ? "(a)" : "(b)";
  const act = regulation === "mdr" ? "Regulation (EU) 2017/745 (MDR)" : "Regulation (EU) 2017/746 (IVDR)";
  return {
    regime: regulation,
    cra: "excluded",
    label: `CRA excluded, Art. 2(2)${point}`,
    reasons: [
      first,
      {
        text: `The CRA does not apply to products with digital elements to which ${act} applies; the exclusion is per product, not per manufacturer. Cybersecurity is covered by the ${regulation.toUpperCase()} (Annex I) and vigilance reporting.`,
        basis: `${CRA} Art. 2(2)${point}, recital 25`,
        confidence: "V2",
      },
    ],
    category: null,
    supportPeriodEnd: null,
  };
}

function classText(riskClass: string | null | undefined): string {
  return riskClass ? ` (class ${riskClass})` : "";
}

/**
 * Which regulation governs a product's cybersecurity, and why. Pure: the facts and their confidence come from
 * data/catalog/cra.yaml (items cra:art2.1, cra:art2.2, cra:art3.1, cra:recital12, cra:art13.8).
 */
export function productRegime(input: ProductRegimeInput): ProductRegime {
  const ivdClass = input.riskClass ? IVD_CLASSES.has(input.riskClass) : false;
  switch (input.kind) {
    case "medical_device":
      return excluded("mdr", {
        text: `A medical device${classText(input.riskClass)}: the MDR applies.`,
        basis: "MDR Art. 1, Art. 2(1)",
        confidence: "V2",
      });
    case "ivd":
      return excluded("ivdr", {
        text: `An in vitro diagnostic medical device${classText(input.riskClass)}: the IVDR applies.`,
        basis: "IVDR Art. 1, Art. 2(2)",
        confidence: "V2",
      });
    case "accessory":
      return excluded(ivdClass ? "ivdr" : "mdr", {
        text: `An accessory for a ${ivdClass ? "in vitro diagnostic " : ""}medical device${classText(input.riskClass)}: the ${ivdClass ? "IVDR" : "MDR"} applies to accessories as to devices.`,
        basis: ivdClass ? "IVDR Art. 1(1)" : "MDR Art. 1(1)",
        confidence: "V3",
      });
    case "service":
      return {
        regime: "none",
        cra: "not_a_product",
        label: "Not a CRA product (SaaS, recital 12)",
        reasons: [
          {
            text: "Software provided purely as a service is not a product with digital elements; the NIS2 duties of the organisation running it may apply instead.",
            basis: `${CRA} recital 12`,
            confidence: "V2",
          },
          {
            text: "If this service is the remote data processing of one of your products (designed under your responsibility, and the product cannot perform a function without it), it follows that product: record it with the product instead.",
            basis: `${CRA} Art. 3(2)`,
            confidence: "UNVERIFIED",
          },
        ],
        category: null,
        supportPeriodEnd: null,
      };
    case "non_device_software":
    case "non_device_hardware":
      return nonDevice(input);
  }
}

function nonDevice(input: ProductRegimeInput): ProductRegime {
  const what = input.kind === "non_device_software" ? "Software" : "Hardware";
  const notDevice: RegimeReason = {
    text: `${what} that is not a medical device, IVD or accessory: the Art. 2(2) exclusion does not apply.`,
    basis: `${CRA} Art. 2(2)`,
    confidence: "V2",
  };
  if (!hasDataConnection(input.connectivity)) {
    return {
      regime: "none",
      cra: "out_of_scope",
      label: "CRA not applicable: no data connection (Art. 2(1))",
      reasons: [
        notDevice,
        {
          text: "No data connection to a device or network is recorded; the CRA covers products whose intended or reasonably foreseeable use includes one. Record the connectivity if the product has any.",
          basis: `${CRA} Art. 2(1)`,
          confidence: "V2",
        },
      ],
      category: null,
      supportPeriodEnd: null,
    };
  }
  const category = input.craCategory ?? null;
  const reasons: RegimeReason[] = [
    notDevice,
    {
      text: `A product with digital elements (${what.toLowerCase()} product, Art. 3(1)) with a data connection (${input.connectivity.filter((c) => c !== "none").join(", ")}): the CRA applies, and Art. 14 reporting of actively exploited vulnerabilities and severe incidents applies from 11 September 2026, also to products placed on the market before 11 December 2027.`,
      basis: `${CRA} Art. 2(1), Art. 3(1), Art. 14, Art. 69(3), Art. 71(2)`,
      confidence: "V2",
    },
    category === null
      ? { text: "CRA category not recorded: default unless the product is listed in Annex III (important, class I or II) or Annex IV (critical).", basis: `${CRA} Annex III, Annex IV`, confidence: "V2" }
      : { text: `CRA category: ${categoryLabel(category)}.`, basis: `${CRA} ${category === "critical" ? "Annex IV" : category === "default" ? "Annex III, Annex IV (not listed)" : "Annex III"}`, confidence: "V2" },
    input.supportPeriodEnd
      ? { text: `Support period until ${input.supportPeriodEnd}.`, basis: `${CRA} Art. 13(8)`, confidence: "V2" }
      : {
          text: "Support period not recorded: it must reflect the expected time of use, at least five years unless the product is expected to be used for less.",
          basis: `${CRA} Art. 13(8)`,
          confidence: "V2",
        },
  ];
  return {
    regime: "cra",
    cra: "in_scope",
    label: `CRA in scope (${category === null ? "category not recorded" : categoryLabel(category)})`,
    reasons,
    category,
    supportPeriodEnd: input.supportPeriodEnd ?? null,
  };
}

export function categoryLabel(category: CraCategory): string {
  return {
    default: "default category",
    important_class_i: "important product, class I (Annex III)",
    important_class_ii: "important product, class II (Annex III)",
    critical: "critical product (Annex IV)",
  }[category];
}
