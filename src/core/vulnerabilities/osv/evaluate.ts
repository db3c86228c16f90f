import type { CompiledEvent, CompiledRange } from "./compile";

/** The interval of a range that contains the version, in OSV terms and as text. */
export interface RangeHit {
  readonly rangeIndex: number;
  readonly type: "SEMVER" | "ECOSYSTEM";
  readonly introduced: string;
  readonly fixed?: string;
  readonly lastAffected?: string;
  readonly limit?: string;
  /** e.g. ">= 2.0.0, < 2.15.0" or "< 1.2.3" or "<= 4.1" */
  readonly text: string;
  /** The text with the range type: "SEMVER >= 2.0.0, < 2.15.0". */
  readonly label: string;
}

function cmp(range: CompiledRange, v: unknown, e: CompiledEvent): number {
  if (e.zero) return 1;
  if (e.infinite) return -1;
  return range.scheme.compare(v, e.key);
}

/** BeforeLimits from the OSV spec: no limit means an implicit "*". */
function beforeLimits(range: CompiledRange, v: unknown): CompiledEvent | true | undefined {
  if (range.limits.length === 0) return true;
  for (const l of range.limits) if (cmp(range, v, l) < 0) return l;
  return undefined;
}

function describe(introduced: CompiledEvent, end: CompiledEvent | undefined, limit: CompiledEvent | undefined): string {
  const parts: string[] = [];
  if (!introduced.zero) parts.push(`>= ${introduced.raw}`);
  if (end?.kind === "fixed") parts.push(`< ${end.raw}`);
  else if (end?.kind === "last_affected") parts.push(`<= ${end.raw}`);
  if (limit && !limit.infinite) parts.push(`< ${limit.raw} (limit)`);
  return parts.length === 0 ? "all versions" : parts.join(", ");
}

/**
 * IncludedInRanges for one range, exactly as the OSV spec's evaluation: walk the sorted
 * events; `introduced <= v` makes the version vulnerable, `fixed <= v` or `last_affected < v`
 * makes it not vulnerable. Returns the interval that matched, or undefined.
 */
export function evaluateRange(range: CompiledRange, v: unknown): RangeHit | undefined {
  const limit = beforeLimits(range, v);
  if (limit === undefined) return undefined;
  let vulnerable = false;
  let from: CompiledEvent | undefined;
  // The events are sorted by version, so none after the first one above the version can apply.
  for (const e of range.events) {
    const d = cmp(range, v, e);
    if (d < 0) break;
    if (e.kind === "introduced") {
      vulnerable = true;
      from = e;
    } else if (e.kind === "fixed") vulnerable = false;
    else if (e.kind === "last_affected" && d > 0) vulnerable = false;
  }
  if (!vulnerable || !from) return undefined;
  // Hits without a limit depend only on the interval, so they are built once per introduced event and shared (they
  // are immutable): matching many components allocates no text.
  const cached = limit === true ? from.hit : undefined;
  if (cached) return cached;
  let end: CompiledEvent | undefined;
  for (let i = range.events.indexOf(from) + 1; i < range.events.length && !end; i++) {
    const e = range.events[i];
    if (e.kind === "fixed" || e.kind === "last_affected") end = e;
  }
  const limitEvent = limit === true ? undefined : limit;
  const text = describe(from, end, limitEvent);
  const hit: RangeHit = {
    rangeIndex: range.index,
    type: range.type,
    introduced: from.raw,
    fixed: end?.kind === "fixed" ? end.raw : undefined,
    lastAffected: end?.kind === "last_affected" ? end.raw : undefined,
    limit: limitEvent?.raw,
    text,
    label: `${range.type} ${text}`,
  };
  if (limit === true) from.hit = hit;
  return hit;
}
