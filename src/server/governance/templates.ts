import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parsePolicyTemplate, type PolicyTemplate } from "../../core/governance";

export const defaultTemplateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/policies");

let cached: Promise<PolicyTemplate[]> | null = null;

/** The policy templates of data/policies, sorted by title; read once per process. */
export function policyTemplates(dir = defaultTemplateDir): Promise<PolicyTemplate[]> {
  if (dir !== defaultTemplateDir) return readTemplates(dir);
  cached ??= readTemplates(dir).catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

async function readTemplates(dir: string): Promise<PolicyTemplate[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".md")).sort();
  const templates = await Promise.all(names.map(async (n) => parsePolicyTemplate(n.slice(0, -3), await readFile(path.join(dir, n), "utf8"))));
  return templates.sort((a, b) => a.title.localeCompare(b.title));
}
