import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { CliError } from "../errors";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const cliActor = { id: null, label: "command line" };

export function register(program: Command): void {
  const report = program.command("report").description("Reports for management and auditors, recorded in the report history");
  report
    .command("board")
    .description("Board report for a period as PDF")
    .requiredOption("--from <day>", "first day of the period (YYYY-MM-DD)")
    .requiredOption("--to <day>", "last day of the period (YYYY-MM-DD)")
    .requiredOption("--out <file>", "PDF file to write")
    .action(async (opts: { from: string; to: string; out: string }) => {
      if (!DAY.test(opts.from) || Number.isNaN(Date.parse(opts.from))) throw new CliError("--from: expected a day YYYY-MM-DD", 2);
      if (!DAY.test(opts.to) || Number.isNaN(Date.parse(opts.to))) throw new CliError("--to: expected a day YYYY-MM-DD", 2);
      if (opts.from > opts.to) throw new CliError("--from must not be after --to", 2);
      const { boardReportPdf } = await import("../../server/reports/board");
      const { recordGenerated } = await import("../../server/reports/store");
      const { complianceReference } = await import("../../server/dashboard/context");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }) => {
        const now = new Date();
        const ref = await complianceReference();
        const pdf = await boardReportPdf({ db, ...ref, now, from: opts.from, to: opts.to, generatedBy: cliActor.label });
        writeFileSync(opts.out, pdf);
        const row = await recordGenerated(db, cliActor, { kind: "board_report", title: `Board report ${opts.from} to ${opts.to}`, fileName: opts.out.split(/[\\/]/).pop()!, mediaType: "application/pdf", bytes: pdf, parameters: { from: opts.from, to: opts.to }, now });
        process.stdout.write(`Board report written to ${opts.out} (${pdf.length} bytes, SHA-256 ${row.sha256})\n`);
      });
    });
  report
    .command("evidence-pack")
    .description("Audit evidence pack as ZIP with a manifest of SHA-256 hashes")
    .requiredOption("--out <file>", "ZIP file to write")
    .action(async (opts: { out: string }) => {
      const { evidencePack } = await import("../../server/reports/evidence-pack");
      const { recordGenerated } = await import("../../server/reports/store");
      const { complianceReference } = await import("../../server/dashboard/context");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }, config) => {
        const now = new Date();
        const zip = await evidencePack({ db, ...(await complianceReference()), now, generatedBy: cliActor.label, config });
        writeFileSync(opts.out, zip);
        const row = await recordGenerated(db, cliActor, { kind: "evidence_pack", title: `Audit evidence pack ${now.toISOString().slice(0, 10)}`, fileName: opts.out.split(/[\\/]/).pop()!, mediaType: "application/zip", bytes: zip, parameters: {}, now });
        process.stdout.write(`Evidence pack written to ${opts.out} (${zip.length} bytes, SHA-256 ${row.sha256})\n`);
      });
    });
  report
    .command("premarket")
    .description("Premarket / technical-documentation cybersecurity package of one software version as ZIP with a manifest of SHA-256 hashes")
    .requiredOption("--device <model>", "device model number or name")
    .requiredOption("--version <version>", "software version of that model")
    .requiredOption("--out <file>", "ZIP file to write")
    .action(async (opts: { device: string; version: string; out: string }) => {
      const { premarketPackage } = await import("../../server/threat-model/package");
      const { findVersionByName } = await import("../../server/threat-model/store");
      const { threatModelReference } = await import("../../server/threat-model/reference-data");
      const { recordGenerated } = await import("../../server/reports/store");
      const { complianceReference } = await import("../../server/dashboard/context");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }, config) => {
        const versionId = await findVersionByName(db, opts.device, opts.version);
        if (!versionId) throw new CliError(`no software version ${opts.version} of a device model numbered or named "${opts.device}"`, 2);
        const now = new Date();
        const pkg = await premarketPackage({ db, ...(await complianceReference()), ref: await threatModelReference(), config, versionId, now, generatedBy: cliActor.label });
        writeFileSync(opts.out, pkg.bytes);
        const row = await recordGenerated(db, cliActor, { kind: "premarket_package", title: pkg.title, fileName: opts.out.split(/[\\/]/).pop()!, mediaType: "application/zip", bytes: pkg.bytes, parameters: { versionId }, now });
        process.stdout.write(
          `Premarket package written to ${opts.out}: ${pkg.manifest.files.length} files, ${pkg.traceability.passing} complete trace(s), ${pkg.traceability.failing} with gaps (SHA-256 ${row.sha256})\n`,
        );
      });
    });
  report
    .command("registers")
    .description("Every register (devices, installed base, findings, incidents, risks, suppliers, controls, policies, training, continuity) as one XLSX workbook")
    .requiredOption("--out <file>", "XLSX file to write")
    .action(async (opts: { out: string }) => {
      const { registersWorkbook } = await import("../../server/reports/registers");
      const { recordGenerated } = await import("../../server/reports/store");
      const { XLSX_TYPE } = await import("../../server/documents/spreadsheet");
      const { withDatabase } = await import("../context");
      await withDatabase(async ({ db }) => {
        const now = new Date();
        const { bytes, counts } = await registersWorkbook(db, { generatedAt: now, generatedBy: cliActor.label });
        writeFileSync(opts.out, bytes);
        const row = await recordGenerated(db, cliActor, { kind: "registers", title: `Registers ${now.toISOString().slice(0, 10)}`, fileName: opts.out.split(/[\\/]/).pop()!, mediaType: XLSX_TYPE, bytes, parameters: { rows: counts }, now });
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        process.stdout.write(`Registers written to ${opts.out}: ${Object.keys(counts).length} sheets, ${total} rows (SHA-256 ${row.sha256})\n`);
      });
    });
}
