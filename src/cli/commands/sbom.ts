import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import type { SbomIssue } from "../../core/sbom";
import { CliError } from "../errors";
import { registerSbomCheck } from "./sbom-check";

type PushOptions = {
  device: string;
  version: string;
  server?: string;
  token?: string;
  createVersion?: boolean;
  strict?: boolean;
  json?: boolean;
};

/** What `sbom push` reports, the same whether it went over HTTP or straight into the database. */
type PushOutcome = {
  created: boolean;
  sbomId: string;
  sequence: number;
  componentCount: number;
  dependencyCount: number;
  warnings: SbomIssue[];
  diff: { added: number; removed: number; changed: number; unchanged: number } | null;
  versionCreated: boolean;
  via: "server" | "database";
};

const PROGRESS_FROM_ITEMS = 2000;

export function register(program: Command): void {
  const sbom = program.command("sbom").description("Software bills of materials of device software versions");
  sbom
    .command("push <file>")
    .description(
      "Import an SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value) for a device software version: over HTTP with an API token " +
        "(scope sbom:write) when --server/VIGIL_URL is given, else straight into the configured database",
    )
    .requiredOption("--device <model>", "device model number (or id)")
    .requiredOption("--version <version>", "software version")
    .option("--server <url>", "Vigil server URL (default: VIGIL_URL)")
    .option("--token <token>", "API token with scope sbom:write (default: VIGIL_TOKEN)")
    .option("--create-version", "add the version to the device model when it does not exist")
    .option("--strict", "reject CycloneDX JSON that violates its schema instead of recording warnings")
    .option("--json", "print the outcome as JSON")
    .action(async (file: string, opts: PushOptions) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`${file}: no such file`, 2);
      const content = readFileSync(file);
      const fileName = path.basename(file);
      const server = opts.server ?? process.env.VIGIL_URL;
      const outcome = server
        ? await pushOverHttp(server, opts.token ?? process.env.VIGIL_TOKEN, fileName, content, opts)
        : await pushToDatabase(fileName, content, opts);
      report(outcome, fileName, opts);
    });
  registerSbomCheck(sbom);
}

function report(o: PushOutcome, fileName: string, opts: PushOptions): void {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ file: fileName, device: opts.device, version: opts.version, ...o }, null, 2)}\n`);
    return;
  }
  for (const w of o.warnings.slice(0, 20)) process.stderr.write(`warning: ${formatLocated(w)}\n`);
  if (o.warnings.length > 20) process.stderr.write(`warning: … and ${o.warnings.length - 20} more\n`);
  const target = `${opts.device} ${opts.version}${o.versionCreated ? " (version created)" : ""}`;
  if (!o.created) {
    process.stdout.write(`${fileName} is already the current SBOM of ${target} (SBOM #${o.sequence}); nothing changed.\n`);
    return;
  }
  const diff = o.diff ? `; since the previous SBOM: ${o.diff.added} added, ${o.diff.removed} removed, ${o.diff.changed} changed` : "";
  process.stdout.write(
    `Imported ${fileName} for ${target} as SBOM #${o.sequence}: ${o.componentCount} components, ${o.dependencyCount} dependencies, ` +
      `${o.warnings.length} warning${o.warnings.length === 1 ? "" : "s"}${diff}.\n`,
  );
}

function formatLocated(i: Pick<SbomIssue, "file" | "message" | "pointer" | "line" | "column">): string {
  let where = i.file;
  if (i.line !== undefined) where += `:${i.line}${i.column !== undefined ? `:${i.column}` : ""}`;
  if (i.pointer !== undefined) where += ` ${i.pointer || "/"}`;
  return `${where}: ${i.message}`;
}

/** Prints every located problem and fails with exit code 2. */
function rejected(fileName: string, issues: SbomIssue[], message?: string): never {
  for (const i of issues) process.stderr.write(`error: ${formatLocated(i)}\n`);
  const first = issues[0];
  throw new CliError(message ?? `${fileName} was rejected: ${first ? formatLocated(first) : "invalid SBOM"}`, 2);
}

