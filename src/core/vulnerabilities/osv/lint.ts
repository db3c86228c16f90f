import { conformsToOsvSchema } from "./conforms";
import ecosystemNames from "./ecosystem-names";
import { osvRecordSchema, type OsvRecord } from "./schema";

/**
 * One finding about an OSV record. `path` points into the document in JSONPath-like form
 * ("affected[0].ranges[1].events"); `code` uses the osv-linter check identifiers where one
 * exists (REC:001, RNG:001, RNG:002) and "SCHEMA" for structural violations.
 */
export interface OsvIssue {
  readonly severity: "error" | "warning";
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

export type OsvValidation =
  | { readonly ok: true; readonly record: OsvRecord; readonly issues: readonly OsvIssue[] }
  | { readonly ok: false; readonly record?: OsvRecord; readonly issues: readonly OsvIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out === "" ? "(record)" : out;
}

const EVENT_KINDS = ["introduced", "fixed", "last_affected", "limit"] as const;
const GIT_COMMIT = /^(0|[a-f0-9]{40}|[a-f0-9]{64})$/;
const KNOWN_ECOSYSTEMS = new Set<string>(ecosystemNames);

const NO_ISSUES: readonly OsvIssue[] = Object.freeze([]);

/**
 * The event values of the range being linted and where each was first seen (lintRecord runs to its end, one at a time).
 * A range holds a few events, so a linear search over reused arrays beats a Map, whose clear() allocates a new table
 * every range; a long range gets a Map, so that no input makes this quadratic.
 */
class SeenEvents {
  private readonly values: string[] = [];
  private readonly indexes: number[] = [];
  private byValue: Map<string, number> | undefined;

  reset(events: number): void {
    this.values.length = 0;
    this.indexes.length = 0;
    this.byValue = events > 32 ? new Map() : undefined;
  }

  /** The event index where `value` was first seen, else undefined. */
  first(value: string): number | undefined {
    if (this.byValue) return this.byValue.get(value);
    const i = this.values.indexOf(value);
    return i < 0 ? undefined : this.indexes[i];
  }

  add(value: string, index: number): void {
    if (this.byValue) {
      if (!this.byValue.has(value)) this.byValue.set(value, index);
      return;
    }
    this.values.push(value);
    this.indexes.push(index);
  }
}

const seen = new SeenEvents();

// Paths are built only for issues: most records have none, and a path per event cost more than the checks.
function lintRecord(record: OsvRecord): readonly OsvIssue[] {
  let issues: OsvIssue[] | undefined;
  const add = (severity: OsvIssue["severity"], code: string, path: string, message: string) => {
    issues ??= [];
    issues.push({ severity, code, path, message });
  };

  if (!record.affected || record.affected.length === 0) {
    add("error", "REC:001", "affected", "affected field cannot be null or empty: the record names nothing to match");
    return issues ?? NO_ISSUES;
  }
  const topSeverity = (record.severity?.length ?? 0) > 0;
  for (let ai = 0; ai < record.affected.length; ai++) {
    const affected = record.affected[ai];
    const at = () => `affected[${ai}]`;
    if (topSeverity && affected.severity && affected.severity.length > 0) {
      add("error", "SCHEMA", `${at()}.severity`, "severity may be given for the record or per affected package, not both");
    }
    const ecosystem = affected.package?.ecosystem;
    if (ecosystem && !KNOWN_ECOSYSTEMS.has(ecosystem) && !KNOWN_ECOSYSTEMS.has(ecosystem.split(":")[0])) {
      add("warning", "PKG:002", `${at()}.package.ecosystem`, `"${ecosystem}" is not an OSV ecosystem`);
    }
    const ranges = affected.ranges ?? [];
    if (!affected.package && !ranges.some((r) => r.type === "GIT")) {
      add("error", "SCHEMA", `${at()}.package`, "package is required unless the entry only has GIT ranges");
    }
    for (let ri = 0; ri < ranges.length; ri++) {
      const range = ranges[ri];
      const rt = () => `${at()}.ranges[${ri}]`;
      if (range.type !== "SEMVER" && range.type !== "ECOSYSTEM" && range.type !== "GIT") {
        add("error", "SCHEMA", `${rt()}.type`, `unknown range type "${range.type}" (expected SEMVER, ECOSYSTEM or GIT)`);
      }
      if (range.type === "GIT" && !range.repo) add("error", "SCHEMA", `${rt()}.repo`, "GIT ranges require a repo");
      if (range.type === "ECOSYSTEM" && !affected.package) {
        add("error", "SCHEMA", `${at()}.package`, "ECOSYSTEM ranges need a package to take the ordering from");
      }
      let introduced = 0;
      let fixed = 0;
      let lastAffected = 0;
      seen.reset(range.events.length);
      for (let ei = 0; ei < range.events.length; ei++) {
        const event = range.events[ei];
        const et = () => `${rt()}.events[${ei}]`;
        let kind: (typeof EVENT_KINDS)[number] | undefined;
        let count = 0;
        for (const k of EVENT_KINDS) {
          if (event[k] !== undefined) {
            kind ??= k;
            count++;
          }
        }
        if (count !== 1 || !kind) {
          add(
            "error",
            "SCHEMA",
            et(),
            count === 0
              ? "an event must have one of introduced, fixed, last_affected or limit"
              : `an event must have exactly one of introduced, fixed, last_affected or limit, found ${EVENT_KINDS.filter((k) => event[k] !== undefined).join(" and ")}`,
          );
          continue;
        }
        const value = event[kind] as string;
        if (kind === "introduced") introduced++;
        if (kind === "fixed") fixed++;
        if (kind === "last_affected") lastAffected++;
        if (range.type === "GIT" && !GIT_COMMIT.test(value)) {
          add("error", "SCHEMA", `${et()}.${kind}`, `GIT ranges must use full-length commit hashes, found "${value}"`);
        }
        const earlier = kind === "limit" ? undefined : seen.first(value);
        seen.add(value, ei);
        if (earlier !== undefined) {
          // An error for GIT ranges, where a commit cannot both introduce and fix. For ordered
          // versions real records do this (RUSTSEC-2024-0399: introduced 0.23.0, fixed 0.23.0)
          // and the evaluation stays well defined (the version is not affected), so it warns.
          add(
            range.type === "GIT" ? "error" : "warning",
            "RNG:002",
            et(),
            `event "${value}" repeats events[${earlier}]: range events must be distinct`,
          );
        }
      }
      if (introduced === 0) add("error", "RNG:001", `${rt()}.events`, "missing introduced object in event");
      if (fixed > 0 && lastAffected > 0) {
        add("error", "SCHEMA", `${rt()}.events`, "last_affected and fixed events are mutually exclusive");
      }
    }
    if (ranges.length === 0 && !affected.versions?.length) {
      add("warning", "AFF:001", at(), "neither ranges nor versions: no version can be matched");
    }
  }
  return issues ?? NO_ISSUES;
}

/**
 * Validates an untrusted value as an OSV record: structure (with exact paths) and the
 * cross-field rules of the OSV schema and osv-linter. `ok` means no error-level issue.
 */
export function validateOsvRecord(input: unknown): OsvValidation {
  if (conformsToOsvSchema(input)) return withLint(input);
  const parsed = osvRecordSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        severity: "error" as const,
        code: "SCHEMA",
        path: formatPath(i.path),
        message: i.message,
      })),
    };
  }
  return withLint(parsed.data);
}

function withLint(record: OsvRecord): OsvValidation {
  const issues = lintRecord(record);
  const ok = !issues.some((i) => i.severity === "error");
  return ok ? { ok, record, issues } : { ok, record, issues };
}
