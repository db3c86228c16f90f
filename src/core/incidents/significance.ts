import { z } from "zod";
import { formatIssuePath, IncidentInputError } from "./clock-input";
import { atLeast, hasCrossBorderIndication, type ImpactModel, impactSchema, incidentFactsSchema } from "./impact";

/**
 * Guided significance assessment. NIS2 Art. 23(3) decides for every entity. The criteria of Implementing Regulation
 * (EU) 2024/2690 Art. 3–4 and 5–14 decide only for the entity types it lists (cloud, data centre, MSP, …) and only for
 * incidents affecting that service; for anyone else, e.g. a medical device manufacturer, they are shown as guidance
 * and never decide. The result is a proposal a person confirms.
 */

/** `reg_2024_2690_entity`: the organisation provides a service of a type Reg. 2024/2690 Art. 1 lists. */
export type EntityType = "medical_device_manufacturer" | "reg_2024_2690_entity";
export type Answer = "yes" | "no" | "unknown";
/** `nis2_art23_3`: the Directive's criteria; `cir_2024_2690`: the Implementing Regulation's. */
export type CriterionSource = "nis2_art23_3" | "cir_2024_2690";

export type SignificanceQuestion = {
  id: QuestionId;
  question: string;
  help: string;
  basis: string;
  /** The legal text the question rests on (quoted or closely paraphrased). */
  legalText: string;
  source: CriterionSource;
  /** Asked only of 2024/2690 entity types. */
  onlyFor?: EntityType;
  /** Not a significance criterion itself: scopes or excludes the Regulation's criteria. */
  role?: "scope" | "exclusion";
};

export const QUESTION_IDS = [
  "severeOperationalDisruption",
  "financialLossForEntity",
  "considerableDamageToOthers",
  "affectsCoveredService",
  "tradeSecretsExfiltrated",
  "deathOfNaturalPerson",
  "considerableDamageToHealth",
  "maliciousUnauthorisedAccess",
  "recurringIncidents",
  "entitySpecificCriteria",
  "scheduledMaintenanceOnly",
] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

const CIR = "Reg. (EU) 2024/2690";
const ART_23_3_A =
  "An incident shall be considered to be significant if: (a) it has caused or is capable of causing severe operational disruption of the services or financial loss for the entity concerned;";
const ART_23_3_B =
  "An incident shall be considered to be significant if: (b) it has affected or is capable of affecting other natural or legal persons by causing considerable material or non-material damage.";

