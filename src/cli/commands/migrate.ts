import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("migrate")
    .description("Create or update the database schema")
    .action(async () => {
      const { withDatabase } = await import("../context");
      await withDatabase(async (database) => {
        process.stdout.write(`Schema is up to date (${database.kind}: ${database.location}).\n`);
      });
    });
}
