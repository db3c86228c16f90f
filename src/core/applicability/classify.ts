import { type Catalog, type Confidence, isEuMemberState } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import { type Activity, type Profile, REG_2024_2690_ACTIVITIES } from "./profile";
import type { SizeCategory } from "./size";

export type Classification = "essential" | "important" | "out_of_scope";

/** Which NIS2 annex entry each activity falls under. */
export const ACTIVITY_ANNEX: Record<Activity, { annex: "I" | "II"; item: string; label: string }> = {
  critical_devices_list: {
    annex: "I",
    item: "nis2:annexI.5.critical-devices",
    label: "manufacturer of devices on the public health emergency critical devices list",
  },
  pharmaceutical_manufacturing: {
    annex: "I",
    item: "nis2:annexI.5.pharma-manufacturing",
    label: "manufacturer of basic pharmaceutical products and preparations (NACE C21)",
  },
  medicinal_rd: { annex: "I", item: "nis2:annexI.5.medicinal-rd", label: "R&D of medicinal products" },
  healthcare_provider: { annex: "I", item: "nis2:annexI.5.healthcare-providers", label: "healthcare provider" },
  eu_reference_laboratory: { annex: "I", item: "nis2:annexI.5.eu-reference-labs", label: "EU reference laboratory" },
  cloud_computing_service: { annex: "I", item: "nis2:annexI.8.cloud", label: "cloud computing service provider" },
  medical_devices: { annex: "II", item: "nis2:annexII.5.a", label: "manufacturer of medical devices" },
  in_vitro_diagnostics: { annex: "II", item: "nis2:annexII.5.a", label: "manufacturer of in vitro diagnostic medical devices" },
  electromedical_equipment: {
    annex: "II",
    item: "nis2:annexII.5.b",
    label: "manufacturer of electromedical equipment (NACE C26)",
  },
  electrical_equipment: { annex: "II", item: "nis2:annexII.5.c", label: "manufacturer of electrical equipment (NACE C27)" },
  machinery: { annex: "II", item: "nis2:annexII.5.d", label: "manufacturer of machinery and equipment n.e.c. (NACE C28)" },
  motor_vehicles: {
    annex: "II",
    item: "nis2:annexII.5.e",
    label: "manufacturer of motor vehicles, trailers and semi-trailers (NACE C29)",
  },
  other_transport_equipment: {
    annex: "II",
    item: "nis2:annexII.5.f",
    label: "manufacturer of other transport equipment (NACE C30)",
  },
  research_organisation: { annex: "II", item: "nis2:annexII.7", label: "research organisation" },
};

/**
 * Whether a profile without an EU establishment still falls under NIS2: a provider of an Art. 26(1)(b) service type
 * (e.g. cloud computing) that offers services in the Union designates a representative (Art. 26(3)).
 */
export function needsEuRepresentative(profile: Profile): boolean {
  return (
    !profile.establishments.some(isEuMemberState) &&
    profile.offersServicesInEu === true &&
    profile.activities.some((a) => REG_2024_2690_ACTIVITIES.includes(a))
  );
}

export interface ClassificationNote {
  text: string;
  basis?: LegalBasis;
}

export interface ClassificationResult {
  value: Classification;
  /** Id of the decision-table row that decided. */
  rule: string;
  explanation: string;
  basis: LegalBasis;
  notes: ClassificationNote[];
}

interface Context {
  profile: Profile;
  size: SizeCategory;
  hasEuEstablishment: boolean;
  annexI: Activity[];
  annexII: Activity[];
  designations: ReadonlySet<string>;
}

interface Rule {
  id: string;
  when: (c: Context) => boolean;
  result: Classification;
  basis: (c: Context) => string[];
  /** Caps the confidence where the rule is an interpretation rather than the letter of the law. */
  confidence?: Confidence;
  explanation: (c: Context) => string;
}

const hasEntityType = (c: Context) => c.annexI.length + c.annexII.length > 0;
const annexItems = (acts: Activity[]) => [...new Set(acts.map((a) => ACTIVITY_ANNEX[a].item))];
const labels = (acts: Activity[]) => acts.map((a) => ACTIVITY_ANNEX[a].label).join(", ");

/**
 * The decision table, evaluated top to bottom; the first matching row decides. Designations and CER only ever
 * raise a classification: an Art. 2(2) identification as important cannot downgrade a large Annex I entity,
 * which is essential under Art. 3(1)(a) (Art. 3(2) makes important only those entities that are not essential),
 * so that row comes after the size-based essential row.
 */