export const SIGNIFICANCE_QUESTIONS: readonly SignificanceQuestion[] = [
  {
    id: "severeOperationalDisruption",
    question: "Has the incident caused, or is it capable of causing, severe operational disruption of the services?",
    help: "Think of production, distribution, device servicing, update or cloud services to customers. 'Capable of' counts: a contained ransomware outbreak that could have stopped production qualifies.",
    basis: "NIS2 Art. 23(3)(a)",
    legalText: ART_23_3_A,
    source: "nis2_art23_3",
  },
  {
    id: "financialLossForEntity",
    question: "Has the incident caused, or is it capable of causing, severe financial loss for the entity?",
    help: "Art. 23(3)(a): a loss that is severe for your organisation, judged against its size and finances, not any loss. The EUR 500 000 / 5 % threshold of Reg. 2024/2690 Art. 3(1)(a) decides only for that Regulation's entity types; for others it is guidance.",
    basis: "NIS2 Art. 23(3)(a)",
    legalText: ART_23_3_A,
    source: "nis2_art23_3",
  },
  {
    id: "considerableDamageToOthers",
    question: "Has it affected, or could it affect, other natural or legal persons by causing considerable material or non-material damage?",
    help: "Hospitals, patients, distributors: e.g. devices unavailable for treatment, patient data disclosed, tampered device data.",
    basis: "NIS2 Art. 23(3)(b)",
    legalText: ART_23_3_B,
    source: "nis2_art23_3",
  },
  {
    id: "affectsCoveredService",
    question: "Does the incident affect the service for which Reg. 2024/2690 applies to you (e.g. your cloud computing service)?",
    help: "The Regulation's criteria decide only for incidents affecting a service of the types it lists (Art. 1); an incident in, say, your device production is judged by NIS2 Art. 23(3) alone.",
    basis: `${CIR} Art. 1, Art. 3(1)`,
    legalText:
      "This Regulation lays down, with regard to DNS service providers, TLD name registries, cloud computing service providers, data centre service providers, content delivery network providers, managed service providers, managed security service providers, providers of online market places, of online search engines and of social networking services platforms, and trust service providers (the relevant entities), the cases in which an incident shall be considered to be significant as referred to in Article 23(3) of Directive (EU) 2022/2555.",
    source: "cir_2024_2690",
    onlyFor: "reg_2024_2690_entity",
    role: "scope",
  },
  {
    id: "tradeSecretsExfiltrated",
    question: "Has it caused, or could it cause, exfiltration of trade secrets?",
    help: "Trade secrets as defined in Directive (EU) 2016/943 Art. 2(1): e.g. design files, source code, technical documentation.",
    basis: `${CIR} Art. 3(1)(b)`,
    legalText: "the incident has caused or is capable of causing the exfiltration of trade secrets as referred to in Article 2, point (1), of Directive (EU) 2016/943;",
    source: "cir_2024_2690",
  },
  {
    id: "deathOfNaturalPerson",
    question: "Has it caused, or could it cause, the death of a natural person?",
    help: "For a device manufacturer this overlaps with MDR/IVDR serious incidents: a device malfunction that could be fatal is also considerable damage to others under Art. 23(3)(b).",
    basis: `${CIR} Art. 3(1)(c)`,
    legalText: "the incident has caused or is capable of causing the death of a natural person;",
    source: "cir_2024_2690",
  },
  {
    id: "considerableDamageToHealth",
    question: "Has it caused, or could it cause, considerable damage to a natural person's health?",
    help: "Compare with the patient-safety axis of the impact. Overlaps with MDR/IVDR 'serious deterioration of health' and with Art. 23(3)(b).",
    basis: `${CIR} Art. 3(1)(d)`,
    legalText: "the incident has caused or is capable of causing considerable damage to a natural person's health;",
    source: "cir_2024_2690",
  },
  {
    id: "maliciousUnauthorisedAccess",
    question: "Did a successful, suspectedly malicious and unauthorised access to network and information systems occur that is capable of causing severe operational disruption?",
    help: "All three together: the access succeeded, it is suspected to be malicious, and it could severely disrupt operations.",
    basis: `${CIR} Art. 3(1)(e)`,
    legalText:
      "a successful, suspectedly malicious and unauthorised access to network and information systems occurred, which is capable of causing severe operational disruption;",
    source: "cir_2024_2690",
  },
  {
    id: "recurringIncidents",
    question: "Is this one of at least two incidents within six months with the same apparent root cause that together meet the financial-loss criterion?",
    help: "Individually non-significant incidents count as one significant incident under these conditions.",
    basis: `${CIR} Art. 3(1)(f), Art. 4`,
    legalText:
      "Incidents that individually are not considered significant shall be considered collectively as one significant incident where they have occurred at least twice within 6 months, have the same apparent root cause and collectively meet the criteria set out in Article 3(1), point (a).",
    source: "cir_2024_2690",
  },
  {
    id: "entitySpecificCriteria",
    question: "Does the incident meet an entity-specific criterion of Reg. 2024/2690 Arts. 5–14 for your service type?",
    help: "E.g. for cloud computing services (Art. 7): a service completely unavailable for more than 30 minutes. Read the article for your service type.",
    basis: `${CIR} Art. 3(1)(g), Arts. 5–14`,
    legalText: "the incident meets one or more of the criteria set out in Articles 5 to 14.",
    source: "cir_2024_2690",
    onlyFor: "reg_2024_2690_entity",
  },
  {
    id: "scheduledMaintenanceOnly",
    question: "Is the disruption solely a scheduled interruption or the planned consequence of scheduled maintenance?",
    help: "Reg. 2024/2690 Art. 3(2) excludes such interruptions for its entity types; it does not replace the Art. 23(3) questions for anyone else.",
    basis: `${CIR} Art. 3(2)`,
    legalText:
      "Scheduled interruptions of service and the foreseen consequences of planned maintenance operations carried out by or on behalf of the relevant entities shall not be considered significant incidents.",
    source: "cir_2024_2690",
    role: "exclusion",
  },
];

const FINANCIAL_THRESHOLD = {
  basis: `${CIR} Art. 3(1)(a)`,
  legalText:
    "the incident has caused or is capable of causing direct financial loss for the relevant entity that exceeds EUR 500 000 or 5 % of the relevant entity's total annual turnover in the preceding financial year, whichever is lower;",
};

const answer = z.enum(["yes", "no", "unknown"], { error: 'must be "yes", "no" or "unknown"' });

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
  /** Always true for a deciding criterion; guidance criteria are listed in `criteria` only. */
  binding: boolean;
  statement: string;
};

