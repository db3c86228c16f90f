import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { defaultCatalogDir } from "../../server/catalog/load";
import { runCliInProcess } from "../../../test/support/cli";

const run = runCliInProcess;

const temps: string[] = [];
afterEach(async () => {
  process.exitCode = undefined;
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});

describe("vigil catalog", () => {
  test("validate: the repository's catalog has no problems (exit 0)", async () => {
    const { code, out, err } = await run(["catalog", "validate"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/^Catalog .*data\/catalog: 15 files, 11 frameworks, \d+ items, \d+ mappings, 27 member-state records — no problems/);
  });

  test("validate --dir on a broken copy prints the precise problem and exits 1", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vigil-cli-catalog-"));
    temps.push(dir);
    await cp(defaultCatalogDir, dir, { recursive: true });
    const file = path.join(dir, "mappings-mdr-ivdr.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace('to: "ivdr:annexI.16.4"', 'to: "ivdr:annexI.16.5"'));
    const { code, out, err } = await run(["catalog", "validate", "--dir", dir]);
    expect(code).toBe(1);
    expect(out).toBe("mappings-mdr-ivdr.yaml: mdr:annexI.17.4 -> ivdr:annexI.16.5: mapping target ivdr:annexI.16.5 does not exist\n");
    expect(err).toBe(`vigil: catalog ${dir}: 1 problem(s)\n`);
  });

  test("validate warns about national records verified more than six months before --date, or never (exit 0)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vigil-cli-catalog-"));
    temps.push(dir);
    await cp(defaultCatalogDir, dir, { recursive: true });
    const file = path.join(dir, "nis2-transposition.yaml");
    const yaml = await readFile(file, "utf8");
    const record = (country: string) => yaml.indexOf(`  - country: ${country}\n`);
    const at = (country: string, text: string) => yaml.indexOf(text, record(country));
    const VERIFIED = "    verifiedOn: 2026-12-06\n";
    const fr = at("FR", VERIFIED);
    const de = at("DE", VERIFIED);
    const pt = at("PT", VERIFIED);
    const edited =
      yaml.slice(0, fr) +
      "    verifiedOn: 2026-06-05\n" +
      yaml.slice(fr + VERIFIED.length, de) +
      "    verifiedOn: 2026-06-06\n" +
      yaml.slice(de + VERIFIED.length, pt) +
      yaml.slice(pt + VERIFIED.length);
    await writeFile(file, edited);

    const { code, out, err } = await run(["catalog", "validate", "--dir", dir, "--date", "2026-12-06"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out.split("\n").filter((l) => l.startsWith("warning:"))).toEqual([
      "warning: nis2-transposition.yaml: nis2-ms:FR (France): last verified on 2026-06-05, more than 6 months before 2026-12-06: re-check the national law against its sources",
      "warning: nis2-transposition.yaml: nis2-ms:PT (Portugal): never verified (no verifiedOn): check the national law against its sources",
    ]);
    const fresh = await run(["catalog", "validate", "--date", "2026-12-06"]);
    expect(fresh.out).not.toMatch(/warning:/);
    const later = await run(["catalog", "validate", "--date", "2027-06-07"]);
    expect(later.out.split("\n").filter((l) => l.startsWith("warning:"))).toHaveLength(27);
    const bad = await run(["catalog", "validate", "--date", "06/12/2026"]);
    expect(bad.code).toBe(2);
  });

  test("validate --dir on a missing folder exits 1 with the reason", async () => {
    const { code, out } = await run(["catalog", "validate", "--dir", "/nonexistent/vigil-catalog"]);
    expect(code).toBe(1);
    expect(out).toBe("/nonexistent/vigil-catalog: folder does not exist\n");
  });

  test("show prints an item with its source and mappings in both directions", async () => {
    const { code, out } = await run(["catalog", "show", "iso27001:A.8.8"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^iso27001:A\.8\.8 {2}Management of technical vulnerabilities\n/);
    expect(out).toMatch(/<- cir2024-2690:annex\.6\.10\.1 Point 6\.10\.1 \[intersect; enisa\]/);
    expect(out).toMatch(/<- nis2:art21\.2\.e .* \[intersect, high; vigil-analysis\]/);
    const unknown = await run(["catalog", "show", "iso27001:A.9.1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe('vigil: no catalog item "iso27001:A.9.1"\n');
  });
});
