import { type CvssScore, parseCvss } from "./cvss";

/**
 * Guided rescoring of a CVSS v3.1 vector for the clinical context of a medical device.
 *
 * Written in the spirit of applying CVSS to medical devices (as the MITRE rubric does), but the
 * question set and the mapping below are Vigil's own: they do not reproduce that rubric.
 * The base metrics are never changed. The answers set CVSS v3.1 environmental metrics
 * (security requirements CR/IR/AR and the modified attack vector MAV), which is what CVSS
 * provides for "this vulnerability in this deployment". The adjusted score is the
 * environmental score; the original vector and score are kept beside it.
 */

export type Level = "L" | "M" | "H";

export interface ClinicalAnswers {
  /** Could exploitation contribute to harm to a patient? */
  patientHarm: "none" | "indirect" | "direct";
  /** What does the affected function do clinically? */
  clinicalFunction: "therapy" | "monitoring" | "diagnosis" | "non_clinical";
  /** Could exploitation disclose personal health information, and how much? */
  phiExposure: "none" | "single_patient" | "many_patients";
  /** If the function is lost, what happens to the clinical workflow? */
  workflowImpact: "none" | "degraded" | "halted";
  /** From where can an attacker actually reach the vulnerable interface in a hospital deployment? */
  attackerReach: "as_scored" | "internet" | "hospital_network" | "segmented_clinical_network" | "local" | "physical";
}

export interface ClinicalQuestion<K extends keyof ClinicalAnswers = keyof ClinicalAnswers> {
  id: K;
  question: string;
  options: Array<{ value: ClinicalAnswers[K]; label: string }>;
}

export const CLINICAL_QUESTIONS: ClinicalQuestion[] = [
  {
    id: "patientHarm",
    question: "Could exploitation of this vulnerability contribute to harm to a patient?",
    options: [
      { value: "none", label: "No plausible path to patient harm" },
      {
        value: "indirect",
        label: "Indirectly: delayed or wrong diagnosis, missed alarm, delayed treatment",
      },
      { value: "direct", label: "Directly: wrong or withheld therapy, energy or drug delivery" },
    ],
  },
  {
    id: "clinicalFunction",
    question: "What clinical function does the affected component serve?",
    options: [
      { value: "therapy", label: "Delivers or controls therapy" },
      { value: "monitoring", label: "Monitors a patient or raises alarms" },
      { value: "diagnosis", label: "Produces data used for diagnosis" },
      { value: "non_clinical", label: "No clinical function (administration, logging, service tools)" },
    ],
  },
  {
    id: "phiExposure",
    question: "Could exploitation disclose personal health information?",
    options: [
      { value: "none", label: "No health data reachable" },
      { value: "single_patient", label: "Data of the patient currently connected" },
      { value: "many_patients", label: "Stored or aggregated data of many patients" },
    ],
  },
  {
    id: "workflowImpact",
    question: "If the affected function becomes unavailable, what happens to the clinical workflow?",
    options: [
      { value: "none", label: "No effect on care" },
      { value: "degraded", label: "Care continues with a workaround or backup device" },
      { value: "halted", label: "Care stops or must move elsewhere; no practical workaround" },
    ],
  },
  {
    id: "attackerReach",
    question: "From where can an attacker reach the vulnerable interface as the device is deployed in a hospital?",
    options: [
      { value: "as_scored", label: "As the base vector says (no deployment-specific knowledge)" },
      { value: "internet", label: "From the internet (remote access, cloud connection)" },
      { value: "hospital_network", label: "From the routed hospital network" },
      {
        value: "segmented_clinical_network",
        label: "Only from a segmented clinical network segment (same VLAN / adjacent)",
      },
      { value: "local", label: "Only with a local session on the device" },
      { value: "physical", label: "Only with physical access to the device" },
    ],
  },
];

export interface RescoringEffect {
  question: keyof ClinicalAnswers;
  answer: string;
  /** Environmental metrics this answer asks for, e.g. ["IR:H", "AR:H"]. */
  metrics: string[];
  rationale: string;
}

export interface ClinicalRescoring {
  original: CvssScore;
  adjusted: CvssScore;
  /** The environmental score of the adjusted vector (what the priority model should use when rescored). */
  adjustedScore: number;
  answers: ClinicalAnswers;
  effects: RescoringEffect[];
}

export type ClinicalRescoringResult = { ok: true; rescoring: ClinicalRescoring } | { ok: false; error: string };

const LEVEL_ORDER: Level[] = ["L", "M", "H"];
const maxLevel = (a: Level, b: Level): Level => (LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b);

type Requirements = { CR: Level; IR: Level; AR: Level };

