import { type Catalog, type Confidence, isEuMemberState, type NationalStatus, nationalStatus, verificationOf } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import type { Classification } from "./classify";

export { type NationalStatus, nationalStatus } from "../catalog";

export interface MemberStateAssessment {
  country: string;
  isEuMemberState: boolean;
  status: NationalStatus;
  statusExplanation: string;
  law: string | null;
  inForceSince: string | null;
  statusDate: string | null;
  competentAuthority: string | null;
  csirt: string | null;
  portal: { name: string; url?: string; confidence?: Confidence } | null;
  timeZone: string | null;
  registration: { required: boolean; deadline: string | null; text: string; basis: LegalBasis | null };
  reportingDeviations: { summary: string; affects: string[] }[];
  notes: string[];
  confidence: Confidence | null;
  lastReviewed: string | null;
  /** The day the national record was last checked against its sources, and the first of them. */
  verifiedOn: string | null;
  source: { ref: string; url?: string } | null;
}

export function memberStatesFor(
  establishments: readonly string[],
  classification: Classification,
  catalog: Catalog,
  today: string,
): MemberStateAssessment[] {
  const inScope = classification !== "out_of_scope";
  return establishments.map((country) => {
    if (!isEuMemberState(country)) {
      return {
        country,
        isEuMemberState: false,
        status: "not_eu_member_state",
        statusExplanation: "not an EU Member State: NIS2 does not apply to this establishment",
        law: null,
        inForceSince: null,
        statusDate: null,
        competentAuthority: null,
        csirt: null,
        portal: null,
        timeZone: null,
        registration: { required: false, deadline: null, text: "No NIS2 registration for this establishment.", basis: null },
        reportingDeviations: [],
        notes: [],
        confidence: null,
        lastReviewed: null,
        verifiedOn: null,
        source: null,
      };
    }
    const record = catalog.memberStates.get(country);
    if (!record) throw new Error(`catalog has no transposition record for ${country}`);
    const { status, text } = nationalStatus(record, today);
    const verification = verificationOf(record);
    const registrationText = inScope
      ? (record.registration?.text ??
        "Register with the national authority as provided by national law (details not recorded in the catalog); keep the data current within two weeks of a change.")
      : "No registration duty (out of scope).";
    return {
      country,
      isEuMemberState: true,
      status,
      statusExplanation: text,
      law: record.law,
      inForceSince: record.inForceSince ?? null,
      statusDate: record.statusDate,
      competentAuthority: record.authority,
      csirt: record.csirt,
      portal: record.portal ?? null,
      timeZone: record.timeZone,
      registration: {
        required: inScope,
        deadline: inScope ? (record.registration?.deadline ?? null) : null,
        text: registrationText,
        basis: inScope ? basisOf(catalog, ["nis2:art3.4"], record.confidence) : null,
      },
      reportingDeviations: (record.reportingDeviations ?? []).map((d) => ({ summary: d.summary, affects: [...d.affects] })),
      notes: [...(record.notes ?? [])],
      confidence: record.confidence,
      lastReviewed: record.lastReviewed,
      verifiedOn: verification.verifiedOn,
      source: verification.source,
    };
  });
}
