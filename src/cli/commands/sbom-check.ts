import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { QualityResult } from "../../core/sbom";
import { CliError } from "../errors";

const LISTED_PROBLEMS = 50;

function text(result: QualityResult, file: string): string {
  const s = result.summary;
  if (result.passed) return `${file}: passes ${result.profile} (${s.components} component(s))\n`;
  const lines = result.problems.slice(0, LISTED_PROBLEMS).map((p) => `  ${p.component}: ${p.field}: ${p.reason}`);
  const more = result.problems.length > LISTED_PROBLEMS ? [`  … and ${result.problems.length - LISTED_PROBLEMS} more (--json lists all)`] : [];
  const missing = Object.entries(s.missing)
    .filter(([, n]) => n > 0)
    .map(([field, n]) => `${field} ${n}`)
    .join(", ");
  return `${file}: fails ${result.profile}: ${s.problems} problem(s) in ${s.componentsWithProblems} of ${s.components} component(s) (missing: ${missing})\n${[...lines, ...more].join("\n")}\n`;
}

/** `vigil sbom check`: SBOM quality against a profile of required elements; exit 1 when it does not pass. */
export function registerSbomCheck(sbom: Command): void {
  sbom
    .command("check <file>")
    .description("Check an SBOM against a quality profile: ntia (minimum elements), bsi-tr-03183-2 or fda; exit 1 when it does not pass")
    .option("--profile <profile>", "ntia, bsi-tr-03183-2 or fda", "ntia")
    .option("--json", "print {profile, passed, problems, summary} as JSON")
    .action(async (file: string, opts: { profile: string; json?: boolean }) => {
      const { sbomQualityProfiles } = await import("../../server/sboms/quality-profiles");
      const profiles = sbomQualityProfiles();
      const profile = profiles.find((p) => p.id === opts.profile);
      if (!profile) throw new CliError(`--profile must be one of ${profiles.map((p) => p.id).join(", ")}, got "${opts.profile}"`, 2);
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new CliError(`${file}: cannot read the SBOM (${code === "ENOENT" ? "no such file" : code ?? String(err)})`, 2);
      }
      const { checkSbomQuality, formatIssue, parseAndValidateSbom, setCycloneDxValidators } = await import("../../core/sbom");
      const { cachedCycloneDxValidator } = await import("../../server/sboms/cyclonedx-validator-cache");
      setCycloneDxValidators(cachedCycloneDxValidator);
      const parsed = await parseAndValidateSbom({ fileName: file, content }, { schemaViolations: "warn" });
      if (!parsed.ok) {
        const listed = parsed.errors.slice(0, 20).map((e) => `  ${formatIssue(e)}`);
        throw new CliError(`invalid SBOM ${file} (${parsed.errors.length} error(s)):\n${listed.join("\n")}`, 2);
      }
      const result = checkSbomQuality(parsed.sbom, profile);
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : text(result, file));
      if (!result.passed) process.exitCode = 1;
    });
}
