import type { Command } from "commander";
import { CliError } from "../errors";

export function register(program: Command): void {
  program
    .command("gate")
    .description("Pipeline gate: exit 1 when a software version has a KEV or critical finding without VEX analysis, 0 otherwise, 2 on bad input")
    .requiredOption("--version <id>", "software version id (as shown on the version page and in the API)")
    .option("--json", "print the verdict as JSON")
    .action(async (opts: { version: string; json?: boolean }) => {
      const { eq } = await import("drizzle-orm");
      const { gateVerdict } = await import("../../core/reports/gate");
      const { deviceModels, softwareVersions } = await import("../../server/devices/schema");
      const { listFindings } = await import("../../server/vulnerabilities/store");
      const { withDatabase } = await import("../context");
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
        if (opts.json) process.stdout.write(`${JSON.stringify({ version: v, ...verdict })}\n`);
        else if (verdict.pass) process.stdout.write(`PASS ${v.model} ${v.version}: no KEV or critical finding awaits analysis\n`);
        else {
          process.stdout.write(`FAIL ${v.model} ${v.version}: ${verdict.blocking.length} KEV or critical finding(s) without VEX analysis\n`);
          for (const b of verdict.blocking) process.stdout.write(`  ${b.vulnerabilityId} in ${b.component} (${b.priority}${b.kev ? ", KEV" : ""})\n`);
        }
        if (!verdict.pass) process.exitCode = 1;
      });
    });
}
