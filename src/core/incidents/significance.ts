import { z } from "zod";
import { formatIssuePath, IncidentInputError } from "./clock-input";
import { atLeast, hasCrossBorderIndication, type ImpactModel, impactSchema, incidentFactsSchema } from "./impact";

/**
 * Guided significance assessment under NIS2 Art. 23(3), with the general criteria of
 * Implementing Regulation (EU) 2024/2690 Art. 3–4. Those criteria bind only the entity types the
 * Regulation names (cloud, data centre, MSP, …); for a medical device manufacturer they serve as
 * indicators (reference §3 `mdm_use_note`). The result is a proposal a person confirms.
 */

export type EntityType = "medical_device_manufacturer" | "reg_2024_2690_entity";
export type Answer = "yes" | "no" | "unknown";

export type SignificanceQuestion = {
  id: QuestionId;
  question: string;
  help: string;
  basis: string;
  /** "always": NIS2 itself; "2024/2690": binding only for the Regulation's entity types, else an indicator. */
  source: "nis2" | "2024/2690";
  /** Asked only of 2024/2690 entity types. */
  onlyFor?: EntityType;
};

export const QUESTION_IDS = [
  "severeOperationalDisruption",
  "financialLossForEntity",
  "considerableDamageToOthers",
  "tradeSecretsExfiltrated",
  "deathOfNaturalPerson",
  "considerableDamageToHealth",
  "maliciousUnauthorisedAccess",
  "recurringIncidents",
  "entitySpecificCriteria",
  "scheduledMaintenanceOnly",
] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

export const SIGNIFICANCE_QUESTIONS: readonly SignificanceQuestion[] = [
  {
    id: "severeOperationalDisruption",
    question: "Has the incident caused, or is it capable of causing, severe operational disruption of the services?",
    help: "Think of production, distribution, device servicing, update or cloud services to customers. 'Capable of' counts: a contained ransomware outbreak that could have stopped production qualifies.",
    basis: "NIS2 Art. 23(3)(a)",
    source: "nis2",
  },
  {
    id: "financialLossForEntity",
    question: "Has the incident caused, or is it capable of causing, financial loss for the entity?",
    help: "Art. 23(3)(a) speaks of severe operational disruption or financial loss. Enter the estimated loss in the facts: Reg. 2024/2690 Art. 3(1)(a) gives a threshold (direct loss above EUR 500 000 or 5 % of annual turnover, whichever is lower) that is binding only for its entity types.",
    basis: "NIS2 Art. 23(3)(a)",
    source: "nis2",
  },
  {
    id: "considerableDamageToOthers",
    question: "Has it affected, or could it affect, other natural or legal persons by causing considerable material or non-material damage?",
    help: "Hospitals, patients, distributors: e.g. devices unavailable for treatment, patient data disclosed, tampered device data.",
    basis: "NIS2 Art. 23(3)(b)",
    source: "nis2",
  },
  {
    id: "tradeSecretsExfiltrated",
    question: "Has it caused, or could it cause, exfiltration of trade secrets?",
    help: "Trade secrets as defined in Directive (EU) 2016/943 Art. 2(1): e.g. design files, source code, technical documentation.",
    basis: "Reg. (EU) 2024/2690 Art. 3(1)(b)",
    source: "2024/2690",
  },
  {
    id: "deathOfNaturalPerson",
    question: "Has it caused, or could it cause, the death of a natural person?",
    help: "For a device manufacturer this overlaps with MDR/IVDR serious incidents: answer yes if a device malfunction caused by the incident could be fatal.",
    basis: "Reg. (EU) 2024/2690 Art. 3(1)(c)",
    source: "2024/2690",
  },
  {
    id: "considerableDamageToHealth",
    question: "Has it caused, or could it cause, considerable damage to a natural person's health?",
    help: "Compare with the patient-safety axis of the impact. Overlaps with MDR/IVDR 'serious deterioration of health'.",
    basis: "Reg. (EU) 2024/2690 Art. 3(1)(d)",
    source: "2024/2690",
  },
  {
    id: "maliciousUnauthorisedAccess",
    question: "Did a successful, suspectedly malicious and unauthorised access to network and information systems occur that is capable of causing severe operational disruption?",
    help: "All three together: the access succeeded, it is suspected to be malicious, and it could severely disrupt operations.",
    basis: "Reg. (EU) 2024/2690 Art. 3(1)(e)",
    source: "2024/2690",
  },
  {
    id: "recurringIncidents",
    question: "Is this one of at least two incidents within six months with the same apparent root cause that together meet the financial-loss criterion?",
    help: "Individually non-significant incidents count as one significant incident under these conditions.",
    basis: "Reg. (EU) 2024/2690 Art. 3(1)(f), Art. 4",
    source: "2024/2690",
  },
  {
    id: "entitySpecificCriteria",
    question: "Does the incident meet an entity-specific criterion of Reg. 2024/2690 Arts. 5–14 for your service type?",
    help: "E.g. for cloud computing services (Art. 7): a service completely unavailable for more than 30 minutes. Read the article for your service type.",
    basis: "Reg. (EU) 2024/2690 Art. 3(1)(g), Arts. 5–14",
    source: "2024/2690",
    onlyFor: "reg_2024_2690_entity",
  },
  {
    id: "scheduledMaintenanceOnly",
    question: "Is the disruption solely a scheduled interruption or the planned consequence of scheduled maintenance?",
    help: "Such interruptions are not significant incidents under Reg. 2024/2690 Art. 3(2).",
    basis: "Reg. (EU) 2024/2690 Art. 3(2)",
    source: "2024/2690",
  },
];

