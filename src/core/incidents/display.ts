import { DateTime } from "luxon";

export type DeadlineDisplay = {
  /** e.g. "2026-03-30 08:30 UTC" */
  utc: string;
  /** e.g. "2026-03-30 10:30 CEST (+02:00)" */
  local: string;
  zone: string;
};

/** A deadline (ISO 8601 instant) shown in UTC and in a named IANA zone. */
export function formatDeadline(instant: string, zone: string): DeadlineDisplay {
  const dt = DateTime.fromISO(instant, { zone: "utc" });
  if (!dt.isValid) throw new Error(`not an ISO 8601 instant: ${instant}`);
  const local = dt.setZone(zone).setLocale("en-GB");
  if (!local.isValid) throw new Error(`unknown IANA time zone: ${zone}`);
  return {
    utc: `${dt.toFormat("yyyy-MM-dd HH:mm")} UTC`,
    local: `${local.toFormat("yyyy-MM-dd HH:mm ZZZZ")} (${local.toFormat("ZZ")})`,
    zone,
  };
}

/** A span in milliseconds as "1 d 2 h 5 min" (rounded down to minutes). */
export function formatSpan(ms: number): string {
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = [days ? `${days} d` : "", hours ? `${hours} h` : "", minutes || (!days && !hours) ? `${minutes} min` : ""];
  return parts.filter(Boolean).join(" ");
}
