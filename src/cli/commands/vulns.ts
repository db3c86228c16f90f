import os from "node:os";
import type { Command } from "commander";
import { CliError } from "../errors";

const MAX_LISTED_ERRORS = 20;
const FETCH_TIMEOUT_MS = 60_000;

/** Public sources of `vigil vulns sync`; each can be replaced by an option or environment variable. */
const SOURCES = {
  osv: "https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip",
  kev: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
  epss: "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
};

type ImportSummary = Awaited<ReturnType<typeof import("../../server/vulnerabilities/import").importVulnerabilityFiles>>;
type FeedFile = import("../../server/vulnerabilities/feed-files").FeedFile;

async function phaseReporter() {
  if (!process.stderr.isTTY) return { phase: (_p: string) => {}, stop: () => {} };
  const { default: cliProgress } = await import("cli-progress");
  const phases = ["reading", "parsing", "storing", "matching"];
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "importing [{bar}] {phase}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(phases.length, 0, { phase: "reading" });
  return {
    phase: (p: string) => bar.update(Math.max(0, phases.indexOf(p)) + 1, { phase: p }),
    stop: () => bar.stop(),
  };
}

function summaryLine(r: ImportSummary): string {
  const c = r.counts;
  const f = r.findings;
  const parts = [`${c.added} added`, `${c.updated} updated`, `${c.unchanged} unchanged`, `${c.withdrawn} withdrawn`];
  if (c.kev) parts.push(`${c.kev} KEV entries`);
  if (c.epss) parts.push(`${c.epss} EPSS scores`);
  return (
    `Imported ${r.files.length} file(s) (${r.source}): ${parts.join(", ")}. ` +
    `Findings: ${f.created} new, ${f.resolved} resolved, ${f.reopened} reopened, ${f.updated} updated.` +
    (r.warningCount > 0 ? ` ${r.warningCount} warning(s) (see --json).` : "")
  );
}

async function runImport(files: FeedFile[], json: boolean): Promise<void> {
  const { importVulnerabilityFiles } = await import("../../server/vulnerabilities/import");
  const { InvalidFeedError } = await import("../../server/vulnerabilities/feed-files");
  const { withDatabase } = await import("../context");
  const actor = { id: null, label: `cli (${os.userInfo().username})` };
  const progress = await phaseReporter();
  try {
    const result = await withDatabase(({ db }) => importVulnerabilityFiles(db, files, { actor, onProgress: (p) => progress.phase(p.phase) }));
    progress.stop();
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${summaryLine(result)}\n`);
  } catch (err) {
    progress.stop();
    if (err instanceof InvalidFeedError) {
      const listed = err.issues.slice(0, MAX_LISTED_ERRORS).map((e) => `  ${e.file}: ${e.path}: ${e.reason}`);
      const more = err.issues.length > MAX_LISTED_ERRORS ? `\n  … and ${err.issues.length - MAX_LISTED_ERRORS} more` : "";
      throw new CliError(`invalid vulnerability data, nothing imported (${err.issues.length} problem(s)):\n${listed.join("\n")}${more}`, 2);
    }
    throw err;
  }
}

async function download(url: string): Promise<FeedFile> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new CliError(`vulns sync: cannot reach ${url} (${reason}); without network access, download the files elsewhere and run \`vigil vulns import <files>\``, 1);
  }
  if (!res.ok) throw new CliError(`vulns sync: ${url} answered HTTP ${res.status}; nothing imported`, 1);
  const name = new URL(url).pathname.split("/").filter(Boolean).slice(-2).join("-") || "download";
  return { name, content: new Uint8Array(await res.arrayBuffer()) };
}

interface SyncOptions {
  ecosystem: string[];
  osvUrl?: string;
  kevUrl?: string;
  epssUrl?: string;
  kev: boolean;
  epss: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];

export function register(program: Command): void {
  const vulns = program.command("vulns").description("Vulnerability database of the workspace: import files, or sync from the public feeds");

  vulns
    .command("import")
    .description("Import OSV (JSON/YAML, directories, all.zip), CVE JSON 5, CISA KEV (JSON/CSV) and EPSS (CSV, .gz) files into the database and match them against every stored SBOM")
    .argument("<paths...>", "files or directories (read recursively)")
    .option("--json", "print the import record as JSON")
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const { readFeedPaths, InvalidFeedError } = await import("../../server/vulnerabilities/feed-files");
      let files: FeedFile[];
      try {
        files = await readFeedPaths(paths);
      } catch (err) {
        if (err instanceof InvalidFeedError) throw new CliError(err.issues.map((e) => `${e.file}: ${e.reason}`).join("; "), 2);
        throw err;
      }
      if (files.length === 0) throw new CliError(`no vulnerability files found in ${paths.join(", ")}`, 2);
      await runImport(files, Boolean(opts.json));
    });

  vulns
    .command("sync")
    .description("Download OSV exports, the CISA KEV catalog and EPSS scores and import them; fails with exit 1 when the network cannot be reached")
    .option("--ecosystem <names>", "OSV ecosystems to download (comma-separated or repeated), e.g. npm,PyPI,Maven,Debian", collect, [])
    .option("--osv-url <template>", `OSV export URL, {ecosystem} replaced (env VIGIL_OSV_URL; default ${SOURCES.osv})`)
    .option("--kev-url <url>", "CISA KEV catalog URL (env VIGIL_KEV_URL)")
    .option("--epss-url <url>", "EPSS scores URL (env VIGIL_EPSS_URL)")
    .option("--no-kev", "skip the KEV catalog")
    .option("--no-epss", "skip EPSS scores")
    .option("--json", "print the import record as JSON")
    .action(async (opts: SyncOptions) => {
      const osv = opts.osvUrl ?? process.env.VIGIL_OSV_URL ?? SOURCES.osv;
      const urls = [
        ...opts.ecosystem.map((e) => osv.replaceAll("{ecosystem}", encodeURIComponent(e))),
        ...(opts.kev ? [opts.kevUrl ?? process.env.VIGIL_KEV_URL ?? SOURCES.kev] : []),
        ...(opts.epss ? [opts.epssUrl ?? process.env.VIGIL_EPSS_URL ?? SOURCES.epss] : []),
      ];
      if (urls.length === 0) throw new CliError("nothing to sync: name --ecosystem, or leave KEV or EPSS enabled", 2);
      const files: FeedFile[] = [];
      for (const url of urls) {
        if (process.stderr.isTTY) process.stderr.write(`downloading ${url}\n`);
        files.push(await download(url));
      }
      await runImport(files, Boolean(opts.json));
    });
}