const answer = z.enum(["yes", "no", "unknown"]);

export const significanceInputSchema = z
  .object({
    entityType: z.enum(["medical_device_manufacturer", "reg_2024_2690_entity"]),
    annualTurnoverEur: z.number().nonnegative().optional(),
    answers: z.partialRecord(z.enum(QUESTION_IDS), answer).default({}),
    impact: impactSchema.optional(),
    facts: incidentFactsSchema.default({ memberStatesAffected: [] }),
  })
  .strict();
export type SignificanceInput = z.input<typeof significanceInputSchema>;

export type DecidingCriterion = {
  id: QuestionId | "financialLossThreshold";
  basis: string;
  /** False when the criterion comes from 2024/2690 and the entity is not of a type it binds. */
  binding: boolean;
  statement: string;
};

export type SignificanceOutcome = "significant" | "not_significant" | "undetermined";

export const OUTCOME_LABELS: Record<SignificanceOutcome, string> = {
  significant: "significant — report",
  not_significant: "not significant — keep record",
  undetermined: "undetermined — answer the open questions",
};

export type SignificanceProposal = {
  state: "proposed";
  outcome: SignificanceOutcome;
  label: string;
  entityType: EntityType;
  decidingCriteria: DecidingCriterion[];
  reasoning: string[];
  openQuestions: QuestionId[];
  /** What the impact model and facts suggest, without deciding. */
  hints: string[];
  /** Answers that contradict the impact model or each other: review before confirming. */
  warnings: string[];
};

export type SignificanceDecision = Omit<SignificanceProposal, "state" | "outcome" | "label"> & {
  state: "confirmed";
  outcome: "significant" | "not_significant";
  label: string;
  proposedOutcome: SignificanceOutcome;
  overridden: boolean;
  confirmedBy: string;
  confirmedAt: string;
  rationale?: string;
};

/** The questions that apply to an entity type, in the order to ask them. */
export function significanceQuestions(entityType: EntityType): SignificanceQuestion[] {
  return SIGNIFICANCE_QUESTIONS.filter((q) => q.onlyFor === undefined || q.onlyFor === entityType);
}

/** Reg. 2024/2690 Art. 3(1)(a): EUR 500 000 or 5 % of the preceding year's turnover, whichever is lower. */
export function financialLossThresholdEur(annualTurnoverEur: number | undefined): number {
  return annualTurnoverEur === undefined ? 500_000 : Math.min(500_000, 0.05 * annualTurnoverEur);
}

const eur = (n: number) => `EUR ${Math.round(n).toLocaleString("en-GB")}`;

function impactHints(impact: ImpactModel | undefined, answers: Partial<Record<QuestionId, Answer>>) {
  const hints: string[] = [];
  const warnings: string[] = [];
  if (!impact) return { hints, warnings };
  const check = (cond: boolean, hint: string, question: QuestionId) => {
    if (!cond) return;
    hints.push(hint);
    if (answers[question] === "no") {
      warnings.push(`${hint} — but "${question}" is answered no; review before confirming.`);
    }
  };
  check(
    atLeast(impact.availability.severity, "high"),
    `Availability impact is ${impact.availability.severity}: points to severe operational disruption (Art. 23(3)(a))`,
    "severeOperationalDisruption",
  );
  check(
    atLeast(impact.patientSafety.severity, "high"),
    `Patient-safety impact is ${impact.patientSafety.severity}: points to considerable damage to health (2024/2690 Art. 3(1)(d)) and damage to others (Art. 23(3)(b)); check MDR/IVDR vigilance too`,
    "considerableDamageToHealth",
  );
  check(
    atLeast(impact.confidentiality.severity, "high"),
    `Confidentiality impact is ${impact.confidentiality.severity}: points to damage to others (Art. 23(3)(b)); check GDPR if personal data is involved`,
    "considerableDamageToOthers",
  );
  check(
    atLeast(impact.integrity.severity, "high"),
    `Integrity impact is ${impact.integrity.severity}: tampered device data or software can damage others (Art. 23(3)(b))`,
    "considerableDamageToOthers",
  );
  return { hints, warnings };
}

