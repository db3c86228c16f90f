export {
  type Advisory,
  type AdvisoryInput,
  type AdvisoryIssue,
  type AdvisoryParseResult,
  type AdvisoryProductStatus,
  type AdvisoryRemediation,
  AdvisorySchema,
  type AdvisoryVulnerability,
  type ProductEntry,
  parseAdvisory,
  productIndex,
  REMEDIATION_CATEGORIES,
  type RemediationCategory,
} from "./advisory-model";
export { buildCsaf, buildCsafProductTree, type CsafBuildOptions, type CsafProfile } from "./csaf-builder";
export {
  type CsafValidationError,
  type CsafValidationResult,
  csafMandatoryTestIds,
  csafTestId,
  validateCsaf,
} from "./csaf-validation";
export { cweName } from "./cwe";
export {
  type CycloneDxValidationError,
  type CycloneDxValidationResult,
  validateCycloneDx,
} from "./cyclonedx-validation";
export { readCsafVex } from "./csaf-vex-reader";
export { readCycloneDxVex } from "./cyclonedx-vex-reader";
export {
  buildCycloneDxVex,
  type CycloneDxSpecVersion,
  type CycloneDxVexOptions,
  stableSerialNumber,
} from "./cyclonedx-vex-builder";
export { buildOpenVex, NO_ACTION_YET, OPENVEX_CONTEXT } from "./openvex-builder";
export { readOpenVex } from "./openvex-reader";
export { type OpenVexDocument, OpenVexDocumentSchema, validateOpenVex } from "./openvex-schema";
export type { VexIssue, VexReadResult, VexStatement } from "./vex-statement";
export {
  CSAF_PRODUCT_STATUSES,
  type CsafFlagLabel,
  type CsafProductStatus,
  type CsafVexProductStatus,
  CYCLONEDX_JUSTIFICATIONS,
  CYCLONEDX_STATES,
  type CycloneDxJustification,
  type CycloneDxState,
  fromCsaf,
  fromCycloneDx,
  fromOpenVex,
  OPENVEX_STATUSES,
  type OpenVexJustification,
  type OpenVexStatus,
  toCsaf,
  toCycloneDx,
  toOpenVex,
  VEX_JUSTIFICATIONS,
  VEX_STATUSES,
  VEX_VOCABULARY,
  type VexAssessment,
  type VexJustification,
  type VexLookup,
  type VexMappingRow,
  type VexStatus,
} from "./vex-vocabulary";
