import { z } from "zod";
import { purlMatches } from "../triage-policies/match";
import { versionInRange } from "../vex-import/vers";
import { purlWithoutVersion } from "./purl";
import { endOfSupportDate, SUPPORT_LEVELS } from "./support-level";

/**
 * A rule that states the support of every component whose purl (without version) matches a pattern, optionally
 * only for component versions in a VERS range: "everything from pkg:generic/acme/* is actively maintained".
 */
export const supportRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** Glob on the purl without version, qualifiers and subpath; `*` matches any run of characters. */
    purlPattern: z
      .string()
      .trim()
      .min(5)
      .max(1000)
      .startsWith("pkg:", "a purl pattern starts with pkg:")
      .refine((p) => !/[?#]/.test(p) && !/@[^/]*$/.test(p), "the pattern matches the purl without version, qualifiers or subpath; give versions as versionRange"),
    /** Component versions as a VERS range (`vers:generic/>=2.0|<3.0`); absent: every version. */
    versionRange: z
      .string()
      .trim()
      .max(500)
      .refine((r) => versionInRange("0", r) !== null, "a VERS range such as vers:generic/>=2.0|<3.0")
      .nullable()
      .optional(),
    level: z.enum(SUPPORT_LEVELS),
    endOfSupport: z
      .string()
      .refine((d) => endOfSupportDate(d) === d, "a date as YYYY-MM-DD")
      .nullable()
      .optional(),
    /** Where the statement comes from (supplier notice, contract, web page). */
    note: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();

export type SupportRuleInput = z.infer<typeof supportRuleSchema>;
export type SupportRule = { name: string; purlPattern: string; versionRange: string | null; level: string; endOfSupport: string | null };

/** Whether a rule covers a component: its pattern matches the purl without version and its range, if any, holds the version. */
export function supportRuleMatches(rule: SupportRule, purl: string | null, version: string | null): boolean {
  const base = purl ? purlWithoutVersion(purl) : null;
  if (!base || !purlMatches(rule.purlPattern, base)) return false;
  if (rule.versionRange === null) return true;
  return version !== null && versionInRange(version, rule.versionRange) === true;
}

const literalLength = (pattern: string) => pattern.replaceAll("*", "").length;

/**
 * Between rules matching one component, the most specific decides: the pattern with more literal characters
 * (wildcards not counted), then a pattern without wildcard, then a rule with a version range, then the name.
 */
export function bySpecificity(a: SupportRule, b: SupportRule): number {
  return (
    literalLength(b.purlPattern) - literalLength(a.purlPattern) ||
    Number(a.purlPattern.includes("*")) - Number(b.purlPattern.includes("*")) ||
    Number(b.versionRange !== null) - Number(a.versionRange !== null) ||
    a.name.localeCompare(b.name)
  );
}

export function decidingSupportRule<R extends SupportRule>(rules: readonly R[], purl: string | null, version: string | null): R | null {
  return [...rules].sort(bySpecificity).find((r) => supportRuleMatches(r, purl, version)) ?? null;
}

export type SupportSource = "sbom" | "manual" | `rule:${string}`;
export type SupportValues = { supplier: string | null; supportLevel: string | null; endOfSupport: string | null };

/**
 * A component's support and where it came from. A manual entry wins, then the SBOM's own statement of level or
 * end of support, then the deciding rule (the supplier stays the SBOM's); with none of them it stays unknown.
 */
export function resolvedSupport(sbom: SupportValues, manual: SupportValues | null, rule: SupportRule | null): SupportValues & { source: SupportSource | null } {
  if (manual) return { ...manual, source: "manual" };
  if (sbom.supportLevel || sbom.endOfSupport) return { ...sbom, source: "sbom" };
  if (rule) return { supplier: sbom.supplier, supportLevel: rule.level, endOfSupport: rule.endOfSupport, source: `rule:${rule.name}` };
  return { ...sbom, source: sbom.supplier ? "sbom" : null };
}
