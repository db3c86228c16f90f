import { readdirSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, YAMLParseError } from "yaml";
import { type Catalog, type CatalogProblem, checkCatalog, formatProblem } from "../../core/catalog";
import { cachedByKey, parseYamlCached } from "./yaml-cache";

export const defaultCatalogDir: string = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../data/catalog",
);

const catalogCodeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../core/catalog");

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
  const texts: { file: string; text: string }[] = [];
  for (const file of names) texts.push({ file, text: await readFile(path.join(dir, file), "utf8") });
  // Checking the parsed files against the schema and each other took most of a second at every start: a sound
  // catalog is kept by the text of its files and the code that checks them, so any change checks again.
  const code = catalogCodeFingerprint();
  const check = () => checkTexts(dir, texts);
  if (code === null) return check();
  return cachedByKey(["catalog", code, ...texts.flatMap((t) => [t.file, t.text])], check, (r) => r.problems.length === 0);
}

function checkTexts(dir: string, texts: readonly { file: string; text: string }[]): { catalog: Catalog; problems: CatalogProblem[] } {
  const raw: { file: string; data: unknown }[] = [];
  const problems: CatalogProblem[] = [];
  if (texts.length === 0) problems.push({ file: dir, reason: "no *.yaml catalog files found" });
  for (const { file, text } of texts) {
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

let codeFingerprint: string | null | undefined;
/** The text of the core's catalog code (schema, build, checks); null where the sources are not installed. */
function catalogCodeFingerprint(): string | null {
  if (codeFingerprint !== undefined) return codeFingerprint;
  try {
    const names = readdirSync(catalogCodeDir).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts")).sort();
    codeFingerprint = names.length === 0 ? null : names.map((n) => `${n}\n${readFileSync(path.join(catalogCodeDir, n), "utf8")}`).join("\n");
  } catch {
    codeFingerprint = null;
  }
  return codeFingerprint;
}

/** The catalog of `dir` (default `<repo>/data/catalog`); throws CatalogLoadError listing the problems if unsound. */
export async function loadCatalog(dir: string = defaultCatalogDir): Promise<Catalog> {
  const { catalog, problems } = await inspectCatalogDir(dir);
  if (problems.length > 0) throw new CatalogLoadError(problems);
  return catalog;
}
