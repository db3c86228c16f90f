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
