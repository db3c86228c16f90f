/**
 * Pure parsers of vulnerability feed files: OSV, CISA KEV (JSON and CSV), FIRST EPSS (CSV) and
 * CVE JSON 5. Callers read files (and decompress) and hand in the text; every function returns
 * records plus warnings and errors naming file, path and reason, and never throws on bad data.
 */
export { parseCve5Json, preferredCvss, readCve5Value } from "./cve5";
export type { Cve5Affected, Cve5Cvss, Cve5Record, Cve5Version } from "./cve5";
export { parseEpssCsv } from "./epss";
export type { EpssMeta, EpssScore } from "./epss";
export { kevRansomware, parseKevCsv, parseKevJson } from "./kev";
export type { KevCatalog, KevEntry } from "./kev";
export { parseOsvText, readOsvValue, scanPackageKeys } from "./osv";
export type { OsvFeedRecord } from "./osv";
export { emptyResult, formatFeedIssue, mergeInto } from "./types";
export type { FeedIssue, FeedResult } from "./types";
export { buildFindings, findingsFromMatching, matchScanAdvisories, tripsFailOn } from "./findings";
export type { FindingSeverity, PurlMatching, ScanComponent, ScanContext, ScanFinding, ScanInput, ScanResult, ScanSettings, ScanWarning } from "./findings";
export { mergeOsvShards, OsvShardMatcher } from "./osv-shards";
export type { OsvShardResult } from "./osv-shards";
export { scanAdvisory, toSarif } from "./scan-formats";
export { applyVex, vexSettles } from "./scan-vex";
export type { FindingVex, ScanVexDocument } from "./scan-vex";
export type { ScannedProduct, VexOptions } from "./scan-formats";
