import { z } from "zod";
import { STATEMENT_ANSWERS } from "./schema";

export const NOTES_MAX = 4000;

export const versionParams = z.object({ versionId: z.string().min(1).max(100) });
export const modelParams = z.object({ modelId: z.string().min(1).max(100) });

function hasControlCharacters(s: string): boolean {
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if ((c < 32 && ch !== "\n" && ch !== "\r" && ch !== "\t") || c === 127) return true;
  }
  return false;
}

/** Plain text, shown literally everywhere (no Markdown, no markup): printable characters, line breaks and tabs. */
const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((s) => !hasControlCharacters(s), "plain text only: no control characters");

const line = (max: number) => plainText(max).pipe(z.string().min(1, "required"));

/** The answers of a statement, checked against the section ids of data/mds2/sections.yaml. */
export function statementBody(sectionIds: readonly [string, ...string[]]) {
  return z
    .object({
      answers: z
        .array(
          z
            .object({
              sectionId: z.enum(sectionIds),
              answer: z.enum(STATEMENT_ANSWERS),
              notes: plainText(NOTES_MAX).nullable().optional(),
            })
            .strict(),
        )
        .max(sectionIds.length),
    })
    .strict()
    .superRefine((body, ctx) => {
      const seen = new Set<string>();
      body.answers.forEach((a, i) => {
        if (seen.has(a.sectionId)) ctx.addIssue({ code: "custom", path: ["answers", i, "sectionId"], message: `section ${a.sectionId} is answered twice` });
        seen.add(a.sectionId);
        if (a.answer === "see_note" && !a.notes) ctx.addIssue({ code: "custom", path: ["answers", i, "notes"], message: "an answer of see_note needs a note" });
      });
    });
}
export type StatementBody = z.infer<ReturnType<typeof statementBody>>;

export const publishBody = z.object({}).strict().optional();

export const responsibilityRowInput = z
  .object({
    area: line(120),
    manufacturer: line(1000),
    operator: line(1000),
    sources: z.array(line(200)).max(10).default([]),
  })
  .strict();

export const responsibilityBody = z.object({ rows: z.array(responsibilityRowInput).min(1, "at least one row").max(40) }).strict();

export const exportQuery = z
  .object({
    format: z.enum(["pdf", "json"]).default("pdf"),
    /** A published revision; without it the current published one, or a preview of a never-published draft. */
    revision: z.coerce.number().int().positive().max(100_000).optional(),
  })
  .strict();

export const portalExportQuery = exportQuery.omit({ revision: true });

/** A hospital's request for a statement; the message is optional, an empty one is none. */
export const statementRequestBody = z
  .object({ message: plainText(2000).nullable().optional() })
  .strict()
  .optional();

export const statementRequestQuery = z.object({ versionId: z.string().min(1).max(100).optional() }).strict();
