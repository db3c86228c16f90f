export { baseEcosystem, schemeFor, semverRangeScheme, supportedEcosystems } from "./ecosystems";
export type { AnyVersionScheme } from "./ecosystems";
export {
  compareParsed,
  compareVersions,
  isValidVersion,
  parseVersion,
  parseWithScheme,
  tryCompareVersions,
  validateVersion,
} from "./compare";
export type { ParsedVersion } from "./compare";
export type { Ordering, ParseResult, VersionError } from "./types";
