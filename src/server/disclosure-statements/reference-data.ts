import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parseYamlCached } from "../catalog/yaml-cache";
import { z } from "zod";
import type { Catalog } from "../../core/catalog";
import type { ResponsibilityRow } from "./schema";

export const mds2DataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/mds2");

const text = (max: number) => z.string().trim().min(1).max(max);
const sectionId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case words joined by hyphens");

const sectionsFile = z
  .object({
    version: z.number().int().positive(),
    structure: text(300),
    basis: z.array(text(300)).min(1),
    refs: z.array(text(100)).default([]),
    sections: z
      .array(z.object({ id: sectionId, title: text(120), prompt: text(400) }).strict())
      .min(1)
      .refine((s) => new Set(s.map((x) => x.id)).size === s.length, "section ids must be unique"),
  })
  .strict();

const responsibilityFile = z
  .object({
    version: z.number().int().positive(),
    rows: z
      .array(z.object({ area: text(120), manufacturer: text(1000), operator: text(1000), guidance: z.array(text(200)).default([]), refs: z.array(text(100)).default([]) }).strict())
      .min(1),
  })
  .strict();

export type StatementSection = z.infer<typeof sectionsFile>["sections"][number];
export type StatementReference = {
  sections: z.infer<typeof sectionsFile>;
  responsibility: { version: number; rows: ResponsibilityRow[]; refs: string[] };
};

async function readYaml(file: string): Promise<unknown> {
  const text = await readFile(path.join(mds2DataDir, file), "utf8");
  return parseYamlCached(text, () => parse(text, { uniqueKeys: true }));
}

function parsed<T>(file: string, schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new Error(`data/mds2/${file}: ${result.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  }
  return result.data;
}

/** Reads the section list and the default responsibility matrix; a malformed file is an error naming its path. */
export async function readStatementReference(): Promise<StatementReference> {
  const sections = parsed("sections.yaml", sectionsFile, await readYaml("sections.yaml"));
  const matrix = parsed("shared-responsibility.yaml", responsibilityFile, await readYaml("shared-responsibility.yaml"));
  return {
    sections,
    responsibility: {
      version: matrix.version,
      rows: matrix.rows.map((r) => ({ area: r.area, manufacturer: r.manufacturer, operator: r.operator, sources: [...r.guidance, ...r.refs] })),
      refs: [...new Set(matrix.rows.flatMap((r) => r.refs))],
    },
  };
}

let cached: Promise<StatementReference> | null = null;

/** The reference data, read once per process. */
export function statementReference(): Promise<StatementReference> {
  cached ??= readStatementReference().catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

/** Catalog IDs cited by the data files that the catalog does not know. */
export function unknownCatalogRefs(reference: StatementReference, catalog: Catalog): string[] {
  return [...reference.sections.refs, ...reference.responsibility.refs].filter((id) => !catalog.items.has(id));
}
