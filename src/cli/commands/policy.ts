import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { CliError } from "../errors";

type ApplyOptions = { dryRun?: boolean; json?: boolean };

const analysisText = (a: { status: string; justification: string | null; response: string | null }) => [a.status, a.justification ?? a.response].filter(Boolean).join(" / ");

export function register(program: Command): void {
  const policy = program.command("policy").description("Triage policies: rules that set the VEX analysis of current and future findings");
  policy
    .command("apply <file>")
    .description(
      "Read a triage policy file (YAML), upsert its policies by name into the configured database and apply every policy to the open findings " +
        "nobody has analysed. --dry-run prints the findings that would change and writes nothing. An invalid file changes nothing (exit 2).",
    )
    .option("--dry-run", "show what would change, change nothing")
    .option("--json", "print the outcome as JSON")
    .action(async (file: string, opts: ApplyOptions) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`${file}: no such file`, 2);
      const { parsePolicyFile } = await import("../../core/triage-policies");
      const parsed = parsePolicyFile(path.basename(file), readFileSync(file, "utf8"));
      if (!parsed.ok) {
        for (const i of parsed.issues.slice(0, 50)) process.stderr.write(`error: ${i.file} ${i.path}: ${i.reason}\n`);
        throw new CliError(`${file} is not a valid triage policy file`, 2);
      }
      const { applyPolicies } = await import("../../server/triage-policies/store");
      const { withDatabase } = await import("../context");
      const actor = { id: null, label: `cli (${os.userInfo().username})` };
      const outcome = await withDatabase(({ db }) => applyPolicies(db, parsed.policies, actor, new Date(), opts.dryRun === true));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
        return;
      }
      const p = outcome.policies;
      const would = outcome.dryRun ? "would be " : "";
      process.stdout.write(`Policies: ${p.created.length} ${would}created, ${p.updated.length} ${would}updated, ${p.unchanged.length} unchanged.\n`);
      for (const c of outcome.changes) {
        const why = c.kind === "reopen" ? `re-opened (${c.reason?.replaceAll("_", " ")})` : "decided";
        process.stdout.write(`  ${c.deviceModel} ${c.version}  ${c.vulnerability}  ${c.component}  ${analysisText(c.from)} → ${analysisText(c.to)}  ${why} by ${c.policy.name}  [finding ${c.findingId}]\n`);
      }
      process.stdout.write(
        outcome.dryRun
          ? `Dry run: ${outcome.applied} findings would be decided and ${outcome.reopened} re-opened; nothing was changed.\n`
          : `${outcome.applied} findings decided, ${outcome.reopened} re-opened.\n`,
      );
    });
}
