/**
 * The one mapping table between Vigil's internal VEX vocabulary (the hub) and the three
 * exchange formats: CycloneDX VEX (`analysis.state` / `analysis.justification`), OpenVEX
 * (`status` / `justification`) and CSAF 2.0 VEX (`product_status` group / `flags[].label`).
 *
 * Every row is an equivalence of four values. Rows marked `canonical` are the ones writers use,
 * so for each internal assessment exactly one canonical row exists and a write→read round trip
 * through any format returns the same internal assessment. Non-canonical rows are read-only
 * aliases: they exist in one format only, and reading them loses that nuance (see `lossy`).
 *
 * Internal justifications use the five CISA "not affected" justifications shared by OpenVEX
 * and CSAF. CycloneDX has nine finer-grained justifications; the pairing is Vigil's judgement:
 *   requires_dependency            ↔ component_not_present (the dependency needed is absent)
 *   code_not_present               ↔ vulnerable_code_not_present
 *   code_not_reachable             ↔ vulnerable_code_not_in_execute_path
 *   requires_configuration         ↔ vulnerable_code_cannot_be_controlled_by_adversary
 *   protected_by_mitigating_control↔ inline_mitigations_already_exist
 * and, read-only: requires_environment and protected_at_perimeter → cannot_be_controlled_by_adversary
 * (the attacker cannot reach or set up the precondition); protected_by_compiler and
 * protected_at_runtime → inline_mitigations_already_exist.
 */

export const VEX_STATUSES = ["under_investigation", "affected", "not_affected", "fixed"] as const;
export type VexStatus = (typeof VEX_STATUSES)[number];

export const VEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
] as const;
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

export const CYCLONEDX_STATES = [
  "resolved",
  "resolved_with_pedigree",
  "exploitable",
  "in_triage",
  "false_positive",
  "not_affected",
] as const;
export type CycloneDxState = (typeof CYCLONEDX_STATES)[number];

export const CYCLONEDX_JUSTIFICATIONS = [
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control",
] as const;
export type CycloneDxJustification = (typeof CYCLONEDX_JUSTIFICATIONS)[number];

export const OPENVEX_STATUSES = ["not_affected", "affected", "fixed", "under_investigation"] as const;
export type OpenVexStatus = (typeof OPENVEX_STATUSES)[number];
export type OpenVexJustification = VexJustification;

/** CSAF 2.0 product_status groups that carry a VEX meaning (`recommended` does not). */
export const CSAF_PRODUCT_STATUSES = [
  "known_affected",
  "known_not_affected",
  "fixed",
  "under_investigation",
  "first_affected",
  "last_affected",
  "first_fixed",
] as const;
export type CsafProductStatus = (typeof CSAF_PRODUCT_STATUSES)[number];
/** The four groups the csaf_vex profile allows a writer to use. */
export type CsafVexProductStatus = "known_affected" | "known_not_affected" | "fixed" | "under_investigation";
export type CsafFlagLabel = VexJustification;

export interface VexAssessment {
  status: VexStatus;
  /** Only meaningful with status not_affected. */
  justification?: VexJustification;
}

export interface VexMappingRow {
  internal: VexAssessment;
  cyclonedx: { state: CycloneDxState; justification?: CycloneDxJustification };
  openvex: { status: OpenVexStatus; justification?: OpenVexJustification };
  csaf: { productStatus: CsafProductStatus; flag?: CsafFlagLabel };
  /** Writers use canonical rows; non-canonical rows are aliases read from `aliasOf`. */
  canonical: boolean;
  aliasOf?: "cyclonedx" | "csaf";
  /** What is lost when this alias is read (non-canonical rows only). */
  lossy?: string;
}

const nj = (
  justification: VexJustification,
  cdx: CycloneDxJustification,
  canonical: boolean,
  lossy?: string,
): VexMappingRow => ({
  internal: { status: "not_affected", justification },
  cyclonedx: { state: "not_affected", justification: cdx },
  openvex: { status: "not_affected", justification },
  csaf: { productStatus: "known_not_affected", flag: justification },
  canonical,
  ...(canonical ? {} : { aliasOf: "cyclonedx" as const, lossy }),
});

