export {
  CLINICAL_QUESTIONS,
  type ClinicalAnswers,
  type ClinicalQuestion,
  type ClinicalRescoring,
  type ClinicalRescoringResult,
  type RescoringEffect,
  rescoreForClinicalContext,
} from "./clinical-rescoring";
export {
  type CvssParseResult,
  type CvssScore,
  type CvssSeverity,
  type CvssVersion,
  cvssBaseScore,
  cvssSeverity,
  type ParseCvssOptions,
  parseCvss,
} from "./cvss";
export {
  BASIS as DEADLINE_BASIS,
  DEFAULT_SLA,
  type Deadline,
  type DeadlineId,
  type DeadlineInput,
  type RemediationPlan,
  type RemediationPlanResult,
  remediationPlan,
  type SlaConfig,
} from "./deadlines";
export {
  assessPriority,
  DEFAULT_PRIORITY_CONFIG,
  type EpssBand,
  type Exposure,
  type Iec62304SafetyClass,
  type MdrRiskClass,
  PRIORITIES,
  type Priority,
  type PriorityAssessment,
  type PriorityConfig,
  type PriorityFactor,
  type PriorityFactorName,
  type PriorityInput,
  priorityConfig,
} from "./priority";
export { type TriageInput, type TriageResult, triageFinding } from "./triage";
