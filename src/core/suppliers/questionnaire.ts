import { z } from "zod";

/**
 * A due-diligence questionnaire template and its scoring. Scored questions are `yes_no` (yes 1, partly 0.5, no 0,
 * "not applicable" leaves the question out) or `choice` (each option carries a score between 0 and 1); `text`
 * questions are read by the reviewer and not scored. A section's score is the weighted mean of its scored questions
 * (unanswered counts as 0), the overall score the section-weighted mean of the sections, both in percent.
 */
const catalogRef = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9.-]+$/, "a catalog item ID such as nis2:art21.3");

export const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/),
    text: z.string().min(5),
    help: z.string().optional(),
    kind: z.enum(["yes_no", "choice", "text"]),
    weight: z.number().min(0).max(10).default(1),
    options: z.array(z.object({ value: z.string().min(1), label: z.string().min(1), score: z.number().min(0).max(1) })).optional(),
    evidence: z.string().optional(),
    refs: z.array(catalogRef).default([]),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.kind === "choice" && (!q.options || q.options.length < 2)) ctx.addIssue({ code: "custom", message: "a choice question needs at least two options" });
    if (q.kind !== "choice" && q.options) ctx.addIssue({ code: "custom", message: "only choice questions have options" });
  });

export const sectionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/),
    title: z.string().min(1),
    weight: z.number().min(0).max(10).default(1),
    refs: z.array(catalogRef).default([]),
    questions: z.array(questionSchema).min(1),
  })
  .strict();

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/),
    version: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
    title: z.string().min(1),
    description: z.string().default(""),
    sources: z.array(catalogRef).default([]),
    sections: z.array(sectionSchema).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    for (const s of t.sections) {
      for (const q of s.questions) {
        if (seen.has(q.id)) ctx.addIssue({ code: "custom", message: `question id ${q.id} is used twice` });
        seen.add(q.id);
      }
    }
  });

export type QuestionnaireTemplate = z.infer<typeof templateSchema>;
export type Question = z.infer<typeof questionSchema>;

export type Answer = { value?: string | null; comment?: string | null };
export type Answers = Record<string, Answer>;

export const YES_NO_SCORES: Record<string, number | null> = { yes: 1, partly: 0.5, no: 0, not_applicable: null };

/** Every catalog ID a template cites, for the catalog check. */
export function templateRefs(t: QuestionnaireTemplate): string[] {
  return [...new Set([...t.sources, ...t.sections.flatMap((s) => [...s.refs, ...s.questions.flatMap((q) => q.refs)])])];
}

/** The score of one answer between 0 and 1; null when the question is not scored or not applicable. */
export function answerScore(q: Question, answer: Answer | undefined): number | null {
  if (q.kind === "text" || q.weight === 0) return null;
  const v = answer?.value ?? null;
  if (q.kind === "yes_no") {
    if (v === null || v === "") return 0;
    return v in YES_NO_SCORES ? YES_NO_SCORES[v] : 0;
  }
  if (v === null || v === "") return 0;
  return q.options?.find((o) => o.value === v)?.score ?? 0;
}

/** Why an answer is not acceptable for its question, or null. */
export function answerProblem(q: Question, answer: Answer): string | null {
  const v = answer.value ?? null;
  if (v === null || v === "") return null;
  if (q.kind === "yes_no" && !(v in YES_NO_SCORES)) return "answer yes, partly, no or not_applicable";
  if (q.kind === "choice" && !q.options?.some((o) => o.value === v)) return `answer one of ${q.options?.map((o) => o.value).join(", ")}`;
  if (v.length > 10_000) return "at most 10,000 characters";
  return null;
}

export type SectionScore = { id: string; title: string; score: number | null; answered: number; questions: number };
export type QuestionnaireScore = { overall: number | null; sections: SectionScore[]; unanswered: string[] };

const round1 = (n: number) => Math.round(n * 10) / 10;

export function scoreQuestionnaire(t: QuestionnaireTemplate, answers: Answers): QuestionnaireScore {
  const unanswered: string[] = [];
  let weighted = 0;
  let weights = 0;
  const sections = t.sections.map((s) => {
    let sum = 0;
    let w = 0;
    let answered = 0;
    for (const q of s.questions) {
      const a = answers[q.id];
      const given = a?.value !== undefined && a.value !== null && a.value !== "";
      if (given) answered++;
      else unanswered.push(q.id);
      const score = answerScore(q, a);
      if (score === null) continue;
      sum += q.weight * score;
      w += q.weight;
    }
    const score = w > 0 ? round1((100 * sum) / w) : null;
    if (score !== null && s.weight > 0) {
      weighted += s.weight * score;
      weights += s.weight;
    }
    return { id: s.id, title: s.title, score, answered, questions: s.questions.length };
  });
  return { overall: weights > 0 ? round1(weighted / weights) : null, sections, unanswered };
}