export const VEX_VOCABULARY: readonly VexMappingRow[] = [
  {
    internal: { status: "under_investigation" },
    cyclonedx: { state: "in_triage" },
    openvex: { status: "under_investigation" },
    csaf: { productStatus: "under_investigation" },
    canonical: true,
  },
  {
    internal: { status: "affected" },
    cyclonedx: { state: "exploitable" },
    openvex: { status: "affected" },
    csaf: { productStatus: "known_affected" },
    canonical: true,
  },
  {
    internal: { status: "fixed" },
    cyclonedx: { state: "resolved" },
    openvex: { status: "fixed" },
    csaf: { productStatus: "fixed" },
    canonical: true,
  },
  {
    internal: { status: "not_affected" },
    cyclonedx: { state: "not_affected" },
    openvex: { status: "not_affected" },
    csaf: { productStatus: "known_not_affected" },
    canonical: true,
  },
  nj("component_not_present", "requires_dependency", true),
  nj("vulnerable_code_not_present", "code_not_present", true),
  nj("vulnerable_code_not_in_execute_path", "code_not_reachable", true),
  nj("vulnerable_code_cannot_be_controlled_by_adversary", "requires_configuration", true),
  nj("inline_mitigations_already_exist", "protected_by_mitigating_control", true),
  nj(
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "requires_environment",
    false,
    "requires_environment is written back as requires_configuration unless the original is kept",
  ),
  nj(
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "protected_at_perimeter",
    false,
    "perimeter protection is read as 'attacker cannot reach it'; written back as requires_configuration",
  ),
  nj(
    "inline_mitigations_already_exist",
    "protected_by_compiler",
    false,
    "compiler hardening is read as an inline mitigation; written back as protected_by_mitigating_control",
  ),
  nj(
    "inline_mitigations_already_exist",
    "protected_at_runtime",
    false,
    "runtime protection is read as an inline mitigation; written back as protected_by_mitigating_control",
  ),
  {
    internal: { status: "fixed" },
    cyclonedx: { state: "resolved_with_pedigree" },
    openvex: { status: "fixed" },
    csaf: { productStatus: "fixed" },
    canonical: false,
    aliasOf: "cyclonedx",
    lossy: "the claim that pedigree evidence of the fix exists is dropped; written back as resolved",
  },
  {
    internal: { status: "not_affected", justification: "component_not_present" },
    cyclonedx: { state: "false_positive" },
    openvex: { status: "not_affected", justification: "component_not_present" },
    csaf: { productStatus: "known_not_affected", flag: "component_not_present" },
    canonical: false,
    aliasOf: "cyclonedx",
    lossy:
      "a false positive (the vulnerability was wrongly matched) is read as component_not_present; written back as not_affected/requires_dependency",
  },
  {
    internal: { status: "affected" },
    cyclonedx: { state: "exploitable" },
    openvex: { status: "affected" },
    csaf: { productStatus: "first_affected" },
    canonical: false,
    aliasOf: "csaf",
    lossy: "'first affected version' becomes plain known_affected",
  },
  {
    internal: { status: "affected" },
    cyclonedx: { state: "exploitable" },
    openvex: { status: "affected" },
    csaf: { productStatus: "last_affected" },
    canonical: false,
    aliasOf: "csaf",
    lossy: "'last affected version' becomes plain known_affected",
  },
  {
    internal: { status: "fixed" },
    cyclonedx: { state: "resolved" },
    openvex: { status: "fixed" },
    csaf: { productStatus: "first_fixed" },
    canonical: false,
    aliasOf: "csaf",
    lossy: "'first fixed version' becomes plain fixed",
  },
];

export type VexLookup = { ok: true; assessment: VexAssessment; lossy?: string } | { ok: false; error: string };

function canonicalRow(assessment: VexAssessment): VexMappingRow {
  const justification = assessment.status === "not_affected" ? assessment.justification : undefined;
  const row = VEX_VOCABULARY.find(
    (r) => r.canonical && r.internal.status === assessment.status && r.internal.justification === justification,
  );
  // Every status × justification combination has a canonical row; the table test guards this.
  if (!row) throw new Error(`no canonical VEX row for ${assessment.status}/${justification ?? "-"}`);
  return row;
}

