import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openEmbedded } from "../../src/server/platform/db/client";
import { auditLog } from "../../src/server/audit/schema";
import { componentSupport } from "../../src/server/vulnerabilities/schema";
import { supportRules } from "../../src/server/vulnerabilities/support-rules-schema";
import { npmLib, smallCycloneDx } from "../api/sbom-fixtures";
import { runVigil } from "../support/cli";
import { seededDataDir } from "../support/db";

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-support-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
};

const rtos = { type: "operating-system", "bom-ref": "rtos", name: "rtos", version: "5.2", purl: "pkg:generic/acme/rtos@5.2" };

const supportFile = `rules:
  - name: acme-rtos-5
    purlPattern: "pkg:generic/acme/*"
    versionRange: "vers:generic/>=5.0|<6.0"
    level: actively_maintained
    endOfSupport: 2031-12-31
    note: Acme support contract 2024-17
components:
  - purl: pkg:npm/jquery@3.4.1
    supplier: OpenJS Foundation
    level: no_longer_maintained
    endOfSupport: 2024-04-10
`;

type Item = { purl: string; level: string; endOfSupport: string | null; source: string | null; versions: { version: string }[] };

describe("vigil component-support", () => {
  const dataDir = path.join(tmp, "data");
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", VIGIL_URL: "", VIGIL_TOKEN: "" };
  async function stored() {
    const database = await openEmbedded(dataDir);
    try {
      const rules = await database.db.select({ name: supportRules.name, level: supportRules.level }).from(supportRules);
      const entries = await database.db.select({ purl: componentSupport.purl, level: componentSupport.supportLevel, eos: componentSupport.endOfSupport }).from(componentSupport);
      const audit = await database.db.select({ entityType: auditLog.entityType, actor: auditLog.actorLabel }).from(auditLog);
      return { rules, entries, audit: audit.filter((a) => a.entityType === "support_rule" || a.entityType === "component_support") };
    } finally {
      await database.close();
    }
  }
  async function listed(): Promise<Item[]> {
    const r = await runVigil(["component-support", "list", "--all", "--json"], { env });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).items;
  }
  beforeAll(async () => {
    await seededDataDir(dataDir);
    const sbom = write("bom.cdx.json", smallCycloneDx([npmLib("jquery", "3.4.1"), npmLib("left-pad", "1.3.0"), rtos]));
    const pushed = await runVigil(["sbom", "push", "--device", "IS-300", "--version", "9.8.0", "--create-version", sbom], { env });
    expect(pushed.code, pushed.stderr).toBe(0);
  }, 300_000);

  test("a dry run shows whose support would change and writes nothing; applying stores rules and entries, audited, and is idempotent", async () => {
    const file = write("support.yaml", supportFile);
    const dry = await runVigil(["component-support", "apply", file, "--dry-run"], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Rules: 1 would be created, 0 would be updated, 0 unchanged.");
    expect(dry.stdout).toContain("Components: 1 would be set, 0 unchanged.");
    expect(dry.stdout).toContain(
      "  pkg:generic/acme/rtos@5.2  unknown end of support unknown (not stated) → actively_maintained until 2031-12-31 (rule:acme-rtos-5)  in InfuSafe 300 infusion pump 9.8.0",
    );
    expect(dry.stdout).toContain("  pkg:npm/jquery@3.4.1  unknown end of support unknown (not stated) → no_longer_maintained until 2024-04-10 (manual)  in InfuSafe 300 infusion pump 9.8.0");
    expect(dry.stdout).toContain("Dry run: the support of 2 components would change; nothing was changed.");
    expect(await stored()).toEqual({ rules: [], entries: [], audit: [] });

    const applied = await runVigil(["component-support", "apply", file, "--json"], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      dryRun: false,
      rules: { created: ["acme-rtos-5"], updated: [], unchanged: [] },
      components: { set: ["pkg:npm/jquery@3.4.1"], unchanged: [] },
      changes: [{ purl: "pkg:generic/acme/rtos@5.2", to: { level: "actively_maintained", source: "rule:acme-rtos-5" } }, { purl: "pkg:npm/jquery@3.4.1", to: { source: "manual" } }],
    });
    const after = await stored();
    expect(after.rules).toEqual([{ name: "acme-rtos-5", level: "actively_maintained" }]);
    expect(after.entries).toEqual([{ purl: "pkg:npm/jquery@3.4.1", level: "no_longer_maintained", eos: "2024-04-10" }]);
    expect(after.audit).toHaveLength(2);
    expect(after.audit[0].actor).toMatch(/^cli \(/);

    const again = await runVigil(["component-support", "apply", file], { env });
    expect(again.stdout).toContain("Rules: 0 created, 0 updated, 1 unchanged.");
    expect(again.stdout).toContain("Components: 0 set, 1 unchanged.");
    expect(again.stdout).toContain("The support of 0 components changed.");
    expect((await stored()).audit).toHaveLength(2);

    const items = await listed();
    const of = (purl: string) => items.find((i) => i.purl === purl);
    expect(of("pkg:generic/acme/rtos@5.2")).toMatchObject({ level: "actively_maintained", endOfSupport: "2031-12-31", source: "rule:acme-rtos-5" });
    expect(of("pkg:npm/jquery@3.4.1")).toMatchObject({ level: "no_longer_maintained", endOfSupport: "2024-04-10", source: "manual", versions: [{ version: "9.8.0" }] });
    expect(of("pkg:npm/left-pad@1.3.0")).toMatchObject({ level: "unknown", endOfSupport: null, source: null });
  }, 300_000);

  test("a CSV enters support in bulk; an empty cell keeps what is known", async () => {
    const csv = write("support.csv", "purl,supplier,level,endOfSupport\npkg:npm/jquery@3.4.1,,,2025-01-31\npkg:npm/left-pad@1.3.0,,abandoned,\n");
    const r = await runVigil(["component-support", "apply", csv], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Components: 2 set, 0 unchanged.");
    expect(r.stdout).toContain("  pkg:npm/left-pad@1.3.0  unknown end of support unknown (not stated) → abandoned end of support unknown (manual)");
    const items = await listed();
    expect(items.find((i) => i.purl === "pkg:npm/jquery@3.4.1")).toMatchObject({ level: "no_longer_maintained", endOfSupport: "2025-01-31" });
    expect(items.find((i) => i.purl === "pkg:npm/left-pad@1.3.0")).toMatchObject({ level: "abandoned", endOfSupport: null });
  }, 300_000);

  test("bad input exits 2 naming the file, the path and the reason, and changes nothing", async () => {
    const before = await stored();
    const badCsv = await runVigil(["component-support", "apply", write("bad.csv", "purl,level,endOfSupport\npkg:npm/jquery@3.4.1,retired,31.01.2025\n")], { env });
    expect(badCsv.code).toBe(2);
    expect(badCsv.stderr).toMatch(/error: bad\.csv line 2, column level: /);
    expect(badCsv.stderr).toContain("error: bad.csv line 2, column endOfSupport: a date as YYYY-MM-DD");
    expect(badCsv.stderr).not.toMatch(/\n\s+at /);

    const badColumn = await runVigil(["component-support", "apply", write("columns.csv", "purl,eol\npkg:npm/jquery@3.4.1,2025-01-31\n")], { env });
    expect(badColumn.code).toBe(2);
    expect(badColumn.stderr).toContain('error: columns.csv line 1: unknown column "eol"');

    const badYaml = supportFile.replace('"pkg:generic/acme/*"', '"pkg:generic/acme/rtos@5"').replace("name: acme-rtos-5", "name: acme-rtos-5\n    owner: me");
    const yaml = await runVigil(["component-support", "apply", write("bad.yaml", badYaml)], { env });
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain("error: bad.yaml rules[0].purlPattern: the pattern matches the purl without version");
    expect(yaml.stderr).toMatch(/error: bad\.yaml rules\[0\]: .*owner/);

    const unknownPurl = supportFile.replace("name: acme-rtos-5", "name: acme-rtos-6").concat("  - purl: pkg:npm/not-in-any-sbom@1.0.0\n    level: abandoned\n");
    const missing = await runVigil(["component-support", "apply", write("missing.yaml", unknownPurl)], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing.yaml components[1].purl: no SBOM has a component with the purl pkg:npm/not-in-any-sbom@1.0.0");
    expect(missing.stderr).toContain("nothing was changed");

    const empty = await runVigil(["component-support", "apply", write("empty.csv", "purl,level\npkg:npm/left-pad@1.3.0,\n")], { env });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("error: empty.csv line 2, column purl: states none of supplier, level, endOfSupport");

    const twice = await runVigil(["component-support", "apply", write("twice.csv", "purl,level\npkg:npm/jquery@3.4.1,abandoned\npkg:npm/jquery@3.4.1,unknown\n")], { env });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("error: twice.csv line 3, column purl: the same purl as line 2, column purl");

    expect((await runVigil(["component-support", "apply", path.join(tmp, "absent.yaml")], { env })).code).toBe(2);
    expect(await stored()).toEqual(before);
  }, 300_000);
});
