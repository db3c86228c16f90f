import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parseYamlCached } from "../catalog/yaml-cache";
import { z } from "zod";
import type { Catalog } from "../../core/catalog";
import { ELEMENT_TYPES, STRIDE, type StrideData } from "../../core/threat-model";

export const threatModelDataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/threat-model");

const text = (max: number) => z.string().trim().min(1).max(max);
const sources = z.array(z.object({ id: text(100), ref: text(400), confidence: z.enum(["V1", "V2", "V3", "UNVERIFIED"]) }).strict()).min(1);
const header = { version: z.number().int().positive(), lastReviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), sources };
const strideKind = z.enum(["process", "external_entity", "data_store", "data_flow"]);

const strideFile = z
  .object({
    ...header,
    mapping: z.object(Object.fromEntries([...ELEMENT_TYPES, "data_flow"].map((k) => [k, strideKind]))).strict(),
    applies: z.record(strideKind, z.array(z.enum(STRIDE))),
    prompts: z.object(Object.fromEntries(STRIDE.map((c) => [c, z.object({ title: text(100), question: text(400) }).strict()]))).strict(),
  })
  .strict();

const capabilitiesFile = z
  .object({ ...header, capabilities: z.array(z.object({ id: text(60), title: text(200), fr: text(20), refs: z.array(text(100)) }).strict()).min(1) })
  .strict();

const premarketFile = z
  .object({
    ...header,
    documents: z.array(z.object({ id: text(60), file: text(100), title: text(200), gsprs: z.array(text(100)), refs: z.array(text(100)) }).strict()).min(1),
  })
  .strict();

export type Capability = z.infer<typeof capabilitiesFile>["capabilities"][number];
export type PackageDocument = z.infer<typeof premarketFile>["documents"][number];
export type ThreatModelReference = {
  stride: StrideData;
  strideSources: z.infer<typeof sources>;
  capabilities: Capability[];
  premarket: z.infer<typeof premarketFile>;
};

async function readData<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const text = await readFile(path.join(threatModelDataDir, file), "utf8");
  const data = parseYamlCached(text, () => parse(text, { uniqueKeys: true }));
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(`data/threat-model/${file}: ${result.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  return result.data;
}

export async function readThreatModelReference(): Promise<ThreatModelReference> {
  const stride = await readData("stride.yaml", strideFile);
  const capabilities = await readData("capabilities.yaml", capabilitiesFile);
  const premarket = await readData("premarket.yaml", premarketFile);
  const applies = Object.fromEntries(Object.entries(stride.mapping).map(([kind, as]) => [kind, stride.applies[as] ?? []])) as StrideData["applies"];
  return { stride: { applies, prompts: stride.prompts as StrideData["prompts"] }, strideSources: stride.sources, capabilities: capabilities.capabilities, premarket };
}

let cached: Promise<ThreatModelReference> | null = null;

/** The reference data, read once per process; a malformed file is an error naming it. */
export function threatModelReference(): Promise<ThreatModelReference> {
  cached ??= readThreatModelReference().catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

/** Catalog IDs cited by the data files that the catalog does not know (a test keeps this empty). */
export function unknownCatalogRefs(ref: ThreatModelReference, catalog: Catalog): string[] {
  const cited = [
    ...ref.strideSources.map((s) => s.id).filter((id) => id.includes(":")),
    ...ref.capabilities.flatMap((c) => c.refs),
    ...ref.premarket.documents.flatMap((d) => [...d.gsprs, ...d.refs]),
  ];
  return [...new Set(cited)].filter((id) => !catalog.items.has(id));
}
