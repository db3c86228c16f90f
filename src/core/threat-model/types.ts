import { z } from "zod";

/** Kinds of architecture elements of a device. STRIDE suggestions are chosen by kind (data/threat-model/stride.yaml). */
export const ELEMENT_TYPES = ["software_item", "hardware", "interface", "data_store", "external_system"] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];
export const ELEMENT_TYPE_LABELS: Record<ElementType, string> = {
  software_item: "Software item",
  hardware: "Hardware",
  interface: "Interface",
  data_store: "Data store",
  external_system: "External system",
};

export const STRIDE = ["spoofing", "tampering", "repudiation", "information_disclosure", "denial_of_service", "elevation_of_privilege"] as const;
export type StrideCategory = (typeof STRIDE)[number];
export const STRIDE_LABELS: Record<StrideCategory, string> = {
  spoofing: "Spoofing",
  tampering: "Tampering",
  repudiation: "Repudiation",
  information_disclosure: "Information disclosure",
  denial_of_service: "Denial of service",
  elevation_of_privilege: "Elevation of privilege",
};

export const CONTROL_KINDS = ["harmonised", "device_capability"] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

export const VERIFICATION_RESULTS = ["pass", "fail", "not_run"] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

export const VERIFICATION_METHODS = ["test", "penetration_test", "fuzz_test", "static_analysis", "review", "inspection"] as const;

export const HARM_SEVERITIES = ["negligible", "minor", "serious", "critical", "catastrophic"] as const;

/** Identifiers inside one model: short, stable, readable in a table (e.g. "pump-fw", "T-3"). */
const localId = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' or '-', starting with a letter or digit");
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).default("");
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a calendar day YYYY-MM-DD");

export const elementSchema = z
  .object({
    id: localId,
    name: text(200),
    type: z.enum(ELEMENT_TYPES),
    description: optionalText(2000),
    /** Names or purls of SBOM components that run in this software item. */
    components: z.array(text(500)).max(500).default([]),
  })
  .strict();

export const boundarySchema = z.object({ id: localId, name: text(200), elementIds: z.array(localId).max(500) }).strict();

export const flowSchema = z
  .object({ id: localId, from: localId, to: localId, data: text(300), protocol: optionalText(100), description: optionalText(2000) })
  .strict();

export const hazardSchema = z.object({ hazard: text(500), harm: text(500), severity: z.enum(HARM_SEVERITIES) }).strict();

export const threatSchema = z
  .object({
    id: localId,
    /** An element or flow id of this model. */
    target: localId,
    category: z.enum(STRIDE),
    title: text(300),
    attackVector: optionalText(2000),
    preconditions: optionalText(2000),
    /** Exploitability on the manufacturer's scale, 1 (hard) … 5 (trivial); null until someone has assessed it. */
    exploitability: z.number().int().min(1).max(5).nullable().default(null),
    /** The suggestion this threat was accepted from, if any. */
    suggestionId: z.string().max(100).nullable().default(null),
    findingIds: z.array(text(100)).max(200).default([]),
    /** The security risk in the risk register this threat leads to. */
    riskId: text(100).nullable().default(null),
    hazard: hazardSchema.nullable().default(null),
    controlIds: z.array(localId).max(100).default([]),
  })
  .strict();

export const verificationSchema = z
  .object({
    testCaseId: text(100),
    /** How it was verified; null until someone states it (a quick entry may name only the test case and result). */
    method: z.enum(VERIFICATION_METHODS).nullable().default(null),
    result: z.enum(VERIFICATION_RESULTS),
    evidence: optionalText(2000),
    date: day.nullable().default(null),
  })
  .strict();

export const controlSchema = z
  .object({
    id: localId,
    kind: z.enum(CONTROL_KINDS),
    /** Harmonised control code (e.g. "MDM-AC-01") or the device capability id of data/threat-model/capabilities.yaml. */
    ref: text(100),
    title: text(300),
    verifications: z.array(verificationSchema).max(100).default([]),
  })
  .strict();

export const acceptanceSchema = z
  .object({ acceptedBy: text(200), role: text(200), statement: text(4000), benefitRisk: text(4000), acceptedAt: day })
  .strict();

/** A device version's threat model as stored, exported and imported. */
export const threatModelSchema = z
  .object({
    format: z.literal("vigil-threat-model/1").default("vigil-threat-model/1"),
    elements: z.array(elementSchema).max(500).default([]),
    boundaries: z.array(boundarySchema).max(100).default([]),
    flows: z.array(flowSchema).max(1000).default([]),
    threats: z.array(threatSchema).max(2000).default([]),
    controls: z.array(controlSchema).max(500).default([]),
    /** Residual risk and benefit-risk acceptance for this version. */
    acceptance: acceptanceSchema.nullable().default(null),
  })
  .strict();

export type ThreatModel = z.infer<typeof threatModelSchema>;
export type Element = z.infer<typeof elementSchema>;
export type Flow = z.infer<typeof flowSchema>;
export type Threat = z.infer<typeof threatSchema>;
export type Control = z.infer<typeof controlSchema>;
export type Verification = z.infer<typeof verificationSchema>;

export const EMPTY_MODEL: ThreatModel = { format: "vigil-threat-model/1", elements: [], boundaries: [], flows: [], threats: [], controls: [], acceptance: null };

/** A field-level problem; `path` names the field as a JSON pointer (e.g. "/flows/2/to"). */
export type Problem = { path: string; message: string };
