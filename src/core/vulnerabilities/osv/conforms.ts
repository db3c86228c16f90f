import { type OsvRecord, RFC3339_TIMESTAMP } from "./schema";

// A plain-code check of exactly the shape `osvRecordSchema` accepts. It only ever says yes when the schema would:
// anything it is unsure of (a null where the schema wants a string, an unexpected type) answers no, and the caller
// then runs the schema itself for the exact path and message. Parsing with the schema builds a second copy of every
// record; a record that conforms is used as it is.

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === "string";
const optNonEmpty = (v: unknown) => v === undefined || (typeof v === "string" && v.length > 0);
const optTimestamp = (v: unknown) => v === undefined || (typeof v === "string" && RFC3339_TIMESTAMP.test(v));
const optRecord = (v: unknown) => v === undefined || isPlain(v);

function arrayOf(v: unknown, item: (x: unknown) => boolean, nullable: boolean, min = 0): boolean {
  if (v === undefined || (nullable && v === null)) return true;
  if (!Array.isArray(v) || v.length < min) return false;
  for (const x of v) if (!item(x)) return false;
  return true;
}

const isString = (v: unknown) => typeof v === "string";
const isSeverity = (v: unknown) => isPlain(v) && typeof v.type === "string" && typeof v.score === "string";
const isReference = (v: unknown) => isPlain(v) && typeof v.type === "string" && typeof v.url === "string";
const isCredit = (v: unknown) => isPlain(v) && typeof v.name === "string";
const isEvent = (v: unknown) => isPlain(v) && optString(v.introduced) && optString(v.fixed) && optString(v.last_affected) && optString(v.limit);

function isRange(v: unknown): boolean {
  if (!isPlain(v) || typeof v.type !== "string" || v.type.length === 0) return false;
  return optString(v.repo) && arrayOf(v.events, isEvent, false, 1) && v.events !== undefined && optRecord(v.database_specific);
}

function isPackage(v: unknown): boolean {
  if (!isPlain(v) || !optNonEmpty(v.ecosystem) || !optNonEmpty(v.name) || !optString(v.purl)) return false;
  return (v.ecosystem !== undefined && v.name !== undefined) || v.purl !== undefined;
}

function isAffected(v: unknown): boolean {
  if (!isPlain(v)) return false;
  if (v.package !== undefined && !isPackage(v.package)) return false;
  return (
    arrayOf(v.severity, isSeverity, true) &&
    arrayOf(v.ranges, isRange, false) &&
    arrayOf(v.versions, isString, false) &&
    optRecord(v.ecosystem_specific) &&
    optRecord(v.database_specific)
  );
}

/** Whether `v` is an OSV record as `osvRecordSchema` defines it (see above: a "no" may still parse). */
export function conformsToOsvSchema(v: unknown): v is OsvRecord {
  if (!isPlain(v) || typeof v.id !== "string" || v.id.length === 0) return false;
  if (typeof v.modified !== "string" || !RFC3339_TIMESTAMP.test(v.modified) || !optTimestamp(v.published) || !optTimestamp(v.withdrawn)) return false;
  if (!optString(v.schema_version) || !optString(v.summary) || !optString(v.details) || !optRecord(v.database_specific)) return false;
  return (
    arrayOf(v.aliases, isString, true) &&
    arrayOf(v.related, isString, true) &&
    arrayOf(v.upstream, isString, true) &&
    arrayOf(v.severity, isSeverity, true) &&
    arrayOf(v.affected, isAffected, true) &&
    arrayOf(v.references, isReference, true) &&
    arrayOf(v.credits, isCredit, true)
  );
}
