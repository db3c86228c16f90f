import { Command, CommanderError } from "commander";
import { commandModules } from "./commands/index";
import { CliError } from "./errors";

export async function buildProgram(): Promise<Command> {
  const program = new Command("vigil")
    .description("Vigil: NIS2 compliance and product security for medical device manufacturers")
    .showHelpAfterError()
    .exitOverride();
  for (const load of commandModules) (await load()).register(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`vigil: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`vigil: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.VIGIL_DEBUG) console.error(err);
    return 70;
  }
}

const isMain = process.argv[1] && /(?:vigil(?:\.js)?|main\.ts)$/.test(process.argv[1]);
if (isMain) {
  // A reader that stops early (`vigil scan … | head`) closes the pipe: what is left to print has nowhere to go, which
  // is not an error of the command (without a listener, the stream's EPIPE would end the process with a stack trace).
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
}
