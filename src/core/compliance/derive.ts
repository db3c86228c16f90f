import type { MappingSource, Relationship, Strength } from "../catalog";

export const CONTROL_STATUSES = ["not_started", "planned", "partial", "implemented", "not_applicable"] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export const REQUIREMENT_STATUSES = ["met", "partial", "not_met", "unmapped", "not_applicable"] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

export interface ControlState {
  id: string;
  title: string;
  applicable: boolean;
  status: ControlStatus;
  /** Evidence of the control has expired: its status needs review before it counts fully. */
  needsReview: boolean;
}

/** A control's link to a requirement: from the library, added by the organisation, or an `intersect` a person confirmed. */
export interface ControlLink {
  control: string;
  requirement: string;
  relationship: Relationship;
  strength?: Strength;
  source: MappingSource | "organisation";
  origin: "library" | "organisation" | "confirmed";
  note?: string;
}

/** A requirement-to-requirement mapping read as "from <relationship> to" (catalog or custom framework). */
export interface RequirementLink {
  from: string;
  to: string;
  relationship: Relationship;
  strength?: Strength;
  source: string;
  note?: string;
}

export interface ChainStep {
  from: string;
  to: string;
  relationship: Relationship;
  strength?: Strength;
  source: string;
  note?: string;
}

export type Effect = "full" | "partial" | "none" | "excluded";

export interface Contribution {
  control: string;
  controlStatus: ControlStatus;
  needsReview: boolean;
  /** The relationship of the control to the requirement along the chain. */
  relationship: Relationship;
  effect: Effect;
  chain: ChainStep[];
}

export interface Derivation {
  requirement: string;
  status: RequirementStatus;
  /** 1 met, 0.5 partial, 0 otherwise. */
  score: number;
  needsReview: boolean;
  contributions: Contribution[];
  /** `intersect` links: a person must confirm them before they count. */
  suggestions: Contribution[];
  explanation: string;
}

export const inverse = (r: Relationship): Relationship => (r === "subset" ? "superset" : r === "superset" ? "subset" : r);

/**
 * The relationship of X to Z from "X a Y" and "Y b Z". Honest composition: only containment that follows from both
 * steps survives; anything else becomes `intersect` (a hint, never a result).
 */
export function compose(a: Relationship, b: Relationship): Relationship {
  if (a === "not_related" || b === "not_related") return "not_related";
  if (a === "intersect" || b === "intersect") return "intersect";
  if (a === "equal") return b;
  if (b === "equal") return a;
  if (a === "superset" && b === "superset") return "superset";
  if (a === "subset" && b === "subset") return "subset";
  // X ⊇ Y ⊆ Z: X covers Y, which is part of Z.
  if (a === "superset" && b === "subset") return "subset";
  // X ⊆ Y ⊇ Z: nothing follows.
  return "intersect";
}

/** What a control in a given state contributes to a requirement it relates to by `relationship`. */
export function effectOf(state: ControlState, relationship: Relationship): Effect {
  if (!state.applicable || state.status === "not_applicable") return "excluded";
  const done = state.status === "implemented";
  const some = done || state.status === "partial";
  if (relationship === "equal" || relationship === "superset") {
    if (done && !state.needsReview) return "full";
    return some ? "partial" : "none";
  }
  if (relationship === "subset") return some ? "partial" : "none";
  return "none";
}

const effectRank: Record<Effect, number> = { excluded: 0, none: 1, partial: 2, full: 3 };

function describe(c: Contribution): string {
  const path = c.chain.map((s) => `${s.to} (${s.relationship})`).join(" → ");
  return `${c.control} [${c.controlStatus}${c.needsReview ? ", needs review" : ""}] → ${path}`;
}

export interface DeriveInput {
  /** Every requirement to derive a status for. */
  requirements: readonly string[];
  controls: readonly ControlState[];
  links: readonly ControlLink[];
  /** Requirement-to-requirement mappings used for one further hop. */
  requirementLinks?: readonly RequirementLink[];
}

/**
 * Derives each requirement's status from the controls mapped to it. `equal`/`superset` carry a control's status
 * across, `subset` at most as partial, `intersect` only as a suggestion. One further hop through a requirement
 * mapping is followed when the composed relationship is still a containment; every result lists its chains.
 */
