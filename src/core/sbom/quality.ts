import { z } from "zod";
import { endOfSupportDate, supportLevelOf } from "./support-level";
import type { NormalisedSbom, SbomComponent } from "./types";

/**
 * SBOM quality against a profile of required elements (NTIA minimum elements, BSI TR-03183-2, FDA). The
 * profiles are data (data/sbom-quality/profiles.yaml) with their sources; this module holds only the checks
 * an element can name, each deciding whether one component or the document carries that element.
 */

const hasText = (v: string | null | undefined) => typeof v === "string" && v.trim() !== "";
const hasProperty = (c: SbomComponent, name: string) => c.properties.some((p) => p.name.toLowerCase() === name && hasText(p.value));
/** Exactly one property of that name, holding one of the values the profile allows. */
const hasOneOf = (c: SbomComponent, name: string, allowed: readonly string[]) => {
  const given = c.properties.filter((p) => p.name.toLowerCase() === name);
  return given.length === 1 && allowed.includes(given[0].value.trim());
};

interface CheckContext {
  sbom: NormalisedSbom;
  /** Refs that take part in a dependency or containment relationship. */
  related: ReadonlySet<string>;
}

/** What a property check reads from its profile element: the property's name and, where restricted, its values. */
type PropertyRule = { property?: string; values?: string[] };

const COMPONENT_CHECKS = {
  supplier: (c: SbomComponent) => hasText(c.supplier),
  supplier_or_author: (c: SbomComponent) => hasText(c.supplier) || hasText(c.author),
  name: (c: SbomComponent) => hasText(c.name),
  version: (c: SbomComponent) => hasText(c.version),
  unique_identifier: (c: SbomComponent) => hasText(c.purl) || hasText(c.cpe),
  dependency_relationship: (c: SbomComponent, ctx: CheckContext) => ctx.related.has(c.ref),
  licence: (c: SbomComponent) => c.licenses.length + c.licenseNames.length > 0,
  hash_sha512: (c: SbomComponent) => c.hashes.some((h) => h.alg.toUpperCase() === "SHA-512" && hasText(h.value)),
  property: (c: SbomComponent, _ctx: CheckContext, rule: PropertyRule) => hasProperty(c, (rule.property ?? "").toLowerCase()),
  property_one_of: (c: SbomComponent, _ctx: CheckContext, rule: PropertyRule) => hasOneOf(c, (rule.property ?? "").toLowerCase(), rule.values ?? []),
  support_level: (c: SbomComponent) => supportLevelOf(c.support?.level) !== "unknown",
  end_of_support: (c: SbomComponent) => endOfSupportDate(c.support?.endOfSupport) !== null,
} satisfies Record<string, (c: SbomComponent, ctx: CheckContext, rule: PropertyRule) => boolean>;

const DOCUMENT_CHECKS = {
  author: (ctx: CheckContext) => ctx.sbom.document.authors.some(hasText),
  author_or_tool: (ctx: CheckContext) => ctx.sbom.document.authors.some(hasText) || ctx.sbom.document.tools.length > 0,
  timestamp: (ctx: CheckContext) => hasText(ctx.sbom.document.created),
} satisfies Record<string, (ctx: CheckContext) => boolean>;

const REASONS: Record<Exclude<keyof typeof COMPONENT_CHECKS, "property" | "property_one_of"> | keyof typeof DOCUMENT_CHECKS, string> = {
  supplier: "no supplier named",
  supplier_or_author: "no supplier or author named",
  name: "no name",
  version: "no version",
  unique_identifier: "no purl or CPE",
  dependency_relationship: "in no dependency relationship",
  licence: "no licence",
  hash_sha512: "no SHA-512 hash",
  support_level: "no level of support (actively maintained, no longer maintained or abandoned)",
  end_of_support: "no end-of-support date",
  author: "no author of the SBOM named",
  author_or_tool: "no author or tool named for the SBOM",
  timestamp: "no timestamp",
};

function reasonFor(e: QualityElement): string {
  if (e.scope === "component" && e.check === "property") return `no ${e.property} property`;
  if (e.scope === "component" && e.check === "property_one_of") return `no single ${e.property} property with the value ${(e.values ?? []).join(" or ")}`;
  return REASONS[e.check as keyof typeof REASONS];
}

