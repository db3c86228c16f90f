import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { FeedIssue, ScanFinding, ScanResult, ScanVexDocument } from "../../core/feeds";
import { CliError } from "../errors";
import { writePrettyJson } from "../json-output";

const FORMATS = ["table", "json", "sarif", "cyclonedx-vex", "openvex", "csaf-vex"] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ["critical", "high", "medium", "low"] as const;
const EXPOSURE = { internet: "internet_reachable", network: "network_connected", isolated: "isolated" } as const;
const TOOL_VERSION = "0.1.0";
const MAX_LISTED_ERRORS = 20;

interface ScanOptions {
  vulns: string[];
  kev?: string;
  epss?: string;
  cve?: string[];
  vex?: string[];
  format: string;
  failOn?: string;
  deviceClass?: string;
  exposure?: string;
  date?: string;
  lenient?: boolean;
  vexStatus: string;
  publisher: string;
  publisherNamespace: string;
  tlp: string;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError(`${name} must be one of ${allowed.join(", ")}, got "${value}"`, 2);
  }
  return value as T;
}

/** Input errors stop the scan with exit 2, listing file, location and reason. */
function failOnErrors(what: string, errors: readonly FeedIssue[], lenient: boolean, warnings: FeedIssue[]): void {
  if (errors.length === 0) return;
  if (lenient) {
    for (const e of errors) warnings.push({ ...e, reason: `skipped (--lenient): ${e.reason}` });
    return;
  }
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `  ${e.file}: ${e.path}: ${e.reason}`);
  const more = errors.length > MAX_LISTED_ERRORS ? `\n  … and ${errors.length - MAX_LISTED_ERRORS} more` : "";
  throw new CliError(`invalid ${what} (${errors.length} error(s); --lenient skips invalid records):\n${listed.join("\n")}${more}`, 2);
}

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: cannot read the ${what} (${code === "ENOENT" ? "no such file" : code ?? String(err)})`, 2);
  }
}

/** Supplier VEX documents (CycloneDX, OpenVEX, CSAF), each validated; an invalid one stops the scan with exit 2. */
async function readVexDocuments(files: readonly string[], warnings: FeedIssue[]): Promise<ScanVexDocument[]> {
  // Loading the VEX readers costs a scan without --vex a few tens of milliseconds before its threads can match.
  if (files.length === 0) return [];
  const { readVexDocument } = await import("../../core/vex-import");
  const documents: ScanVexDocument[] = [];
  for (const file of files) {
    const read = await readVexDocument({ fileName: file, text: (await readInput(file, "VEX document")).toString("utf8") });
    if (!read.ok) {
      const listed = read.errors.slice(0, MAX_LISTED_ERRORS).map((e) => `  ${file}: ${e.path}: ${e.message}`);
      throw new CliError(`invalid VEX document ${file} (${read.errors.length} error(s)):\n${listed.join("\n")}`, 2);
    }
    for (const w of read.warnings) warnings.push({ file, path: w.path, reason: w.message });
    documents.push({ file, id: read.document.id, statements: read.statements });
  }
  return documents;
}

/** The SBOM parsed; its schema violations (CycloneDX JSON) come later from `schemaWarnings`, while the feeds are read. */
async function readSbom(file: string) {
  const input = { fileName: file, content: await readInput(file, "SBOM") };
  const { formatIssue, parseSbom, schemaIssues, setCycloneDxValidators } = await import("../../core/sbom");
  const { cachedCycloneDxValidator } = await import("../../server/sboms/cyclonedx-validator-cache");
  setCycloneDxValidators(cachedCycloneDxValidator);
  const parsed = parseSbom(input);
  if (!parsed.ok) {
    const listed = parsed.errors.slice(0, MAX_LISTED_ERRORS).map((e) => `  ${formatIssue(e)}`);
    throw new CliError(`invalid SBOM ${file} (${parsed.errors.length} error(s)):\n${listed.join("\n")}`, 2);
  }
  const asFeedIssues = (list: readonly import("../../core/sbom").SbomWarning[]): FeedIssue[] =>
    list.map((w) => ({ file, path: w.pointer ?? (w.line ? `line ${w.line}` : "(document)"), reason: w.message }));
  return { sbom: parsed.sbom, warnings: asFeedIssues(parsed.warnings), schemaWarnings: async () => asFeedIssues(await schemaIssues(input, parsed.sbom)) };
}

/**
 * Every OSV source read and matched against the scan's distinct components, one after the other. `meanwhile` runs
 * while the first source's worker threads read (see matchOsvSource).
 */
async function matchOsvSources(
  plans: readonly import("../feeds/osv-shards").OsvSourcePlan[],
  components: readonly import("../../core/vulnerabilities").ComponentRef[],
  workers: import("../feeds/osv-shards").ShardWorkers | undefined,
  meanwhile: () => Promise<void>,
): Promise<import("../../core/feeds").OsvShardResult[]> {
  const { matchOsvSource } = await import("../feeds/osv-shards");
  const { progressBar } = await import("../progress");
  const shards: import("../../core/feeds").OsvShardResult[] = [];
  let pending: (() => Promise<void>) | undefined = meanwhile;
  for (const plan of plans) {
    const bar = progressBar(`reading ${plan.source}`);
    try {
      shards.push(...(await matchOsvSource(plan, components, workers, bar.update, pending)));
      pending = undefined;
    } finally {
      bar.stop();
    }
  }
  await pending?.();
  return shards;
}

function formatTable(findings: readonly ScanFinding[], warnings: number): Promise<string> {
  return import("cli-table3").then(({ default: Table }) => {
    if (findings.length === 0) return `No known vulnerabilities found.${warnings > 0 ? ` ${warnings} warning(s); see --format json.` : ""}\n`;
    const plain = !process.stdout.isTTY;
    const table = new Table({
      head: ["Priority", "Vulnerability", "Component", "Version", "Affected", "Fixed in", "KEV", "EPSS"],
      ...(plain ? { style: { head: [], border: [] } } : {}),
    });
    for (const f of findings) {
      table.push([
        `${f.priority} (${f.score})${f.vex ? `\nVEX: ${f.vex.status}` : ""}`,
        [f.vulnerability.id, ...f.vulnerability.aliases.slice(0, 2)].join("\n"),
        f.component.name,
        f.component.version,
        f.affectedRange,
        f.fixedVersions.join(", ") || "-",
        f.kev ? `yes (${f.kev.dateAdded})` : "",
        f.epss ? f.epss.probability.toFixed(3) : "",
      ]);
    }
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(f.priority, (counts.get(f.priority) ?? 0) + 1);
    const summary = [...counts].map(([p, n]) => `${n} ${p}`).join(", ");
    return `${table.toString()}\n${findings.length} finding(s): ${summary}${warnings > 0 ? `; ${warnings} warning(s) (see --format json)` : ""}\n`;
  });
}

/** The scan's output: a table as text, every other format as the JSON document to write. */
async function render(
  format: Format,
  result: ScanResult,
  warnings: unknown[],
  product: import("../../core/feeds").ScannedProduct,
  opts: ScanOptions,
  now: string,
): Promise<{ text: string } | { json: unknown }> {
  if (format === "table") return { text: await formatTable(result.findings, warnings.length) };
  if (format === "json") return { json: { findings: result.findings, warnings, stats: result.stats } };
  const feeds = await import("../../core/feeds");
  if (format === "sarif") return { json: feeds.toSarif(result.findings, product, TOOL_VERSION) };
  if (result.findings.length === 0 && format !== "cyclonedx-vex") {
    // CSAF VEX (test 6.1.27.3) and OpenVEX need at least one vulnerability statement.
    process.stderr.write(`vigil scan: no findings; a ${format} document needs at least one vulnerability, so none is written\n`);
    return { text: "" };
  }
  const advisories = await import("../../core/advisories");
  const input = feeds.scanAdvisory(result.findings, product, {
    publisherName: opts.publisher,
    publisherNamespace: opts.publisherNamespace,
    now,
    status: opts.vexStatus as "affected" | "under_investigation",
    tlp: opts.tlp as "WHITE" | "GREEN" | "AMBER" | "RED",
    toolVersion: TOOL_VERSION,
  });
  const parsed = advisories.parseAdvisory(input);
  if (!parsed.ok) {
    throw new CliError(`cannot express the findings as ${format}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, 2);
  }
  const doc =
    format === "csaf-vex"
      ? advisories.buildCsaf(parsed.advisory, { profile: "csaf_vex", generatedAt: now })
      : format === "openvex"
        ? advisories.buildOpenVex(parsed.advisory)
        : advisories.buildCycloneDxVex(parsed.advisory, { specVersion: "1.6" });
  return { json: doc };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  program
    .command("scan")
    .description("Match an SBOM against vulnerability data on disk (OSV, KEV, EPSS, CVE 5); no database or network needed")
    .argument("<sbom>", "CycloneDX (JSON/XML) or SPDX (JSON/tag-value) SBOM")
    .requiredOption("--vulns <path>", "OSV records: a .json/.yaml file, a directory (recursive) or an osv.dev all.zip; repeatable", collect)
    .option("--kev <file>", "CISA KEV catalog (JSON or CSV)")
    .option("--epss <file>", "FIRST EPSS scores (CSV or CSV.gz)")
    .option("--cve <path>", "CVE JSON 5 records (file or directory): CVSS and CWE where OSV has none, and CPE matching of components without a purl; repeatable", collect)
    .option("--vex <file>", "supplier VEX document (CycloneDX, OpenVEX 0.2 or CSAF 2.0) applied to the findings; repeatable", collect)
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "table")
    .option("--fail-on <priority>", `exit 1 when a finding has this priority or higher: ${FAIL_ON.join(", ")}`)
    .option("--device-class <class>", "IEC 62304 software safety class of the device: A, B or C")
    .option("--exposure <exposure>", "device exposure: internet, network or isolated (default: network, assumed)")
    .option("--date <YYYY-MM-DD>", "date the findings are known from, for deadlines (default: today, UTC)")
    .option("--lenient", "skip invalid feed records with a warning instead of failing")
    .option("--vex-status <status>", "VEX status of matched components: affected or under_investigation", "affected")
    .option("--publisher <name>", "publisher name in VEX documents", "Vigil scan")
    .option("--publisher-namespace <url>", "publisher namespace URL in VEX documents", "https://vigil.invalid/scan")
    .option("--tlp <label>", "TLP label of CSAF documents: WHITE, GREEN, AMBER or RED", "AMBER")
    .action(async (sbomFile: string, opts: ScanOptions) => {
      const format = oneOf("--format", opts.format, FORMATS) as Format;
      const failOn = oneOf("--fail-on", opts.failOn, FAIL_ON);
      const safetyClass = oneOf("--device-class", opts.deviceClass?.toUpperCase(), ["A", "B", "C"] as const);
      const exposure = oneOf("--exposure", opts.exposure, Object.keys(EXPOSURE) as Array<keyof typeof EXPOSURE>);
      oneOf("--vex-status", opts.vexStatus, ["affected", "under_investigation"] as const);
      oneOf("--tlp", opts.tlp, ["WHITE", "GREEN", "AMBER", "RED"] as const);
      if (!URL.canParse(opts.publisherNamespace)) throw new CliError(`--publisher-namespace must be a URL, got "${opts.publisherNamespace}"`, 2);
      const now = new Date().toISOString();
      const today = opts.date ?? now.slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) throw new CliError(`--date must be a date as YYYY-MM-DD, got "${today}"`, 2);

      const lenient = Boolean(opts.lenient);
      const warnings: FeedIssue[] = [];

      const shards = await import("../feeds/osv-shards");
      // The feeds are listed first, worker threads starting as soon as one is known to be large (they load while the
      // rest is listed and the SBOM is read); what is needed only once they read is loaded while they do.
      const { plans, workers } = shards.planOsvSources(opts.vulns);
      const read = await readSbom(sbomFile);
      const { sbom } = read;
      const vexWarnings: FeedIssue[] = [];
      const vexDocuments = await readVexDocuments(opts.vex ?? [], vexWarnings);
      const components = sbom.components.map((c) => ({ ref: c.ref, name: c.group ? `${c.group}/${c.name}` : c.name, version: c.version, purl: c.purl, cpe: c.cpe }));
      const { distinctPurls } = await import("../../core/vulnerabilities");
      const resolved = distinctPurls(components);
      // While the worker threads read the feeds, this thread checks the SBOM against its schema and loads what it
      // needs once they are done; then it reads with them.
      let feeds!: typeof import("../../core/feeds");
      let readers!: typeof import("../feeds");
      let progressBar!: typeof import("../progress").progressBar;
      const meanwhile = async () => {
        [feeds, readers, { progressBar }] = await Promise.all([import("../../core/feeds"), import("../feeds"), import("../progress")]);
        warnings.push(...read.warnings, ...(await read.schemaWarnings()), ...vexWarnings);
      };
      const osvShards = await matchOsvSources(
        plans,
        [...resolved.components.values()].map(({ source: _, ...ref }) => ref),
        workers,
        meanwhile,
      ).finally(() => workers?.close());
      const osv = feeds.mergeOsvShards(resolved.components, resolved.skipped, osvShards);
      failOnErrors("OSV data", osv.errors, lenient, warnings);
      warnings.push(...osv.warnings);

      let kev: Map<string, import("../../core/feeds").KevEntry> | undefined;
      if (opts.kev) {
        const r = await readers.readKev(opts.kev);
        failOnErrors("KEV catalog", r.errors, lenient, warnings);
        warnings.push(...r.warnings);
        kev = new Map(r.records.map((e) => [e.cveID, e]));
      }
      let epss: Map<string, import("../../core/feeds").EpssScore> | undefined;
      if (opts.epss) {
        const r = await readers.readEpss(opts.epss);
        failOnErrors("EPSS scores", r.errors, lenient, warnings);
        warnings.push(...r.warnings);
        epss = new Map(r.records.map((e) => [e.cve, e]));
      }
      let cve: Map<string, import("../../core/feeds").Cve5Record> | undefined;
      if (opts.cve) {
        cve = new Map();
        for (const source of opts.cve) {
          const bar = progressBar(`reading ${source}`);
          const r = await readers.readCve5Source(source, bar.update).finally(() => bar.stop());
          failOnErrors("CVE records", r.errors, lenient, warnings);
          warnings.push(...r.warnings);
          for (const c of r.records) if (c.state === "PUBLISHED") cve.set(c.id, c);
        }
      }

      const matched = feeds.findingsFromMatching(
        {
          components,
          ...(kev ? { kev } : {}),
          ...(epss ? { epss } : {}),
          ...(cve ? { cve } : {}),
          context: { today, ...(safetyClass ? { safetyClass } : {}), ...(exposure ? { exposure: EXPOSURE[exposure] } : {}) },
        },
        osv.matching,
        osv.identities,
      );
      const primary = sbom.document.primaryComponent;
      // A statement about the product itself names a component of the SBOM too.
      const named = primary ? [...components, { ref: primary.ref, name: primary.name, version: primary.version, purl: primary.purl, cpe: primary.cpe }] : components;
      const vex = feeds.applyVex(matched.findings, named, vexDocuments);
      const result = { ...matched, findings: vex.findings };
      const allWarnings = [...warnings.map((w) => ({ source: w.file, path: w.path, message: w.reason })), ...result.warnings, ...vex.warnings];
      const product = { file: sbomFile, name: primary?.name ?? sbom.document.name, version: primary?.version ?? null, supplier: primary?.supplier ?? null };
      const output = await render(format, result, allWarnings, product, opts, now);
      if ("text" in output) process.stdout.write(output.text);
      else await writePrettyJson(process.stdout, output.json);
      if (format !== "table" && format !== "json") {
        process.stderr.write(`vigil scan: ${result.findings.length} finding(s), ${allWarnings.length} warning(s)\n`);
      }
      if (failOn && feeds.tripsFailOn(result.findings, failOn)) {
        const tripping = result.findings.filter((f) => feeds.tripsFailOn([f], failOn)).length;
        throw new CliError(`--fail-on ${failOn}: ${tripping} finding(s) at ${failOn} or above`, 1);
      }
    });
}