export function deriveRequirements(input: DeriveInput): Map<string, Derivation> {
  const controls = new Map(input.controls.map((c) => [c.id, c]));
  const direct = new Map<string, ControlLink[]>();
  for (const l of input.links) {
    if (!controls.has(l.control) || l.relationship === "not_related") continue;
    const list = direct.get(l.requirement);
    if (list) list.push(l);
    else direct.set(l.requirement, [l]);
  }
  // For each requirement B: requirements A with "A rel B" as seen from A.
  const via = new Map<string, { from: string; relationship: Relationship; step: ChainStep }[]>();
  const addVia = (target: string, from: string, relationship: Relationship, step: ChainStep) => {
    const list = via.get(target);
    if (list) list.push({ from, relationship, step });
    else via.set(target, [{ from, relationship, step }]);
  };
  for (const m of input.requirementLinks ?? []) {
    if (m.relationship === "intersect" || m.relationship === "not_related") continue;
    const base = { strength: m.strength, source: m.source, ...(m.note ? { note: m.note } : {}) };
    addVia(m.to, m.from, m.relationship, { from: m.from, to: m.to, relationship: m.relationship, ...base });
    addVia(m.from, m.to, inverse(m.relationship), { from: m.to, to: m.from, relationship: inverse(m.relationship), ...base });
  }

  const out = new Map<string, Derivation>();
  for (const req of input.requirements) {
    const contributions: Contribution[] = [];
    const suggestions: Contribution[] = [];
    const stepOf = (l: ControlLink): ChainStep => ({
      from: l.control,
      to: l.requirement,
      relationship: l.relationship,
      strength: l.strength,
      source: l.source,
      ...(l.note ? { note: l.note } : {}),
    });
    for (const l of direct.get(req) ?? []) {
      const state = controls.get(l.control)!;
      const c: Contribution = {
        control: l.control,
        controlStatus: state.applicable ? state.status : "not_applicable",
        needsReview: state.needsReview,
        relationship: l.relationship,
        effect: effectOf(state, l.relationship),
        chain: [stepOf(l)],
      };
      (l.relationship === "intersect" ? suggestions : contributions).push(c);
    }
    const directControls = new Set(contributions.map((c) => c.control));
    for (const v of via.get(req) ?? []) {
      for (const l of direct.get(v.from) ?? []) {
        if (directControls.has(l.control)) continue;
        const relationship = compose(l.relationship, v.relationship);
        if (relationship === "intersect" || relationship === "not_related") continue;
        const state = controls.get(l.control)!;
        contributions.push({
          control: l.control,
          controlStatus: state.applicable ? state.status : "not_applicable",
          needsReview: state.needsReview,
          relationship,
          effect: effectOf(state, relationship),
          chain: [stepOf(l), v.step],
        });
      }
    }
    contributions.sort((a, b) => effectRank[b.effect] - effectRank[a.effect] || a.chain.length - b.chain.length || a.control.localeCompare(b.control));
    const best = contributions[0]?.effect;
    let status: RequirementStatus;
    if (contributions.length === 0) status = "unmapped";
    else if (best === "full") status = "met";
    else if (best === "partial") status = "partial";
    else if (best === "none") status = "not_met";
    else status = "not_applicable";
    const needsReview = contributions.some((c) => c.needsReview && c.effect !== "excluded");
    const explanation =
      status === "unmapped"
        ? suggestions.length > 0
          ? `No control is mapped; ${suggestions.length} suggested link(s) await confirmation.`
          : "No control is mapped to this requirement."
        : status === "not_applicable"
          ? `Every mapped control is excluded: ${contributions.map((c) => c.control).join(", ")}.`
          : `${status} because of ${describe(contributions[0])}` +
            (contributions[0].relationship === "subset" && status === "partial" ? " — a subset mapping counts as partial at most." : "");
    out.set(req, {
      requirement: req,
      status,
      score: status === "met" ? 1 : status === "partial" ? 0.5 : 0,
      needsReview,
      contributions,
      suggestions,
      explanation,
    });
  }
  return out;
}

export interface CoverageCounts {
  total: number;
  met: number;
  partial: number;
  notMet: number;
  unmapped: number;
  notApplicable: number;
  needsReview: number;
  /** (met + ½ partial) / (total − not applicable), in percent with one decimal; null when nothing applies. */
  percent: number | null;
}

export function coverageOf(derivations: Iterable<Derivation>): CoverageCounts {
  const c: CoverageCounts = { total: 0, met: 0, partial: 0, notMet: 0, unmapped: 0, notApplicable: 0, needsReview: 0, percent: null };
  let score = 0;
  for (const d of derivations) {
    c.total++;
    score += d.score;
    if (d.needsReview) c.needsReview++;
    if (d.status === "met") c.met++;
    else if (d.status === "partial") c.partial++;
    else if (d.status === "not_met") c.notMet++;
    else if (d.status === "unmapped") c.unmapped++;
    else c.notApplicable++;
  }
  const applicable = c.total - c.notApplicable;
  c.percent = applicable > 0 ? Math.round((score / applicable) * 1000) / 10 : null;
  return c;
}
