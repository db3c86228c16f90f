import { readdir, readFile } from "node:fs/promises";
import { parseYamlCached } from "./yaml-cache";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, YAMLParseError } from "yaml";
import { type Catalog, type CatalogProblem, checkCatalog, formatProblem } from "../../core/catalog";

export const defaultCatalogDir: string = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../data/catalog",
);

export class CatalogLoadError extends Error {
  constructor(readonly problems: CatalogProblem[]) {
    super(
      `catalog has ${problems.length} problem(s):\n${problems
        .slice(0, 20)
        .map((p) => `  ${formatProblem(p)}`)
        .join("\n")}`,
    );
    this.name = "CatalogLoadError";
  }
}

/**
 * Read every `*.yaml` file of a catalog folder, parse it and run the core's checks. Never throws on bad data.
 * Problems of unreadable files come first; references into them are summarised rather than listed.
 */
export async function inspectCatalogDir(dir: string = defaultCatalogDir): Promise<{
  catalog: Catalog;
  problems: CatalogProblem[];
}> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".yaml") || n.endsWith(".yml")).sort();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "folder does not exist" : String(err);
    return { catalog: checkCatalog([]).catalog, problems: [{ file: dir, reason }] };
  }
  const raw: { file: string; data: unknown }[] = [];
  const problems: CatalogProblem[] = [];
  if (names.length === 0) problems.push({ file: dir, reason: "no *.yaml catalog files found" });
  for (const file of names) {
    const text = await readFile(path.join(dir, file), "utf8");
    try {
      raw.push({ file, data: parseYamlCached(text, () => parse(text, { prettyErrors: true, uniqueKeys: true })) });
    } catch (err) {
      if (!(err instanceof YAMLParseError)) throw err;
      const pos = err.linePos?.[0];
      problems.push({
        file,
        ...(pos ? { path: `line ${pos.line}, column ${pos.col}` } : {}),
        reason: `invalid YAML: ${err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      });
    }
  }
  const checked = checkCatalog(raw, { unreadable: problems.map((p) => p.file) });
  return { catalog: checked.catalog, problems: [...problems, ...checked.problems] };
}

/** The catalog of `dir` (default `<repo>/data/catalog`); throws CatalogLoadError listing the problems if unsound. */
export async function loadCatalog(dir: string = defaultCatalogDir): Promise<Catalog> {
  const { catalog, problems } = await inspectCatalogDir(dir);
  if (problems.length > 0) throw new CatalogLoadError(problems);
  return catalog;
}
