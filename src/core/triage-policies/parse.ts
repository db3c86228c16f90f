import { isMap, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { policyFileSchema, type TriagePolicy } from "./model";

export type PolicyFileIssue = { file: string; path: string; reason: string };
export type PolicyFileResult = { ok: true; policies: TriagePolicy[] } | { ok: false; issues: PolicyFileIssue[] };

const MAX_CHARS = 2 * 1024 * 1024;

/** `policies[2].conditions.purl` from a zod issue path. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "(document)";
}

export function zodIssues(file: string, error: z.ZodError): PolicyFileIssue[] {
  return error.issues.map((i) => ({ file, path: issuePath(i.path), reason: i.message }));
}

/** Reads a policy file (YAML, or JSON as a subset of it): `policies:` with one entry per policy. */
export function parsePolicyFile(file: string, text: string): PolicyFileResult {
  if (text.length > MAX_CHARS) return { ok: false, issues: [{ file, path: "(document)", reason: `longer than ${MAX_CHARS} characters` }] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const at = e.pos ? lines.linePos(e.pos[0]) : null;
        return { file, path: at ? `line ${at.line}, column ${at.col}` : "(document)", reason: e.message.split("\n")[0] };
      }),
    };
  }
  if (!isMap(doc.contents)) return { ok: false, issues: [{ file, path: "(document)", reason: "expected a mapping with a policies: list" }] };
  const parsed = policyFileSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) return { ok: false, issues: zodIssues(file, parsed.error) };
  return { ok: true, policies: parsed.data.policies };
}
