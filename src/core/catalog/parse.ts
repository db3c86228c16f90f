import type { z } from "zod";
import { catalogFileSchema } from "./schema";
import type { CatalogDocument, CatalogProblem } from "./types";

/** `items[3].source.ref` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const LISTS_WITH_IDS = new Set(["items", "keyDates"]);

/** The `id` (or country) of the list entry an issue path points into, when there is one. */
function entryIdAt(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  const [list, index] = path;
  if (typeof list !== "string" || typeof index !== "number" || !raw || typeof raw !== "object") return undefined;
  const entries = (raw as Record<string, unknown>)[list];
  if (!Array.isArray(entries)) return undefined;
  const entry = entries[index] as Record<string, unknown> | undefined;
  if (!entry || typeof entry !== "object") return undefined;
  if (LISTS_WITH_IDS.has(list) && typeof entry.id === "string") return entry.id;
  if (list === "memberStates" && typeof entry.country === "string") return `nis2-ms:${entry.country}`;
  if (list === "mappings" && typeof entry.from === "string" && typeof entry.to === "string") {
    return `${entry.from} -> ${entry.to}`;
  }
  return undefined;
}

export function issuesToProblems(file: string, raw: unknown, issues: readonly z.core.$ZodIssue[]): CatalogProblem[] {
  return issues.map((issue) => {
    const itemId = entryIdAt(raw, issue.path);
    const path = formatPath(issue.path);
    return { file, ...(itemId ? { itemId } : {}), path: path || "(top level)", reason: issue.message };
  });
}

/** Check one file's parsed YAML against the catalog file schema. */
export function parseCatalogDocument(
  file: string,
  raw: unknown,
): { document?: CatalogDocument; problems: CatalogProblem[] } {
  const result = catalogFileSchema.safeParse(raw);
  if (!result.success) return { problems: issuesToProblems(file, raw, result.error.issues) };
  return { document: { file, content: result.data }, problems: [] };
}

export function formatProblem(p: CatalogProblem): string {
  const where = [p.itemId, p.path].filter(Boolean).join(" at ");
  return `${p.file}${where ? `: ${where}` : ""}: ${p.reason}`;
}
