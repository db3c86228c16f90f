import type { OsvRecord } from "../vulnerabilities";

/**
 * The parts of an OSV record that findings read (severity, per-package severity, database_specific severity and CWE
 * ids, references, published): a scan that matches in worker threads sends this back with each match instead of the
 * whole record, whose ranges, versions and details are most of its size.
 */
export function recordForFindings(record: OsvRecord): OsvRecord {
  const db = record.database_specific as { severity?: unknown; cwe_ids?: unknown } | undefined;
  const kept: Record<string, unknown> = { id: record.id, modified: record.modified };
  if (record.published !== undefined) kept.published = record.published;
  if (record.severity) kept.severity = record.severity;
  if (record.references) kept.references = record.references.map((r) => ({ type: r.type, url: r.url }));
  if (db && (db.severity !== undefined || db.cwe_ids !== undefined)) kept.database_specific = { severity: db.severity, cwe_ids: db.cwe_ids };
  kept.affected = (record.affected ?? []).map((a) => (a.severity ? { severity: a.severity } : {}));
  return kept as OsvRecord;
}
