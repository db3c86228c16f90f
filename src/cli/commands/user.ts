import type { Command } from "commander";
import { isRole, roles } from "../../core/access/roles";
import { CliError } from "../errors";

export function register(program: Command): void {
  const user = program.command("user").description("Manage user accounts");
  user
    .command("create")
    .description("Create a user; prints a one-time password unless --password-stdin is given")
    .requiredOption("--email <email>", "e-mail address (the sign-in name)")
    .requiredOption("--role <role>", `one of: ${roles.join(", ")}`)
    .option("--name <name>", "display name")
    .option("--customer <id>", "customer organisation id (role customer only)")
    .option("--password-stdin", "read the password from standard input")
    .action(async (opts: { email: string; role: string; name?: string; customer?: string; passwordStdin?: boolean }) => {
      if (!isRole(opts.role)) throw new CliError(`Unknown role '${opts.role}'; use one of: ${roles.join(", ")}`);
      if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new CliError(`'${opts.email}' is not an e-mail address`);
      const role = opts.role;
      const { createUser } = await import("../../server/accounts/users");
      const { generatePassword } = await import("../../server/accounts/passwords");
      const { AppError } = await import("../../server/platform/http/errors");
      const { withDatabase } = await import("../context");
      const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, "") : generatePassword();
      await withDatabase(async ({ db }) => {
        try {
          const u = await createUser(db, { id: null, label: "cli" }, {
            email: opts.email,
            name: opts.name ?? opts.email.split("@")[0],
            role,
            password,
            customerId: opts.customer ?? null,
            mustChangePassword: !opts.passwordStdin,
          });
          process.stdout.write(`Created ${u.email} (${u.role}).\n`);
          if (!opts.passwordStdin) process.stdout.write(`One-time password (change it at first sign-in): ${password}\n`);
        } catch (err) {
          if (err instanceof AppError) throw new CliError(err.message, 2);
          throw err;
        }
      });
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
