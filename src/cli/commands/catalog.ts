import path from "node:path";
import type { Command } from "commander";
import { CliError } from "../errors";

export function register(program: Command): void {
  const catalog = program.command("catalog").description("The versioned regulatory catalog (data/catalog/*.yaml)");
  catalog
    .command("validate")
    .description(
      "Check the catalog files: schema, unique IDs, references and mapping endpoints (exit 1 on problems); warn about national records not verified within six months",
    )
    .option("--dir <dir>", "catalog folder (default: the repository's data/catalog)")
    .option("--date <YYYY-MM-DD>", "day the verification dates are judged against (default: today, UTC)")
    .action(async (opts: { dir?: string; date?: string }) => {
      const { inspectCatalogDir, defaultCatalogDir } = await import("../../server/catalog/load");
      const { countryName, formatProblem, staleNationalRecords } = await import("../../core/catalog");
      const { isCalendarDate } = await import("../../core/applicability");
      const today = opts.date ?? new Date().toISOString().slice(0, 10);
      if (!isCalendarDate(today)) throw new CliError(`--date must be a date as YYYY-MM-DD, got "${today}"`, 2);
      const dir = opts.dir ? path.resolve(opts.dir) : defaultCatalogDir;
      const { catalog: built, problems } = await inspectCatalogDir(dir);
      if (problems.length > 0) {
        for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
        throw new CliError(`catalog ${dir}: ${problems.length} problem(s)`, 1);
      }
      process.stdout.write(
        `Catalog ${dir}: ${built.files.length} files, ${built.frameworks.size} frameworks, ${built.items.size} items, ` +
          `${built.mappings.length} mappings, ${built.memberStates.size} member-state records — no problems ` +
          `(version ${built.version})\n`,
      );
      for (const s of staleNationalRecords(built, today)) {
        process.stdout.write(`warning: ${s.file}: nis2-ms:${s.country} (${countryName(s.country)}): ${s.reason}\n`);
      }
    });
  catalog
    .command("show")
    .description("Show one catalog item with its source, confidence and mappings in both directions")
    .argument("<id>", "item id, e.g. nis2:art21.2.d or iso27001:A.5.19")
    .option("--dir <dir>", "catalog folder (default: the repository's data/catalog)")
    .option("--json", "print the item and its mappings as JSON")
    .action(async (id: string, opts: { dir?: string; json?: boolean }) => {
      const { inspectCatalogDir } = await import("../../server/catalog/load");
      const { mappingsOf } = await import("../../core/catalog");
      const { catalog: built, problems } = await inspectCatalogDir(opts.dir ? path.resolve(opts.dir) : undefined);
      if (problems.length > 0) throw new CliError("the catalog has problems; run `vigil catalog validate`", 1);
      const item = built.items.get(id);
      if (!item) throw new CliError(`no catalog item "${id}"`, 2);
      const links = mappingsOf(built, id);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ item, mappings: links.map((l) => l.mapping) }, null, 2)}\n`);
        return;
      }
      const lines = [
        `${item.id}  ${item.title}`,
        `  source: ${item.source.ref}, ${item.source.document}`,
        `  confidence ${item.confidence}, last reviewed ${item.lastReviewed}`,
      ];
      if (item.summary) lines.push(`  ${item.summary}`);
      if (item.text) lines.push(`  text: "${item.text}"`);
      for (const { mapping, other, direction } of links) {
        const title = built.items.get(other)?.title ?? "";
        const arrow = direction === "from" ? "->" : "<-";
        lines.push(`  ${arrow} ${other} ${title} [${mapping.relationship}${mapping.strength ? `, ${mapping.strength}` : ""}; ${mapping.source}]`);
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
