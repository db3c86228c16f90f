import { z } from "zod";
import { VEX_JUSTIFICATIONS, VEX_STATUSES } from "../advisories/vex-vocabulary";
import { versionInRange } from "../vex-import/vers";

export const POLICY_SEVERITIES = ["critical", "high", "medium", "low", "none", "unknown"] as const;
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** Vendor responses a policy may record beside an `affected` status (CycloneDX `analysis.response`). */
export const POLICY_RESPONSES = ["can_not_fix", "will_not_fix", "update", "rollback", "workaround_available"] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "not a calendar date");

const probability = z.number().min(0).max(1);

/**
 * Which findings a policy decides. Every condition given must hold; a list matches when any entry does.
 * A policy needs at least one condition: a rule over every finding of the portfolio is never what is meant.
 */
export const policyConditionsSchema = z
  .object({
    /** Vulnerability ids or aliases (CVE, GHSA, …), matched against the finding's id and all its aliases. */
    vulnerabilities: z.array(z.string().trim().min(1).max(100)).min(1).max(1000).optional(),
    /** Component purl pattern; `*` matches any run of characters (`pkg:deb/debian/busybox@*`). */
    purl: z.string().trim().min(5).max(1000).startsWith("pkg:", "a purl pattern starts with pkg:").optional(),
    /** Device models by name, model number or id. */
    deviceModels: z.array(z.string().trim().min(1).max(200)).min(1).max(200).optional(),
    /** Device software versions as a VERS range (`vers:semver/>=3.0.0|<3.2.0`). */
    versions: z
      .string()
      .trim()
      .max(500)
      .refine((r) => versionInRange("0", r) !== null, "a VERS range such as vers:semver/>=3.0.0|<3.2.0")
      .optional(),
    /** Listed in CISA KEV (true) or not listed (false). */
    kev: z.boolean().optional(),
    /** EPSS probability bounds, inclusive; a finding without an EPSS score matches neither. */
    epssMin: probability.optional(),
    epssMax: probability.optional(),
    severities: z.array(z.enum(POLICY_SEVERITIES)).min(1).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), "at least one condition (vulnerabilities, purl, deviceModels, versions, kev, epssMin, epssMax, severities)")
  .refine((c) => c.epssMin === undefined || c.epssMax === undefined || c.epssMin <= c.epssMax, { message: "epssMin is above epssMax", path: ["epssMin"] });

export const policyAnalysisSchema = z
  .object({
    status: z.enum(VEX_STATUSES),
    justification: z.enum(VEX_JUSTIFICATIONS).optional(),
    response: z.enum(POLICY_RESPONSES).optional(),
    detail: z.string().trim().max(20_000).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.status === "not_affected" && !a.justification) ctx.addIssue({ code: "custom", path: ["justification"], message: "required when status is not_affected" });
    if (a.status !== "not_affected" && a.justification) ctx.addIssue({ code: "custom", path: ["justification"], message: "only with status not_affected" });
  });

export const triagePolicySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(5000).optional(),
    conditions: policyConditionsSchema,
    analysis: policyAnalysisSchema,
    /** The day the policy stops applying; what it decided is re-opened then. */
    expiresOn: isoDate.nullable().optional(),
    enabled: z.boolean().default(true),
    /** Where several policies match one finding, the highest priority decides (then the name, alphabetically). */
    priority: z.number().int().min(-1000).max(1000).default(0),
  })
  .strict();

export const policyFileSchema = z
  .object({ policies: z.array(triagePolicySchema).min(1).max(500) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.policies.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: "custom", path: ["policies", i, "name"], message: `the name "${p.name}" is used twice` });
      seen.add(p.name);
    });
  });

export type PolicyConditions = z.infer<typeof policyConditionsSchema>;
export type PolicyAnalysis = z.infer<typeof policyAnalysisSchema>;
export type TriagePolicyInput = z.input<typeof triagePolicySchema>;
export type TriagePolicy = z.infer<typeof triagePolicySchema>;

/** A policy is expired from its `expiresOn` day on (`today` as YYYY-MM-DD). */
export function policyExpired(policy: { expiresOn?: string | null }, today: string): boolean {
  return !!policy.expiresOn && policy.expiresOn <= today;
}

/** Whether a policy decides findings today: enabled and not expired. */
export function policyActive(policy: { enabled: boolean; expiresOn?: string | null }, today: string): boolean {
  return policy.enabled && !policyExpired(policy, today);
}