/** A progress bar on stderr when it is a terminal, silent otherwise. */
async function progressBar() {
  if (!process.stderr.isTTY) return { update: (_done: number, _total: number) => {}, stop: () => {} };
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "importing [{bar}] {percentage}% | {value}/{total} components and edges", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (total < PROGRESS_FROM_ITEMS) return;
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

async function pushToDatabase(fileName: string, content: Buffer, opts: PushOptions): Promise<PushOutcome> {
  const { importSbom, validateSbomFile } = await import("../../server/sboms/import");
  const { resolveSbomTarget, TargetNotFoundError } = await import("../../server/sboms/target");
  const { withDatabase } = await import("../context");
  const file = { fileName, content };
  const parsed = await validateSbomFile(file, { strict: opts.strict });
  if (!parsed.ok) rejected(fileName, parsed.errors);
  const actor = { id: null, label: `cli (${os.userInfo().username})` };
  return withDatabase(async ({ db }) => {
    let target: Awaited<ReturnType<typeof resolveSbomTarget>>;
    try {
      target = await resolveSbomTarget(db, { device: opts.device, version: opts.version, create: opts.createVersion });
    } catch (err) {
      if (err instanceof TargetNotFoundError) throw new CliError(err.message, 2);
      throw err;
    }
    const bar = await progressBar();
    try {
      const result = await importSbom(db, {
        versionId: target.versionId,
        newVersion: target.newVersion,
        file,
        sbom: parsed.sbom,
        warnings: parsed.warnings,
        actor,
        onProgress: (p) => bar.update(p.done, p.total),
      });
      return { ...result, warnings: result.created ? parsed.warnings : [], versionCreated: target.versionCreated, via: "database" as const };
    } finally {
      bar.stop();
    }
  });
}

type ErrorBody = { error?: { code?: string; message?: string; details?: SbomIssue[] } };

async function pushOverHttp(server: string, token: string | undefined, fileName: string, content: Buffer, opts: PushOptions): Promise<PushOutcome> {
  if (!token) throw new CliError("An API token is needed to push to a server: --token or VIGIL_TOKEN (scope sbom:write)", 2);
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new CliError(`--server: "${server}" is not a URL`, 2);
  }
  const url = new URL("/api/sboms", base);
  url.searchParams.set("device", opts.device);
  url.searchParams.set("version", opts.version);
  url.searchParams.set("fileName", fileName);
  if (opts.createVersion) url.searchParams.set("createVersion", "true");
  if (opts.strict) url.searchParams.set("strict", "true");
  const headers = { authorization: `Bearer ${token}` };
  const request = async (target: URL, init: RequestInit = {}) => {
    try {
      return await fetch(target, { ...init, headers: { ...headers, ...(init.headers ?? {}) } });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new CliError(`Cannot reach the Vigil server at ${base.origin}: ${cause}`, 2);
    }
  };
  const res = await request(url, { method: "POST", body: new Uint8Array(content), headers: { "content-type": "application/octet-stream" } });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown> & ErrorBody;
  if (res.status === 422 && body.error?.code === "invalid_sbom") rejected(fileName, body.error.details ?? [], body.error.message);
  if (!res.ok) throw new CliError(`The server refused the push (${res.status}): ${body.error?.message ?? res.statusText}`, 2);
  if (res.status === 202) return followJob(base, String(body.jobId), Boolean(body.versionCreated), fileName, request);
  const sbom = body.sbom as { id: string; sequence: number; componentCount: number; dependencyCount: number };
  return {
    created: Boolean(body.created),
    sbomId: sbom.id,
    sequence: sbom.sequence,
    componentCount: sbom.componentCount,
    dependencyCount: sbom.dependencyCount,
    warnings: (body.warnings as SbomIssue[]) ?? [],
    diff: (body.diff as PushOutcome["diff"]) ?? null,
    versionCreated: Boolean(body.versionCreated),
    via: "server",
  };
}

/** Polls the import job of a large SBOM, showing its progress, until it has finished. */
async function followJob(
  base: URL,
  jobId: string,
  versionCreated: boolean,
  fileName: string,
  request: (target: URL) => Promise<Response>,
): Promise<PushOutcome> {
  const bar = await progressBar();
  try {
    for (;;) {
      const res = await request(new URL(`/api/sbom-imports/${encodeURIComponent(jobId)}`, base));
      const job = (await res.json().catch(() => ({}))) as {
        status?: string;
        progress?: { done?: number; total?: number } | null;
        result?: (Record<string, unknown> & { ok?: boolean; error?: ErrorBody["error"] }) | null;
        lastError?: string | null;
        error?: { message?: string };
      };
      if (!res.ok) throw new CliError(`Could not follow import job ${jobId} (${res.status}): ${job.error?.message ?? res.statusText}`, 2);
      if (typeof job.progress?.done === "number" && typeof job.progress.total === "number") bar.update(job.progress.done, job.progress.total);
      if (job.status === "failed") throw new CliError(`The import of ${fileName} failed on the server: ${job.lastError ?? "unknown error"}`, 1);
      if (job.status === "done" && job.result) {
        const r = job.result;
        if (r.ok === false) {
          bar.stop();
          if (r.error?.code === "invalid_sbom") rejected(fileName, r.error.details ?? [], r.error.message);
          throw new CliError(r.error?.message ?? "The import was refused", 2);
        }
        return {
          created: Boolean(r.created),
          sbomId: String(r.sbomId),
          sequence: Number(r.sequence),
          componentCount: Number(r.componentCount),
          dependencyCount: Number(r.dependencyCount),
          warnings: (r.warnings as SbomIssue[]) ?? [],
          diff: (r.diff as PushOutcome["diff"]) ?? null,
          versionCreated,
          via: "server",
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    bar.stop();
  }
}