/** One criterion as the assessment judged it: its legal text, the answer, and whether (and why) it binds. */
export type CriterionView = {
  id: QuestionId | "financialLossThreshold";
  source: CriterionSource;
  basis: string;
  legalText: string;
  answer: Answer;
  binding: boolean;
  why: string;
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
  /** Binding criteria that are met; one is enough for "significant". */
  decidingCriteria: DecidingCriterion[];
  /** Every criterion with its legal text and whether it binds this organisation. Absent in assessments stored before it existed. */
  criteria?: CriterionView[];
  reasoning: string[];
  /** Unanswered questions that can still change the outcome. */
  openQuestions: QuestionId[];
  /** What the impact model, the facts and guidance criteria suggest, without deciding. */
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

/**
 * Whether a question decides the outcome: the Directive's always; the Regulation's only for its entity types and
 * only when the incident affects the covered service (`affectsCoveredService` not answered no).
 */
export function questionBinds(q: Pick<SignificanceQuestion, "source" | "role">, entityType: EntityType, affectsCoveredService: Answer = "unknown"): {
  binding: boolean;
  why: string;
} {
  if (q.source === "nis2_art23_3") return { binding: true, why: "NIS2 Art. 23(3) applies to every essential and important entity." };
  if (q.role === "scope") return { binding: true, why: "Decides whether the Regulation's criteria apply to this incident." };
  if (entityType === "medical_device_manufacturer") {
    return {
      binding: false,
      why: "Guidance only: Reg. 2024/2690 sets significance criteria only for the entity types of its Art. 1, and the organisation provides none of them; NIS2 Art. 23(3) decides.",
    };
  }
  if (affectsCoveredService === "no") {
    return {
      binding: false,
      why: "Guidance only: the incident does not affect the service for which the organisation is a Reg. 2024/2690 entity; NIS2 Art. 23(3) decides.",
    };
  }
  return {
    binding: true,
    why:
      affectsCoveredService === "yes"
        ? "Binding: the organisation provides a service of a Reg. 2024/2690 Art. 1 type and the incident affects it."
        : "Binding if the incident affects the organisation's Reg. 2024/2690 service (not yet answered).",
  };
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
    `Patient-safety impact is ${impact.patientSafety.severity}: points to considerable damage to others (Art. 23(3)(b)) and to health (2024/2690 Art. 3(1)(d)); check MDR/IVDR vigilance too`,
    "considerableDamageToOthers",
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
  const answers = input.answers as Partial<Record<QuestionId, Answer>>;
  const affects: Answer = input.entityType === "reg_2024_2690_entity" ? (answers.affectsCoveredService ?? "unknown") : "no";
  const regulationDecides = input.entityType === "reg_2024_2690_entity" && affects !== "no";
  const deciding: DecidingCriterion[] = [];
  const guidance: string[] = [];
  const criteria: CriterionView[] = [];
  const reasoning: string[] = [];
  const openDirective: QuestionId[] = [];
  const openRegulation: QuestionId[] = [];

  if (!regulationDecides) {
    reasoning.push(
      input.entityType === "medical_device_manufacturer"
        ? "Judged by NIS2 Art. 23(3) alone: the Reg. 2024/2690 criteria bind only the entity types of its Art. 1 and are shown as guidance."
        : "Judged by NIS2 Art. 23(3) alone: the incident does not affect the organisation's Reg. 2024/2690 service, so that Regulation's criteria are guidance.",
    );
  }

  for (const q of significanceQuestions(input.entityType)) {
    const a = answers[q.id] ?? "unknown";
    const { binding, why } = questionBinds(q, input.entityType, affects);
    criteria.push({ id: q.id, source: q.source, basis: q.basis, legalText: q.legalText, answer: a, binding, why });
    if (q.role) {
      if (a === "unknown" && binding && q.role === "scope") openRegulation.push(q.id);
      continue;
    }
    const statement = q.question.replace(/\?$/, ": yes");
    if (a === "yes") {
      if (binding) deciding.push({ id: q.id, basis: q.basis, binding: true, statement });
      else guidance.push(`${q.basis} (guidance, does not decide): ${statement}`);
    } else if (a === "unknown" && binding) {
      (q.source === "nis2_art23_3" ? openDirective : openRegulation).push(q.id);
    }
  }

  const loss = input.facts.financialLossEur;
  if (loss !== undefined) {
    const threshold = financialLossThresholdEur(input.annualTurnoverEur);
    const over = loss > threshold;
    const { binding, why } = questionBinds({ source: "cir_2024_2690" }, input.entityType, affects);
    criteria.push({ id: "financialLossThreshold", source: "cir_2024_2690", ...FINANCIAL_THRESHOLD, answer: over ? "yes" : "no", binding, why });
    const comparison = `Estimated financial loss ${eur(loss)} is ${over ? "above" : "not above"} the Reg. 2024/2690 Art. 3(1)(a) threshold of ${eur(threshold)}${input.annualTurnoverEur === undefined ? " (turnover unknown: EUR 500 000 used)" : ""}`;
    if (binding) {
      reasoning.push(`${comparison}.`);
      if (over) deciding.push({ id: "financialLossThreshold", ...FINANCIAL_THRESHOLD, binding: true, statement: `Direct financial loss ${eur(loss)} exceeds ${eur(threshold)}` });
    } else {
      reasoning.push(`${comparison}; that threshold does not bind this organisation: whether the loss is severe for the entity is the Art. 23(3)(a) question.`);
    }
  }

  const { hints, warnings } = impactHints(input.impact, answers);
  hints.push(...guidance.map((g) => `${g} — consider whether it amounts to an Art. 23(3) criterion.`));
  if (input.facts.suspectedMalicious) hints.push("A malicious act is suspected: say so in the early warning (Art. 23(4)(a)).");
  if (hasCrossBorderIndication(input.facts)) {
    hints.push("Possible cross-border impact: say so in the early warning (Art. 23(4)(a)) and the final report (Art. 23(4)(d)(iv)).");
  }

  const maintenance = answers.scheduledMaintenanceOnly ?? "unknown";
  const directiveMet = deciding.some((d) => d.basis.startsWith("NIS2"));
  const regulationPending = criteria.some((c) => c.source === "cir_2024_2690" && c.id !== "affectsCoveredService" && c.id !== "scheduledMaintenanceOnly" && c.answer !== "no");
  const open = [
    ...openDirective,
    ...(regulationDecides ? openRegulation.filter((id) => id !== "affectsCoveredService" || regulationPending) : []),
  ];
  const healthHarm = (["deathOfNaturalPerson", "considerableDamageToHealth"] as const).filter((id) => answers[id] === "yes");
  if (healthHarm.length > 0 && answers.considerableDamageToOthers === "no") {
    warnings.push(
      `"${healthHarm.join('", "')}" is answered yes, but "considerableDamageToOthers" (NIS2 Art. 23(3)(b)) no: harm to a person's life or health is usually considerable damage to others; review before confirming.`,
    );
  }
  let outcome: SignificanceOutcome;
  if (regulationDecides && maintenance === "yes" && deciding.length > 0) {
    outcome = "undetermined";
    warnings.push(
      "The disruption is declared solely scheduled maintenance (Reg. 2024/2690 Art. 3(2)), yet significance criteria are met: resolve the contradiction.",
    );
  } else if (directiveMet || (deciding.length > 0 && affects === "yes")) {
    outcome = "significant";
    reasoning.push(`Significant because: ${deciding.map((d) => d.basis).join("; ")}. One criterion is enough.`);
  } else if (deciding.length > 0) {
    outcome = "undetermined";
    reasoning.push(
      `A Reg. 2024/2690 criterion is met (${deciding.map((d) => d.basis).join("; ")}); it decides only if the incident affects the service covered by that Regulation: answer "affectsCoveredService".`,
    );
  } else if (regulationDecides && maintenance === "yes" && openDirective.length === 0) {
    outcome = "not_significant";
    reasoning.push("Solely a scheduled interruption or planned consequence of scheduled maintenance (Reg. 2024/2690 Art. 3(2)), and no Art. 23(3) criterion is met.");
  } else if (open.length > 0) {
    outcome = "undetermined";
    reasoning.push(`No criterion is met yet, but ${open.length} question(s) that decide are unanswered; "capable of causing" counts, so answer them before deciding.`);
  } else {
    outcome = "not_significant";
    reasoning.push(
      regulationDecides
        ? "No criterion of NIS2 Art. 23(3) or of Reg. 2024/2690 Art. 3 is met: keep a record of the incident and this assessment."
        : "No criterion of NIS2 Art. 23(3) is met: keep a record of the incident and this assessment.",
    );
  }
  if (!regulationDecides && maintenance === "yes") {
    hints.push("Scheduled maintenance (Reg. 2024/2690 Art. 3(2)) is no exclusion for this organisation: the Art. 23(3) answers decide.");
  }

  return {
    state: "proposed",
    outcome,
    label: OUTCOME_LABELS[outcome],
    entityType: input.entityType,
    decidingCriteria: deciding,
    criteria,
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
