export { CYCLONEDX_VEX_VERSIONS, detectVexFormat, readVexDocument, type VexDocumentInfo, type VexDocumentResult, type VexFormat } from "./document";
export {
  describeProduct,
  statementNamesComponent,
  statementsWithoutComponent,
  type VexComponent,
  type VexFindingKey,
  type VexMatch,
  type VexMatchKind,
  vexForFinding,
  vulnerabilityIdsOf,
} from "./match";
export { versionInRange } from "./vers";
export {
  type FindingForSuggestion,
  mayApplyAutomatically,
  type SuggestionChange,
  suggestionChanges,
  suggestionOf,
  suggestionSentence,
  suggestionsForFindings,
  type UnknownProduct,
  unknownProducts,
  type VexSuggestionValue,
} from "./suggest";
