/**
 * Vulnerability matching core: version ordering per ecosystem, package identity from purls,
 * OSV record validation, range evaluation, advisory/component indexes and alias merging.
 * Pure: no I/O; callers read files or HTTP and hand in parsed values.
 */
export {
  baseEcosystem,
  compareParsed,
  compareVersions,
  isValidVersion,
  parseVersion,
  schemeFor,
  supportedEcosystems,
  tryCompareVersions,
  validateVersion,
} from "./versions";
export type { AnyVersionScheme, Ordering, ParsedVersion, ParseResult, VersionError } from "./versions";

export { componentFromPurl, packageFromPurl } from "./purl/purl";
export type { ComponentRef, PurlError, PurlResult } from "./purl/purl";
export { ecosystemForPurl, releaseFromDistro } from "./purl/ecosystems";
export { normalisePackageName, packageKey } from "./purl/names";

export { osvRecordSchema } from "./osv/schema";
export type { OsvAffected, OsvEvent, OsvPackage, OsvRange, OsvRecord } from "./osv/schema";
export { formatPath, validateOsvRecord } from "./osv/lint";
export type { OsvIssue, OsvValidation } from "./osv/lint";
export { AdvisoryIndex, buildAdvisoryIndex, ComponentIndex, matchAdvisory } from "./osv/advisory-index";
export type { Match, MatchOutcome, MatchWarning } from "./osv/match";
export type { RangeHit } from "./osv/evaluate";
export type { CompileWarning } from "./osv/compile";
export { aliasGroupsOf, choosePrimary, groupMatchesByVulnerability, mergeAliases } from "./osv/aliases";
export type { VulnerabilityGroup, VulnerabilityMatches } from "./osv/aliases";
export { advisoryPackageKeys, componentPackageKey, distinctPurls, groupByComponentAndVulnerability, matchDistinctPurls } from "./osv/portfolio";
export type { DistinctComponent, PortfolioMatch, PurlComponentInput, SkippedComponent } from "./osv/portfolio";

import type { ComponentRef } from "./purl/purl";
import { AdvisoryIndex } from "./osv/advisory-index";
import type { MatchOutcome } from "./osv/match";
import type { OsvRecord } from "./osv/schema";

/** IsVulnerable from the OSV spec for one record and one component, with warnings. */
export function matchRecord<C extends ComponentRef>(record: OsvRecord, component: C): MatchOutcome<C> {
  return new AdvisoryIndex([record]).matchComponent(component);
}

export { CPE_ATTRIBUTES, cpeContains, cpeProductKey, cpeValueText, formatCpe, parseCpe } from "./cpe";
export type { Cpe, CpeAttribute, CpeParseResult, CpeValue } from "./cpe";
export { compareCpeVersions, compareGenericVersions, ecosystemForVersionType } from "./cpe-version";
export { CpeComponentIndex, matchCpeRecords, nvdApplicability } from "./cpe-match";
export type { CpeApplicabilityRecord, CpeComponent, CpeCveAffected, CpeCveVersion, CpeMatch, CpeMatchOutcome, CpeWarning } from "./cpe-match";
