import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { checkCatalog } from "../../core/catalog";
import { CatalogLoadError, defaultCatalogDir, inspectCatalogDir, loadCatalog } from "./load";

const temps: string[] = [];
async function brokenCopy(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-catalog-"));
  temps.push(dir);
  await cp(defaultCatalogDir, dir, { recursive: true });
  const target = path.join(dir, file);
  await writeFile(target, edit(await readFile(target, "utf8")));
  return dir;
}
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});

describe("loadCatalog", () => {
  test("the repository's data/catalog loads with zero problems", async () => {
    const { catalog, problems } = await inspectCatalogDir();
    expect(problems).toEqual([]);
    expect(catalog.files.map((f) => f.file)).toContain("nis2.yaml");
    expect(catalog.items.size).toBeGreaterThan(800);
    const loaded = await loadCatalog();
    expect(loaded.version).toBe(catalog.version);
  });

  test("a YAML syntax error is reported with file, line and column", async () => {
    const dir = await brokenCopy("sme-recommendation.yaml", (t) => t.replace("items:\n", "items:\n  - id: [unclosed\n"));
    const { problems } = await inspectCatalogDir(dir);
    expect(problems[0]).toMatchObject({ file: "sme-recommendation.yaml", path: "line 16, column 3" });
    expect(problems[0].reason).toMatch(/^invalid YAML: /);
    // References into the unreadable file are summarised, not listed one by one.
    expect(problems.slice(1)).toEqual([
      { file: "sme-recommendation.yaml", reason: expect.stringMatching(/^\d+ reference\(s\) to missing items not listed: fix the file\(s\) above first/) },
    ]);
    await expect(loadCatalog(dir)).rejects.toBeInstanceOf(CatalogLoadError);
  });

  test("a duplicate key inside one YAML mapping is refused", async () => {
    const dir = await brokenCopy("fda-524b.yaml", (t) => t.replace(/^version: (\d+)$/m, "version: $1\nversion: 99"));
    const { problems } = await inspectCatalogDir(dir);
    expect(problems[0]).toEqual({ file: "fda-524b.yaml", path: "line 5, column 1", reason: "invalid YAML: Map keys must be unique" });
    expect(problems).toHaveLength(2);
    expect(problems[1].reason).toMatch(/^10 reference\(s\) to missing items not listed/);
  });

  test("a dangling mapping endpoint in a file on disk names the file and the mapping", async () => {
    const dir = await brokenCopy("mappings-mdr-ivdr.yaml", (t) => t.replace('to: "ivdr:annexI.16.4"', 'to: "ivdr:annexI.16.5"'));
    await expect(loadCatalog(dir)).rejects.toThrow(
      /mappings-mdr-ivdr\.yaml: mdr:annexI\.17\.4 -> ivdr:annexI\.16\.5: mapping target ivdr:annexI\.16\.5 does not exist/,
    );
  });

  test("a sound catalog checked before comes back equal to a fresh check, with shared items still shared", async () => {
    await inspectCatalogDir();
    const { catalog } = await inspectCatalogDir();
    const names = catalog.files.map((f) => f.file);
    const raw = await Promise.all(names.map(async (file) => ({ file, data: parse(await readFile(path.join(defaultCatalogDir, file), "utf8")) })));
    const fresh = checkCatalog(raw);
    expect(fresh.problems).toEqual([]);
    expect(catalog).toEqual(fresh.catalog);
    const [framework, items] = [...catalog.itemsByFramework][0];
    expect(catalog.items.get(items[0].id)).toBe(items[0]);
    expect(items[0].framework).toBe(framework);
  });

  test("an unsound catalog is checked at every load, never served from an earlier check", async () => {
    const dir = await brokenCopy("mappings-mdr-ivdr.yaml", (t) => t.replace('to: "ivdr:annexI.16.4"', 'to: "ivdr:annexI.16.5"'));
    const first = await inspectCatalogDir(dir);
    expect(first.problems.length).toBeGreaterThan(0);
    expect((await inspectCatalogDir(dir)).problems).toEqual(first.problems);
    await writeFile(path.join(dir, "mappings-mdr-ivdr.yaml"), await readFile(path.join(defaultCatalogDir, "mappings-mdr-ivdr.yaml")));
    expect((await inspectCatalogDir(dir)).problems).toEqual([]);
  });

  test("a missing folder is one problem, not a crash", async () => {
    const { problems } = await inspectCatalogDir("/nonexistent/catalog");
    expect(problems).toEqual([{ file: "/nonexistent/catalog", reason: "folder does not exist" }]);
  });
});
