import { DateTime } from "luxon";
import type { Catalog, MemberStateRecord } from "./types";

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

/** National records count as stale when last verified more than this many months before the day of the check. */
export const NATIONAL_RECORD_MAX_AGE_MONTHS = 6;

export type StaleNationalRecord = { file: string; country: string; verifiedOn: string | null; reason: string };

/** National transposition records not verified within six months before `today` (YYYY-MM-DD), or never. */
export function staleNationalRecords(catalog: Pick<Catalog, "memberStates">, today: string): StaleNationalRecord[] {
  const cutoff = DateTime.fromISO(today, { zone: "utc" }).minus({ months: NATIONAL_RECORD_MAX_AGE_MONTHS }).toISODate() as string;
  return [...catalog.memberStates.values()]
    .filter((r) => r.verifiedOn === undefined || r.verifiedOn < cutoff)
    .sort((a, b) => a.country.localeCompare(b.country))
    .map((r) => ({
      file: r.file,
      country: r.country,
      verifiedOn: r.verifiedOn ?? null,
      reason:
        r.verifiedOn === undefined
          ? "never verified (no verifiedOn): check the national law against its sources"
          : `last verified on ${r.verifiedOn}, more than ${NATIONAL_RECORD_MAX_AGE_MONTHS} months before ${today}: re-check the national law against its sources`,
    }));
}
