import type { MemberStateRecord } from "./types";

export type NationalStatus =
  | "in_force"
  | "adopted_not_yet_in_force"
  | "adopted_date_unknown"
  | "bill"
  | "unknown"
  | "not_eu_member_state";

/** Whether a Member State's transposition applies on `day` (YYYY-MM-DD), with the reason in words. */
export function nationalStatus(record: MemberStateRecord, day: string): { status: NationalStatus; text: string } {
  const asOf = `status as seen on ${record.statusDate}`;
  if (record.inForceSince && record.status !== "bill") {
    return record.inForceSince <= day
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

/** When and against what a national record was last checked: its `verifiedOn` and first source. */
export type NationalVerification = {
  country: string;
  verifiedOn: string | null;
  source: { ref: string; url?: string } | null;
  confidence: MemberStateRecord["confidence"];
};

export function verificationOf(record: MemberStateRecord): NationalVerification {
  const first = record.sources?.[0];
  return {
    country: record.country,
    verifiedOn: record.verifiedOn ?? null,
    source: first ? { ref: first.ref, ...(first.url ? { url: first.url } : {}) } : null,
    confidence: record.confidence,
  };
}
