import type { Catalog } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import type { Classification } from "./classify";

export interface Supervision {
  regime: "ex_ante_and_ex_post" | "ex_post" | "none";
  summary: string;
  powers: string[];
  enforcementMeasures: string[];
  basis: LegalBasis | null;
}

const COMMON_MEASURES = [
  "warnings about infringements",
  "binding instructions and orders to remedy within a time limit",
  "orders to cease conduct that infringes the Directive",
  "orders to bring risk-management measures (Art. 21) or reporting (Art. 23) into compliance",
  "orders to inform persons potentially affected by a significant cyber threat",
  "orders to implement audit recommendations",
  "orders to make aspects of infringements public",
  "administrative fines (Art. 34) in addition to the other measures",
];

export function supervisionFor(classification: Classification, catalog: Catalog): Supervision {
  if (classification === "essential") {
    return {
      regime: "ex_ante_and_ex_post",
      summary:
        "Proactive (ex ante) and reactive (ex post) supervision; persons representing the entity can be held liable.",
      powers: [
        "on-site inspections and off-site supervision, including random checks",
        "regular and targeted security audits",
        "ad hoc audits, e.g. after a significant incident",
        "security scans",
        "requests for information and documented policies",
        "requests for access to data, documents and information",
        "requests for evidence of implementation, e.g. audit results",
      ],
      enforcementMeasures: [
        ...COMMON_MEASURES,
        "designation of a monitoring officer for a set period",
        "if measures stay ineffective: temporary suspension of certifications or authorisations, and a temporary ban on managers at CEO or legal-representative level (Art. 32(5))",
      ],
      basis: basisOf(catalog, ["nis2:art32", "nis2:art32.4", "nis2:art32.5", "nis2:art32.6"]),
    };
  }
  if (classification === "important") {
    return {
      regime: "ex_post",
      summary: "Reactive (ex post) supervision, triggered by evidence or indications of non-compliance.",
      powers: [
        "on-site inspections and off-site ex post supervision",
        "targeted security audits",
        "security scans",
        "requests for information",
        "requests for access to data, documents and information",
        "requests for evidence of implementation",
      ],
      enforcementMeasures: [
        ...COMMON_MEASURES,
        "no monitoring officer and no Art. 32(5) suspension or management ban for important entities",
      ],
      basis: basisOf(catalog, ["nis2:art33", "nis2:art33.4"]),
    };
  }
  return {
    regime: "none",
    summary: "No NIS2 supervision; voluntary notification of incidents remains possible (Art. 30).",
    powers: [],
    enforcementMeasures: [],
    basis: null,
  };
}
