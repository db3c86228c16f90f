/**
 * The regulatory catalog (pure). Files are parsed elsewhere (see `src/server/catalog/load.ts`) and handed in as
 * `{ file, data }`: `parseCatalogDocument` checks one against the schema, `buildCatalog` indexes the documents
 * (items by id, framework and parent; mappings in both directions; key dates; member-state records) and
 * `validateCatalog` returns precise integrity problems. `checkCatalog` does all three. Format: data/catalog/README.md.
 */
export { buildCatalog } from "./build";
export { checkCatalog } from "./check";
export {
  EU_MEMBER_STATES,
  ISO_3166_ALPHA2,
  canonicalMemberState,
  countryName,
  isEuMemberState,
  type EuMemberState,
} from "./countries";
export {
  NATIONAL_RECORD_MAX_AGE_MONTHS,
  nationalStatus,
  type NationalStatus,
  type NationalVerification,
  type StaleNationalRecord,
  staleNationalRecords,
  verificationOf,
} from "./national-status";
export { ancestorsOf, mappingsOf, requireItem } from "./lookup";
export { formatProblem, parseCatalogDocument } from "./parse";
export {
  CONFIDENCE_LEVELS,
  ITEM_KINDS,
  MAPPING_SOURCES,
  RELATIONSHIPS,
  STRENGTHS,
  catalogFileSchema,
  confidenceSchema,
  type CatalogFileContent,
  type Confidence,
  type ContentPoint,
  type Deadline,
  type MappingSource,
  type NationalClock,
  type Relationship,
  type Strength,
  type TranspositionStatus,
} from "./schema";
export type {
  Catalog,
  CatalogDocument,
  CatalogFileInfo,
  CatalogItem,
  CatalogProblem,
  Framework,
  KeyDate,
  Mapping,
  MemberStateRecord,
} from "./types";
export { validateCatalog } from "./validate";
