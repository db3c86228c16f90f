/** Vocabularies of the risk register. */

/** Lifecycle phases in which NIS2 risk management applies to a medical device manufacturer. */
export const LIFECYCLE_PHASES = ["design_development", "manufacturing", "distribution", "post_market"] as const;
export type LifecyclePhase = (typeof LIFECYCLE_PHASES)[number];
export const PHASE_LABELS: Record<LifecyclePhase, string> = {
  design_development: "Design & development",
  manufacturing: "Manufacturing",
  distribution: "Distribution",
  post_market: "Post-market",
};

export const ASSET_TYPES = ["information_system", "manufacturing_line", "device_model", "cloud_backend", "data_set", "supplier_service", "other"] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Harm severity in the terms of ISO 14971 (qualitative five-level scale, as in ISO/TR 24971 examples). */
export const HARM_SEVERITIES = ["negligible", "minor", "serious", "critical", "catastrophic"] as const;
export type HarmSeverity = (typeof HARM_SEVERITIES)[number];
export const HARM_SEVERITY_DEFINITIONS: Record<HarmSeverity, string> = {
  negligible: "Inconvenience or temporary discomfort; no injury",
  minor: "Temporary injury or impairment not requiring professional medical intervention",
  serious: "Injury or impairment requiring professional medical intervention",
  critical: "Permanent impairment or life-threatening injury",
  catastrophic: "Results in patient death",
};

export const TREATMENTS = ["reduce", "avoid", "transfer", "accept"] as const;
export type Treatment = (typeof TREATMENTS)[number];

export const RISK_STATUSES = ["open", "treating", "accepted", "closed"] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export const ACTION_STATUSES = ["planned", "in_progress", "done", "cancelled"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Who may accept a residual risk, lowest authority first. */
export const AUTHORITIES = ["risk_owner", "department_head", "executive", "management_body"] as const;
export type Authority = (typeof AUTHORITIES)[number];
export const AUTHORITY_LABELS: Record<Authority, string> = {
  risk_owner: "Risk owner",
  department_head: "Head of department",
  executive: "Executive management (e.g. CEO, CISO)",
  management_body: "Management body (NIS2 Art. 20)",
};

/** Kinds of records a risk can be linked to. Links are references (kind, id), not foreign keys. */
export const LINK_KINDS = ["control", "finding", "incident", "device_model", "supplier", "bc_plan", "requirement"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export type Cia = { confidentiality: boolean; integrity: boolean; availability: boolean };

/** A field-level problem; `path` names the field (e.g. "residualImpact"). */
export type Problem = { path: string; message: string };
