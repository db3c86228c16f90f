import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { CliError } from "../errors";

const FORMATS = ["csaf", "csaf_vex", "cyclonedx-1.5", "cyclonedx-1.6", "openvex", "pdf"] as const;
type Format = (typeof FORMATS)[number];

export function register(program: Command): void {
  const advisory = program.command("advisory").description("Published security advisories: list them and export revisions for customers and pipelines");

  advisory
    .command("list")
    .description("Every advisory with its tracking ID, current published revision and TLP")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const { asc } = await import("drizzle-orm");
      const { advisories } = await import("../../server/advisories/schema");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }) => {
        const rows = await db
          .select({ id: advisories.id, trackingId: advisories.trackingId, title: advisories.title, tlp: advisories.tlp, published: advisories.published, currentVersion: advisories.currentVersion })
          .from(advisories)
          .orderBy(asc(advisories.trackingId));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) process.stdout.write("No advisories.\n");
        for (const r of rows) {
          const state = r.published ? `published revision ${r.currentVersion}` : r.currentVersion ? `withdrawn from publication (last revision ${r.currentVersion})` : "draft, never published";
          process.stdout.write(`${r.trackingId}  TLP:${r.tlp}  ${state}  ${r.title}\n`);
        }
      });
    });

  advisory
    .command("export")
    .description("Write one published revision of an advisory as CSAF 2.0, CSAF VEX, CycloneDX VEX, OpenVEX or PDF")
    .requiredOption("--advisory <trackingIdOrId>", "tracking ID (e.g. VIGIL-2026-001) or internal id")
    .option("--format <format>", `one of ${FORMATS.join(", ")}`, "csaf")
    .option("--revision <number>", "revision number (default: the current published one)")
    .option("--out <path>", "file to write, or a directory for the standard file name (default: standard output)")
    .action(async (opts: { advisory: string; format: string; revision?: string; out?: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new CliError(`--format: expected one of ${FORMATS.join(", ")}, got "${opts.format}"`, 2);
      const format = opts.format as Format;
      const { eq, or } = await import("drizzle-orm");
      const { AdvisorySchema } = await import("../../core/advisories");
      const { advisories } = await import("../../server/advisories/schema");
      const { loadAdvisory } = await import("../../server/advisories/store");
      const { exportAdvisory } = await import("../../server/advisories/documents");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }) => {
        const [row] = await db
          .select({ id: advisories.id })
          .from(advisories)
          .where(or(eq(advisories.trackingId, opts.advisory), eq(advisories.id, opts.advisory)))
          .limit(1);
        if (!row) throw new CliError(`--advisory: no advisory with tracking ID or id "${opts.advisory}"`, 2);
        const loaded = await loadAdvisory(db, row.id);
        const wanted = opts.revision ?? loaded.row.currentVersion;
        if (!wanted) throw new CliError(`${loaded.row.trackingId} has never been published; publish it in Vigil first (drafts are not exported)`, 2);
        const revision = loaded.revisions.find((r) => r.number === wanted);
        if (!revision) throw new CliError(`--revision: ${loaded.row.trackingId} has no revision ${wanted} (revisions: ${loaded.revisions.map((r) => r.number).join(", ")})`, 2);
        const document = await exportAdvisory(AdvisorySchema.parse(revision.snapshot), format, {
          generatedAt: revision.date.toISOString(),
          // The stored CSAF text is what was validated and published; it is served byte for byte.
          csafText: format === "csaf" && revision.profile === "csaf_security_advisory" ? revision.csafJson : undefined,
        });
        if (!opts.out) {
          if (format === "pdf" && process.stdout.isTTY) throw new CliError("--out: a PDF is not written to a terminal; give a file or directory", 2);
          process.stdout.write(document.body);
          return;
        }
        const target = isDirectory(opts.out) ? path.join(opts.out, document.fileName) : opts.out;
        writeFileSync(target, document.body);
        process.stderr.write(`${loaded.row.trackingId} revision ${wanted} written to ${target} (${document.type})\n`);
      });
    });
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
