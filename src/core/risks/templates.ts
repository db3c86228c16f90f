import { z } from "zod";
import { ASSET_TYPES, HARM_SEVERITIES, LIFECYCLE_PHASES, type Problem, TREATMENTS } from "./types";

const ciaKey = z.enum(["confidentiality", "integrity", "availability"]);

export const riskTemplateSchema = z
  .object({
    id: z.string().regex(/^tpl\.[a-z0-9.-]+$/, "template ids look like tpl.<phase>.<name>"),
    title: z.string().min(3).max(200),
    description: z.string().min(10).max(2000),
    asset: z.string().min(2).max(300),
    assetType: z.enum(ASSET_TYPES),
    threat: z.string().min(3).max(1000),
    vulnerability: z.string().min(3).max(1000),
    cia: z.array(ciaKey).min(1),
    patientSafety: z.enum(HARM_SEVERITIES).nullable(),
    likelihood: z.number().int().min(1).max(5),
    impact: z.number().int().min(1).max(5),
    treatment: z.enum(TREATMENTS),
    measures: z.array(z.string().min(3).max(500)).min(1),
    /** Catalog item ids (data/catalog) of the requirements that managing this risk serves. */
    requirements: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9.-]+$/)).min(1),
  })
  .strict();

export const riskTemplateFileSchema = z
  .object({
    version: z.number().int().positive(),
    lastReviewed: z.iso.date(),
    phase: z.enum(LIFECYCLE_PHASES),
    templates: z.array(riskTemplateSchema).min(1),
  })
  .strict();

export type RiskTemplate = z.infer<typeof riskTemplateSchema> & { phase: (typeof LIFECYCLE_PHASES)[number] };

/** Parses template files and checks ids are unique and every cited requirement exists in the catalog. */
export function parseRiskTemplates(
  files: { file: string; data: unknown }[],
  catalogHas: (id: string) => boolean,
): { templates: RiskTemplate[]; problems: (Problem & { file: string })[] } {
  const templates: RiskTemplate[] = [];
  const problems: (Problem & { file: string })[] = [];
  const seen = new Set<string>();
  for (const { file, data } of files) {
    const parsed = riskTemplateFileSchema.safeParse(data);
    if (!parsed.success) {
      for (const i of parsed.error.issues) problems.push({ file, path: i.path.join("/"), message: i.message });
      continue;
    }
    parsed.data.templates.forEach((t, n) => {
      if (seen.has(t.id)) problems.push({ file, path: `templates/${n}/id`, message: `duplicate template id ${t.id}` });
      seen.add(t.id);
      t.requirements.forEach((r, k) => {
        if (!catalogHas(r)) problems.push({ file, path: `templates/${n}/requirements/${k}`, message: `no catalog item ${r}` });
      });
      templates.push({ ...t, phase: parsed.data.phase });
    });
  }
  return { templates, problems };
}
