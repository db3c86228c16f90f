import { buildCatalog } from "./build";
import { parseCatalogDocument } from "./parse";
import type { Catalog, CatalogDocument, CatalogProblem } from "./types";
import { validateCatalog } from "./validate";

const DANGLING = / does not exist$|, which does not exist$/;

/**
 * Schema-check raw parsed files, build the catalog from the sound ones and run the integrity checks.
 * Problems from both steps are returned together; the catalog is usable when `problems` is empty.
 * While some file is unusable (`unreadable`, e.g. invalid YAML, or failing the schema), references into it would
 * all dangle: those are summarised in one problem instead of being listed one by one.
 */
export function checkCatalog(
  raw: readonly { file: string; data: unknown }[],
  { unreadable = [] }: { unreadable?: readonly string[] } = {},
): { catalog: Catalog; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const documents: CatalogDocument[] = [];
  const failed = [...unreadable];
  for (const { file, data } of raw) {
    const parsed = parseCatalogDocument(file, data);
    problems.push(...parsed.problems);
    if (parsed.document) documents.push(parsed.document);
    else failed.push(file);
  }
  const catalog = buildCatalog(documents);
  const integrity = validateCatalog(catalog);
  if (failed.length === 0) return { catalog, problems: [...problems, ...integrity] };
  const dangling = integrity.filter((p) => DANGLING.test(p.reason));
  problems.push(...integrity.filter((p) => !DANGLING.test(p.reason)));
  if (dangling.length > 0) {
    problems.push({
      file: failed.join(", "),
      reason: `${dangling.length} reference(s) to missing items not listed: fix the file(s) above first, they may define them`,
    });
  }
  return { catalog, problems };
}
