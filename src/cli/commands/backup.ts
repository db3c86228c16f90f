import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Command } from "commander";
import { CliError } from "../errors";

export function register(program: Command): void {
  program
    .command("backup <file>")
    .description("Write a consistent, versioned export of the whole workspace (gzip when the name ends in .gz)")
    .option("--force", "overwrite an existing file")
    .action(async (file: string, opts: { force?: boolean }) => {
      if (existsSync(file) && !opts.force) throw new CliError(`${file} exists; use --force to overwrite it`);
      const { backupToText, exportWorkspace } = await import("../../server/backup/backup");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }) => {
        const text = backupToText(await exportWorkspace(db));
        const tmp = `${file}.partial`;
        writeFileSync(tmp, file.endsWith(".gz") ? gzipSync(text) : text);
        renameSync(tmp, file); // never leave a half-written backup under the real name
        process.stdout.write(`Backup written to ${file} (${text.length} bytes of JSON).\n`);
      });
    });

  program
    .command("restore <file>")
    .description("Restore a backup into an empty database (embedded or DATABASE_URL)")
    .action(async (file: string) => {
      if (!existsSync(file)) throw new CliError(`${file} does not exist`);
      const { BackupError, parseBackup, restoreWorkspace } = await import("../../server/backup/backup");
      const { verifyAuditChain } = await import("../../server/audit/store");
      const { withDatabase } = await import("../context");
      const raw = readFileSync(file);
      let text: string;
      try {
        text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
      } catch {
        throw new CliError(`${file} is not a readable gzip file`);
      }
      let backup: ReturnType<typeof parseBackup>;
      try {
        backup = parseBackup(text);
      } catch (err) {
        if (err instanceof BackupError) throw new CliError(`${file}: ${err.message}`);
        throw err;
      }
      await withDatabase(async ({ db }) => {
        try {
          const counts = await restoreWorkspace(db, backup);
          const verdict = await verifyAuditChain(db);
          const total = Object.values(counts).reduce((a, b) => a + b, 0);
          process.stdout.write(`Restored ${total} rows from ${file}. Audit chain ${verdict.intact ? "intact" : "BROKEN"} (${verdict.entries} entries).\n`);
          if (!verdict.intact) process.exitCode = 1;
        } catch (err) {
          if (err instanceof BackupError) throw new CliError(err.message);
          throw err;
        }
      });
    });
}