const text = z.string().trim().min(1).max(500);
const elementSchema = z.discriminatedUnion("scope", [
  z
    .object({
      field: text,
      scope: z.literal("component"),
      check: z.enum(Object.keys(COMPONENT_CHECKS) as [keyof typeof COMPONENT_CHECKS]),
      /** For the property checks: the CycloneDX property's name and the values allowed (property_one_of). */
      property: text.optional(),
      values: z.array(text).min(1).optional(),
      title: text,
      confidence: z.enum(["V1", "V2", "V3", "UNVERIFIED"]),
      source: text.optional(),
    })
    .strict()
    .refine((e) => (e.check === "property" || e.check === "property_one_of") === (e.property !== undefined), {
      message: "a property check names its property, and only a property check does",
      path: ["property"],
    })
    .refine((e) => (e.check === "property_one_of") === (e.values !== undefined), { message: "property_one_of lists its values, and only it does", path: ["values"] }),
  z.object({ field: text, scope: z.literal("document"), check: z.enum(Object.keys(DOCUMENT_CHECKS) as [keyof typeof DOCUMENT_CHECKS]), title: text, confidence: z.enum(["V1", "V2", "V3", "UNVERIFIED"]) }).strict(),
]);
const profileSchema = z.object({ id: text, title: text, source: text, includes: text.optional(), elements: z.array(elementSchema).min(1) }).strict();
export const qualityProfilesFile = z
  .object({ version: z.number().int().positive(), lastReviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), profiles: z.array(profileSchema).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const ids = file.profiles.map((p) => p.id);
    file.profiles.forEach((p, i) => {
      if (ids.indexOf(p.id) !== i) ctx.addIssue({ code: "custom", path: ["profiles", i, "id"], message: `duplicate profile ${p.id}` });
      if (p.includes && !ids.includes(p.includes)) ctx.addIssue({ code: "custom", path: ["profiles", i, "includes"], message: `unknown profile ${p.includes}` });
    });
  });

export type QualityElement = z.infer<typeof elementSchema>;
export type QualityProfilesFile = z.infer<typeof qualityProfilesFile>;

/** A profile with the elements of the profile it includes, and every source it rests on. */
export interface QualityProfile {
  id: string;
  title: string;
  sources: string[];
  elements: QualityElement[];
}

export function resolveQualityProfiles(file: QualityProfilesFile): QualityProfile[] {
  const byId = new Map(file.profiles.map((p) => [p.id, p]));
  const resolve = (id: string, seen: string[]): QualityProfile => {
    const p = byId.get(id) as QualityProfilesFile["profiles"][number];
    if (seen.includes(id)) throw new Error(`quality profile ${id} includes itself`);
    const base = p.includes ? resolve(p.includes, [...seen, id]) : { sources: [], elements: [] };
    return { id: p.id, title: p.title, sources: [...base.sources, p.source], elements: [...base.elements, ...p.elements] };
  };
  return file.profiles.map((p) => resolve(p.id, []));
}

export interface QualityProblem {
  /** bom-ref, else the name; "(document)" for an element of the SBOM as a whole. */
  component: string;
  field: string;
  reason: string;
}

export interface QualityResult {
  profile: string;
  passed: boolean;
  problems: QualityProblem[];
  summary: {
    components: number;
    componentsWithProblems: number;
    problems: number;
    /** Components (or 1 for the document) missing each element, in the profile's order; 0 when none miss it. */
    missing: Record<string, number>;
    sources: string[];
  };
}

/** Checks the document, the product it describes and every component against the profile's elements. */
export function checkSbomQuality(sbom: NormalisedSbom, profile: QualityProfile): QualityResult {
  const related = new Set(sbom.dependencies.flatMap((e) => [e.from, e.to]));
  const ctx: CheckContext = { sbom, related };
  const problems: QualityProblem[] = [];
  const missing: Record<string, number> = Object.fromEntries(profile.elements.map((e) => [e.field, 0]));
  for (const e of profile.elements) {
    if (e.scope === "document" && !DOCUMENT_CHECKS[e.check](ctx)) {
      problems.push({ component: "(document)", field: e.field, reason: reasonFor(e) });
      missing[e.field]++;
    }
  }
  const withProblems = new Set<string>();
  // The product the SBOM describes is a component too: the minimum elements apply to it as to its parts.
  const components = sbom.document.primaryComponent ? [sbom.document.primaryComponent, ...sbom.components] : sbom.components;
  const firstComponentElement = profile.elements.find((e) => e.scope === "component");
  if (components.length === 0 && firstComponentElement) {
    problems.push({ component: "(document)", field: firstComponentElement.field, reason: "the SBOM lists no component" });
    missing[firstComponentElement.field]++;
  }
  for (const c of components) {
    const id = c.ref.startsWith("vigil:component/") ? c.name || c.ref : c.ref;
    for (const e of profile.elements) {
      if (e.scope !== "component" || COMPONENT_CHECKS[e.check](c, ctx, e)) continue;
      problems.push({ component: id, field: e.field, reason: reasonFor(e) });
      missing[e.field]++;
      withProblems.add(c.ref);
    }
  }
  return {
    profile: profile.id,
    passed: problems.length === 0,
    problems,
    summary: { components: components.length, componentsWithProblems: withProblems.size, problems: problems.length, missing, sources: profile.sources },
  };
}
