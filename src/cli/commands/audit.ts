import type { Command } from "commander";

export function register(program: Command): void {
  const audit = program.command("audit").description("The append-only audit trail");
  audit
    .command("verify")
    .description("Verify the hash chain of the audit trail (exit 1 when broken)")
    .option("--json", "print the verdict as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { verifyAuditChain } = await import("../../server/audit/store");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }) => {
        const verdict = await verifyAuditChain(db);
        if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`);
        else if (verdict.intact) process.stdout.write(`Audit chain intact: ${verdict.entries} entries, last hash ${verdict.lastHash}\n`);
        else process.stdout.write(`Audit chain BROKEN at entry ${verdict.firstBrokenSeq}: ${verdict.reason} (${verdict.entries} entries checked)\n`);
        if (!verdict.intact) process.exitCode = 1;
      });
    });
}
