import { z } from "zod";
import { formatPath } from "../vulnerabilities";
import { emptyResult, type FeedResult, isObject, parseJsonText } from "./types";

/** A CVSS vector from a CVE record, with the container that provided it. */
export interface Cve5Cvss {
  readonly version: "2.0" | "3.0" | "3.1" | "4.0";
  readonly vector: string;
  readonly baseScore: number | null;
  readonly baseSeverity: string | null;
  /** "cna" or "adp:<shortName>" (e.g. "adp:CISA-ADP"). */
  readonly source: string;
}

export interface Cve5Version {
  readonly version: string;
  readonly status: string;
  readonly versionType?: string;
  readonly lessThan?: string;
  readonly lessThanOrEqual?: string;
}

export interface Cve5Affected {
  readonly source: string;
  readonly vendor: string | null;
  readonly product: string | null;
  readonly packageName: string | null;
  readonly collectionURL: string | null;
  readonly defaultStatus: string | null;
  readonly cpes: string[];
  readonly versions: Cve5Version[];
}

/** The parts of a CVE JSON 5 record that matching, scoring and advisories use. */
export interface Cve5Record {
  readonly id: string;
  readonly state: "PUBLISHED" | "REJECTED";
  readonly assigner: string | null;
  readonly datePublished: string | null;
  readonly dateUpdated: string | null;
  readonly title: string | null;
  /** English description (first `en*` one, else the first). */
  readonly description: string | null;
  readonly descriptions: Array<{ lang: string; value: string }>;
  readonly rejectedReasons: string[];
  readonly cvss: Cve5Cvss[];
  readonly cwes: string[];
  readonly affected: Cve5Affected[];
  readonly references: Array<{ url: string; name?: string; tags: string[] }>;
  /** CVE 5.1.1+ `cpeApplicability` blocks, as given (NVD-style configurations). */
  readonly cpeApplicability: unknown[];
  /** KEV data carried by the CISA ADP container, when present. */
  readonly kev: { dateAdded: string; reference?: string } | null;
}

const metadataSchema = z.looseObject({
  cveId: z.string().regex(/^CVE-\d{4}-\d{4,}$/, "must be a CVE id such as CVE-2021-44228"),
  state: z.enum(["PUBLISHED", "REJECTED"], { message: "must be PUBLISHED or REJECTED" }),
  assignerShortName: z.string().optional(),
  datePublished: z.string().optional(),
  dateUpdated: z.string().optional(),
});

const recordSchema = z.looseObject({
  dataType: z.literal("CVE_RECORD", { message: 'must be "CVE_RECORD"' }),
  dataVersion: z.union([z.string(), z.number()]),
  cveMetadata: metadataSchema,
  containers: z.looseObject({ cna: z.looseObject({}), adp: z.array(z.looseObject({})).optional() }),
});

const CVSS_KEYS: Array<[string, Cve5Cvss["version"]]> = [
  ["cvssV4_0", "4.0"],
  ["cvssV3_1", "3.1"],
  ["cvssV3_0", "3.0"],
  ["cvssV2_0", "2.0"],
];

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function containerName(container: Json, index: number | null): string {
  if (index === null) return "cna";
  const meta = isObject(container.providerMetadata) ? container.providerMetadata : {};
  return `adp:${str(meta.shortName) ?? index}`;
}