function effectsFor(a: ClinicalAnswers): { effects: RescoringEffect[]; req: Requirements; mav?: string } {
  const effects: RescoringEffect[] = [];
  const req: Requirements = { CR: "L", IR: "L", AR: "L" };
  const raise = (key: keyof Requirements, level: Level) => {
    req[key] = maxLevel(req[key], level);
  };
  const add = (question: keyof ClinicalAnswers, metrics: string[], rationale: string) =>
    effects.push({ question, answer: String(a[question]), metrics, rationale });

  switch (a.patientHarm) {
    case "direct":
      raise("IR", "H");
      raise("AR", "H");
      add("patientHarm", ["IR:H", "AR:H"], "tampering with or losing the function can injure a patient directly");
      break;
    case "indirect":
      raise("IR", "M");
      raise("AR", "M");
      add("patientHarm", ["IR:M", "AR:M"], "wrong or missing information can delay or misdirect care");
      break;
    case "none":
      add("patientHarm", [], "no path to patient harm: requirements stay at their lowest unless raised elsewhere");
      break;
  }

  switch (a.clinicalFunction) {
    case "therapy":
      raise("IR", "H");
      raise("AR", "H");
      add("clinicalFunction", ["IR:H", "AR:H"], "therapy delivery depends on correct commands and continuous operation");
      break;
    case "monitoring":
      raise("IR", "M");
      raise("AR", "H");
      add("clinicalFunction", ["IR:M", "AR:H"], "a monitor that stops or is silenced misses deterioration and alarms");
      break;
    case "diagnosis":
      raise("IR", "H");
      raise("AR", "M");
      add("clinicalFunction", ["IR:H", "AR:M"], "altered measurements or images lead to wrong clinical decisions");
      break;
    case "non_clinical":
      add("clinicalFunction", [], "no clinical function: no requirement raised");
      break;
  }

  switch (a.phiExposure) {
    case "many_patients":
      raise("CR", "H");
      add("phiExposure", ["CR:H"], "bulk disclosure of health data of many patients");
      break;
    case "single_patient":
      raise("CR", "M");
      add("phiExposure", ["CR:M"], "disclosure limited to the connected patient's data");
      break;
    case "none":
      add("phiExposure", ["CR:L"], "no health data reachable: confidentiality matters little clinically");
      break;
  }

  switch (a.workflowImpact) {
    case "halted":
      raise("AR", "H");
      add("workflowImpact", ["AR:H"], "care stops without the function");
      break;
    case "degraded":
      raise("AR", "M");
      add("workflowImpact", ["AR:M"], "a workaround exists but care is slowed");
      break;
    case "none":
      add("workflowImpact", [], "availability loss does not affect care");
      break;
  }

  const mavByReach: Record<ClinicalAnswers["attackerReach"], string | undefined> = {
    as_scored: undefined,
    internet: "N",
    hospital_network: "N",
    segmented_clinical_network: "A",
    local: "L",
    physical: "P",
  };
  const mav = mavByReach[a.attackerReach];
  const reachRationale: Record<ClinicalAnswers["attackerReach"], string> = {
    as_scored: "attack vector kept as in the base vector",
    internet: "reachable from the internet: network attack vector",
    hospital_network: "a routed hospital network counts as network attack vector (many hosts, often flat)",
    segmented_clinical_network: "only adjacent hosts on the clinical segment can reach it",
    local: "needs a local session on the device",
    physical: "needs hands on the device",
  };
  add("attackerReach", mav ? [`MAV:${mav}`] : [], reachRationale[a.attackerReach]);

  return { effects, req, mav };
}

function checkAnswers(answers: unknown): string | null {
  if (typeof answers !== "object" || answers === null) return "answers must be an object";
  const record = answers as Record<string, unknown>;
  for (const q of CLINICAL_QUESTIONS) {
    const value = record[q.id];
    const allowed = q.options.map((o) => o.value as string);
    if (typeof value !== "string" || !allowed.includes(value)) {
      return `answer to ${q.id} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`;
    }
  }
  return null;
}

/** Rescore a CVSS v3.1 vector for the device's clinical context. Existing environmental metrics are replaced. */
export function rescoreForClinicalContext(vector: string, answers: ClinicalAnswers): ClinicalRescoringResult {
  const answerError = checkAnswers(answers);
  if (answerError) return { ok: false, error: answerError };
  const original = parseCvss(vector, { assumeVersion: "3.1" });
  if (!original.ok) return { ok: false, error: original.error };
  if (original.score.version !== "3.1") {
    return { ok: false, error: `clinical rescoring needs a CVSS 3.1 vector, got CVSS ${original.score.version}` };
  }

  const environmental = new Set(["CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA"]);
  const kept = original.score.vector.split("/").filter((part) => !environmental.has(part.split(":")[0]));
  const { effects, req, mav } = effectsFor(answers);
  const added = [`CR:${req.CR}`, `IR:${req.IR}`, `AR:${req.AR}`, ...(mav ? [`MAV:${mav}`] : [])];
  const adjusted = parseCvss([...kept, ...added].join("/"));
  if (!adjusted.ok) return { ok: false, error: `adjusted vector invalid: ${adjusted.error}` };

  return {
    ok: true,
    rescoring: {
      original: original.score,
      adjusted: adjusted.score,
      adjustedScore: adjusted.score.environmentalScore ?? adjusted.score.overallScore,
      answers: { ...answers },
      effects,
    },
  };
}
