import { buildCatalog } from "./build";
import { parseCatalogDocument } from "./parse";
import type { Catalog, CatalogDocument, CatalogProblem } from "./types";
import { validateCatalog } from "./validate";

/**
 * Schema-check raw parsed files, build the catalog from the sound ones and run the integrity checks.
 * Problems from both steps are returned together; the catalog is usable when `problems` is empty.
 */
export function checkCatalog(raw: readonly { file: string; data: unknown }[]): {
  catalog: Catalog;
  problems: CatalogProblem[];
} {
  const problems: CatalogProblem[] = [];
  const documents: CatalogDocument[] = [];
  for (const { file, data } of raw) {
    const parsed = parseCatalogDocument(file, data);
    problems.push(...parsed.problems);
    if (parsed.document) documents.push(parsed.document);
  }
  const catalog = buildCatalog(documents);
  problems.push(...validateCatalog(catalog));
  return { catalog, problems };
}
