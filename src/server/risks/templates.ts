import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Catalog } from "../../core/catalog";
import { parseRiskTemplates, type RiskTemplate } from "../../core/risks";

export const defaultTemplateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/risk-templates");

export class RiskTemplateError extends Error {}

/** Reads data/risk-templates/*.yaml and checks every cited requirement against the catalog. */
export async function inspectRiskTemplates(catalog: Catalog, dir: string = defaultTemplateDir) {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".yaml")).sort();
  const files = await Promise.all(names.map(async (file) => ({ file, data: parse(await readFile(path.join(dir, file), "utf8"), { uniqueKeys: true }) as unknown })));
  return parseRiskTemplates(files, (id) => catalog.items.has(id));
}

const cache = new WeakMap<Catalog, Promise<RiskTemplate[]>>();

/** The starter templates, read once per catalog; unsound files are an error, not a partial list. */
export function riskTemplates(catalog: Catalog): Promise<RiskTemplate[]> {
  let p = cache.get(catalog);
  if (!p) {
    p = inspectRiskTemplates(catalog).then(({ templates, problems }) => {
      if (problems.length > 0) throw new RiskTemplateError(problems.map((x) => `${x.file}: ${x.path}: ${x.message}`).join("; "));
      return templates;
    });
    cache.set(catalog, p);
  }
  return p;
}
