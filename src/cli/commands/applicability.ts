import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { Assessment, LegalBasis } from "../../core/applicability";
import { CliError } from "../errors";

const eur = (n: number) => `€${new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(n)}`;
const cite = (b: LegalBasis | null) => (b ? `[${b.citation}; confidence ${b.confidence}]` : "");

/** Human-readable summary of an assessment, every line with its citation. */
export function formatAssessment(a: Assessment): string {
  const out: string[] = [];
  out.push(`NIS2 applicability — assessed on ${a.assessedOn} (catalog ${a.catalog.version})`, "");
  out.push(`Size category: ${a.sizeCategory} — ${a.size.rule}`, `  ${cite(a.size.basis)}`);
  for (const n of a.size.notes) out.push(`  note: ${n}`);
  out.push(
    "",
    `Classification: ${a.classification.toUpperCase().replace(/_/g, " ")} — ${a.basis.explanation}`,
    `  ${cite(a.basis.basis)}`,
  );
  for (const n of a.basis.notes) out.push(`  note: ${n.text}${n.basis ? ` ${cite(n.basis)}` : ""}`);
  out.push("", `Supervision: ${a.supervision.regime.replace(/_/g, " ")} — ${a.supervision.summary}`);
  if (a.supervision.basis) out.push(`  ${cite(a.supervision.basis)}`);
  for (const m of a.supervision.enforcementMeasures) out.push(`  - ${m}`);
  out.push(
    "",
    a.maxFineEur === null
      ? "Maximum fine: not applicable"
      : `Maximum fine (floor for the national maximum): ${eur(a.maxFineEur)} = ${a.maxFine.formula}`,
  );
  if (a.maxFine.basis) out.push(`  ${cite(a.maxFine.basis)}`);
  out.push("", "Member States of establishment:");
  for (const ms of a.memberStates) {
    out.push(`  ${ms.country}  ${ms.statusExplanation}${ms.confidence ? ` (confidence ${ms.confidence})` : ""}`);
    if (!ms.isEuMemberState) continue;
    out.push(`      law: ${ms.law}`);
    out.push(`      authority: ${ms.competentAuthority}; CSIRT: ${ms.csirt}; time zone ${ms.timeZone}`);
    if (ms.portal) out.push(`      portal: ${ms.portal.name}${ms.portal.url ? ` <${ms.portal.url}>` : ""}`);
    if (ms.registration.required) {
      out.push(`      registration${ms.registration.deadline ? ` by ${ms.registration.deadline}` : ""}: ${ms.registration.text}`);
    }
    for (const d of ms.reportingDeviations) out.push(`      reporting deviation: ${d.summary}`);
    for (const n of ms.notes) out.push(`      note: ${n}`);
  }
  out.push("", `Obligations (${a.obligations.length}):`);
  for (const o of a.obligations) {
    const deadline = o.deadline ? ` — ${o.deadline.text}` : "";
    out.push(`  [${o.feature}] ${o.regime}: ${o.title}${o.status === "voluntary" ? " (voluntary)" : ""}${deadline}`);
    out.push(`      ${cite(o.basis)}`);
    for (const d of o.nationalDeviations) out.push(`      ${d.country}: ${d.summary}`);
  }
  out.push("", "Key dates:");
  for (const k of a.keyDates) out.push(`  ${k.date}  ${k.status.padEnd(8)}  ${k.title}${k.basis ? ` ${cite(k.basis)}` : ""}`);
  return `${out.join("\n")}\n`;
}

export function register(program: Command): void {
  program
    .command("applicability")
    .description("Assess NIS2 applicability (size, classification, supervision, fines, obligations) for a profile")
    .argument("<profile>", "organisation profile as JSON (establishments, staffHeadcount, annualTurnoverEur, …)")
    .option("--json", "print the assessment document as JSON")
    .option("--date <YYYY-MM-DD>", "assessment date (default: today, UTC)")
    .option("--catalog-dir <dir>", "catalog folder (default: the repository's data/catalog)")
    .action(async (file: string, opts: { json?: boolean; date?: string; catalogDir?: string }) => {
      const { assessApplicability, isCalendarDate, parseProfile } = await import("../../core/applicability");
      const today = opts.date ?? new Date().toISOString().slice(0, 10);
      if (!isCalendarDate(today)) {
        throw new CliError(`--date must be a date as YYYY-MM-DD, got "${today}"`, 2);
      }
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new CliError(`${file}: cannot read the profile (${code === "ENOENT" ? "no such file" : code ?? String(err)})`, 2);
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (err) {
        throw new CliError(`${file}: invalid JSON: ${(err as Error).message}`, 2);
      }
      const parsed = parseProfile(data);
      if (!parsed.ok) {
        for (const e of parsed.errors) process.stderr.write(`${file}: ${e.path}: ${e.message}\n`);
        throw new CliError(`${file}: invalid profile (${parsed.errors.length} error(s))`, 2);
      }
      const { inspectCatalogDir } = await import("../../server/catalog/load");
      const { catalog, problems } = await inspectCatalogDir(opts.catalogDir ? path.resolve(opts.catalogDir) : undefined);
      if (problems.length > 0) {
        throw new CliError(`the catalog has ${problems.length} problem(s); run \`vigil catalog validate\``, 1);
      }
      const assessment = assessApplicability(parsed.profile, catalog, { today });
      process.stdout.write(opts.json ? `${JSON.stringify(assessment, null, 2)}\n` : formatAssessment(assessment));
    });
}
