export { inBatches } from "./batches";
export { componentKey, diffSboms } from "./diff";
export { formatIssue } from "./issues";
export { parseAndValidateSbom, schemaIssues, type ValidateOptions } from "./parse-and-validate";
export { parseSbom } from "./parse";
export { DEPENDENCY_RELATIONSHIPS, type DependencyRelationship, dependencyRelationship } from "./relationship";
export type { SchemaValidationResult, SchemaViolation } from "./schema-validation";
export { type AjvError, type CycloneDxValidate, setCycloneDxValidators, validateCycloneDxJson } from "./schema-validation";
export type * from "./types";
export { SUPPORTED_CYCLONEDX_JSON_VERSIONS, SUPPORTED_CYCLONEDX_XML_VERSIONS, SUPPORTED_SPDX_VERSIONS } from "./versions";
export {
  type ComponentSupportStatus,
  componentSupportStatus,
  type EndOfSupportState,
  endOfSupportDate,
  NEAR_END_OF_SUPPORT_DAYS,
  SUPPORT_LEVELS,
  type SupportLevel,
  supportLevelOf,
} from "./support-level";
export {
  checkSbomQuality,
  type QualityElement,
  type QualityProblem,
  type QualityProfile,
  type QualityProfilesFile,
  type QualityResult,
  qualityProfilesFile,
  resolveQualityProfiles,
} from "./quality";
export { type PortfolioComponentRow, type PortfolioItem, type PortfolioSummary, supportPortfolio } from "./support-portfolio";
export {
  bySpecificity,
  decidingSupportRule,
  resolvedSupport,
  type SupportRule,
  type SupportRuleInput,
  type SupportSource,
  type SupportValues,
  supportRuleMatches,
  supportRuleSchema,
} from "./support-rules";
export { parseSupportFile, purlPath, type SupportEntry, type SupportFile, type SupportFileResult, supportEntrySchema } from "./support-file";
