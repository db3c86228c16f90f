import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { parse } from "yaml";
import { type QuestionnaireTemplate, templateSchema } from "../../core/suppliers";
import type { DbOrTx } from "../platform/db/client";
import { questionnaireTemplates } from "./schema";

export const questionnaireDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/questionnaires");

/** Reads and validates every template of data/questionnaires; a broken file is an error naming it. */
export function loadTemplateFiles(dir = questionnaireDir): QuestionnaireTemplate[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const parsed = templateSchema.safeParse(parse(readFileSync(path.join(dir, f), "utf8")));
      if (!parsed.success) throw new Error(`${f}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return parsed.data;
    });
}

let cached: QuestionnaireTemplate[] | null = null;
export function templateFiles(): QuestionnaireTemplate[] {
  cached ??= loadTemplateFiles();
  return cached;
}

/** The stored row of a template version, inserted the first time it is used so assessments keep their version. */
export async function ensureTemplateRow(tx: DbOrTx, t: QuestionnaireTemplate) {
  const [existing] = await tx
    .select()
    .from(questionnaireTemplates)
    .where(and(eq(questionnaireTemplates.key, t.id), eq(questionnaireTemplates.version, t.version)))
    .limit(1);
  if (existing) return { row: existing, created: false };
  const [row] = await tx.insert(questionnaireTemplates).values({ key: t.id, version: t.version, title: t.title, definition: t }).returning();
  return { row, created: true };
}