function found(row: VexMappingRow): VexLookup {
  return {
    ok: true,
    assessment: { ...row.internal },
    ...(row.lossy ? { lossy: row.lossy } : {}),
  };
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}

// ---- CycloneDX ----

export function fromCycloneDx(state: unknown, justification?: unknown): VexLookup {
  if (!isOneOf(CYCLONEDX_STATES, state)) return { ok: false, error: `unknown CycloneDX analysis.state "${String(state)}"` };
  if (justification !== undefined && !isOneOf(CYCLONEDX_JUSTIFICATIONS, justification)) {
    return { ok: false, error: `unknown CycloneDX analysis.justification "${String(justification)}"` };
  }
  // Justifications only qualify not_affected; elsewhere they are ignored.
  const j = state === "not_affected" ? justification : undefined;
  const row = VEX_VOCABULARY.find(
    (r) =>
      (r.canonical || r.aliasOf === "cyclonedx") && r.cyclonedx.state === state && r.cyclonedx.justification === j,
  );
  return row ? found(row) : { ok: false, error: `no mapping for CycloneDX ${state}/${String(j)}` };
}

/**
 * @param preferred an original CycloneDX justification to keep when it maps to the same
 *   internal justification (makes CycloneDX → internal → CycloneDX lossless).
 */
export function toCycloneDx(
  assessment: VexAssessment,
  preferred?: CycloneDxJustification,
): VexMappingRow["cyclonedx"] {
  const row = canonicalRow(assessment);
  if (preferred && row.internal.justification) {
    const back = fromCycloneDx("not_affected", preferred);
    if (back.ok && back.assessment.justification === row.internal.justification) {
      return { state: "not_affected", justification: preferred };
    }
  }
  return { ...row.cyclonedx };
}

// ---- OpenVEX ----

export function fromOpenVex(status: unknown, justification?: unknown): VexLookup {
  if (!isOneOf(OPENVEX_STATUSES, status)) return { ok: false, error: `unknown OpenVEX status "${String(status)}"` };
  if (justification !== undefined && !isOneOf(VEX_JUSTIFICATIONS, justification)) {
    return { ok: false, error: `unknown OpenVEX justification "${String(justification)}"` };
  }
  const j = status === "not_affected" ? justification : undefined;
  const row = VEX_VOCABULARY.find((r) => r.canonical && r.openvex.status === status && r.openvex.justification === j);
  return row ? found(row) : { ok: false, error: `no mapping for OpenVEX ${status}/${String(j)}` };
}

export function toOpenVex(assessment: VexAssessment): VexMappingRow["openvex"] {
  return { ...canonicalRow(assessment).openvex };
}

// ---- CSAF ----

export function fromCsaf(productStatus: unknown, flagLabel?: unknown): VexLookup {
  if (!isOneOf(CSAF_PRODUCT_STATUSES, productStatus)) {
    return { ok: false, error: `product_status "${String(productStatus)}" carries no VEX status` };
  }
  if (flagLabel !== undefined && !isOneOf(VEX_JUSTIFICATIONS, flagLabel)) {
    return { ok: false, error: `unknown CSAF flag label "${String(flagLabel)}"` };
  }
  const flag = productStatus === "known_not_affected" ? flagLabel : undefined;
  const row = VEX_VOCABULARY.find(
    (r) => (r.canonical || r.aliasOf === "csaf") && r.csaf.productStatus === productStatus && r.csaf.flag === flag,
  );
  return row ? found(row) : { ok: false, error: `no mapping for CSAF ${productStatus}/${String(flag)}` };
}

export function toCsaf(assessment: VexAssessment): { productStatus: CsafVexProductStatus; flag?: CsafFlagLabel } {
  const { productStatus, flag } = canonicalRow(assessment).csaf;
  return { productStatus: productStatus as CsafVexProductStatus, ...(flag ? { flag } : {}) };
}