/** Proposes a significance outcome from the answers, the impact model and the facts. */
export function assessSignificance(raw: unknown): SignificanceProposal {
  const parsed = significanceInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new IncidentInputError(parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })));
  }
  const input = parsed.data;
  const bindsRegulation = input.entityType === "reg_2024_2690_entity";
  const questions = significanceQuestions(input.entityType);
  const answers = input.answers as Partial<Record<QuestionId, Answer>>;
  const deciding: DecidingCriterion[] = [];
  const reasoning: string[] = [];
  const open: QuestionId[] = [];

  if (!bindsRegulation) {
    reasoning.push(
      "Reg. 2024/2690 criteria do not bind a medical device manufacturer; where they are met they are used as indicators for Art. 23(3).",
    );
  }

  for (const q of questions) {
    if (q.id === "scheduledMaintenanceOnly") continue;
    const a = answers[q.id] ?? "unknown";
    if (a === "yes") {
      const binding = q.source === "nis2" || bindsRegulation;
      deciding.push({ id: q.id, basis: q.basis, binding, statement: q.question.replace(/\?$/, ": yes") });
    } else if (a === "unknown") {
      open.push(q.id);
    }
  }

  const loss = input.facts.financialLossEur;
  if (loss !== undefined) {
    const threshold = financialLossThresholdEur(input.annualTurnoverEur);
    const over = loss > threshold;
    reasoning.push(
      `Estimated financial loss ${eur(loss)} is ${over ? "above" : "not above"} the Reg. 2024/2690 Art. 3(1)(a) threshold of ${eur(threshold)}${input.annualTurnoverEur === undefined ? " (turnover unknown: EUR 500 000 used)" : ""}.`,
    );
    if (over) {
      deciding.push({
        id: "financialLossThreshold",
        basis: "Reg. (EU) 2024/2690 Art. 3(1)(a)",
        binding: bindsRegulation,
        statement: `Direct financial loss ${eur(loss)} exceeds ${eur(threshold)}`,
      });
    }
  }

  const { hints, warnings } = impactHints(input.impact, answers);
  if (input.facts.suspectedMalicious) hints.push("A malicious act is suspected: say so in the early warning (Art. 23(4)(a)).");
  if (hasCrossBorderIndication(input.facts)) {
    hints.push("Possible cross-border impact: say so in the early warning (Art. 23(4)(a)) and the final report (Art. 23(4)(d)(iv)).");
  }

  const maintenance = answers.scheduledMaintenanceOnly ?? "unknown";
  let outcome: SignificanceOutcome;
  if (maintenance === "yes" && deciding.length > 0) {
    outcome = "undetermined";
    warnings.push(
      "The disruption is declared solely scheduled maintenance (Reg. 2024/2690 Art. 3(2)), yet significance criteria are met: resolve the contradiction.",
    );
  } else if (maintenance === "yes") {
    outcome = "not_significant";
    reasoning.push("Solely a scheduled interruption or planned consequence of scheduled maintenance (Reg. 2024/2690 Art. 3(2)).");
  } else if (deciding.length > 0) {
    outcome = "significant";
    reasoning.push(
      `Significant because: ${deciding.map((d) => `${d.basis}${d.binding ? "" : " (indicator)"}`).join("; ")}. One criterion is enough.`,
    );
  } else if (open.length > 0) {
    outcome = "undetermined";
    reasoning.push(`No criterion is met yet, but ${open.length} question(s) are unanswered; "capable of causing" counts, so answer them before deciding.`);
  } else {
    outcome = "not_significant";
    reasoning.push("No criterion of Art. 23(3) (or of Reg. 2024/2690 Art. 3) is met: keep a record of the incident and this assessment.");
  }

  return {
    state: "proposed",
    outcome,
    label: OUTCOME_LABELS[outcome],
    entityType: input.entityType,
    decidingCriteria: deciding,
    reasoning,
    openQuestions: open,
    hints,
    warnings,
  };
}

/**
 * Records a person's decision on a proposal. Accepting keeps the proposed outcome; choosing another
 * outcome (or deciding an undetermined proposal) needs a rationale, which is kept with the decision.
 */
export function confirmSignificance(
  proposal: SignificanceProposal,
  decision: { by: string; at: string; outcome?: "significant" | "not_significant"; rationale?: string },
): SignificanceDecision {
  const issues: { path: string; message: string }[] = [];
  if (!decision.by.trim()) issues.push({ path: "by", message: "who confirms the decision is required" });
  if (Number.isNaN(Date.parse(decision.at))) issues.push({ path: "at", message: "must be an ISO 8601 date-time" });
  const outcome = decision.outcome ?? (proposal.outcome === "undetermined" ? undefined : proposal.outcome);
  if (outcome === undefined) {
    issues.push({ path: "outcome", message: "the proposal is undetermined: choose significant or not_significant" });
  }
  const overridden = outcome !== proposal.outcome;
  if (overridden && !decision.rationale?.trim()) {
    issues.push({
      path: "rationale",
      message: `deciding "${outcome}" against the proposal "${proposal.outcome}" needs a rationale`,
    });
  }
  if (issues.length > 0 || outcome === undefined) throw new IncidentInputError(issues);
  const { state: _state, outcome: _proposed, label: _label, ...rest } = proposal;
  return {
    ...rest,
    state: "confirmed",
    outcome,
    label: OUTCOME_LABELS[outcome],
    proposedOutcome: proposal.outcome,
    overridden,
    confirmedBy: decision.by,
    confirmedAt: new Date(decision.at).toISOString(),
    ...(decision.rationale?.trim() ? { rationale: decision.rationale.trim() } : {}),
  };
}
