import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCliInProcess } from "../../../test/support/cli";

const run = runCliInProcess;

let dir: string;
const file = (name: string) => path.join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vigil-cli-applicability-"));
  const profile = {
    establishments: ["DE", "PT", "US"],
    staffHeadcount: 320,
    annualTurnoverEur: 1_000_000_000,
    balanceSheetTotalEur: 600_000_000,
    activities: ["medical_devices", "in_vitro_diagnostics"],
  };
  await writeFile(file("mdm.json"), JSON.stringify(profile));
  await writeFile(
    file("bad.json"),
    JSON.stringify({ ...profile, staffHeadcount: -3, establishments: ["DE", "EL"], activities: ["toys"] }),
  );
  await writeFile(file("broken.json"), '{"establishments": ["DE"],');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("vigil applicability", () => {
  test("--json prints the assessment document", async () => {
    const { code, out, err } = await run(["applicability", "--json", file("mdm.json"), "--date", "2026-11-23"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc).toMatchObject({
      schema: "vigil.applicability/1",
      assessedOn: "2026-11-23",
      sizeCategory: "large",
      classification: "important",
      basis: { rule: "annex-ii-large" },
      supervision: { regime: "ex_post" },
      maxFineEur: 14_000_000,
      maxFine: { amountEur: 14_000_000 },
    });
    expect(doc.memberStates.map((m: { country: string; status: string }) => `${m.country}:${m.status}`)).toEqual([
      "DE:in_force",
      "PT:in_force",
      "US:not_eu_member_state",
    ]);
    expect(doc.obligations.map((o: { id: string }) => o.id)).toEqual(
      expect.arrayContaining(["nis2.reporting.a", "mdr.vigilance.general", "ivdr.vigilance.general"]),
    );
  });

  test("without --json prints a summary in which every line carries its citation", async () => {
    const { code, out } = await run(["applicability", file("mdm.json"), "--date", "2026-11-23"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^NIS2 applicability — assessed on 2026-11-23 \(catalog /);
    expect(out).toMatch(/Classification: IMPORTANT — Large Annex II entity/);
    expect(out).toMatch(/\[NIS 2 Directive: Annex II, point 5\(a\) \(Manufacturing\), Art\. 2\(1\), Art\. 3\(2\); SME Recommendation/);
    expect(out).toMatch(/Maximum fine \(floor for the national maximum\): €14,000,000 = max\(€7,000,000, 1\.4 % × €1,000,000,000/);
    expect(out).toMatch(/\[incidents\] NIS2: Early warning — without undue delay and in any event within 24 hours of becoming aware\n {6}\[NIS 2 Directive: Art\. 23\(4\)\(a\); confidence V1\]/);
    expect(out).toMatch(/PT: Notify the end of the impact within 24 hours/);
    expect(out).toMatch(/ {2}US {2}not an EU Member State/);
  });

  test("an invalid profile gives field-level errors and exit 2", async () => {
    const { code, out, err } = await run(["applicability", "--json", file("bad.json")]);
    expect(code).toBe(2);
    expect(out).toBe("");
    const lines = err.trim().split("\n");
    expect(lines).toEqual([
      `${file("bad.json")}: establishments[1]: unknown country code "EL": ISO 3166-1 uses "GR" for Greece`,
      `${file("bad.json")}: staffHeadcount: staffHeadcount cannot be negative`,
      expect.stringMatching(new RegExp(`^${file("bad.json")}: activities\\[0\\]: unknown activity "toys"`)),
      `vigil: ${file("bad.json")}: invalid profile (3 error(s))`,
    ]);
  });

  test.each([
    ["broken JSON", ["broken.json"], /^vigil: .*broken\.json: invalid JSON: /],
    ["missing file", ["nope.json"], /^vigil: .*nope\.json: cannot read the profile \(no such file\)\n$/],
    ["bad --date", ["mdm.json", "--date", "2026-02-30x"], /^vigil: --date must be a date as YYYY-MM-DD, got "2026-02-30x"\n$/],
    ["impossible --date", ["mdm.json", "--date", "2026-02-30"], /^vigil: --date must be a date as YYYY-MM-DD, got "2026-02-30"\n$/],
  ])("%s → exit 2", async (_name, args, message) => {
    const [name, ...rest] = args;
    const { code, err } = await run(["applicability", file(name), ...rest]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe("bin/vigil.js", () => {
  test("applicability --json runs as a process and prints the document", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const { fileURLToPath } = await import("node:url");
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, "bin/vigil.js"), "applicability", "--json", file("mdm.json"), "--date", "2026-11-23"],
      { cwd: repoRoot },
    );
    expect(JSON.parse(stdout).classification).toBe("important");
  });

  test("an invalid profile exits 2 as a process", async () => {
    const { spawnSync } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const result = spawnSync(process.execPath, [path.join(repoRoot, "bin/vigil.js"), "applicability", file("bad.json")], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/staffHeadcount: staffHeadcount cannot be negative/);
  });
});
