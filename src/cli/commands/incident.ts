import type { Command } from "commander";
import type { AssessOptions } from "./incident-assess";
import type { ClocksOptions } from "./incident-clocks";

// Only the commands' definitions are here; their work (and the incident core it needs) loads when one runs.
export function register(program: Command): void {
  const incident = program.command("incident").description("Incident reporting: NIS2 Art. 23, MDR/IVDR vigilance, GDPR");
  registerAssess(incident);
  incident
    .command("clocks")
    .description(
      "What-if: every reporting obligation and deadline for a significant incident (NIS2), optionally with MDR/IVDR vigilance and GDPR",
    )
    .requiredOption("--aware <iso>", "when you became aware of the significant incident (ISO 8601 with offset)")
    .option("--detected <iso>", "when the event was first detected")
    .option("--notified <iso>", "when the NIS2 incident notification was actually submitted")
    .option("--handled <iso>", "when the incident was handled")
    .option("--ongoing", "the incident is still ongoing")
    .option("--impact-ended <iso>", "when the impact ended (Portugal's end-of-impact notice)")
    .option("--mdr <kind>", "device serious incident under MDR Art. 87: serious | death | public-health")
    .option("--ivdr <kind>", "device serious incident under IVDR Art. 82: serious | death | public-health")
    .option("--gdpr", "a personal data breach (GDPR Art. 33)")
    .option("--gdpr-high-risk", "the breach is likely to result in a high risk to data subjects (GDPR Art. 34)")
    .option("--country <code>", "member state (ISO 3166 alpha-2) for national deviations and the authority's time zone")
    .option("--zone <iana>", "time zone for calendar months and local display (default: the member state's, else UTC)")
    .option("--now <iso>", "compute statuses as of this instant (default: now)")
    .option("--cra <case>", "Cyber Resilience Act Art. 14 for a product in its scope: exploited-vulnerability | severe-incident")
    .option("--fix-available <iso>", "CRA exploited vulnerability: when a corrective or mitigating measure became available")
    .option("--nis2", "with --cra: also the NIS2 Art. 23 clocks (the default without --cra)")
    .option("--json", 'print {"obligations":[…]} as JSON')
    .action(async (opts: ClocksOptions) => {
      const { runClocks } = await import("./incident-clocks");
      await runClocks(opts);
    });
}

function registerAssess(incident: Command): void {
  incident
    .command("assess")
    .description("Significance under NIS2 Art. 23(3) (Reg. 2024/2690 criteria where they bind) from answers; prints the questions with --questions")
    .argument("[answers]", 'answers as JSON: {"answers": {"<question id>": true | false | null}}')
    .option("--questions", "print the questions instead of assessing")
    .option("--json [answers]", "print JSON; may name the answers file")
    .option("--profile <file>", "organisation profile as JSON (default: a medical device manufacturer with no Reg. 2024/2690 activity)")
    .action(async (positional: string | undefined, opts: AssessOptions) => {
      const { runAssess } = await import("./incident-assess");
      await runAssess(positional, opts);
    });
}