function readContainer(container: Json, source: string, at: string, into: MutableRecord, warn: (path: string, reason: string) => void): void {
  arr(container.metrics).forEach((m, mi) => {
    if (!isObject(m)) return;
    for (const [key, version] of CVSS_KEYS) {
      const c = m[key];
      if (!isObject(c)) continue;
      const vector = str(c.vectorString);
      if (!vector) {
        warn(`${at}.metrics[${mi}].${key}.vectorString`, "CVSS metric without vectorString ignored");
        continue;
      }
      into.cvss.push({
        version,
        vector,
        baseScore: typeof c.baseScore === "number" ? c.baseScore : null,
        baseSeverity: str(c.baseSeverity),
        source,
      });
    }
    const other = isObject(m.other) ? m.other : undefined;
    if (other?.type === "kev" && isObject(other.content) && typeof other.content.dateAdded === "string") {
      into.kev = { dateAdded: other.content.dateAdded, ...(typeof other.content.reference === "string" ? { reference: other.content.reference } : {}) };
    }
  });
  for (const pt of arr(container.problemTypes)) {
    for (const d of arr(isObject(pt) ? pt.descriptions : undefined)) {
      const cwe = isObject(d) ? str(d.cweId) : null;
      if (cwe && /^CWE-\d+$/.test(cwe) && !into.cwes.includes(cwe)) into.cwes.push(cwe);
    }
  }
  arr(container.affected).forEach((a, ai) => {
    if (!isObject(a)) return;
    const versions: Cve5Version[] = [];
    arr(a.versions).forEach((v, vi) => {
      if (!isObject(v) || !str(v.version) || !str(v.status)) {
        warn(`${at}.affected[${ai}].versions[${vi}]`, "version entry without version or status ignored");
        return;
      }
      versions.push({
        version: v.version as string,
        status: v.status as string,
        ...(str(v.versionType) ? { versionType: v.versionType as string } : {}),
        ...(str(v.lessThan) ? { lessThan: v.lessThan as string } : {}),
        ...(str(v.lessThanOrEqual) ? { lessThanOrEqual: v.lessThanOrEqual as string } : {}),
      });
    });
    into.affected.push({
      source,
      vendor: str(a.vendor),
      product: str(a.product),
      packageName: str(a.packageName),
      collectionURL: str(a.collectionURL),
      defaultStatus: str(a.defaultStatus),
      cpes: arr(a.cpes).filter((c): c is string => typeof c === "string"),
      versions,
    });
  });
  for (const r of arr(container.references)) {
    if (!isObject(r) || !str(r.url) || into.references.some((x) => x.url === r.url)) continue;
    into.references.push({
      url: r.url as string,
      ...(str(r.name) ? { name: r.name as string } : {}),
      tags: arr(r.tags).filter((t): t is string => typeof t === "string"),
    });
  }
  for (const c of arr(container.cpeApplicability)) into.cpeApplicability.push(c);
}

type MutableRecord = {
  -readonly [K in keyof Cve5Record]: Cve5Record[K];
};

/** Reads one parsed CVE JSON 5 record (from the cvelistV5 layout or the CVE Services API). */
export function readCve5Value(file: string, value: unknown): FeedResult<Cve5Record> {
  const out = emptyResult<Cve5Record>();
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) out.errors.push({ file, path: formatPath(issue.path), reason: issue.message });
    return out;
  }
  const doc = parsed.data;
  const meta = doc.cveMetadata;
  const cna = doc.containers.cna as Json;
  const descriptions = arr(cna.descriptions)
    .filter((d): d is Json => isObject(d) && typeof d.lang === "string" && typeof d.value === "string")
    .map((d) => ({ lang: d.lang as string, value: d.value as string }));
  const english = descriptions.find((d) => d.lang.toLowerCase().startsWith("en")) ?? descriptions[0];
  const record: MutableRecord = {
    id: meta.cveId,
    state: meta.state,
    assigner: meta.assignerShortName ?? null,
    datePublished: meta.datePublished ?? null,
    dateUpdated: meta.dateUpdated ?? null,
    title: str(cna.title),
    description: english?.value ?? null,
    descriptions,
    rejectedReasons: arr(cna.rejectedReasons)
      .filter((d): d is Json => isObject(d) && typeof d.value === "string")
      .map((d) => d.value as string),
    cvss: [],
    cwes: [],
    affected: [],
    references: [],
    cpeApplicability: [],
    kev: null,
  };
  const warn = (path: string, reason: string) => out.warnings.push({ file, path, reason: `${meta.cveId}: ${reason}` });
  readContainer(cna, "cna", "containers.cna", record, warn);
  (doc.containers.adp ?? []).forEach((adp, i) => {
    readContainer(adp as Json, containerName(adp as Json, i), `containers.adp[${i}]`, record, warn);
  });
  if (record.state === "PUBLISHED" && descriptions.length === 0) warn("containers.cna.descriptions", "published record without description");
  out.records.push(record);
  return out;
}

export function parseCve5Json(file: string, content: string): FeedResult<Cve5Record> {
  const parsed = parseJsonText(file, content);
  if (!parsed.ok) return { ...emptyResult<Cve5Record>(), errors: [parsed.error] };
  return readCve5Value(file, parsed.value);
}

/** The preferred CVSS vector of a record: CNA before ADP, newest CVSS version first. */
export function preferredCvss(record: Cve5Record, version: Cve5Cvss["version"]): Cve5Cvss | undefined {
  const of = record.cvss.filter((c) => c.version === version);
  return of.find((c) => c.source === "cna") ?? of[0];
}
