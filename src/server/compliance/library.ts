import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parseYamlCached } from "../catalog/yaml-cache";
import type { Catalog } from "../../core/catalog";
import { checkControlLibrary, type ControlLibrary } from "../../core/compliance";

export const defaultLibraryFile: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/controls/mdm-controls.yaml");

const cache = new Map<string, Promise<ControlLibrary>>();

/** The harmonised control library, checked against the catalog; throws listing the problems if unsound. */
export function loadControlLibrary(catalog: Catalog, file: string = defaultLibraryFile): Promise<ControlLibrary> {
  const key = `${file}@${catalog.version}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const text = await readFile(file, "utf8");
      // Parsing this YAML took most of a second at every start; the parsed text is kept by its hash.
      const data = parseYamlCached(text, () => parse(text, { uniqueKeys: true }));
      const { library, problems } = checkControlLibrary(data, catalog);
      if (!library) {
        throw new Error(`control library ${path.basename(file)} has ${problems.length} problem(s):\n${problems.slice(0, 20).map((q) => `  ${q.path}: ${q.reason}`).join("\n")}`);
      }
      return library;
    })();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
