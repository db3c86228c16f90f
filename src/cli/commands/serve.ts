import type { Command } from "commander";
import type { Config } from "../../server/platform/config";
import type { ProcessReady } from "../../server/platform/processes";
import { CliError } from "../errors";

type ServeOptions = { buildWeb?: boolean; processes?: string };

export function register(program: Command): void {
  program
    .command("serve")
    .description("Serve the web app and API (embedded database unless DATABASE_URL is set)")
    .option("--build-web", "build the web interface first when its sources changed")
    .option("--processes <n>", "HTTP processes on one port, or auto (one per core); PostgreSQL only (default: VIGIL_PROCESSES or 1)")
    .action(async (opts: ServeOptions) => {
      // Loaded here, not at the top, so that other sub-commands start fast.
      const { cliConfig } = await import("../context");
      const { parseProcesses, processIndex, superviseProcesses } = await import("../../server/platform/processes");
      const config = cliConfig();
      const processes = opts.processes === undefined ? (config.processes ?? 1) : parseProcesses(opts.processes);
      if (typeof processes === "string") throw new CliError(`--processes ${processes}`, 2);
      const index = processIndex();
      if (index === null && opts.buildWeb) {
        const { buildWebIfStale } = await import("../../server/platform/http/web-build");
        await buildWebIfStale((line) => process.stderr.write(`${line}\n`));
      }
      if (index === null && processes > 1) {
        if (!config.databaseUrl) {
          throw new CliError(
            "several processes need PostgreSQL (set DATABASE_URL): the embedded database belongs to one process. Run one process, or move to PostgreSQL with `vigil backup` and `vigil restore`.",
            2,
          );
        }
        const announce = (ready: ProcessReady) => void banner(config, ready, processes).then((text) => process.stdout.write(text));
        process.exitCode = await superviseProcesses(processes, announce);
        return;
      }
      // In a process of several, only the first runs the job workers: the queue is shared and claims are exclusive anyway.
      await serveOne(index !== null && index > 0 ? { ...config, workers: 0 } : config, index);
    });
}

async function serveOne(config: Config, index: number | null): Promise<void> {
  const { createLogger } = await import("../../server/platform/logger");
  const { DatabaseUnavailableError } = await import("../../server/platform/db/client");
  const { reportReady } = await import("../../server/platform/processes");
  const { startServer } = await import("../../server/server");
  const logger = createLogger(config.logLevel);
  // Signals are handled from before the server starts: the server answers /api/health as soon as it listens, while
  // its start goes on (the job queue's first runs are scheduled after), and a stop sent then must close the database
  // cleanly, not kill the process. A stop during the start waits for it; the same signal again ends the process at
  // once (Ctrl+C twice), while a SIGTERM from the supervisor of several processes after a terminal's SIGINT does not.
  let requested: string | undefined;
  let onSignal = (signal: string) => {
    if (requested === signal) process.exit(signal === "SIGINT" ? 130 : 143);
    if (requested) return;
    requested = signal;
    logger.info({ signal }, "stopping once started");
  };
  const onSigint = () => onSignal("SIGINT");
  const onSigterm = () => onSignal("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  let vigil: Awaited<ReturnType<typeof startServer>>;
  try {
    vigil = await startServer(config, logger);
  } catch (err) {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
    if (err instanceof DatabaseUnavailableError) throw new CliError(err.message, 2);
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new CliError(`Port ${config.port} is already in use; set PORT to another port`, 2);
    }
    throw err;
  }
  const stopped = new Promise<void>((resolve) => {
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, "shutting down");
      await vigil.close().catch((err) => logger.error({ err }, "error during shutdown"));
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      resolve();
    };
    onSignal = (signal) => void shutdown(signal);
    if (requested) void shutdown(requested);
  });
  const ready = { port: (vigil.app.server.address() as { port: number }).port, database: vigil.database.kind, location: vigil.database.location };
  if (index === null) process.stdout.write(await banner(config, ready, 1));
  else reportReady(ready);
  await stopped;
  if (index !== null) process.disconnect?.(); // the channel to the primary would keep this process alive
}

async function banner(
  config: Config,
  ready: ProcessReady,
  processes: number,
): Promise<string> {
  const { demoUsers, DEMO_PASSWORD } = await import("../../server/demo/seed");
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = config.publicUrl ?? `http://${shown}:${ready.port}`;
  const lines = ["", `Vigil is running at ${url}`, `  database: ${ready.database} (${ready.location})`];
  if (processes > 1) lines.push(`  processes: ${processes} on one port (jobs run in the first)`);
  lines.push(`  API docs: ${url}/api/docs`);
  if (config.demo) {
    lines.push(`  demo workspace "Demo Medical GmbH": every demo user's password is ${DEMO_PASSWORD}`);
    for (const u of demoUsers) lines.push(`    ${u.role.padEnd(19)} ${u.email}`);
  }
  lines.push("Press Ctrl+C to stop.", "");
  return lines.join("\n");
}
