import type { Command } from "commander";
import { withDatabase } from "../context";

export function register(program: Command): void {
  program
    .command("migrate")
    .description("Create or update the database schema")
    .action(async () => {
      await withDatabase(async (database) => {
        process.stdout.write(`Schema is up to date (${database.kind}: ${database.location}).\n`);
      });
    });
}
