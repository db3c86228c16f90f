import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { CliError } from "../errors";

type ImportOptions = { device: string; version: string; json?: boolean };

export function register(program: Command): void {
  const vex = program.command("vex").description("Suppliers' VEX documents about the components of device software versions");
  vex
    .command("import <files...>")
    .description(
      "Import supplier VEX documents (CycloneDX 1.4–1.6, OpenVEX 0.2, CSAF 2.0) for a device software version into the configured database: " +
        "their statements become suggestions on the version's findings. One transaction: an invalid document changes nothing (exit 2).",
    )
    .requiredOption("--device <model>", "device model number (or id)")
    .requiredOption("--version <version>", "software version")
    .option("--json", "print the outcome as JSON")
    .action(async (paths: string[], opts: ImportOptions) => {
      const files = paths.map((p) => {
        if (!existsSync(p) || !statSync(p).isFile()) throw new CliError(`${p}: no such file`, 2);
        return { name: path.basename(p), content: readFileSync(p) };
      });
      const { importVexDocuments, InvalidVexError } = await import("../../server/vex-imports/import");
      const { resolveSbomTarget, TargetNotFoundError } = await import("../../server/sboms/target");
      const { withDatabase } = await import("../context");
      const outcome = await withDatabase(async ({ db }) => {
        let versionId: string | null;
        try {
          versionId = (await resolveSbomTarget(db, { device: opts.device, version: opts.version })).versionId;
        } catch (err) {
          if (err instanceof TargetNotFoundError) throw new CliError(err.message, 2);
          throw err;
        }
        try {
          return await importVexDocuments(db, { versionId: versionId!, files, actor: { id: null, label: `cli (${os.userInfo().username})` }, now: new Date() });
        } catch (err) {
          if (err instanceof InvalidVexError) {
            for (const i of err.issues.slice(0, 50)) process.stderr.write(`error: ${i.file} ${i.path}: ${i.reason}\n`);
            throw new CliError(err.message, 2);
          }
          throw err;
        }
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ device: opts.device, version: opts.version, ...outcome }, null, 2)}\n`);
        return;
      }
      for (const d of outcome.documents) {
        for (const w of d.warnings.slice(0, 20)) process.stderr.write(`warning: ${w.file} ${w.path}: ${w.reason}\n`);
        const s = d.suggestions;
        process.stdout.write(
          `Imported ${d.fileName} (${d.publisher ?? "unknown publisher"}, ${d.documentId}${d.revision ? ` rev ${d.revision}` : ""}) for ${opts.device} ${opts.version}: ` +
            `${d.statements} statements, suggestions ${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.applied} applied by trust rule; ` +
            `${d.unknownProducts.length} about products not in the SBOM.\n`,
        );
      }
    });
  vex
    .command("trust [publisher]")
    .description(
      "Trust a supplier's VEX statements by publisher name as its documents state it: they become the analysis of findings nobody has analysed, " +
        "the pending ones at once and every later import (never over an own analysis). --off stops trusting; without a publisher, lists the trust rules.",
    )
    .option("--off", "stop trusting the publisher")
    .option("--json", "print the outcome as JSON")
    .action(async (publisher: string | undefined, opts: { off?: boolean; json?: boolean }) => {
      const { listTrustRules, setTrustRule } = await import("../../server/vex-imports/trust");
      const { withDatabase } = await import("../context");
      if (publisher === undefined) {
        if (opts.off) throw new CliError("--off needs the publisher to stop trusting", 2);
        const rules = await withDatabase(({ db }) => listTrustRules(db));
        if (opts.json) process.stdout.write(`${JSON.stringify({ items: rules }, null, 2)}\n`);
        else for (const r of rules) process.stdout.write(`${r.publisher}  ${r.autoAccept ? "trusted" : "not trusted"}  (${r.createdBy}, ${r.createdAt})\n`);
        return;
      }
      const name = publisher.trim();
      if (name === "" || name.length > 500) throw new CliError("publisher: 1 to 500 characters, as the supplier's documents name it", 2);
      const actor = { id: null, label: `cli (${os.userInfo().username})` };
      const rule = await withDatabase(({ db }) => setTrustRule(db, name, opts.off !== true, actor, new Date()));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rule, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        rule.autoAccept
          ? `${rule.publisher} is trusted: ${rule.applied} pending statements applied to findings nobody had analysed.\n`
          : `${rule.publisher} is no longer trusted; analyses it already set stay as they are.\n`,
      );
    });
}
