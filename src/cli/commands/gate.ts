import type { Command } from "commander";
import { CliError } from "../errors";

export function register(program: Command): void {
  program
    .command("gate")
    .description("Pipeline gate: exit 1 when a software version has a KEV or critical finding without VEX analysis, 0 otherwise, 2 on bad input")
    .requiredOption("--version <id>", "software version id (as shown on the version page and in the API)")
    .option("--json", "print the verdict as JSON")
    .option("--sbom-profile <profile>", "also exit 1 unless the version's current SBOM passes this quality profile: ntia, bsi-tr-03183-2 or fda")
    .action(async (opts: { version: string; json?: boolean; sbomProfile?: string }) => {
      const { eq } = await import("drizzle-orm");
      const { gateVerdict } = await import("../../core/reports/gate");
      const { deviceModels, softwareVersions } = await import("../../server/devices/schema");
      const { listFindings } = await import("../../server/vulnerabilities/store");
      const { withDatabase } = await import("../context");
      const { sbomQualityProfiles } = await import("../../server/sboms/quality-profiles");
      const profile = opts.sbomProfile === undefined ? undefined : sbomQualityProfiles().find((p) => p.id === opts.sbomProfile);
      if (opts.sbomProfile !== undefined && !profile) {
        throw new CliError(`--sbom-profile must be one of ${sbomQualityProfiles().map((p) => p.id).join(", ")}, got "${opts.sbomProfile}"`, 2);
      }
      await withDatabase(async ({ db }) => {
        const [v] = await db
          .select({ id: softwareVersions.id, version: softwareVersions.version, model: deviceModels.name })
          .from(softwareVersions)
          .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
          .where(eq(softwareVersions.id, opts.version));
        if (!v) throw new CliError(`--version: no software version with id ${opts.version}`, 2);
        const today = new Date().toISOString().slice(0, 10);
        const { items } = await listFindings(db, { versionId: v.id, status: "under_investigation", limit: 100_000, offset: 0 }, today);
        const verdict = gateVerdict(items.map((f) => ({ vulnerabilityId: f.vulnerability.id, component: `${f.component.name}@${f.component.version ?? ""}`, priority: f.priority ?? "", kev: f.vulnerability.kev, status: f.status })));
        const quality = profile ? await currentSbomQuality(db, v.id, profile) : undefined;
        const pass = verdict.pass && (quality?.passed ?? true);
        if (opts.json) process.stdout.write(`${JSON.stringify({ version: v, ...verdict, pass, ...(quality ? { sbomQuality: quality } : {}) })}\n`);
        else if (verdict.pass) process.stdout.write(`PASS ${v.model} ${v.version}: no KEV or critical finding awaits analysis\n`);
        else {
          process.stdout.write(`FAIL ${v.model} ${v.version}: ${verdict.blocking.length} KEV or critical finding(s) without VEX analysis\n`);
          for (const b of verdict.blocking) process.stdout.write(`  ${b.vulnerabilityId} in ${b.component} (${b.priority}${b.kev ? ", KEV" : ""})\n`);
        }
        if (quality && !opts.json) {
          const outcome = quality.passed ? "passes" : `fails: ${quality.problems} problem(s)${quality.reason ? ` (${quality.reason})` : ""}; vigil sbom check lists them`;
          process.stdout.write(`${quality.passed ? "PASS" : "FAIL"} current SBOM ${outcome} ${quality.profile}\n`);
        }
        if (!pass) process.exitCode = 1;
      });
    });
}

/** The version's current SBOM against a quality profile; no SBOM at all does not pass. */
async function currentSbomQuality(db: import("../../server/platform/db/client").Db, versionId: string, profile: import("../../core/sbom").QualityProfile) {
  const { gunzipSync } = await import("node:zlib");
  const { and, eq } = await import("drizzle-orm");
  const { sboms } = await import("../../server/sboms/schema");
  const { checkSbomQuality, parseSbom } = await import("../../core/sbom");
  const [row] = await db
    .select({ id: sboms.id, fileName: sboms.fileName, fileGzip: sboms.fileGzip })
    .from(sboms)
    .where(and(eq(sboms.softwareVersionId, versionId), eq(sboms.isCurrent, true)))
    .limit(1);
  if (!row) return { profile: profile.id, sbomId: null, passed: false, problems: 0, reason: "the version has no SBOM" };
  const parsed = parseSbom({ fileName: row.fileName, content: gunzipSync(Buffer.from(row.fileGzip, "base64")) });
  if (!parsed.ok) return { profile: profile.id, sbomId: row.id, passed: false, problems: parsed.errors.length, reason: "the stored SBOM can no longer be read" };
  const result = checkSbomQuality(parsed.sbom, profile);
  return { profile: profile.id, sbomId: row.id, passed: result.passed, problems: result.summary.problems, reason: null, missing: result.summary.missing };
}
