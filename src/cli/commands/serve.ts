import type { Command } from "commander";
import { CliError } from "../errors";

export function register(program: Command): void {
  program
    .command("serve")
    .description("Serve the web app and API (embedded database unless DATABASE_URL is set)")
    .option("--build-web", "build the web interface first when its sources changed")
    .action(async (opts: { buildWeb?: boolean }) => {
      // Loaded here, not at the top, so that other sub-commands start fast.
      const { cliConfig } = await import("../context");
      const { buildWebIfStale } = await import("../../server/platform/http/web-build");
      const { createLogger } = await import("../../server/platform/logger");
      const { DatabaseUnavailableError } = await import("../../server/platform/db/client");
      const { demoUsers, DEMO_PASSWORD } = await import("../../server/demo/seed");
      const { startServer } = await import("../../server/server");
      const config = cliConfig();
      if (opts.buildWeb) await buildWebIfStale((line) => process.stderr.write(`${line}\n`));
      const logger = createLogger(config.logLevel);
      let vigil: Awaited<ReturnType<typeof startServer>>;
      try {
        vigil = await startServer(config, logger);
      } catch (err) {
        if (err instanceof DatabaseUnavailableError) throw new CliError(err.message, 2);
        if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
          throw new CliError(`Port ${config.port} is already in use; set PORT to another port`, 2);
        }
        throw err;
      }
      const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
      const url = config.publicUrl ?? `http://${shown}:${(vigil.app.server.address() as { port: number }).port}`;
      const lines = [
        "",
        `Vigil is running at ${url}`,
        `  database: ${vigil.database.kind} (${vigil.database.location})`,
        `  API docs: ${url}/api/docs`,
      ];
      if (config.demo) {
        lines.push(`  demo workspace "Demo Medical GmbH": every demo user's password is ${DEMO_PASSWORD}`);
        for (const u of demoUsers) lines.push(`    ${u.role.padEnd(19)} ${u.email}`);
      }
      lines.push("Press Ctrl+C to stop.", "");
      process.stdout.write(lines.join("\n"));
      await new Promise<void>((resolve) => {
        let closing = false;
        const shutdown = async (signal: string) => {
          if (closing) return;
          closing = true;
          logger.info({ signal }, "shutting down");
          await vigil.close().catch((err) => logger.error({ err }, "error during shutdown"));
          resolve();
        };
        process.once("SIGINT", () => void shutdown("SIGINT"));
        process.once("SIGTERM", () => void shutdown("SIGTERM"));
      });
    });
}
