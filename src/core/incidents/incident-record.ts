import type { IncidentFacts, ImpactModel, Severity } from "./impact";
import type { SignificanceDecision, SignificanceProposal } from "./significance";

export type IndicatorOfCompromise = {
  /** e.g. "ipv4", "domain", "sha256", "url", "email", "filename" */
  type: string;
  value: string;
  note?: string;
};

/** What the report builders need to know about an incident. Everything not known yet may be left out. */
export type IncidentRecord = {
  id: string;
  title: string;
  entity: {
    name: string;
    address?: string;
    contact?: { name?: string; email?: string; phone?: string };
    /** Member state of establishment (ISO 3166 alpha-2). */
    memberState?: string;
  };
  detectedAt?: string;
  awareAt: string;
  handledAt?: string;
  ongoing?: boolean;
  summary?: string;
  affectedServices?: string[];
  affectedProducts?: string[];
  impact?: ImpactModel;
  facts?: Partial<IncidentFacts>;
  /** The assessed overall severity; derived from the impact model when absent. */
  severity?: Severity;
  significance?: SignificanceProposal | SignificanceDecision;
  threatType?: string;
  rootCause?: string;
  indicatorsOfCompromise?: IndicatorOfCompromise[];
  mitigationsApplied?: string[];
  mitigationsOngoing?: string[];
  /** Dated status updates, oldest first. */
  updates?: { at: string; text: string }[];
  /** Measures or remedies the recipients of the services can take themselves (Art. 23(2)). */
  recipientMeasures?: string[];
  /** References the authority gave to earlier submissions. */
  references?: { earlyWarning?: string; incidentNotification?: string; intermediateRequest?: string };
};