export const CLASSIFICATION_RULES: readonly Rule[] = [
  {
    id: "no-eu-establishment",
    when: (c) => !c.hasEuEstablishment && !needsEuRepresentative(c.profile),
    result: "out_of_scope",
    basis: () => ["nis2:art2.1", "nis2:art26"],
    confidence: "UNVERIFIED",
    explanation: (c) =>
      c.profile.activities.some((a) => REG_2024_2690_ACTIVITIES.includes(a))
        ? "No establishment in an EU Member State and no services offered in the Union: not in scope of NIS2 (a provider of an Art. 26(1)(b) service type that offers services in the Union would have to designate a representative, Art. 26(3)). Interpretation — national laws may differ."
        : "No establishment in an EU Member State: the entity is not directly in scope of NIS2 (jurisdiction follows establishment; the Art. 26(3) representative duty covers only the digital entity types of Art. 26(1)(b), not manufacturers). Interpretation — national laws may differ.",
  },
  {
    id: "cer-critical-entity",
    when: (c) => c.designations.has("cer_critical_entity"),
    result: "essential",
    basis: () => ["nis2:art2.3", "nis2:art3.1.f"],
    explanation: () => "Identified as a critical entity under the CER Directive: essential regardless of size.",
  },
  {
    id: "designated-essential",
    when: (c) => c.designations.has("designated_essential") && hasEntityType(c),
    result: "essential",
    basis: () => ["nis2:art2.2.b-e", "nis2:art3.1.e"],
    explanation: () => "Identified by a Member State as essential under Art. 2(2)(b)–(e): essential regardless of size.",
  },
  {
    id: "former-nis1-operator",
    when: (c) => c.designations.has("former_nis1_operator_essential"),
    result: "essential",
    basis: () => ["nis2:art3.1.g"],
    explanation: () =>
      "Former operator of essential services that the Member State keeps as essential: essential regardless of size.",
  },
  {
    id: "annex-i-large",
    when: (c) => c.annexI.length > 0 && c.size === "large",
    result: "essential",
    basis: (c) => [...annexItems(c.annexI), "nis2:art3.1.a", "sme:annex.art2.1"],
    explanation: (c) =>
      `Large Annex I entity (${labels(c.annexI)}): exceeds the medium-sized ceilings, hence essential.`,
  },
  {
    id: "designated-important",
    when: (c) => c.designations.has("designated_important") && hasEntityType(c),
    result: "important",
    basis: () => ["nis2:art2.2.b-e", "nis2:art3.2"],
    explanation: () => "Identified by a Member State as important under Art. 2(2)(b)–(e): important regardless of size.",
  },
  {
    id: "annex-i-medium",
    when: (c) => c.annexI.length > 0 && c.size === "medium",
    result: "important",
    basis: (c) => [...annexItems(c.annexI), "nis2:art2.1", "nis2:art3.2", "sme:annex.art2.2"],
    explanation: (c) => `Medium-sized Annex I entity (${labels(c.annexI)}): in scope but not essential, hence important.`,
  },
  {
    id: "annex-ii-large",
    when: (c) => c.annexII.length > 0 && c.size === "large",
    result: "important",
    basis: (c) => [...annexItems(c.annexII), "nis2:art2.1", "nis2:art3.2", "sme:annex.art2.1"],
    explanation: (c) =>
      `Large Annex II entity (${labels(c.annexII)}): Annex II entities are never essential by size alone, so it remains important.`,
  },
  {
    id: "annex-ii-medium",
    when: (c) => c.annexII.length > 0 && c.size === "medium",
    result: "important",
    basis: (c) => [...annexItems(c.annexII), "nis2:art2.1", "nis2:art3.2", "sme:annex.art2.2"],
    explanation: (c) => `Medium-sized Annex II entity (${labels(c.annexII)}): important.`,
  },
  {
    id: "below-size-cap",
    when: (c) => c.annexI.length + c.annexII.length > 0,
    result: "out_of_scope",
    basis: () => ["nis2:art2.1", "sme:annex.art2.2"],
    explanation: (c) =>
      `${c.size === "micro" ? "Micro" : "Small"} enterprise: below the Art. 2(1) size cap, and no size-independent case (designation, CER) applies.`,
  },
  {
    id: "designation-without-entity-type",
    when: (c) => c.designations.has("designated_essential") || c.designations.has("designated_important"),
    result: "out_of_scope",
    basis: () => ["nis2:art2.2.b-e", "nis2:art3.1.e"],
    explanation: () =>
      "Identified by a Member State under Art. 2(2)(b)–(e), but none of the listed activities is an Annex I or II entity type: such an identification covers only entities of those types, so the profile is out of scope as given — check the activities.",
  },
  {
    id: "no-annex-activity",
    when: () => true,
    result: "out_of_scope",
    basis: () => ["nis2:art2.1"],
    explanation: () => "None of the listed activities is an Annex I or II entity type.",
  },
];

/** Small mid-cap ceilings of the pending Commission proposal (secondary sources, V3). */
const SMALL_MIDCAP = { staff: 750, turnoverEur: 150_000_000, balanceSheetEur: 129_000_000 };

