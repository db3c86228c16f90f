import { DateTime } from "luxon";
import { type Catalog, isEuMemberState } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import { type Classification, classify, type ClassificationResult, needsEuRepresentative } from "./classify";
import { maxFineFor, type MaxFine } from "./fines";
import { type AssessmentKeyDate, keyDatesFor } from "./key-dates";
import { type MemberStateAssessment, memberStatesFor } from "./member-states";
import { type Obligation, obligationsFor } from "./obligations";
import { type Profile, REG_2024_2690_ACTIVITIES } from "./profile";
import { assessSize, type SizeCategory, type SizeResult } from "./size";
import { type Supervision, supervisionFor } from "./supervision";

export const ASSESSMENT_SCHEMA = "vigil.applicability/1";

/** The applicability assessment of one organisation profile at one date; every line carries its legal basis. */
export interface Assessment {
  schema: typeof ASSESSMENT_SCHEMA;
  assessedOn: string;
  catalog: { version: string; lastReviewed: string };
  profile: Profile;
  sizeCategory: SizeCategory;
  /** How the size category was decided: rule, legal basis, notes. */
  size: SizeResult;
  classification: Classification;
  /** The decision-table row that decided the classification, its explanation, legal basis and notes. */
  basis: ClassificationResult;
  supervision: Supervision;
  /** Minimum that national law must allow as the maximum fine (null when out of scope). */
  maxFineEur: number | null;
  /** The fine's formula and legal basis. */
  maxFine: MaxFine;
  /** Which Member State's jurisdiction applies (NIS2 Art. 26) and whether an EU representative is required. */
  jurisdiction: Jurisdiction;
  memberStates: MemberStateAssessment[];
  obligations: Obligation[];
  keyDates: AssessmentKeyDate[];
}

export interface Jurisdiction {
  representativeRequired: boolean;
  memberStateRule: string;
  basis: LegalBasis;
}

/** NIS2 Art. 26: establishment, main establishment for the Art. 26(1)(b) types, or the representative's Member State. */
export function jurisdictionFor(profile: Profile, classification: Classification, catalog: Catalog): Jurisdiction {
  const digital = profile.activities.some((a) => REG_2024_2690_ACTIVITIES.includes(a));
  if (needsEuRepresentative(profile)) {
    return {
      representativeRequired: classification !== "out_of_scope",
      memberStateRule:
        "No EU establishment but services offered in the Union: designate a representative established in one of the Member States where the services are offered; the entity falls under the jurisdiction of the Member State where the representative is established. Without a representative, any Member State in which the entity provides services may take legal action against it (Art. 26(3)); designating one does not shield the entity itself (Art. 26(4)).",
      basis: basisOf(catalog, ["nis2:art26.3"]),
    };
  }
  if (!profile.establishments.some(isEuMemberState)) {
    return {
      representativeRequired: false,
      memberStateRule: digital
        ? "No EU establishment and no services offered in the Union: no Member State's jurisdiction under NIS2 (Art. 26(3) would require a representative once services are offered in the Union)."
        : "No EU establishment: no Member State's jurisdiction under NIS2; the Art. 26(3) representative duty covers only the Art. 26(1)(b) digital entity types, not manufacturers (interpretation).",
      basis: basisOf(catalog, ["nis2:art26", "nis2:art26.3"], "UNVERIFIED"),
    };
  }
  return {
    representativeRequired: false,
    memberStateRule: digital
      ? "Jurisdiction of the Member State of the main establishment in the Union (Art. 26(1)(b), 26(2)): where cybersecurity risk-management decisions are predominantly taken."
      : "Jurisdiction of each Member State where the entity is established (Art. 26(1)): with establishments in several Member States, each national regime applies.",
    basis: basisOf(catalog, ["nis2:art26"]),
  };
}

/** A real calendar day written as YYYY-MM-DD (rejects 2026-02-30, which Date.parse would roll over). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: "utc" }).isValid;
}

export interface AssessOptions {
  /** The assessment date, YYYY-MM-DD (injected: the core never reads the clock). */
  today: string;
}

/**
 * Assess NIS2 applicability for a validated profile against a built, validated catalog. Pure: no I/O, no clock.
 * Throws only on programming errors (an invalid `today`, or a catalog lacking an item the rules cite).
 */
export function assessApplicability(profile: Profile, catalog: Catalog, { today }: AssessOptions): Assessment {
  if (!isCalendarDate(today)) {
    throw new Error(`today must be a date as YYYY-MM-DD, got "${today}"`);
  }
  const sizeCategory = assessSize(profile, catalog);
  const classification = classify(profile, sizeCategory.value, catalog);
  const memberStates = memberStatesFor(profile.establishments, classification.value, catalog, today);
  const notYetApplicable = memberStates.filter(
    (m) => m.isEuMemberState && m.status !== "in_force" && classification.value !== "out_of_scope",
  );
  if (notYetApplicable.length > 0) {
    classification.notes.push({
      text: `National law not (yet) applicable or not recorded in ${notYetApplicable
        .map((m) => `${m.country} (${m.statusExplanation})`)
        .join("; ")}: the Directive's classification holds, but duties there bind once national law applies.`,
    });
  }
  const maxFine = maxFineFor(classification.value, profile.annualTurnoverEur, catalog);
  return {
    schema: ASSESSMENT_SCHEMA,
    assessedOn: today,
    catalog: { version: catalog.version, lastReviewed: catalog.lastReviewed },
    profile,
    sizeCategory: sizeCategory.value,
    size: sizeCategory,
    classification: classification.value,
    basis: classification,
    supervision: supervisionFor(classification.value, catalog),
    maxFineEur: maxFine.amountEur,
    maxFine,
    jurisdiction: jurisdictionFor(profile, classification.value, catalog),
    memberStates,
    obligations: obligationsFor(profile, classification.value, catalog, memberStates),
    keyDates: keyDatesFor(catalog, memberStates, today),
  };
}
