import { DateTime, IANAZone } from "luxon";

/**
 * Deadline arithmetic. Every function takes and returns UTC instants in epoch milliseconds.
 *
 * - Hours and days are exact elapsed time (a day is 24 hours), so a daylight-saving switch never
 *   moves an hour- or day-based deadline.
 * - "One month" is calendar arithmetic in a named IANA zone (the competent authority's zone): the
 *   same local date and time of day in the following month; when that date does not exist the last
 *   day of that month is used (31 Jan -> 28/29 Feb).
 * - No extension for weekends or public holidays.
 */

const HOUR_MS = 3_600_000;

export function addHours(startMs: number, hours: number): number {
  return startMs + hours * HOUR_MS;
}

export function addDays(startMs: number, days: number): number {
  return addHours(startMs, days * 24);
}

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

type WallTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
};

function wallTimeAsUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** Local wall-clock fields of an instant in `zone`. */
function wallTimeAt(instantMs: number, tz: IANAZone): WallTime {
  const d = new Date(instantMs + tz.offset(instantMs) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(instantMs: number, zone: string): string {
  const w = wallTimeAt(instantMs, IANAZone.create(zone));
  return `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant at which a local wall-clock time occurs in `zone`, resolved conservatively:
 * when the time occurs twice (clocks set back) the earlier instant; when it does not occur
 * (clocks set forward) the instant of the switch, the first moment the local clock shows a
 * time at or after the wanted one.
 */
export function resolveWallTime(w: WallTime, zone: string): number {
  const tz = IANAZone.create(zone);
  const naive = wallTimeAsUtcMs(w);
  const before = tz.offset(naive - 26 * HOUR_MS);
  const after = tz.offset(naive + 26 * HOUR_MS);
  // No offset change near the wanted time (the common case): exactly one instant shows it.
  if (before === after && tz.offset(naive - before * 60_000) === before) return naive - before * 60_000;

  const candidates: number[] = [];
  for (const offsetMinutes of new Set([before, after])) {
    const instant = naive - offsetMinutes * 60_000;
    if (tz.offset(instant) === offsetMinutes) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);

  // In a gap: binary-search the switch, the earliest instant whose local time is >= the wanted time.
  const localAt = (t: number) => t + tz.offset(t) * 60_000;
  let lo = naive - 26 * HOUR_MS;
  let hi = naive + 26 * HOUR_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localAt(mid) >= naive) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The same local date and time one calendar month later in `zone`, clamped to the month's last day. */
export function addCalendarMonth(startMs: number, zone: string): number {
  const local = wallTimeAt(startMs, IANAZone.create(zone));
  const year = local.month === 12 ? local.year + 1 : local.year;
  const month = local.month === 12 ? 1 : local.month + 1;
  return resolveWallTime({ ...local, year, month, day: Math.min(local.day, daysInMonth(year, month)) }, zone);
}

/**
 * `count` working days after the start, counted in `zone`: each Monday to Friday after the start's
 * local date is one working day; the deadline keeps the start's time of day. Public holidays are
 * NOT skipped, so the result is never later than a holiday-aware count (conservative).
 */
export function addWorkingDays(startMs: number, count: number, zone: string): number {
  const start = wallTimeAt(startMs, IANAZone.create(zone));
  // Walk pure calendar dates so a daylight-saving switch cannot disturb the time of day.
  let date = DateTime.utc(start.year, start.month, start.day);
  let remaining = count;
  while (remaining > 0) {
    date = date.plus({ days: 1 });
    if (date.weekday <= 5) remaining -= 1;
  }
  return resolveWallTime(
    {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: start.hour,
      minute: start.minute,
      second: start.second,
      millisecond: start.millisecond,
    },
    zone,
  );
}