function notesFor(rule: Rule, c: Context, catalog: Catalog): ClassificationNote[] {
  const notes: ClassificationNote[] = [];
  const p = c.profile;
  const designatedOnly = ["cer-critical-entity", "former-nis1-operator"];
  if (designatedOnly.includes(rule.id) && c.annexI.length + c.annexII.length === 0) {
    notes.push({
      text: "The profile lists no Annex I or II activity; the CER identification keeps the entity in scope regardless (Art. 2(3)) — check the activities.",
      basis: basisOf(catalog, ["nis2:art2.3"]),
    });
  }
  if (rule.id === "annex-i-large" && c.designations.has("designated_important")) {
    notes.push({
      text: "The Member State's identification as important does not downgrade a large Annex I entity: it is essential under Art. 3(1)(a), and Art. 3(2) covers only entities that are not essential.",
      basis: basisOf(catalog, ["nis2:art3.1.a", "nis2:art3.2"]),
    });
  }
  if (c.annexI.length > 0 && c.annexII.length > 0 && (rule.id === "annex-i-large" || rule.id === "annex-i-medium")) {
    notes.push({
      text: `The entity falls under both annexes; Annex I (${labels(c.annexI)}) decides the classification (interpretation of Art. 3(1)(a), V3). Member States may disregard negligible activities (e.g. Germany, BSIG §28(3)).`,
    });
  }
  if (rule.id === "annex-i-large") {
    const smallMidcap =
      p.staffHeadcount < SMALL_MIDCAP.staff &&
      (p.annualTurnoverEur <= SMALL_MIDCAP.turnoverEur || p.balanceSheetTotalEur <= SMALL_MIDCAP.balanceSheetEur);
    if (smallMidcap) {
      notes.push({
        text: "Pending proposal: as a 'small mid-cap' (fewer than 750 staff and turnover up to €150 m or balance sheet up to €129 m) this entity would be important rather than essential if the Commission's proposed amendment is adopted. Not law.",
        basis: basisOf(catalog, ["nis2:proposal.small-midcaps"]),
      });
    }
  }
  if (needsEuRepresentative(p) && rule.result !== "out_of_scope") {
    notes.push({
      text: "No EU establishment, but services offered in the Union as a provider of an Art. 26(1)(b) service type: designate a representative established in one of the Member States where the services are offered; the entity falls under that Member State's jurisdiction, and without a representative any Member State where it provides services may take legal action (Art. 26(3)–(4)).",
      basis: basisOf(catalog, ["nis2:art26.3"]),
    });
  }
  if (c.annexI.includes("cloud_computing_service") && rule.result !== "out_of_scope") {
    notes.push({
      text: "As a cloud computing service provider the entity is also bound by Implementing Regulation (EU) 2024/2690, registers with ENISA's registry (Art. 27) and falls under the jurisdiction of its main establishment (Art. 26(2)) or, without an EU establishment, of its representative (Art. 26(3)). Whether a hosted device platform is a cloud computing service is a case-by-case question (UNVERIFIED).",
      basis: basisOf(catalog, ["nis2:annexI.8.cloud", "cir2024-2690:art1", "nis2:art27", "nis2:art26"]),
    });
  }
  if (c.annexI.includes("critical_devices_list")) {
    notes.push({
      text: "The Annex I critical devices list exists only after a public health emergency is recognised; outside one, device manufacturers normally fall under Annex II (UNVERIFIED whether a list currently exists).",
      basis: basisOf(catalog, ["nis2:annexI.5.critical-devices"]),
    });
  }
  if (rule.result === "out_of_scope") {
    notes.push({
      text: "Customers in scope of NIS2 will still pass supply-chain security requirements down to you (their Art. 21(2)(d)); voluntary incident notification remains possible (Art. 30).",
      basis: basisOf(catalog, ["nis2:art21.2.d", "nis2:art30"]),
    });
  }
  const nonEu = p.establishments.filter((e) => !isEuMemberState(e));
  if (nonEu.length > 0 && c.hasEuEstablishment) {
    notes.push({ text: `Establishments outside the EU (${nonEu.join(", ")}) are not covered by NIS2's establishment rule.` });
  }
  return notes;
}

export function classify(profile: Profile, size: SizeCategory, catalog: Catalog): ClassificationResult {
  const context: Context = {
    profile,
    size,
    hasEuEstablishment: profile.establishments.some(isEuMemberState),
    annexI: profile.activities.filter((a) => ACTIVITY_ANNEX[a].annex === "I"),
    annexII: profile.activities.filter((a) => ACTIVITY_ANNEX[a].annex === "II"),
    designations: new Set(profile.designations),
  };
  const rule = CLASSIFICATION_RULES.find((r) => r.when(context))!;
  return {
    value: rule.result,
    rule: rule.id,
    explanation: rule.explanation(context),
    basis: basisOf(catalog, rule.basis(context), rule.confidence),
    notes: notesFor(rule, context, catalog),
  };
}
