import { createHash } from "node:crypto";

/** The fields of an audit entry that its hash covers. */
export type AuditEntryContent = {
  seq: number;
  at: string; // ISO 8601 UTC, millisecond precision
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
};

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so that the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function hashAuditEntry(entry: AuditEntryContent): string {
  return createHash("sha256").update(canonicalJson(entry)).digest("hex");
}

export type ChainVerdict =
  | { intact: true; entries: number; lastHash: string }
  | { intact: false; entries: number; firstBrokenSeq: number; reason: string };

/** Checks entries one at a time in sequence order; stops at the first one whose link or content does not match. */
export function createChainVerifier() {
  let prev = GENESIS_HASH;
  let expectedSeq: number | null = null;
  let count = 0;
  let broken: { firstBrokenSeq: number; reason: string } | null = null;
  return {
    /** Returns false once the chain is known to be broken. */
    push(e: AuditEntryContent & { hash: string }): boolean {
      if (broken) return false;
      count++;
      const { hash, ...content } = e;
      if (expectedSeq !== null && e.seq !== expectedSeq) {
        broken = { firstBrokenSeq: e.seq, reason: `sequence gap: expected ${expectedSeq}` };
      } else if (e.prevHash !== prev) {
        broken = { firstBrokenSeq: e.seq, reason: "previous-hash link does not match" };
      } else if (hashAuditEntry(content) !== hash) {
        broken = { firstBrokenSeq: e.seq, reason: "content does not match its hash" };
      }
      if (broken) return false;
      prev = hash;
      expectedSeq = e.seq + 1;
      return true;
    },
    verdict(): ChainVerdict {
      return broken ? { intact: false, entries: count, ...broken } : { intact: true, entries: count, lastHash: prev };
    },
  };
}

export function verifyChain(entries: Iterable<AuditEntryContent & { hash: string }>): ChainVerdict {
  const v = createChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.verdict();
}

/** Field-level differences between two versions of a record (for display; the entry keeps both versions). */
export function diffRecords(before: unknown, after: unknown): Array<{ field: string; before: unknown; after: unknown }> {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const fields = new Set([...Object.keys(b), ...Object.keys(a)]);
  const out: Array<{ field: string; before: unknown; after: unknown }> = [];
  for (const f of [...fields].sort()) {
    if (canonicalJson(b[f]) !== canonicalJson(a[f])) out.push({ field: f, before: b[f], after: a[f] });
  }
  return out;
}
