export {
  effectiveTlp,
  type ListedDocument,
  mergeListings,
  parseHashFile,
  parseIndexTxt,
  parseProviderMetadata,
  parseRolieFeed,
  type ProviderDistributions,
  type ProviderProblem,
  tlpIsPublic,
} from "./provider-layout";
export { type CsafTracking, csafTracking } from "./tracking";
