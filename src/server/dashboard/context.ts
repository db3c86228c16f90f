import type { Catalog } from "../../core/catalog";
import type { ControlLibrary } from "../../core/compliance/library";
import { loadCatalog } from "../catalog/load";
import { loadControlLibrary } from "../compliance/library";

let cached: Promise<{ catalog: Catalog; library: ControlLibrary }> | null = null;

/** The catalog and control library the dashboard derives coverage from, read once per process. */
export function complianceReference(catalog?: Catalog): Promise<{ catalog: Catalog; library: ControlLibrary }> {
  if (catalog) return loadControlLibrary(catalog).then((library) => ({ catalog, library }));
  cached ??= loadCatalog().then(async (c) => ({ catalog: c, library: await loadControlLibrary(c) }));
  return cached;
}
