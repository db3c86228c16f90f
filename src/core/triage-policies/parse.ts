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

/**
 * Reads a YAML document (JSON as a subset of it) whose top level is a mapping and checks it against `schema`.
 * Syntax errors name the line and column, schema errors the path in the document.
 */
export function readYamlMapping<T>(file: string, text: string, schema: z.ZodType<T>, expected: string): { ok: true; value: T } | { ok: false; issues: PolicyFileIssue[] } {
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
  if (!isMap(doc.contents)) return { ok: false, issues: [{ file, path: "(document)", reason: `expected a mapping with ${expected}` }] };
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(file, parsed.error) };
}

/** Reads a policy file (YAML, or JSON as a subset of it): `policies:` with one entry per policy. */
export function parsePolicyFile(file: string, text: string): PolicyFileResult {
  if (text.length > MAX_CHARS) return { ok: false, issues: [{ file, path: "(document)", reason: `longer than ${MAX_CHARS} characters` }] };
  const read = readYamlMapping(file, text, policyFileSchema, "a policies: list");
  return read.ok ? { ok: true, policies: read.value.policies } : read;
}
