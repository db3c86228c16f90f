import { readFile } from "node:fs/promises";
import type { Profile } from "../../core/applicability";
import {
  type Answer,
  assessSignificance,
  type EntityType,
  IncidentInputError,
  QUESTION_IDS,
  questionBinds,
  type QuestionId,
  type SignificanceProposal,
  significanceQuestions,
} from "../../core/incidents/index";
import { CliError } from "../errors";

export type AssessOptions = { questions?: boolean; json?: boolean | string; profile?: string };

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: cannot read the ${what} (${code === "ENOENT" ? "no such file" : (code ?? String(err))})`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file}: invalid JSON: ${(err as Error).message}`, 2);
  }
}

/** The organisation's profile (default: a device manufacturer with no digital-infrastructure activity). */
async function profileOf(file: string | undefined): Promise<{ entityType: EntityType; annualTurnoverEur?: number }> {
  if (file === undefined) return { entityType: "medical_device_manufacturer" };
  const { parseProfile, significanceEntityType } = await import("../../core/applicability");
  const parsed = parseProfile(await readJson(file, "profile"));
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new CliError(`${file}: ${first.path}: ${first.message}${parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : ""}`, 2);
  }
  const profile: Profile = parsed.profile;
  return { entityType: significanceEntityType(profile), annualTurnoverEur: profile.annualTurnoverEur };
}

/** `{"answers": {"<question id>": true | false | null}}` → the core's yes / no / unknown, naming the field on error. */
export function answersFromJson(data: unknown, file: string, entityType: EntityType): { answers: Partial<Record<QuestionId, Answer>>; facts?: unknown } {
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new CliError(`${file}: must be a JSON object with "answers"`, 2);
  const { answers, facts, ...rest } = data as Record<string, unknown>;
  const unknownField = Object.keys(rest)[0];
  if (unknownField !== undefined) throw new CliError(`${file}: ${unknownField}: unknown field (expected "answers" and optionally "facts")`, 2);
  if (typeof answers !== "object" || answers === null || Array.isArray(answers)) {
    throw new CliError(`${file}: answers: must be an object of question id → true | false | null`, 2);
  }
  const asked = new Set<string>(significanceQuestions(entityType).map((q) => q.id));
  const out: Partial<Record<QuestionId, Answer>> = {};
  for (const [id, value] of Object.entries(answers)) {
    if (!(QUESTION_IDS as readonly string[]).includes(id)) {
      throw new CliError(`${file}: answers.${id}: unknown question id (known: ${[...asked].join(", ")})`, 2);
    }
    if (!asked.has(id)) throw new CliError(`${file}: answers.${id}: not asked of this organisation (no Reg. 2024/2690 activity in the profile)`, 2);
    if (value !== true && value !== false && value !== null) {
      throw new CliError(`${file}: answers.${id}: must be true, false or null (got ${JSON.stringify(value)})`, 2);
    }
    out[id as QuestionId] = value === null ? "unknown" : value ? "yes" : "no";
  }
  return { answers: out, ...(facts !== undefined ? { facts } : {}) };
}

export function questionsJson(entityType: EntityType) {
  return {
    entityType,
    questions: significanceQuestions(entityType).map((q) => {
      const { binding, why } = questionBinds(q, entityType);
      return { id: q.id, text: q.question, source: q.source, binding, why, basis: q.basis, legalText: q.legalText, help: q.help };
    }),
  };
}

export function assessmentJson(p: SignificanceProposal) {
  return {
    significant: p.outcome === "undetermined" ? null : p.outcome === "significant",
    outcome: p.outcome,
    reasons: p.reasoning,
    entityType: p.entityType,
    decidingCriteria: p.decidingCriteria,
    criteria: p.criteria ?? [],
    openQuestions: p.openQuestions,
    hints: p.hints,
    warnings: p.warnings,
  };
}

function formatAssessment(p: SignificanceProposal): string {
  const lines = [`Significance: ${p.label}`, ...p.reasoning.map((r) => `  ${r}`), "", "Criteria:"];
  for (const c of p.criteria ?? []) lines.push(`  ${c.answer.padEnd(7)} ${c.basis} — ${c.binding ? "binds" : "guidance"}: ${c.why}`);
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  for (const h of p.hints) lines.push(`hint: ${h}`);
  return `${lines.join("\n")}\n`;
}

/** `vigil incident assess`: the significance proposal, or the questions. */
export async function runAssess(positional: string | undefined, opts: AssessOptions): Promise<void> {
  const { entityType, annualTurnoverEur } = await profileOf(opts.profile);
  const json = opts.json !== undefined;
  if (opts.questions) {
    const doc = questionsJson(entityType);
    process.stdout.write(
      json ? `${JSON.stringify(doc, null, 2)}\n` : `${doc.questions.map((q) => `${q.id} (${q.basis}; ${q.binding ? "binds" : "guidance"}): ${q.text}`).join("\n")}\n`,
    );
    return;
  }
  const file = typeof opts.json === "string" ? opts.json : positional;
  if (file === undefined) throw new CliError("give the answers file (--json answers.json) or --questions", 2);
  const { answers, facts } = answersFromJson(await readJson(file, "answers"), file, entityType);
  let proposal: SignificanceProposal;
  try {
    proposal = assessSignificance({ entityType, annualTurnoverEur, answers, ...(facts !== undefined ? { facts } : {}) });
  } catch (err) {
    if (err instanceof IncidentInputError) throw new CliError(`${file}: ${err.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, 2);
    throw err;
  }
  process.stdout.write(json ? `${JSON.stringify(assessmentJson(proposal), null, 2)}\n` : formatAssessment(proposal));
}
