import { type Catalog, type Confidence, isEuMemberState, type MemberStateRecord } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import type { Classification } from "./classify";

export type NationalStatus =
  | "in_force"
  | "adopted_not_yet_in_force"
  | "adopted_date_unknown"
  | "bill"
  | "unknown"
  | "not_eu_member_state";

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
}

export function nationalStatus(record: MemberStateRecord, today: string): { status: NationalStatus; text: string } {
  const asOf = `status as seen on ${record.statusDate}`;
  if (record.inForceSince && record.status !== "bill") {
    return record.inForceSince <= today
      ? { status: "in_force", text: `national law applies since ${record.inForceSince} (${asOf})` }
      : { status: "adopted_not_yet_in_force", text: `adopted; applies from ${record.inForceSince} (${asOf})` };
  }
  if (record.status === "adopted" || record.status === "in_force") {
    return { status: "adopted_date_unknown", text: `adopted; date of application not recorded (${asOf})` };
  }
  if (record.status === "bill") {
    return { status: "bill", text: `not in force: bill still in the legislative procedure (${asOf})` };
  }
  return { status: "unknown", text: `transposition status unknown (${asOf})` };
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
      };
    }
    const record = catalog.memberStates.get(country);
    if (!record) throw new Error(`catalog has no transposition record for ${country}`);
    const { status, text } = nationalStatus(record, today);
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
    };
  });
}
