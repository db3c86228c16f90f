import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { CliError } from "../errors";

const actor = () => ({ id: null, label: `cli (${os.userInfo().username})` });
const print = (line: string) => process.stdout.write(`${line}\n`);

/** The files of a zip, or of a directory (a provider's directory copied as it is): its documents and hash files. */
function filesOf(source: string): Array<{ name: string; content: Buffer }> {
  if (!existsSync(source)) throw new CliError(`${source}: no such file or directory`, 2);
  if (statSync(source).isFile()) return [{ name: path.basename(source), content: readFileSync(source) }];
  const out: Array<{ name: string; content: Buffer }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|sha256|sha512)$/i.test(entry.name)) out.push({ name: path.relative(source, full).split(path.sep).join("/"), content: readFileSync(full) });
    }
  };
  walk(source);
  if (out.length === 0) throw new CliError(`${source}: holds no .json document`, 2);
  return out;
}

/** Store refusals (400/404/409) read as one line at the terminal. */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  const { AppError } = await import("../../server/platform/http/errors");
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) {
      const details = (err.details ?? []) as Array<{ path: string; message: string }>;
      for (const d of details.slice(1, 50)) process.stderr.write(`error: ${d.path}: ${d.message}\n`);
      throw new CliError(err.message, err.statusCode === 404 ? 1 : 2);
    }
    throw err;
  }
}

export function register(program: Command): void {
  const csaf = program.command("csaf-provider").description("Suppliers' CSAF providers: fetched from their provider-metadata.json, or fed by uploaded documents");

  csaf
    .command("add [url]")
    .description("Register a provider by its provider-metadata.json URL (a running server fetches it at once), or with --upload one whose documents you upload")
    .requiredOption("--name <name>", "how the provider is named")
    .option("--upload", "documents are uploaded with `vigil csaf-provider upload`, not fetched")
    .option("--supplier <id>", "the supplier of the register who publishes it")
    .option("--every <hours>", "fetch interval in hours", "24")
    .action(async (url: string | undefined, opts: { name: string; upload?: boolean; supplier?: string; every: string }) => {
      if (!url && !opts.upload) throw new CliError("Give the provider-metadata.json URL, or --upload for a provider whose documents you upload", 2);
      if (url && opts.upload) throw new CliError("An upload provider has no URL", 2);
      const intervalHours = Number(opts.every);
      if (!Number.isInteger(intervalHours) || intervalHours < 1 || intervalHours > 720) throw new CliError("--every: a whole number of hours from 1 to 720", 2);
      if (url && !/^https?:\/\/\S+$/.test(url)) throw new CliError(`${url}: must be an http(s) URL`, 2);
      const { registerProvider } = await import("../../server/csaf-providers/store");
      const { CSAF_FETCH_QUEUE } = await import("../../server/csaf-providers/jobs");
      const { jobs } = await import("../../server/platform/jobs/schema");
      const { withDatabase } = await import("../context");
      const row = await withDatabase(({ db }) =>
        asCliError(async () => {
          const now = new Date();
          const created = await registerProvider(db, { name: opts.name.trim(), kind: url ? "metadata" : "upload", url, supplierId: opts.supplier ?? null, intervalHours }, actor(), now);
          if (created.kind === "metadata") await db.insert(jobs).values({ queue: CSAF_FETCH_QUEUE, payload: { providerId: created.id }, runAt: now, maxAttempts: 3 });
          return created;
        }),
      );
      print(`Registered ${row.name} (${row.id})${row.kind === "metadata" ? "; the first fetch is queued (or run it now: vigil csaf-provider fetch <id>)" : ""}.`);
    });

  csaf
    .command("list")
    .description("The registered providers with the outcome of their last fetch or upload")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { listProviders } = await import("../../server/csaf-providers/store");
      const { withDatabase } = await import("../context");
      const items = await withDatabase(({ db }) => listProviders(db));
      if (opts.json) print(JSON.stringify(items, null, 2));
      else if (items.length === 0) print("No CSAF provider registered.");
      else for (const p of items) {
        print(`${p.id}  ${p.name}  ${p.kind === "upload" ? "(uploaded)" : p.url}  ${p.documentCount} documents  last good ${p.lastGoodFetchAt ?? "never"}${p.lastError ? `  ${p.lastError}` : ""}`);
      }
    });

  csaf
    .command("fetch <id>")
    .description("Fetch a provider now from this machine; exit 1 when it is unreachable or refused documents")
    .action(async (id: string) => {
      const { fetchProvider } = await import("../../server/csaf-providers/fetch");
      const { csafProviders } = await import("../../server/csaf-providers/schema");
      const { outboundAllowList } = await import("../../server/platform/net/outbound");
      const { eq } = await import("drizzle-orm");
      const { withDatabase } = await import("../context");
      const result = await withDatabase(async ({ db }, config) => {
        const [provider] = await db.select().from(csafProviders).where(eq(csafProviders.id, id)).limit(1);
        if (!provider) throw new CliError(`${id}: no such CSAF provider`, 1);
        if (provider.kind === "upload") throw new CliError(`${provider.name} is an upload provider: upload its documents with vigil csaf-provider upload`, 2);
        const outcome = (await fetchProvider(db, id, { allow: outboundAllowList(config.webhookAllow), now: new Date() }))!;
        const [after] = await db.select().from(csafProviders).where(eq(csafProviders.id, id)).limit(1);
        return { provider: after, outcome };
      });
      const { provider, outcome } = result;
      const lastGood = provider.lastGoodFetchAt?.toISOString() ?? "never";
      if (!outcome.reachable) throw new CliError(`${provider.name} could not be fetched (${provider.lastError}); nothing changed. Last good fetch: ${lastGood}`, 1);
      print(`${provider.name}: ${outcome.listed} listed, ${outcome.added} added, ${outcome.unchanged} unchanged, ${outcome.refused} refused.`);
      for (const p of outcome.problems.slice(0, 50)) process.stderr.write(`problem: ${p.path}: ${p.reason}\n`);
      if (outcome.problems.length > 0) throw new CliError(`${provider.lastError}; last good fetch: ${lastGood}`, 1);
    });

  csaf
    .command("upload <id-or-source> [source]")
    .description("Upload a zip of CSAF documents, a .json document or a directory of them to an upload provider; one invalid document refuses all (exit 2)")
    .option("--name <name>", "the provider by name instead of id")
    .action(async (first: string, second: string | undefined, opts: { name?: string }) => {
      const [id, source] = second === undefined ? [undefined, first] : [first, second];
      if (!id && !opts.name) throw new CliError("Name the provider: its id, or --name", 2);
      const files = filesOf(source);
      const { uploadProviderDocuments } = await import("../../server/csaf-providers/upload");
      const { csafProviders } = await import("../../server/csaf-providers/schema");
      const { eq } = await import("drizzle-orm");
      const { withDatabase } = await import("../context");
      const outcome = await withDatabase(async ({ db }) => {
        let providerId = id;
        if (!providerId) {
          const [p] = await db.select({ id: csafProviders.id }).from(csafProviders).where(eq(csafProviders.name, opts.name!)).limit(1);
          if (!p) throw new CliError(`${opts.name}: no CSAF provider of that name`, 1);
          providerId = p.id;
        }
        const target = providerId;
        return asCliError(() => uploadProviderDocuments(db, target, files, { actor: actor(), now: new Date() }));
      });
      print(`${outcome.documents} documents: ${outcome.added} new revisions stored, ${outcome.unchanged} unchanged${outcome.skipped.length > 0 ? `, ${outcome.skipped.length} provider files skipped` : ""}.`);
    });
}
