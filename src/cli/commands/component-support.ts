import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { CliError } from "../errors";

type SupportText = { level: string; endOfSupport: string | null; source: string | null };
const supportText = (s: SupportText) => [s.level, s.endOfSupport ? `until ${s.endOfSupport}` : "end of support unknown", s.source ? `(${s.source})` : "(not stated)"].join(" ");

export function register(program: Command): void {
  const cmd = program
    .command("component-support")
    .description("Level of support and end of support of SBOM components (FDA premarket guidance): list them, enter them in bulk and keep support rules");

  cmd
    .command("list")
    .description("Components past or near their end of support, or no longer maintained, across every current SBOM (--all: every component). Unknown stays unknown.")
    .option("--all", "every component, not only those that need attention")
    .option("--json", "print the portfolio as JSON")
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const { supportPortfolio } = await import("../../core/sbom");
      const { portfolioComponentRows } = await import("../../server/vulnerabilities/component-support");
      const { withDatabase } = await import("../context");
      const today = new Date().toISOString().slice(0, 10);
      const { items, summary } = await withDatabase(async ({ db }) => supportPortfolio(await portfolioComponentRows(db), today, opts.all === true));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ generatedOn: today, summary, items }, null, 2)}\n`);
        return;
      }
      for (const i of items) {
        const where = i.versions.map((v) => `${v.deviceModel} ${v.version}`).join(", ");
        process.stdout.write(`${i.purl ?? i.name}  ${supportText(i)}  ${i.reasons.join(", ") || "-"}  in ${where} (${i.installedUnits} units)\n`);
      }
      process.stdout.write(
        `${summary.components} components: ${summary.endOfSupportPassed} past end of support, ${summary.endOfSupportNear} near it, ${summary.notMaintained} no longer maintained or abandoned; ` +
          `level unknown for ${summary.levelUnknown}, end of support unknown for ${summary.endOfSupportUnknown}.\n`,
      );
    });

  cmd
    .command("apply <file>")
    .description(
      "Apply a support file: YAML with components: (purl, supplier, level, endOfSupport) and rules: (name, purlPattern, versionRange, level, endOfSupport, note), " +
        "or CSV with the columns purl, supplier, level, endOfSupport. Rules are upserted by name; entries set support by purl; an empty field keeps what is known. " +
        "All or nothing: an invalid file, or a purl no SBOM holds, changes nothing (exit 2). --dry-run prints the components whose support would change.",
    )
    .option("--dry-run", "show what would change, change nothing")
    .option("--json", "print the outcome as JSON")
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`${file}: no such file`, 2);
      const { parseSupportFile } = await import("../../core/sbom");
      const name = path.basename(file);
      const parsed = parseSupportFile(name, readFileSync(file, "utf8"));
      const refuse = (issues: { file: string; path: string; reason: string }[]) => {
        for (const i of issues.slice(0, 50)) process.stderr.write(`error: ${i.file} ${i.path}: ${i.reason}\n`);
        return new CliError(`${file}: nothing was changed`, 2);
      };
      if (!parsed.ok) throw refuse(parsed.issues);
      const { applySupportFile } = await import("../../server/vulnerabilities/support-file-apply");
      const { withDatabase } = await import("../context");
      const actor = { id: null, label: `cli (${os.userInfo().username})` };
      const outcome = await withDatabase(({ db }) => applySupportFile(db, parsed, name, actor, new Date(), opts.dryRun === true));
      if (!outcome.ok) throw refuse(outcome.issues);
      const { ok: _ok, ...result } = outcome;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const would = outcome.dryRun ? "would be " : "";
      const r = outcome.rules;
      const c = outcome.components;
      process.stdout.write(`Rules: ${r.created.length} ${would}created, ${r.updated.length} ${would}updated, ${r.unchanged.length} unchanged.\n`);
      process.stdout.write(`Components: ${c.set.length} ${would}set, ${c.unchanged.length} unchanged.\n`);
      for (const ch of outcome.changes) {
        process.stdout.write(`  ${ch.purl ?? ch.name}  ${supportText(ch.from)} → ${supportText(ch.to)}  in ${ch.versions.join(", ")}\n`);
      }
      process.stdout.write(
        outcome.dryRun
          ? `Dry run: the support of ${componentCount(outcome.changes.length)} would change; nothing was changed.\n`
          : `The support of ${componentCount(outcome.changes.length)} changed.\n`,
      );
    });
}

const componentCount = (n: number) => `${n} ${n === 1 ? "component" : "components"}`;
