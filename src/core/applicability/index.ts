/**
 * NIS2 applicability engine (pure). `parseProfile` validates an organisation profile with field-level errors;
 * `assessApplicability(profile, catalog, { today })` returns the size category (Recommendation 2003/361/EC),
 * the classification from a first-match decision table (`CLASSIFICATION_RULES`), the supervision regime, the fine
 * ceilings, per-Member-State records, an obligations register and key dates — every result with its legal basis
 * (catalog items, citation, weakest confidence). The catalog comes from `src/core/catalog`.
 */
export { type Assessment, type AssessOptions, ASSESSMENT_SCHEMA, assessApplicability, isCalendarDate } from "./assess";
export { basisOf, type BasisItem, type LegalBasis } from "./basis";
export {
  ACTIVITY_ANNEX,
  CLASSIFICATION_RULES,
  type Classification,
  type ClassificationNote,
  type ClassificationResult,
  classify,
} from "./classify";
export { type MaxFine, maxFineFor, shareOfTurnover } from "./fines";
export type { AssessmentKeyDate } from "./key-dates";
export { type MemberStateAssessment, type NationalStatus, nationalStatus } from "./member-states";
export type { Obligation, VigilFeature } from "./obligations";
export {
  ACTIVITIES,
  type Activity,
  DESIGNATIONS,
  type Designation,
  type Profile,
  type ProfileFieldError,
  type ProfileInput,
  parseProfile,
  profileSchema,
  REG_2024_2690_ACTIVITIES,
  significanceEntityType,
} from "./profile";
export { classifySize, SIZE_CEILINGS, type SizeCategory, type SizeFigures, type SizeResult } from "./size";
export type { Supervision } from "./supervision";
